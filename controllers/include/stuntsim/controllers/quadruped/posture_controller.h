#pragma once

#include <array>

#include <Eigen/Core>

#include "stuntsim/controllers/commands.h"
#include "stuntsim/controllers/quadruped/body_state.h"

namespace stuntsim {

/// Postures reached by joint-space motions.
enum class Posture {
  kSit,      ///< Rear down, front legs straight, nose up (a dog's sit).
  kLieDown,  ///< Legs folded, belly on or near the ground.
  kStandUp,  ///< Home pose (the locomotion controller takes over when done).
  kFold,     ///< Legs folded tight against the body (before standing up from the ground).
  kHold,     ///< Hold the joint angles at Start().
};

/// Joint-space posture motions: minimum-jerk interpolation from the joint angles at Start() to
/// a target pose, tracked by joint PD with the body's weight shared over the feet in contact as
/// feed-forward (tau = -J' f). Targets for sit and lie down are computed from a body pose over
/// the current feet by inverse kinematics, so the feet do not slide.
class PostureController {
 public:
  /// `kin` must outlive this. `nominal_height`: base height over the feet at home, m.
  void Reset(const RobotInfo& robot, const BodyStateBuilder& kin, double nominal_height);

  /// Starts moving from the current joint angles to `posture` over `duration` seconds
  /// (<= 0: a duration scaled to the joint travel).
  void Start(Posture posture, const BodyState& body, double duration = 0);
  /// One tick of `dt` seconds.
  void Compute(const BodyState& body, double dt, JointCommand& out);

  /// True once the motion has reached its target (then it holds it).
  bool done() const { return elapsed_ >= duration_; }
  Posture posture() const { return posture_; }
  /// Target joint angles per leg (abduction, pitch, knee), rad.
  const std::array<Eigen::Vector3d, kQuadLegs>& target() const { return q_end_; }

 private:
  // Target joints for a body pose (pitch rad, base height over the feet m, base shift back m)
  // that keeps the feet where they are.
  void PoseTargets(const BodyState& body, double pitch, double height, double shift_back);

  const BodyStateBuilder* kin_ = nullptr;
  double mass_ = 1, nominal_height_ = 0.27;
  std::array<Eigen::Vector3d, kQuadLegs> q_home_{}, q_start_{}, q_end_{};
  std::array<double, 3> kp_{}, kd_{};  // per joint of a leg (abduction, pitch, knee)
  Posture posture_ = Posture::kStandUp;
  double elapsed_ = 0, duration_ = 0;
};

}  // namespace stuntsim
