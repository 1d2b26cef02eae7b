#include "stuntsim/controllers/quadruped/state_estimator.h"

#include <algorithm>

#include <Eigen/Cholesky>

namespace stuntsim {
namespace {

constexpr double kGravity = 9.81;
// Trust below which a foot's measurement noise is treated as unbounded (huge).
constexpr double kMinTrust = 1e-3;

}  // namespace

void StateEstimator::Reset(const Vec3& pos, const Vec3& vel, const FootArray& foot_rel) {
  x_.setZero();
  x_.segment<3>(0) = pos;
  x_.segment<3>(3) = vel;
  for (int l = 0; l < kQuadLegs; ++l) x_.segment<3>(6 + 3 * l) = pos + foot_rel[l];
  p_.setIdentity();
  p_ *= 1e-4;
  p_.block<3, 3>(3, 3) *= 100;  // velocity uncertain at first (0.1 m/s)
}

void StateEstimator::Update(double dt, const Eigen::Matrix3d& rot, const Vec3& specific_force,
                            const FootArray& foot_rel, const FootArray& foot_rel_vel,
                            const std::array<double, kQuadLegs>& trust) {
  // Predict: p += v dt + a dt^2 / 2, v += a dt, feet stay.
  const Vec3 accel = rot * specific_force - Vec3(0, 0, kGravity);
  x_.segment<3>(0) += dt * x_.segment<3>(3) + (0.5 * dt * dt) * accel;
  x_.segment<3>(3) += dt * accel;
  // P = A P A' + Q with A = [I dt I 0; 0 I 0; 0 0 I] applied in place.
  p_.block<3, 18>(0, 0) += dt * p_.block<3, 18>(3, 0);
  p_.block<18, 3>(0, 0) += dt * p_.block<18, 3>(0, 3);
  p_.diagonal().segment<3>(0).array() += noise_.position * noise_.position * dt;
  p_.diagonal().segment<3>(3).array() += noise_.acceleration * noise_.acceleration * dt;
  for (int l = 0; l < kQuadLegs; ++l) {
    const double t = std::clamp(trust[l], 0.0, 1.0);
    const double sigma = t * noise_.stance_foot + (1 - t) * noise_.swing_foot;
    p_.diagonal().segment<3>(6 + 3 * l).array() += sigma * sigma * dt;
  }

  // Measurements (24): per foot, p_f - p (3) and -v (3) from leg kinematics.
  Eigen::Matrix<double, 24, 1> y, y_hat, r_diag;
  Eigen::Matrix<double, 24, 18> c = Eigen::Matrix<double, 24, 18>::Zero();
  for (int l = 0; l < kQuadLegs; ++l) {
    const int r = 6 * l;
    c.block<3, 3>(r, 0) = -Eigen::Matrix3d::Identity();
    c.block<3, 3>(r, 6 + 3 * l) = Eigen::Matrix3d::Identity();
    c.block<3, 3>(r + 3, 3) = Eigen::Matrix3d::Identity();
    y.segment<3>(r) = foot_rel[l];
    y.segment<3>(r + 3) = -foot_rel_vel[l];
    const double t = std::max(std::clamp(trust[l], 0.0, 1.0), kMinTrust);
    // Position noise grows mildly with distrust (the swing foot is still where the legs say);
    // velocity noise grows without bound (a swinging foot says nothing about the base speed).
    const double sp = noise_.foot_position * (1 + 10 * (1 - t));
    const double sv = noise_.foot_velocity / t;
    r_diag.segment<3>(r).setConstant(sp * sp);
    r_diag.segment<3>(r + 3).setConstant(sv * sv);
  }
  y_hat.noalias() = c * x_;
  const Eigen::Matrix<double, 18, 24> pct = p_ * c.transpose();
  Eigen::Matrix<double, 24, 24> s = c * pct;
  s.diagonal() += r_diag;
  const Eigen::LLT<Eigen::Matrix<double, 24, 24>> llt(s);
  // K = P C' S^-1; x += K (y - y_hat); P -= K C P (then symmetrized).
  const Eigen::Matrix<double, 24, 18> k_t = llt.solve(pct.transpose());
  x_.noalias() += k_t.transpose() * (y - y_hat);
  p_.noalias() -= k_t.transpose() * pct.transpose();
  p_ = 0.5 * (p_ + p_.transpose()).eval();
}

}  // namespace stuntsim
