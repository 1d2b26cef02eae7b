// Footstep planner (velocity command -> footholds, reach limits), heading hold and the swing trajectory.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "stuntsim/controllers/humanoid/foot_swing.h"
#include "stuntsim/controllers/humanoid/footstep_planner.h"
#include "stuntsim/controllers/humanoid/task_space.h"

namespace stuntsim {
namespace {

Footstep Stance(int foot, double x, double y, double yaw) {
  Footstep f;
  f.foot = foot;
  f.pos = Eigen::Vector3d(x, y, 0.02);
  f.yaw = yaw;
  return f;
}

TEST(FootstepPlannerTest, SteppingInPlaceKeepsTheNominalWidth) {
  const FootstepParams params;
  std::array<Footstep, 4> steps;
  PlanFootsteps(params, Stance(kRightFoot, 0.3, -0.09, 0), kLeftFoot, Eigen::Vector3d::Zero(), 0.4, 4,
                steps.data());
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(steps[i].foot, i % 2 == 0 ? kLeftFoot : kRightFoot);
    EXPECT_NEAR(steps[i].pos.x(), 0.3, 1e-12);
    EXPECT_NEAR(steps[i].pos.y(), i % 2 == 0 ? 0.09 : -0.09, 1e-12);
    EXPECT_NEAR(steps[i].pos.z(), 0.02, 1e-12);
  }
}

TEST(FootstepPlannerTest, ForwardSpeedAdvancesOneStepLengthPerStep) {
  const FootstepParams params;
  std::array<Footstep, 3> steps;
  PlanFootsteps(params, Stance(kLeftFoot, 0.0, 0.09, 0), kRightFoot, Eigen::Vector3d(0.5, 0, 0), 0.4, 3,
                steps.data());
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(steps[i].pos.x(), 0.2 * (i + 1), 1e-12);
}

TEST(FootstepPlannerTest, TurningRotatesFeetAroundTheCentre) {
  const FootstepParams params;
  std::array<Footstep, 2> steps;
  PlanFootsteps(params, Stance(kRightFoot, 0.0, -0.09, 0), kLeftFoot, Eigen::Vector3d(0, 0, 0.5), 0.4, 2,
                steps.data());
  EXPECT_NEAR(steps[0].yaw, 0.2, 1e-12);
  EXPECT_NEAR(steps[1].yaw, 0.4, 1e-12);
  // Left foot half a width to the left of the (unmoved) centre, along the new heading.
  EXPECT_NEAR(steps[0].pos.x(), -0.09 * std::sin(0.2), 1e-12);
  EXPECT_NEAR(steps[0].pos.y(), 0.09 * std::cos(0.2), 1e-12);
}

TEST(FootstepPlannerTest, ClampKeepsReachAndWidthLimitsInTheStanceFrame) {
  const FootstepParams params;
  const Footstep stance = Stance(kRightFoot, 1.0, 0.0, M_PI / 2);  // facing +y
  Footstep far = stance;
  far.foot = kLeftFoot;
  far.pos = Eigen::Vector3d(0.5, 2.0, 0.0);  // far ahead (+y) and to the left (-x)
  far.yaw = M_PI / 2 + 1.0;
  const Footstep c = ClampFootstep(params, stance, far);
  const Eigen::Vector2d rel = RotZ(-stance.yaw).topLeftCorner<2, 2>() * (c.pos - stance.pos).head<2>();
  EXPECT_NEAR(rel.x(), params.max_forward, 1e-12);
  EXPECT_NEAR(rel.y(), params.max_width, 1e-12);
  EXPECT_NEAR(c.yaw - stance.yaw, params.max_turn, 1e-12);
  Footstep crossing = far;
  crossing.pos = Eigen::Vector3d(1.2, 0.0, 0.0);  // to the right of the right foot
  const Footstep d = ClampFootstep(params, stance, crossing);
  const Eigen::Vector2d rel_d = RotZ(-stance.yaw).topLeftCorner<2, 2>() * (d.pos - stance.pos).head<2>();
  EXPECT_NEAR(rel_d.y(), params.min_width, 1e-12);  // a left foot never crosses the right
}

TEST(FootSwingTest, EndpointsApexAndSmoothness) {
  FootSwing swing;
  const Eigen::Vector3d start(0, 0.09, 0), end(0.3, 0.09, 0.05);
  swing.Start(start, 0.0, end, 0.2, 0.08, 0.4, 0.1, 0.1);
  const SwingSample a = swing.Evaluate(0), b = swing.Evaluate(0.4), mid = swing.Evaluate(0.2);
  EXPECT_LT((a.pos - start).norm(), 1e-12);
  EXPECT_LT((b.pos - end).norm(), 1e-12);
  EXPECT_LT(a.vel.norm() + b.vel.norm() + a.acc.norm() + b.acc.norm(), 1e-9);
  EXPECT_NEAR(mid.pos.z(), 0.025 + 0.08, 1e-12);  // halfway up the rise, plus the apex bump
  EXPECT_NEAR(b.yaw, 0.2, 1e-12);
  // Horizontal motion waits for the lift: no x motion in the first 10 %.
  EXPECT_EQ(swing.Evaluate(0.039).pos.x(), 0.0);
  // Velocity and acceleration are the derivatives of the position.
  for (double t = 0.01; t < 0.4; t += 0.037) {
    const double h = 1e-6;
    const Eigen::Vector3d fd_v = (swing.Evaluate(t + h).pos - swing.Evaluate(t - h).pos) / (2 * h);
    const Eigen::Vector3d fd_a = (swing.Evaluate(t + h).vel - swing.Evaluate(t - h).vel) / (2 * h);
    EXPECT_LT((fd_v - swing.Evaluate(t).vel).norm(), 1e-5) << t;
    EXPECT_LT((fd_a - swing.Evaluate(t).acc).norm(), 1e-3) << t;
  }
  swing.SetEnd(Eigen::Vector3d(0.35, 0.1, 0.05), 0.1);
  EXPECT_LT((swing.Evaluate(0.4).pos - Eigen::Vector3d(0.35, 0.1, 0.05)).norm(), 1e-12);
}

TEST(TaskSpaceTest, OrientationErrorMinimumJerkAndAngles) {
  const Eigen::Matrix3d a = RotZyx(0.3, -0.2, 0.1);
  const Eigen::Vector3d w(0.05, -0.02, 0.04);
  const Eigen::Matrix3d b = Eigen::AngleAxisd(w.norm(), w.normalized()).toRotationMatrix() * a;
  EXPECT_LT((OrientationError(b, a) - w).norm(), 1e-12);
  EXPECT_NEAR(Heading(RotZyx(2.5, 0.3, -0.2)), 2.5, 1e-12);
  EXPECT_NEAR(WrapAngle(3 * M_PI), M_PI, 1e-12);
  const Blend half = MinimumJerk(0.5, 1.0);
  EXPECT_NEAR(half.s, 0.5, 1e-12);
  EXPECT_NEAR(half.ds, 1.875, 1e-12);
  EXPECT_NEAR(half.dds, 0.0, 1e-12);
  EXPECT_EQ(MinimumJerk(-1, 1).s, 0.0);
  EXPECT_EQ(MinimumJerk(2, 1).s, 1.0);
}

TEST(HeadingHoldTest, SteersBackToTheStartHeading) {
  const HeadingHoldParams params;
  HeadingHold hold;
  hold.Reset(0.2);
  // A slip turned the robot 0.1 rad to the left: turn right, in proportion.
  const double rate = hold.Update(params, 0.3, 0.0, 0.01);
  EXPECT_NEAR(hold.target(), 0.2, 1e-12);
  EXPECT_NEAR(hold.error(), -0.1, 1e-12);
  EXPECT_NEAR(rate, -params.gain * 0.1, 1e-12);
  // On target: no correction.
  EXPECT_NEAR(hold.Update(params, 0.2, 0.0, 0.01), 0.0, 1e-12);
}

TEST(HeadingHoldTest, TargetFollowsTheCommandedYawRate) {
  const HeadingHoldParams params;
  HeadingHold hold;
  hold.Reset(0.0);
  // Turning at 0.5 rad/s for 1 s while the heading follows exactly: the target moves with it.
  double heading = 0;
  for (int i = 0; i < 100; ++i) {
    heading += 0.5 * 0.01;
    EXPECT_NEAR(hold.Update(params, heading, 0.5, 0.01), 0.0, 1e-9);
  }
  EXPECT_NEAR(hold.target(), 0.5, 1e-9);
}

TEST(HeadingHoldTest, WrapsAndBoundsTheCorrection) {
  const HeadingHoldParams params;
  HeadingHold hold;
  // Across +-pi the error is the short way round.
  hold.Reset(M_PI - 0.05);
  EXPECT_NEAR(hold.Update(params, -M_PI + 0.05, 0.0, 0.01), -params.gain * 0.1, 1e-9);
  // A large error is bounded, and the target does not wind up beyond max_error from the heading.
  hold.Reset(0.0);
  const double rate = hold.Update(params, 1.0, 0.0, 0.01);
  EXPECT_NEAR(rate, -std::min(params.max_rate, params.gain * params.max_error), 1e-12);
  EXPECT_NEAR(hold.target(), 1.0 - params.max_error, 1e-12);
}

}  // namespace
}  // namespace stuntsim
