#pragma once

#include <string>

#include <Eigen/Core>

namespace stuntsim {

/// What a person (keyboard, gamepad, GUI) or a scenario asks of the robot.
struct OperatorCommand {
  /// Requested behaviour ("stand", "trot", ...); the controller may refuse a switch.
  std::string behavior;
  /// Forward and lateral velocity in the heading frame, m/s.
  double vx = 0, vy = 0;
  /// Yaw rate, rad/s.
  double yaw_rate = 0;
  /// Body height relative to the robot's nominal standing height, m.
  double body_height = 0;
  /// Swing-foot apex height, m; 0 means the controller's default.
  double step_height = 0;
  /// Body orientation offsets for pose mode, rad.
  double roll = 0, pitch = 0, yaw = 0;
};

/// Per-joint impedance command in controller order (each vector nj), the shape of Unitree's
/// low-level motor command: tau = tau_ff + kp (q_des - q) + kd (dq_des - dq), clamped to limits.
struct JointCommand {
  Eigen::VectorXd q_des, dq_des, kp, kd, tau_ff;

  /// Sizes every vector to nj and zeroes it.
  void Resize(int nj);
  /// Number of joints.
  int size() const { return static_cast<int>(q_des.size()); }
};

}  // namespace stuntsim
