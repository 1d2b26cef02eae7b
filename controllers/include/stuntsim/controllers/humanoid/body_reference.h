#pragma once

#include <Eigen/Core>
#include <array>

#include "stuntsim/controllers/humanoid/whole_body_qp.h"
#include "stuntsim/controllers/robot_state.h"

namespace stuntsim {

/// Desired motion of a foot sole (its site), world frame.
struct FootReference {
  /// True when the foot is in stance (held by the contact constraint, not by this reference).
  bool stance = true;
  /// Position (m), velocity (m/s), acceleration (m/s^2) of the site.
  Eigen::Vector3d pos = Eigen::Vector3d::Zero(), vel = Eigen::Vector3d::Zero(), acc = Eigen::Vector3d::Zero();
  /// Orientation of the sole; angular velocity (rad/s) and acceleration (rad/s^2).
  Eigen::Matrix3d rot = Eigen::Matrix3d::Identity();
  Eigen::Vector3d angvel = Eigen::Vector3d::Zero(), angacc = Eigen::Vector3d::Zero();
  /// Scale (0..1) of the orientation task's weight while swinging: a kicking foot's orientation
  /// follows the leg (holding the sole level would take hip rotations the motors cannot make in
  /// time), a stepping foot's is held (1).
  double rot_weight_scale = 1.0;
};

/// Desired motion of a hand site, world frame. Weight 0: the hand is left to the posture task.
struct HandReference {
  double weight = 0;
  /// Position (m), velocity (m/s), acceleration (m/s^2).
  Eigen::Vector3d pos = Eigen::Vector3d::Zero(), vel = Eigen::Vector3d::Zero(), acc = Eigen::Vector3d::Zero();
};

/// Everything a behaviour asks of the whole body for one tick: task references (world frame) and
/// how much each matters. BuildTargets turns it into WBC accelerations with TaskGains.
struct BodyReference {
  /// Centre of mass: position (m), velocity (m/s), feed-forward acceleration (m/s^2).
  Eigen::Vector3d com_pos = Eigen::Vector3d::Zero(), com_vel = Eigen::Vector3d::Zero(),
                  com_acc = Eigen::Vector3d::Zero();
  /// When true, the horizontal CoM acceleration is com_acc alone (a balance law computed it);
  /// otherwise com_acc plus PD on com_pos / com_vel.
  bool com_xy_direct = false;
  Eigen::Vector3d com_weight = Eigen::Vector3d::Constant(1.0);
  /// Pelvis orientation, angular velocity (rad/s) and acceleration (rad/s^2).
  Eigen::Matrix3d base_rot = Eigen::Matrix3d::Identity();
  Eigen::Vector3d base_angvel = Eigen::Vector3d::Zero(), base_angacc = Eigen::Vector3d::Zero();
  Eigen::Vector3d base_weight = Eigen::Vector3d::Constant(1.0);
  /// Per-axis weight (world axes) of damping the centroidal angular momentum to zero.
  Eigen::Vector3d angmom_weight = Eigen::Vector3d::Zero();
  std::array<FootReference, 2> feet;
  std::array<HandReference, 2> hands;
  /// Joint posture (nj, rad), joint velocity (nj, rad/s) and per-joint weights (nj).
  Eigen::VectorXd posture, posture_vel, posture_weight;

  /// Sizes the joint vectors (nj) and zeroes them.
  void Resize(int nj);
};

/// Posture-task weights by joint group.
struct PostureWeights {
  double legs = 1e-4, waist = 0.5, arms = 0.2;
};
/// Standing: arms and waist held near home; walking: arms and waist free to cancel the legs'
/// angular momentum (the centroidal momentum task drives them).
inline constexpr PostureWeights kStandPosture{1e-4, 0.5, 0.2};
inline constexpr PostureWeights kWalkPosture{1e-4, 1e-4, 1e-4};
/// Writes the weights of `groups` into `weights` (nj): legs are RobotInfo::legs' joints, arms
/// RobotInfo::arms' joints, the waist every other joint.
void SetPostureWeights(const RobotInfo& robot, const PostureWeights& groups, Eigen::VectorXd* weights);

/// Task-space PD gains (stiffness 1/s^2, damping 1/s) and the weight of a swinging foot.
struct TaskGains {
  Eigen::Vector3d com_kp = Eigen::Vector3d(40, 40, 100), com_kd = Eigen::Vector3d(12, 12, 20);
  double base_kp = 200, base_kd = 28;
  double angmom_kd = 5;
  double foot_kp = 400, foot_kd = 40;
  /// Largest feedback acceleration of a swinging foot, m/s^2 (a far-off foot is pulled back
  /// gently instead of jerking the body).
  double foot_max_feedback = 30;
  double foot_rot_kp = 300, foot_rot_kd = 35;
  double swing_weight = 10.0, swing_rot_weight = 3.0;
  double hand_kp = 400, hand_kd = 40;
  double posture_kp = 100, posture_kd = 20;
};

/// Converts `reference` into WBC targets: PD feedback on the measured state plus feed-forward.
/// `targets` must be sized (WholeBodyQp::PrepareTargets); does not allocate.
void BuildTargets(const RobotInfo& robot, const RobotState& state, const BodyReference& reference,
                  const TaskGains& gains, const Eigen::Vector3d& angular_momentum, WbcTargets* targets);

}  // namespace stuntsim
