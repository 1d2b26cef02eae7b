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

/// How the impedance law limits the torque.
enum class ActuatorModel {
  /// Each joint's motor envelope at its present speed (MotorLimits): the default.
  kEnvelope,
  /// A symmetric clamp at the peak torque only, any speed, any power: for experiments, and
  /// reported as such ("ideal actuator") in every result.
  kIdeal,
};

/// "envelope" or "ideal".
const char* ActuatorModelName(ActuatorModel model);

/// Applies the joint impedance law at the physics rate:
/// tau = tau_ff + kp (q_des - q) + kd (dq_des - dq), limited by each joint's motor (`model`),
/// written to data->ctrl. `tau` (nj) receives the applied torques, N*m. Returns true when the
/// limit cut any joint's torque (the motor was saturated).
bool ApplyJointCommand(const World& world, const JointCommand& command, mjData* data, Eigen::VectorXd& tau,
                       ActuatorModel model = ActuatorModel::kEnvelope);

}  // namespace stuntsim
