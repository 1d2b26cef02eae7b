#pragma once

#include "stuntsim/controllers/estimation/leg_odometry_filter.h"
#include "stuntsim/controllers/quadruped/gait.h"

namespace stuntsim {

/// The quadruped's base estimator: the shared leg-odometry Kalman filter over its four feet.
using StateEstimator = LegOdometryFilter<kQuadLegs>;

}  // namespace stuntsim
