// The controller API without physics: registry, stand controller ramp.
#include <gtest/gtest.h>

#include "stuntsim/controllers/registry.h"
#include "stuntsim/controllers/stand_controller.h"

namespace stuntsim {
namespace {

RobotInfo TwoJointRobot() {
  RobotInfo info;
  info.name = "toy";
  info.kind = "quadruped";
  for (int j = 0; j < 2; ++j) {
    JointInfo joint;
    joint.name = "j" + std::to_string(j);
    joint.q_min = -2;
    joint.q_max = 2;
    joint.tau_max = 10;
    joint.kp = 30 + j;
    joint.kd = 1 + j;
    joint.q_home = 0.5 * (j + 1);
    info.joints.push_back(joint);
  }
  return info;
}

TEST(Registry, BuiltinsAreListedWithBehaviours) {
  const ControllerEntry* stand = ControllerRegistry::Global().Find("stand");
  ASSERT_NE(stand, nullptr);
  EXPECT_EQ(stand->behaviors, std::vector<std::string>{"stand"});
  EXPECT_TRUE(stand->Supports("humanoid"));
  EXPECT_NE(ControllerRegistry::Global().Create("stand"), nullptr);
}

TEST(Registry, UnknownNameListsTheKnownOnes) {
  try {
    ControllerRegistry::Global().Create("stnad");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("unknown controller 'stnad' (known: stand"), std::string::npos) << e.what();
    // No plugin loaded in this process: the message says how a user's own controller loads.
    EXPECT_NE(std::string(e.what()).find("loads with --plugin"), std::string::npos) << e.what();
  }
}

TEST(Registry, DuplicateOrEmptyRegistrationIsRefused) {
  ControllerRegistry registry;
  auto factory = [] { return std::make_unique<StandController>(); };
  registry.Register({"mine", "", {}, {"stand"}, factory});
  EXPECT_THROW(registry.Register({"mine", "", {}, {"stand"}, factory}), std::invalid_argument);
  EXPECT_THROW(registry.Register({"", "", {}, {}, factory}), std::invalid_argument);
  EXPECT_THROW(registry.Register({"nofactory", "", {}, {}, nullptr}), std::invalid_argument);
}

TEST(StandController, RampsWithMinimumJerkFromStartToHome) {
  const RobotInfo info = TwoJointRobot();
  RobotState state;
  state.joint_q = Eigen::Vector2d(-1.0, 1.5);
  state.joint_dq = Eigen::Vector2d::Zero();
  state.time = 2.0;
  StandController c;
  c.Reset(info, state);
  JointCommand out;
  out.Resize(2);
  OperatorCommand cmd;
  c.Compute(info, state, cmd, out);
  EXPECT_DOUBLE_EQ(out.q_des[0], -1.0);  // starts where the robot is
  EXPECT_DOUBLE_EQ(out.kp[1], 31);
  EXPECT_DOUBLE_EQ(out.kd[1], 2);
  state.time = 2.5;  // halfway: minimum jerk is symmetric, blend 0.5
  c.Compute(info, state, cmd, out);
  EXPECT_NEAR(out.q_des[0], -0.25, 1e-12);
  EXPECT_NEAR(out.q_des[1], 1.25, 1e-12);
  double previous = out.q_des[0];
  for (double t = 2.5; t <= 4.0; t += 0.05) {
    state.time = t;
    c.Compute(info, state, cmd, out);
    EXPECT_GE(out.q_des[0], previous - 1e-15) << "monotonic towards home";
    previous = out.q_des[0];
  }
  EXPECT_DOUBLE_EQ(out.q_des[0], 0.5);
  EXPECT_DOUBLE_EQ(out.q_des[1], 1.0);
  EXPECT_TRUE(c.refusal().empty());
  cmd.behavior = "backflip";
  c.Compute(info, state, cmd, out);
  EXPECT_NE(c.refusal().find("'backflip'"), std::string::npos);
}

}  // namespace
}  // namespace stuntsim
