#include "stuntsim/controllers/quadruped/posture_controller.h"

#include <algorithm>
#include <cmath>

#include "stuntsim/controllers/quadruped/leg_control.h"

namespace stuntsim {
namespace {

constexpr double kGravity = 9.81;
// Folded leg: pitch and knee angles, rad (knee near its limit, foot close under the hip).
constexpr double kFoldPitch = 1.35, kFoldKnee = -2.65;
// Sit: body pitch (nose up), base height over the feet and backwards shift of the base, m.
constexpr double kSitPitch = -0.45, kSitHeight = 0.20, kSitShift = 0.06;
// Lying: abduction outwards, rad.
constexpr double kLieAbduction = 0.6;
// Joint speed for automatic durations, rad/s, and the shortest motion, s.
constexpr double kJointSpeed = 1.5, kMinDuration = 0.6;

// Minimum-jerk blend 10 s^3 - 15 s^4 + 6 s^5 and its derivative in s.
void MinJerk(double s, double* b, double* db) {
  s = std::clamp(s, 0.0, 1.0);
  *b = s * s * s * (10 - 15 * s + 6 * s * s);
  *db = 30 * s * s * (1 - s) * (1 - s);
}

}  // namespace

void PostureController::Reset(const RobotInfo& robot, const BodyStateBuilder& kin, double nominal_height) {
  kin_ = &kin;
  mass_ = robot.mass;
  nominal_height_ = nominal_height;
  const Eigen::VectorXd home = robot.HomePose();
  for (int l = 0; l < kQuadLegs; ++l) {
    const std::array<int, 3>& j = kin.joints(l);
    q_home_[l] = Eigen::Vector3d(home[j[0]], home[j[1]], home[j[2]]);
  }
  const std::array<int, 3>& j0 = kin.joints(0);
  for (int i = 0; i < 3; ++i) {
    kp_[i] = robot.joints[j0[i]].kp;
    kd_[i] = robot.joints[j0[i]].kd;
  }
  elapsed_ = duration_ = 0;
}

void PostureController::PoseTargets(const BodyState& body, double pitch, double height, double shift_back) {
  // Body frame in the heading frame: yaw kept, roll zero, the given pitch.
  Eigen::Vector3d centre = Eigen::Vector3d::Zero();
  for (int l = 0; l < kQuadLegs; ++l) centre += body.foot_pos[l] / kQuadLegs;
  const double yaw = body.rpy.z();
  const Eigen::Matrix3d rot = RotationFromRpy(Eigen::Vector3d(0, pitch, yaw));
  const Eigen::Vector3d heading(std::cos(yaw), std::sin(yaw), 0);
  const Eigen::Vector3d base = centre - shift_back * heading + Eigen::Vector3d(0, 0, height);
  for (int l = 0; l < kQuadLegs; ++l) {
    q_end_[l] = kin_->leg(l).Inverse(rot.transpose() * (body.foot_pos[l] - base));
  }
}

void PostureController::Start(Posture posture, const BodyState& body, double duration) {
  posture_ = posture;
  q_start_ = body.q;
  switch (posture) {
    case Posture::kStandUp:
      q_end_ = q_home_;
      break;
    case Posture::kHold:
      q_end_ = body.q;
      break;
    case Posture::kSit:
      PoseTargets(body, kSitPitch, kSitHeight, kSitShift);
      break;
    case Posture::kLieDown:
    case Posture::kFold:
      for (int l = 0; l < kQuadLegs; ++l) {
        const double side = kin_->leg(l).lateral >= 0 ? 1.0 : -1.0;
        const double abduction = posture == Posture::kLieDown ? side * kLieAbduction : 0.0;
        q_end_[l] = Eigen::Vector3d(abduction, kFoldPitch, kFoldKnee);
      }
      break;
  }
  for (int l = 0; l < kQuadLegs; ++l) q_end_[l] = kin_->ClampToLimits(l, q_end_[l]);
  double travel = 0;
  for (int l = 0; l < kQuadLegs; ++l) travel = std::max(travel, (q_end_[l] - q_start_[l]).cwiseAbs().maxCoeff());
  duration_ = duration > 0 ? duration : std::max(kMinDuration, travel / kJointSpeed);
  elapsed_ = 0;
}

void PostureController::Compute(const BodyState& body, double dt, JointCommand& out) {
  elapsed_ = std::min(elapsed_ + dt, duration_);
  double b, db;
  MinJerk(duration_ > 0 ? elapsed_ / duration_ : 1.0, &b, &db);
  int contacts = 0;
  for (int l = 0; l < kQuadLegs; ++l) contacts += body.contact[l] ? 1 : 0;
  const bool upright = body.down_body.z() < -0.7;
  for (int l = 0; l < kQuadLegs; ++l) {
    const Eigen::Vector3d q = q_start_[l] + b * (q_end_[l] - q_start_[l]);
    const Eigen::Vector3d dq = (db / std::max(duration_, 1e-6)) * (q_end_[l] - q_start_[l]);
    Eigen::Vector3d tau = Eigen::Vector3d::Zero();
    if (upright && body.contact[l] && contacts > 0) {
      // Carry a share of the weight through this foot (the PD only corrects the rest).
      const Eigen::Vector3d weight(0, 0, mass_ * kGravity / contacts);
      tau = -body.jacobian[l].transpose() * weight;
    }
    // The joints' damping and friction loss at the planned rates (not the measured ones: the PD
    // owns the error, and a feed-forward on the measured rate would undo the model's damping).
    tau += kin_->PassiveTorques(l, dq);
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
