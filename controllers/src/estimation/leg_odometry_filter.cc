#include "stuntsim/controllers/estimation/leg_odometry_filter.h"

#include <algorithm>

#include <Eigen/Cholesky>

namespace stuntsim {
namespace {

constexpr double kGravity = 9.81;
// Trust below which a foot's measurement noise is treated as unbounded (huge).
constexpr double kMinTrust = 1e-3;

}  // namespace

template <int kFeet>
void LegOdometryFilter<kFeet>::Reset(const Vec3& pos, const Vec3& vel, const FootArray& foot_rel) {
  x_.setZero();
  x_.template segment<3>(0) = pos;
  x_.template segment<3>(3) = vel;
  for (int l = 0; l < kFeet; ++l) x_.template segment<3>(6 + 3 * l) = pos + foot_rel[l];
  p_.setIdentity();
  p_ *= 1e-4;
  p_.template block<3, 3>(3, 3) *= 100;  // velocity uncertain at first (0.1 m/s)
}

template <int kFeet>
void LegOdometryFilter<kFeet>::Update(double dt, const Eigen::Matrix3d& rot, const Vec3& specific_force,
                                       const FootArray& foot_rel, const FootArray& foot_rel_vel,
                                       const TrustArray& trust, const TrustArray& trust_z) {
  // Predict: p += v dt + a dt^2 / 2, v += a dt, feet stay.
  const Vec3 accel = rot * specific_force - Vec3(0, 0, kGravity);
  x_.template segment<3>(0) += dt * x_.template segment<3>(3) + (0.5 * dt * dt) * accel;
  x_.template segment<3>(3) += dt * accel;
  // P = A P A' + Q with A = [I dt I 0; 0 I 0; 0 0 I] applied in place.
  p_.template block<3, kStates>(0, 0) += dt * p_.template block<3, kStates>(3, 0);
  p_.template block<kStates, 3>(0, 0) += dt * p_.template block<kStates, 3>(0, 3);
  p_.diagonal().template segment<3>(0).array() += noise_.position * noise_.position * dt;
  p_.diagonal().template segment<3>(3).array() += noise_.acceleration * noise_.acceleration * dt;
  for (int l = 0; l < kFeet; ++l) {
    for (int a = 0; a < 3; ++a) {
      const double t = std::clamp(a == 2 ? trust_z[l] : trust[l], 0.0, 1.0);
      const double sigma = t * noise_.stance_foot + (1 - t) * noise_.swing_foot;
      p_(6 + 3 * l + a, 6 + 3 * l + a) += sigma * sigma * dt;
    }
  }

  // Measurements (6 kFeet): per foot, p_f - p (3) and -v (3) from leg kinematics.
  Eigen::Matrix<double, kMeasurements, 1> y, y_hat, r_diag;
  Eigen::Matrix<double, kMeasurements, kStates> c = Eigen::Matrix<double, kMeasurements, kStates>::Zero();
  for (int l = 0; l < kFeet; ++l) {
    const int r = 6 * l;
    c.template block<3, 3>(r, 0) = -Eigen::Matrix3d::Identity();
    c.template block<3, 3>(r, 6 + 3 * l) = Eigen::Matrix3d::Identity();
    c.template block<3, 3>(r + 3, 3) = Eigen::Matrix3d::Identity();
    y.template segment<3>(r) = foot_rel[l];
    y.template segment<3>(r + 3) = -foot_rel_vel[l];
    for (int a = 0; a < 3; ++a) {
      const double t = std::max(std::clamp(a == 2 ? trust_z[l] : trust[l], 0.0, 1.0), kMinTrust);
      // Position noise grows mildly with distrust (the swing foot is still where the legs say);
      // velocity noise grows without bound (a swinging foot says nothing about the base speed).
      const double sp = noise_.foot_position * (1 + 10 * (1 - t));
      const double sv = noise_.foot_velocity / t;
      r_diag(r + a) = sp * sp;
      r_diag(r + 3 + a) = sv * sv;
    }
  }
  y_hat.noalias() = c * x_;
  const Eigen::Matrix<double, kStates, kMeasurements> pct = p_ * c.transpose();
  Eigen::Matrix<double, kMeasurements, kMeasurements> s = c * pct;
  s.diagonal() += r_diag;
  const Eigen::LLT<Eigen::Matrix<double, kMeasurements, kMeasurements>> llt(s);
  // K = P C' S^-1; x += K (y - y_hat); P -= K C P (then symmetrized).
  const Eigen::Matrix<double, kMeasurements, kStates> k_t = llt.solve(pct.transpose());
  x_.noalias() += k_t.transpose() * (y - y_hat);
  p_.noalias() -= k_t.transpose() * pct.transpose();
  p_ = 0.5 * (p_ + p_.transpose()).eval();
}

template class LegOdometryFilter<2>;
template class LegOdometryFilter<4>;

}  // namespace stuntsim
