#pragma once

#include <array>

#include <Eigen/Core>

namespace stuntsim {

/// Noise levels of the leg-odometry filter (standard deviations).
struct EstimatorNoise {
  /// Process: base position (m/sqrt(s)), IMU acceleration (m/s^2 sqrt(s)), stance foot drift
  /// (m/sqrt(s)); a foot with no trust moves freely (swing_foot, m/sqrt(s)).
  double position = 0.01, acceleration = 0.3, stance_foot = 0.01, swing_foot = 10.0;
  /// Measurement: leg-kinematic foot position (m) and velocity (m/s) of a fully trusted foot;
  /// both scale up without bound as trust goes to 0.
  double foot_position = 0.003, foot_velocity = 0.08;
};

/// Linear Kalman filter for a legged robot's base position and velocity (Bledt et al., IROS
/// 2018), shared by the quadruped (kFeet = 4) and the humanoid (kFeet = 2, sole centres).
///
/// State (6 + 3 kFeet): base position p and velocity v (world frame) and the foot contact points
/// (world). Prediction integrates the IMU's specific force turned to the world frame plus
/// gravity; the feet stay put. Each foot gives two measurements from leg kinematics: its position
/// relative to the base (p_f - p) and, if it stands still, the base velocity (v = -d/dt of the
/// foot relative to the base). A per-foot trust in 0..1 (contact, load, stance phase) scales the
/// foot's noise. Orientation comes from the IMU directly. Fixed-size storage: no allocation.
template <int kFeet>
class LegOdometryFilter {
 public:
  /// State and measurement sizes.
  static constexpr int kStates = 6 + 3 * kFeet, kMeasurements = 6 * kFeet;
  using Vec3 = Eigen::Vector3d;
  using FootArray = std::array<Eigen::Vector3d, kFeet>;
  using TrustArray = std::array<double, kFeet>;

  void set_noise(const EstimatorNoise& noise) { noise_ = noise; }
  const EstimatorNoise& noise() const { return noise_; }

  /// Starts at base position `pos` and velocity `vel` (world), feet at pos + foot_rel (world).
  void Reset(const Vec3& pos, const Vec3& vel, const FootArray& foot_rel);

  /// One filter step of `dt` seconds. `rot`: base-to-world rotation (IMU); `specific_force`:
  /// accelerometer reading, base frame, m/s^2; `foot_rel`: foot minus base position, world frame;
  /// `foot_rel_vel`: its time derivative, world frame; `trust`: per foot, 0..1.
  void Update(double dt, const Eigen::Matrix3d& rot, const Vec3& specific_force,
              const FootArray& foot_rel, const FootArray& foot_rel_vel, const TrustArray& trust) {
    Update(dt, rot, specific_force, foot_rel, foot_rel_vel, trust, trust);
  }
  /// As above with a separate trust for the vertical (world z) components of each foot's
  /// measurements and drift (a landing sole rebounds vertically before it is still).
  void Update(double dt, const Eigen::Matrix3d& rot, const Vec3& specific_force,
              const FootArray& foot_rel, const FootArray& foot_rel_vel, const TrustArray& trust,
              const TrustArray& trust_z);

  /// Base position and velocity, world frame.
  Vec3 position() const { return x_.template segment<3>(0); }
  Vec3 velocity() const { return x_.template segment<3>(3); }
  /// Estimated foot position, world frame.
  Vec3 foot(int f) const { return x_.template segment<3>(6 + 3 * f); }
  /// Standard deviation of the velocity estimate (per axis), m/s.
  Vec3 velocity_sigma() const { return p_.diagonal().template segment<3>(3).cwiseSqrt(); }

 private:
  EstimatorNoise noise_;
  Eigen::Matrix<double, kStates, 1> x_ = Eigen::Matrix<double, kStates, 1>::Zero();
  Eigen::Matrix<double, kStates, kStates> p_ = Eigen::Matrix<double, kStates, kStates>::Identity();
};

extern template class LegOdometryFilter<2>;
extern template class LegOdometryFilter<4>;

}  // namespace stuntsim
