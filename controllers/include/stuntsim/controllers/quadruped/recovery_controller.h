#pragma once

#include <array>

#include <Eigen/Core>

#include "stuntsim/controllers/commands.h"
#include "stuntsim/controllers/quadruped/body_state.h"

namespace stuntsim {

/// The roll-over of RecoveryController: leg poses (abduction, pitch, knee; rad; the abduction
/// of the legs' side that rolls over mirrored) and the sweep's duration. The defaults were found
/// in simulation for the quadruped: from the back they carry the body over its belly to rest
/// leaning on the far side, from where folding the legs sets it upright.
struct RecoveryParams {
  /// Pushing legs: thigh turned up past the back so the folded leg presses on the ground,
  /// abduction sweeping across.
  Eigen::Vector3d push = Eigen::Vector3d(1.0, 3.1, -2.6);
  /// Legs of the other side: abduction the same way, thigh back along the body, folded.
  Eigen::Vector3d tuck = Eigen::Vector3d(1.0, 2.0, -2.6);
  /// Duration of the sweep, s (fast: the roll needs momentum).
  double roll_time = 0.15;
};

/// Fall recovery up to "upright with folded legs" (then the posture controller stands up).
///
/// Feedback on the measured orientation: the IMU's gravity direction in the body frame tells
/// which way is down. The legs fold; if the body is then upright, done. Otherwise it rolls: a
/// fast sweep (the roll needs momentum) of the legs of one side, thighs turned up past the
/// back so the folded legs press on the ground, abduction sweeping them across, while the
/// other legs fold across the same way; the body rolls over its belly and comes to rest
/// leaning on the far side, and folding the legs again sets it upright. The side that is
/// already lower goes down first (chosen from the IMU); after each try the orientation is
/// checked again, and a failed try is followed by one in the other direction.
class RecoveryController {
 public:
  enum class Phase { kFold, kRoll, kDone };

  /// `kin` must outlive this.
  void Reset(const RobotInfo& robot, const BodyStateBuilder& kin, const RecoveryParams& params = RecoveryParams());
  /// Starts from the current state.
  void Start(const BodyState& body);
  /// One tick of `dt` seconds.
  void Compute(const BodyState& body, double dt, JointCommand& out);

  /// Upright with folded legs: ready to stand up.
  bool done() const { return phase_ == Phase::kDone; }
  Phase phase() const { return phase_; }
  /// Roll attempts made so far.
  int attempts() const { return attempts_; }

 private:
  void Go(Phase phase, const BodyState& body, double duration);
  void SetRollTargets(int direction);

  const BodyStateBuilder* kin_ = nullptr;
  RecoveryParams params_;
  std::array<double, 3> kp_{}, kd_{};
  std::array<Eigen::Vector3d, kQuadLegs> q_start_{}, q_end_{};
  Phase phase_ = Phase::kFold;
  double elapsed_ = 0, duration_ = 1, phase_time_ = 0;
  int direction_ = 1;  // +1: roll over the right side first; -1: over the left side
  int attempts_ = 0;
};

}  // namespace stuntsim
