#pragma once

#include <vector>

#include <mujoco/mujoco.h>

#include "stuntsim/sim/world.h"

namespace stuntsim {

/// How one wheel moves over the ground, measured from the simulator's state (ground truth).
struct WheelMotion {
  /// Leg index (RobotInfo::legs) and wheel joint index (RobotInfo::joints).
  int leg = -1, joint = -1;
  /// Rim speed (radius times the wheel's spin about its axle, world), the wheel centre's speed
  /// along its rolling direction, and slip = rim - ground, m/s. Rolling without slip: slip 0.
  double rim = 0, ground = 0, slip = 0;
};

/// Measures every wheel of `world`'s robot in `data` (empty for a robot without wheels). The
/// radius is the largest half-size of the wheel foot's contact geoms; the rolling direction is
/// across the axle in the horizontal plane.
std::vector<WheelMotion> MeasureWheels(const World& world, const mjData* data);

}  // namespace stuntsim
