#pragma once

#include <string>
#include <vector>

#include <Eigen/Core>

#include "stuntsim/controllers/motor.h"

namespace stuntsim {

/// One actuated joint, in controller order.
struct JointInfo {
  /// Joint (and actuator) name in the MJCF.
  std::string name;
  /// Column of this joint in nv-sized vectors and Jacobians (MuJoCo dof order).
  int dof = -1;
  /// Position limits, rad (wheels: -inf, inf).
  double q_min = 0, q_max = 0;
  /// Symmetric torque limit, N*m: the motor's peak torque (motor.peak_torque).
  double tau_max = 0;
  /// The motor: peak torque and torque-speed envelope (robot.toml [motors]). The simulator
  /// applies it at the physics rate; a controller that plans torques should stay inside it.
  MotorLimits motor;
  /// Passive joint dynamics from the model: viscous damping (N*m*s/rad), dry friction loss
  /// (N*m) and armature (reflected rotor inertia, kg*m^2, already in Dynamics::mass_matrix).
  /// A feed-forward torque that should act on the link must add damping * dq and overcome the
  /// friction loss (PassiveTorque).
  double damping = 0, frictionloss = 0, armature = 0;
  /// Default joint PD gains, N*m/rad and N*m*s/rad.
  double kp = 0, kd = 0;
  /// Home position from the home keyframe, rad.
  double q_home = 0;
  /// True for a continuously rotating wheel joint.
  bool is_wheel = false;
};

/// The torque the joint's passive dynamics take from its motor at speed `dq` (rad/s), N*m:
/// damping * dq plus the friction loss in the direction of motion (smoothed over
/// `smoothing_speed`, rad/s, so that a joint at rest gets no chattering feed-forward). Adding
/// it to a feed-forward torque makes the link see the torque the controller meant.
double PassiveTorque(const JointInfo& joint, double dq, double smoothing_speed = 0.1);

/// A leg: its joints (indices into RobotInfo::joints), its foot and optional wheel joint.
struct LegInfo {
  std::string name;
  /// Indices into RobotInfo::joints, hip to foot (wheel excluded).
  std::vector<int> joints;
  /// Index into RobotInfo::feet / RobotState::feet.
  int foot = -1;
  /// Index into RobotInfo::joints of the wheel joint, or -1.
  int wheel = -1;
  /// Position of the first joint (hip) relative to the base origin, base frame, m.
  Eigen::Vector3d hip_offset_base = Eigen::Vector3d::Zero();
};

/// An arm (humanoid): its joints and hand.
struct ArmInfo {
  std::string name;
  /// Indices into RobotInfo::joints, shoulder to wrist.
  std::vector<int> joints;
  /// Index into RobotInfo::hands / RobotState::hands.
  int hand = -1;
};

/// Everything a controller may know about the robot; MuJoCo-free, constant after load.
struct RobotInfo {
  /// Robot name (folder under assets/robots).
  std::string name;
  /// "quadruped", "humanoid" or "wheel_legged".
  std::string kind;
  /// Actuated joints in controller order (size nj).
  std::vector<JointInfo> joints;
  /// End-effector site names: feet (or wheel contact points) and hands.
  std::vector<std::string> feet, hands;
  std::vector<LegInfo> legs;
  std::vector<ArmInfo> arms;
  /// Generalized velocity size: 6 (free base) + joint dofs.
  int nv = 0;
  /// Total mass, kg.
  double mass = 0;
  /// Composite inertia about the centre of mass at the home pose, base frame, kg*m^2.
  Eigen::Matrix3d inertia_base = Eigen::Matrix3d::Identity();
  /// Base height at the home keyframe above flat ground, m.
  double home_base_height = 0;
  /// Base height under which the robot counts as fallen, m.
  double fall_height = 0;
  /// Physics timestep, s.
  double timestep = 0.002;

  /// Number of actuated joints.
  int nj() const { return static_cast<int>(joints.size()); }
  /// Home joint positions (nj), rad.
  Eigen::VectorXd HomePose() const;
  /// Index of the joint called `name` in controller order, or -1.
  int JointIndex(const std::string& name) const;
};

}  // namespace stuntsim
