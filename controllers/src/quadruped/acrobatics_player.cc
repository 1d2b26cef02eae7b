#include "stuntsim/controllers/quadruped/acrobatics_player.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace stuntsim {

const char* ToString(AcrobaticPhase phase) {
  switch (phase) {
    case AcrobaticPhase::kPush: return "push";
    case AcrobaticPhase::kFlight: return "flight";
    case AcrobaticPhase::kAbort: return "abort";
    case AcrobaticPhase::kLanding: return "landing";
    case AcrobaticPhase::kDone: return "done";
  }
  return "?";
}

namespace {
constexpr double kGravity = 9.81;  // m/s^2
}  // namespace

void AcrobaticsPlayer::Reset(const RobotInfo& robot, const BodyStateBuilder& kin) {
  kin_ = &kin;
  mass_ = robot.mass;
  for (int l = 0; l < kQuadLegs; ++l) {
    for (int i = 0; i < 3; ++i) {
      kp_[l][i] = robot.joints[kin.joints(l)[i]].kp;
      kd_[l][i] = robot.joints[kin.joints(l)[i]].kd;
    }
  }
  motion_ = nullptr;
  phase_ = AcrobaticPhase::kDone;
}

void AcrobaticsPlayer::Start(const AcrobaticMotion* motion, const BodyState& /*body*/) {
  motion_ = motion;
  phase_ = AcrobaticPhase::kPush;
  abort_reason_.clear();
  clock_ = motion_time_ = rotation_ = 0;
  touchdown_time_ = all_down_time_ = 0;
  airborne_ticks_ = 0;
  by_attitude_ = motion->AttitudeIndexed();
}

void AcrobaticsPlayer::Abort(const std::string& why, AcrobaticPhase next) {
  abort_reason_ = why;
  phase_ = next;
  touchdown_time_ = all_down_time_ = clock_;
}

void AcrobaticsPlayer::TouchDown() {
  phase_ = AcrobaticPhase::kLanding;
  touchdown_time_ = all_down_time_ = clock_;
}

void AcrobaticsPlayer::Compute(const BodyState& body, double dt, JointCommand& out) {
  const AcrobaticMotion& m = *motion_;
  clock_ += dt;
  rotation_ += body.angvel_body[m.axis] * dt;
  int down = 0;
  for (int l = 0; l < kQuadLegs; ++l) down += body.contact_sensor[l] ? 1 : 0;
  airborne_ticks_ = down == 0 ? airborne_ticks_ + 1 : 0;

  switch (phase_) {
    case AcrobaticPhase::kPush: {
      motion_time_ = clock_;
      // Lift-off: no foot down for a few ticks, around the expected lift-off (a foot hopping off
      // the ground early in the push is not it).
      if (airborne_ticks_ >= params_.airborne_ticks && clock_ > m.takeoff_time - params_.takeoff_window) {
        char why[160];
        const double w_expected = m.takeoff_angvel_body[m.axis];
        const double w = body.angvel_body[m.axis];
        if (std::abs(w_expected) > 1.0 && w / w_expected < params_.min_rate_ratio) {
          std::snprintf(why, sizeof why, "take-off turned at %.1f rad/s about %s, expected %.1f", w,
                        AxisName(m.axis), w_expected);
          Abort(why, AcrobaticPhase::kAbort);
        } else if (m.takeoff_vz > 0.5 && body.vel.z() / m.takeoff_vz < params_.min_vz_ratio) {
          std::snprintf(why, sizeof why, "take-off rose at %.2f m/s, expected %.2f", body.vel.z(), m.takeoff_vz);
          Abort(why, AcrobaticPhase::kAbort);
        } else {
          phase_ = AcrobaticPhase::kFlight;
        }
      } else if (clock_ > m.takeoff_time + params_.takeoff_window && down > 0) {
        char why[120];
        std::snprintf(why, sizeof why, "still on the ground %.2f s after the expected lift-off",
                      clock_ - m.takeoff_time);
        Abort(why, AcrobaticPhase::kLanding);
      }
      break;
    }
    case AcrobaticPhase::kFlight: {
      // Timing from the body's rotation, bounded by the clock on the late side.
      double t = by_attitude_ ? m.TimeAtRotation(rotation_, motion_time_) : clock_;
      t = std::max(t, clock_ - params_.max_flight_lag);
      motion_time_ = std::clamp(t, motion_time_, m.duration());
      if (down > 0) TouchDown();
      break;
    }
    case AcrobaticPhase::kAbort:
      if (down > 0) TouchDown();
      break;
    case AcrobaticPhase::kLanding:
      if (down < kQuadLegs) all_down_time_ = clock_;
      if (clock_ - all_down_time_ >= params_.settle_time || clock_ - touchdown_time_ >= params_.max_landing_time)
        phase_ = AcrobaticPhase::kDone;
      break;
    case AcrobaticPhase::kDone:
      break;
  }

  if (phase_ == AcrobaticPhase::kPush || phase_ == AcrobaticPhase::kFlight) {
    std::array<Eigen::Vector3d, kQuadLegs> dq{};
    const AcrobaticFrame f = m.At(motion_time_, &dq);
    for (int l = 0; l < kQuadLegs; ++l) {
      const Eigen::Vector3d tau = f.tau[l] + kin_->PassiveTorques(l, dq[l]);
      for (int i = 0; i < 3; ++i) {
        const int j = kin_->joints(l)[i];
        out.q_des[j] = f.q[l][i];
        out.dq_des[j] = dq[l][i];
        out.kp[j] = f.kp_scale * kp_[l][i];
        out.kd[j] = f.kd_scale * kd_[l][i];
        out.tau_ff[j] = tau[i];
        const double limit = params_.governor_speed * kin_->motor(l, i).max_speed;
        const double v = body.dq[l][i];
        if (limit > 0 && std::abs(v) > limit && v * (f.q[l][i] - body.q[l][i]) > 0) {
          out.q_des[j] = body.q[l][i];
          out.dq_des[j] = std::copysign(limit, v);
          out.kp[j] = 0;
          out.tau_ff[j] = 0;
        }
      }
    }
  } else {
    Land(body, out);
  }
}

void AcrobaticsPlayer::Land(const BodyState& body, JointCommand& out) const {
  const AcrobaticFrame& pose = motion_->frames.back();
  int contacts = 0;
  for (int l = 0; l < kQuadLegs; ++l) contacts += body.contact_sensor[l] ? 1 : 0;
  const bool upright = body.down_body.z() < -0.7;
  for (int l = 0; l < kQuadLegs; ++l) {
    Eigen::Vector3d tau = Eigen::Vector3d::Zero();
    if (upright && body.contact_sensor[l] && contacts > 0) {
      const Eigen::Vector3d weight(0, 0, mass_ * kGravity / contacts);
      tau = -body.jacobian[l].transpose() * weight;
    }
    for (int i = 0; i < 3; ++i) {
      const int j = kin_->joints(l)[i];
      out.q_des[j] = pose.q[l][i];
      out.dq_des[j] = 0;
      out.kp[j] = params_.landing_kp_scale * kp_[l][i];
      out.kd[j] = params_.landing_kd_scale * kd_[l][i];
      out.tau_ff[j] = tau[i];
    }
  }
}

}  // namespace stuntsim
