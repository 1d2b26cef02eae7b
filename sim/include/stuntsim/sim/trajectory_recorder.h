#pragma once

#include "stuntsim/controllers/robot_info.h"
#include "stuntsim/sim/simulation.h"
#include "stuntsim/sim/trajectory.h"

namespace stuntsim {

/// The trajectory columns of a robot: its joints with their limits, feet, hands, fall height.
TrajectoryLayout TrajectoryLayoutOf(const RobotInfo& info);

/// Appends one row from the state the simulation's controller saw at its last control tick (the
/// true state, the command, the behaviours, joint and site columns). Call after each tick.
void RecordTick(const Simulation& sim, Trajectory& trajectory);

}  // namespace stuntsim
