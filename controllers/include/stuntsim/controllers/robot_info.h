#pragma once

#include <string>
#include <vector>

#include <Eigen/Core>

namespace stuntsim {

/// One actuated joint, in controller order.
struct JointInfo {
  /// Joint (and actuator) name in the MJCF.
  std::string name;
  /// Column of this joint in nv-sized vectors and Jacobians (MuJoCo dof order).
  int dof = -1;
  /// Position limits, rad (wheels: -inf, inf).
  double q_min = 0, q_max = 0;
  /// Symmetric torque limit, N*m.
  double tau_max = 0;
  /// Default joint PD gains, N*m/rad and N*m*s/rad.
  double kp = 0, kd = 0;
  /// Home position from the home keyframe, rad.
  double q_home = 0;
  /// True for a continuously rotating wheel joint.
  bool is_wheel = false;
};

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
