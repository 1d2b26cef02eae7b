// Base state estimator (linear Kalman filter): converges on synthetic IMU and leg data.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include <Eigen/Geometry>

#include "stuntsim/controllers/quadruped/state_estimator.h"

namespace stuntsim {
namespace {

constexpr double kDt = 0.002, kG = 9.81;

// A base moving on a known path over four fixed feet; legs measure foot - base and its rate.
struct Synthetic {
  std::array<Eigen::Vector3d, kQuadLegs> feet{Eigen::Vector3d(0.2, 0.14, 0), Eigen::Vector3d(0.2, -0.14, 0),
                                              Eigen::Vector3d(-0.2, 0.14, 0), Eigen::Vector3d(-0.2, -0.14, 0)};
  Eigen::Vector3d Pos(double t) const {
    return Eigen::Vector3d(0.3 * t + 0.05 * std::sin(3 * t), 0.04 * std::sin(2 * t), 0.28 + 0.01 * std::sin(5 * t));
  }
  Eigen::Vector3d Vel(double t) const {
    return Eigen::Vector3d(0.3 + 0.15 * std::cos(3 * t), 0.08 * std::cos(2 * t), 0.05 * std::cos(5 * t));
  }
  Eigen::Vector3d Acc(double t) const {
    return Eigen::Vector3d(-0.45 * std::sin(3 * t), -0.16 * std::sin(2 * t), -0.25 * std::sin(5 * t));
  }
  Eigen::Matrix3d Rot(double t) const {
    return Eigen::AngleAxisd(0.3 * t, Eigen::Vector3d::UnitZ()).toRotationMatrix() *
           Eigen::AngleAxisd(0.05 * std::sin(4 * t), Eigen::Vector3d::UnitX()).toRotationMatrix();
  }
};

TEST(QuadrupedEstimator, ConvergesToTheTrueVelocityWithNoisySensors) {
  const Synthetic path;
  StateEstimator est;
  std::array<Eigen::Vector3d, kQuadLegs> rel, rel_vel;
  for (int l = 0; l < kQuadLegs; ++l) rel[l] = path.feet[l] - path.Pos(0);
  // Start 0.4 m/s off and 2 cm off.
  est.Reset(path.Pos(0) + Eigen::Vector3d(0.02, -0.02, 0.01), path.Vel(0) + Eigen::Vector3d(0.4, -0.3, 0.2), rel);
  std::mt19937 rng(3);
  std::normal_distribution<double> acc_noise(0.0, 0.2), pos_noise(0.0, 0.002), vel_noise(0.0, 0.05);
  const std::array<double, kQuadLegs> trust{1, 1, 1, 1};
  double err_sum = 0;
  int n = 0;
  for (int i = 1; i <= 2500; ++i) {
    const double t = i * kDt;
    const Eigen::Matrix3d rot = path.Rot(t);
    const Eigen::Vector3d specific = rot.transpose() * (path.Acc(t) + Eigen::Vector3d(0, 0, kG)) +
                                     Eigen::Vector3d(acc_noise(rng), acc_noise(rng), acc_noise(rng));
    for (int l = 0; l < kQuadLegs; ++l) {
      rel[l] = path.feet[l] - path.Pos(t) + Eigen::Vector3d(pos_noise(rng), pos_noise(rng), pos_noise(rng));
      rel_vel[l] = -path.Vel(t) + Eigen::Vector3d(vel_noise(rng), vel_noise(rng), vel_noise(rng));
    }
    est.Update(kDt, rot, specific, rel, rel_vel, trust);
    if (t > 1.0) {
      err_sum += (est.velocity() - path.Vel(t)).norm();
      ++n;
    }
  }
  EXPECT_LT(err_sum / n, 0.02) << "mean velocity error after convergence, m/s";
  EXPECT_LT((est.velocity() - path.Vel(2500 * kDt)).norm(), 0.05);
  // Position relative to the feet is observable; the absolute offset stays what it started at.
  EXPECT_LT(((est.position() - est.foot(0)) - (path.Pos(5.0) - path.feet[0])).norm(), 0.01);
}

TEST(QuadrupedEstimator, IntegratesTheImuWhenNoFootIsTrusted) {
  const Synthetic path;
  StateEstimator est;
  std::array<Eigen::Vector3d, kQuadLegs> rel, rel_vel;
  for (int l = 0; l < kQuadLegs; ++l) rel[l] = path.feet[l] - path.Pos(0);
  est.Reset(path.Pos(0), path.Vel(0), rel);
  const std::array<double, kQuadLegs> none{0, 0, 0, 0};
  for (int i = 1; i <= 150; ++i) {  // 0.3 s of flight on exact IMU data
    const double t = i * kDt;
    const Eigen::Matrix3d rot = path.Rot(t);
    const Eigen::Vector3d specific = rot.transpose() * (path.Acc(t) + Eigen::Vector3d(0, 0, kG));
    for (int l = 0; l < kQuadLegs; ++l) {
      // Swinging feet: the kinematics still say where they are, but they move fast.
      const Eigen::Vector3d foot = path.feet[l] + 0.1 * Eigen::Vector3d(std::sin(20 * t), 0, 1 - std::cos(20 * t));
      rel[l] = foot - path.Pos(t);
      rel_vel[l] = Eigen::Vector3d(5, -5, 3);
    }
    est.Update(kDt, rot, specific, rel, rel_vel, none);
  }
  // The process noise lets the filter drift slowly from the IMU's integral when nothing corrects
  // it; over 0.3 s of flight it stays within 2 cm/s and 5 mm.
  EXPECT_LT((est.velocity() - path.Vel(0.3)).norm(), 0.02);
  EXPECT_LT((est.position() - path.Pos(0.3)).norm(), 0.005);
}

TEST(QuadrupedEstimator, UntrustedFeetDoNotPullTheVelocity) {
  StateEstimator est;
  std::array<Eigen::Vector3d, kQuadLegs> rel;
  rel.fill(Eigen::Vector3d(0, 0, -0.28));
  est.Reset(Eigen::Vector3d(0, 0, 0.28), Eigen::Vector3d::Zero(), rel);
  std::array<Eigen::Vector3d, kQuadLegs> rel_vel;
  rel_vel.fill(Eigen::Vector3d::Zero());
  rel_vel[1] = Eigen::Vector3d(3, 0, 0);  // a swinging foot moving fast relative to the base
  const std::array<double, kQuadLegs> trust{1, 0, 1, 1};
  for (int i = 0; i < 500; ++i) {
    est.Update(kDt, Eigen::Matrix3d::Identity(), Eigen::Vector3d(0, 0, kG), rel, rel_vel, trust);
  }
  EXPECT_LT(est.velocity().norm(), 0.01);
}

}  // namespace
}  // namespace stuntsim
