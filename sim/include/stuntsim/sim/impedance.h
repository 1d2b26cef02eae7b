#pragma once

#include <string>

#include <Eigen/Core>
#include <mujoco/mujoco.h>

#include "stuntsim/controllers/commands.h"
#include "stuntsim/sim/world.h"

namespace stuntsim {

/// Throws SimulationError naming the controller, the field, the joint and the simulated `time`
/// (s) if `command` has the wrong size, a non-finite entry or a negative gain.
void ValidateJointCommand(const RobotInfo& robot, const JointCommand& command, const std::string& controller_name,
                          double time);

/// Applies the joint impedance law at the physics rate:
/// tau = tau_ff + kp (q_des - q) + kd (dq_des - dq), clamped to each actuator's torque limit,
/// written to data->ctrl. `tau` (nj) receives the applied torques, N*m.
void ApplyJointCommand(const World& world, const JointCommand& command, mjData* data,
                       Eigen::VectorXd& tau);

}  // namespace stuntsim
