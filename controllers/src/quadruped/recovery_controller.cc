#include "stuntsim/controllers/quadruped/recovery_controller.h"

#include <algorithm>
#include <cmath>

namespace stuntsim {
namespace {

// Folded leg (abduction, pitch, knee), rad.
const Eigen::Vector3d kFolded(0.0, 1.35, -2.65);
// Timing, s: folding, settling after it, and how long the roll pose is held before folding again.
constexpr double kFoldTime = 0.6, kFoldSettle = 0.4, kRollHold = 1.2;
// z of gravity's direction in the body frame below which the robot is upright.
constexpr double kUprightZ = -0.8;
// Roll attempts before giving up (then it keeps the legs folded and reports not done).
constexpr int kMaxAttempts = 6;

void MinJerk(double s, double* b, double* db) {
  s = std::clamp(s, 0.0, 1.0);
  *b = s * s * s * (10 - 15 * s + 6 * s * s);
  *db = 30 * s * s * (1 - s) * (1 - s);
}

}  // namespace

void RecoveryController::Reset(const RobotInfo& robot, const BodyStateBuilder& kin, const RecoveryParams& params) {
  kin_ = &kin;
  params_ = params;
  const std::array<int, 3>& j0 = kin.joints(0);
  for (int i = 0; i < 3; ++i) {
    kp_[i] = robot.joints[j0[i]].kp;
    kd_[i] = robot.joints[j0[i]].kd;
  }
  phase_ = Phase::kFold;
  attempts_ = 0;
}

void RecoveryController::Go(Phase phase, const BodyState& body, double duration) {
  phase_ = phase;
  q_start_ = body.q;
  elapsed_ = 0;
  phase_time_ = 0;
  duration_ = duration;
  if (phase == Phase::kFold) {
    for (int l = 0; l < kQuadLegs; ++l) q_end_[l] = kin_->ClampToLimits(l, kFolded);
  }
}

void RecoveryController::SetRollTargets(int direction) {
  for (int l = 0; l < kQuadLegs; ++l) {
    const bool left = kin_->leg(l).lateral >= 0;
    // direction +1: the left legs push, and the body rolls over its right side first (roll
    // angle increasing from -180 deg through +90 deg to upright); -1 mirrors it.
    const bool pushes = (direction > 0) == left;
    Eigen::Vector3d q = pushes ? params_.push : params_.tuck;
    q.x() *= direction;
    q_end_[l] = kin_->ClampToLimits(l, q);
  }
}

void RecoveryController::Start(const BodyState& body) {
  attempts_ = 0;
  direction_ = body.down_body.y() <= 0 ? 1 : -1;
  Go(Phase::kFold, body, kFoldTime);
}

void RecoveryController::Compute(const BodyState& body, double dt, JointCommand& out) {
  elapsed_ += dt;
  phase_time_ += dt;
  switch (phase_) {
    case Phase::kFold:
      if (phase_time_ >= duration_ + kFoldSettle) {
        if (body.down_body.z() < kUprightZ) {
          phase_ = Phase::kDone;
        } else if (attempts_ < kMaxAttempts) {
          // Roll so that the side that is lower now goes down first (first try); after a
          // failed try, the other way.
          if (attempts_ == 0) direction_ = body.down_body.y() <= 0 ? 1 : -1;
          ++attempts_;
          Go(Phase::kRoll, body, params_.roll_time);
          SetRollTargets(direction_);
        }
      }
      break;
    case Phase::kRoll:
      if (phase_time_ >= params_.roll_time + kRollHold) {
        direction_ = -direction_;  // if this try fails, the next one rolls the other way
        Go(Phase::kFold, body, kFoldTime);
      }
      break;
    case Phase::kDone:
      break;
  }
  double b, db;
  MinJerk(std::min(elapsed_ / duration_, 1.0), &b, &db);
  for (int l = 0; l < kQuadLegs; ++l) {
    const Eigen::Vector3d q = q_start_[l] + b * (q_end_[l] - q_start_[l]);
    const Eigen::Vector3d dq = (elapsed_ < duration_ ? db / duration_ : 0.0) * (q_end_[l] - q_start_[l]);
    // Only the joints' passive torques at the planned rates: the roll-over is joint PD.
    const Eigen::Vector3d tau = kin_->PassiveTorques(l, dq);
    const std::array<int, 3>& joints = kin_->joints(l);
    for (int i = 0; i < 3; ++i) {
      const int j = joints[i];
      out.q_des[j] = q[i];
      out.dq_des[j] = dq[i];
      out.kp[j] = kp_[i];
      out.kd[j] = kd_[i];
      out.tau_ff[j] = tau[i];
    }
  }
}

}  // namespace stuntsim
