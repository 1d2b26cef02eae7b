// Swing trajectory: end points, apex, vertical lift and set-down, derivatives by finite differences.
#include <gtest/gtest.h>

#include "stuntsim/controllers/quadruped/swing_trajectory.h"

namespace stuntsim {
namespace {

TEST(QuadrupedSwing, StartsAndEndsAtRestOnItsPoints) {
  SwingTrajectory swing;
  const Eigen::Vector3d a(0.1, 0.15, 0.02), b(0.35, 0.12, 0.05);
  swing.Set(a, b, 0.08);
  Eigen::Vector3d p, v, acc;
  swing.Evaluate(0.0, 0.2, &p, &v, &acc);
  EXPECT_LT((p - a).norm(), 1e-12);
  EXPECT_LT(v.norm(), 1e-12);
  swing.Evaluate(1.0, 0.2, &p, &v, &acc);
  EXPECT_LT((p - b).norm(), 1e-12);
  EXPECT_LT(v.norm(), 1e-12);
  // Phases outside 0..1 are clamped.
  swing.Evaluate(1.5, 0.2, &p, nullptr, nullptr);
  EXPECT_LT((p - b).norm(), 1e-12);
}

TEST(QuadrupedSwing, ApexIsAtMidSwingAboveTheHigherEnd) {
  SwingTrajectory swing;
  swing.Set(Eigen::Vector3d(0, 0, 0.02), Eigen::Vector3d(0.3, 0, 0.12), 0.07);
  EXPECT_NEAR(swing.apex(), 0.19, 1e-12);
  Eigen::Vector3d p, v;
  swing.Evaluate(0.5, 0.2, &p, &v, nullptr);
  EXPECT_NEAR(p.z(), 0.19, 1e-12);
  EXPECT_NEAR(v.z(), 0.0, 1e-9);
  EXPECT_NEAR(p.x(), 0.15, 1e-12) << "half way across at the apex";
  double highest = -1;
  for (int i = 0; i <= 1000; ++i) {
    swing.Evaluate(i / 1000.0, 0.2, &p, nullptr, nullptr);
    highest = std::max(highest, p.z());
  }
  EXPECT_NEAR(highest, 0.19, 1e-9);
}

TEST(QuadrupedSwing, LiftsAndSetsDownVertically) {
  SwingTrajectory swing;
  swing.Set(Eigen::Vector3d(0, 0, 0), Eigen::Vector3d(0.3, 0.1, 0), 0.08);
  Eigen::Vector3d p, v;
  const double s0 = SwingTrajectory::kLiftPhase * 0.9;
  swing.Evaluate(s0, 0.2, &p, &v, nullptr);
  EXPECT_NEAR(p.head<2>().norm(), 0.0, 1e-12);
  EXPECT_GT(p.z(), 0.0);
  swing.Evaluate(1.0 - s0, 0.2, &p, &v, nullptr);
  EXPECT_NEAR((p.head<2>() - Eigen::Vector2d(0.3, 0.1)).norm(), 0.0, 1e-12);
  EXPECT_GT(p.z(), 0.0);
}

TEST(QuadrupedSwing, VelocityAndAccelerationAreDerivatives) {
  SwingTrajectory swing;
  swing.Set(Eigen::Vector3d(0.1, -0.2, 0.0), Eigen::Vector3d(0.4, -0.1, 0.03), 0.09);
  const double duration = 0.18, h = 1e-6;
  for (double s : {0.05, 0.2, 0.33, 0.49, 0.51, 0.7, 0.88, 0.95}) {
    Eigen::Vector3d p0, p1, v, v0, v1, a;
    swing.Evaluate(s, duration, nullptr, &v, &a);
    swing.Evaluate(s - h, duration, &p0, &v0, nullptr);
    swing.Evaluate(s + h, duration, &p1, &v1, nullptr);
    EXPECT_LT((v - (p1 - p0) / (2 * h * duration)).norm(), 1e-5) << s;
    EXPECT_LT((a - (v1 - v0) / (2 * h * duration)).norm(), 1e-3) << s;
  }
}

TEST(QuadrupedSwing, MovingTheEndKeepsTheStart) {
  SwingTrajectory swing;
  swing.Set(Eigen::Vector3d(0, 0, 0), Eigen::Vector3d(0.2, 0, 0), 0.05);
  swing.set_end(Eigen::Vector3d(0.3, 0.05, 0.01));
  Eigen::Vector3d p;
  swing.Evaluate(0.0, 0.2, &p, nullptr, nullptr);
  EXPECT_LT(p.norm(), 1e-12);
  swing.Evaluate(1.0, 0.2, &p, nullptr, nullptr);
  EXPECT_LT((p - Eigen::Vector3d(0.3, 0.05, 0.01)).norm(), 1e-12);
}

}  // namespace
}  // namespace stuntsim
