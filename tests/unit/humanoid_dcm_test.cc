// DCM / LIPM pieces against closed forms and numerical integration: the DCM plan's backward
// recursion, its continuity and derivative, the tracking law's exponential error decay, and the
// support polygon.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "stuntsim/controllers/humanoid/dcm_planner.h"
#include "stuntsim/controllers/humanoid/support_polygon.h"

namespace stuntsim {
namespace {

constexpr double kOmega = 3.8;

TEST(DcmPlanTest, ConstantVrpMatchesTheClosedForm) {
  DcmPlan plan;
  const Eigen::Vector2d r(0.1, -0.05), rest(0.3, 0.2);
  plan.Add(r, r, 0.5);
  plan.Add(r, rest, 0.2);
  plan.Solve(kOmega);
  // The DCM reaches the rest point at the end; on the constant segment it is
  // r + exp(omega (t - T)) (xi_T - r).
  const Eigen::Vector2d xi_t = plan.dcm_at_end(0);
  for (double t : {0.0, 0.1, 0.37, 0.5}) {
    const DcmSample s = plan.Evaluate(t);
    const Eigen::Vector2d expected = r + std::exp(kOmega * (t - 0.5)) * (xi_t - r);
    EXPECT_LT((s.dcm - expected).norm(), 1e-12) << t;
    EXPECT_LT((s.dcm_vel - kOmega * (s.dcm - s.vrp)).norm(), 1e-12) << t;  // xi_dot = w (xi - r)
  }
  EXPECT_LT((plan.Evaluate(0.7).dcm - rest).norm(), 1e-12);
  EXPECT_LT((plan.Evaluate(5.0).dcm - rest).norm(), 1e-12);  // at rest after the end
}

TEST(DcmPlanTest, ForwardIntegrationOfRandomPlansEndsAtRest) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> pos(-0.3, 0.3), dur(0.05, 0.4);
  for (int trial = 0; trial < 20; ++trial) {
    DcmPlan plan;
    Eigen::Vector2d p(pos(rng), pos(rng));
    for (int i = 0; i < 9; ++i) {
      const Eigen::Vector2d next = (i % 2 == 0) ? p : Eigen::Vector2d(pos(rng), pos(rng));
      plan.Add(p, next, dur(rng));
      p = next;
    }
    plan.Solve(kOmega);
    // Integrate xi_dot = w (xi - r(t)) from the planned start with RK4: it must stay on the plan
    // (the recursion is exact) and end at the last point.
    Eigen::Vector2d xi = plan.Evaluate(0).dcm;
    const double h = 1e-4, total = plan.duration();
    auto f = [&](double t, const Eigen::Vector2d& x) {
      return Eigen::Vector2d(kOmega * (x - plan.Evaluate(t).vrp));
    };
    double t = 0;
    while (t + h <= total + 1e-12) {
      const Eigen::Vector2d k1 = f(t, xi), k2 = f(t + h / 2, xi + h / 2 * k1),
                            k3 = f(t + h / 2, xi + h / 2 * k2), k4 = f(t + h, xi + h * k3);
      xi += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
      t += h;
    }
    EXPECT_LT((xi - plan.Evaluate(t).dcm).norm(), 1e-5) << trial;
    EXPECT_LT((plan.Evaluate(total).dcm - p).norm(), 1e-12) << trial;
  }
}

TEST(DcmPlanTest, ContinuousAcrossSegmentsWithMatchingDerivative) {
  DcmPlan plan;
  plan.Add({0, 0}, {0, 0.09}, 0.3);
  plan.Add({0, 0.09}, {0, 0.09}, 0.3);
  plan.Add({0, 0.09}, {0.2, -0.09}, 0.08);
  plan.Add({0.2, -0.09}, {0.1, 0}, 0.5);
  plan.Solve(kOmega);
  for (double t = 0.001; t < plan.duration(); t += 0.013) {
    const double h = 1e-6;
    const Eigen::Vector2d fd = (plan.Evaluate(t + h).dcm - plan.Evaluate(t - h).dcm) / (2 * h);
    EXPECT_LT((fd - plan.Evaluate(t).dcm_vel).norm(), 1e-5) << t;
  }
  for (double boundary : {0.3, 0.6, 0.68}) {
    EXPECT_LT((plan.Evaluate(boundary - 1e-9).dcm - plan.Evaluate(boundary + 1e-9).dcm).norm(), 1e-7);
  }
}

TEST(DcmFeedbackTest, ErrorDecaysAtTheGainInTheLipm) {
  // LIPM c_dd = w^2 (c - cmp) driven by the law with a fixed reference xi_ref: the DCM error
  // decays as exp(-gain t).
  const double gain = 3.0, dt = 1e-4;
  const Eigen::Vector2d xi_ref(0.05, -0.02);
  Eigen::Vector2d c(0.0, 0.0), v(0.3, 0.1);
  const Eigen::Vector2d e0 = Dcm(c, v, kOmega) - xi_ref;
  for (int i = 0; i < 5000; ++i) {  // 0.5 s
    const DcmCommand cmd = DcmFeedback(c, v, kOmega, xi_ref, Eigen::Vector2d::Zero(), gain, nullptr);
    v += cmd.com_acc * dt;
    c += v * dt;
  }
  const Eigen::Vector2d e = Dcm(c, v, kOmega) - xi_ref;
  EXPECT_NEAR(e.norm() / e0.norm(), std::exp(-gain * 0.5), 2e-3);
}

TEST(DcmFeedbackTest, CmpIsKeptInTheSupport) {
  SupportPolygon support;
  support.Build({Eigen::Vector3d(0, 0.09, 0), Eigen::Vector3d(0, -0.09, 0)},
                {Eigen::Matrix3d::Identity(), Eigen::Matrix3d::Identity()}, {true, true},
                SupportPolygon::Sole());
  const DcmCommand cmd = DcmFeedback({0, 0}, {1.5, 0}, kOmega, {0, 0}, {0, 0}, 3.0, &support);
  EXPECT_NEAR(cmd.cmp.x(), 0.10, 1e-12);  // the toe line
  EXPECT_NEAR(cmd.com_acc.x(), -kOmega * kOmega * 0.10, 1e-9);
}

TEST(SupportPolygonTest, HullDistancesAndProjection) {
  SupportPolygon p;
  p.Build({Eigen::Vector3d(0, 0.09, 0), Eigen::Vector3d(0.2, -0.09, 0)},
          {Eigen::Matrix3d::Identity(), Eigen::Matrix3d::Identity()}, {true, true}, SupportPolygon::Sole());
  EXPECT_EQ(p.size(), 6);  // two rectangles offset diagonally: 6 hull vertices
  EXPECT_LT(p.SignedDistance({0.1, 0.0}), 0);
  EXPECT_NEAR(p.SignedDistance({-0.2, 0.09}), 0.1, 1e-12);  // behind the left heel
  EXPECT_NEAR(p.SignedDistance({0.0, 0.2}), 0.2 - 0.125, 1e-12);
  const Eigen::Vector2d q = p.Project({-0.2, 0.09});
  EXPECT_NEAR(q.x(), -0.1, 1e-12);
  EXPECT_NEAR(q.y(), 0.09, 1e-12);
  SupportPolygon one;
  one.Build({Eigen::Vector3d(0, 0.09, 0), Eigen::Vector3d::Zero()},
            {Eigen::Matrix3d::Identity(), Eigen::Matrix3d::Identity()}, {true, false},
            SupportPolygon::Sole());
  EXPECT_EQ(one.size(), 4);
  EXPECT_LT((one.Centre() - Eigen::Vector2d(0, 0.09)).norm(), 1e-12);
}

TEST(LipmTest, OmegaAndDcm) {
  EXPECT_NEAR(LipmOmega(0.7), std::sqrt(9.81 / 0.7), 1e-12);
  EXPECT_LT((Dcm({0.1, 0.2}, {0.38, -0.76}, 3.8) - Eigen::Vector2d(0.2, 0.0)).norm(), 1e-12);
}

}  // namespace
}  // namespace stuntsim
