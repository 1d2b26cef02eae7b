// The quadruped behaviour state machine on a synthetic robot (no physics): start-up from the
// sensed posture, accepted and refused switches with their messages, sane and allocation-free
// joint commands.
#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>

#include <Eigen/Geometry>

#include "allocation_counter.h"
#include "quadruped_test_util.h"
#include "stuntsim/controllers/quadruped/quadruped_controller.h"
#include "stuntsim/controllers/registry.h"


namespace stuntsim {
namespace {

class QuadrupedControllerTest : public ::testing::Test {
 protected:
  QuadrupedControllerTest() : info_(testing::SyntheticQuadrupedInfo()), controller_(false) {
    out_.Resize(info_.nj());
  }

  // Runs `ticks` control ticks on `state` (its clock advances) with `behavior` requested.
  void Run(RobotState& state, const std::string& behavior, int ticks = 5) {
    command_.behavior = behavior;
    for (int i = 0; i < ticks; ++i) {
      state.time += QuadrupedController::kPeriod;
      controller_.Compute(info_, state, command_, out_);
    }
  }

  void ExpectSaneCommand() const {
    for (int j = 0; j < info_.nj(); ++j) {
      EXPECT_TRUE(std::isfinite(out_.q_des[j]) && std::isfinite(out_.dq_des[j]) && std::isfinite(out_.tau_ff[j]));
      EXPECT_GE(out_.kp[j], 0.0);
      EXPECT_GE(out_.kd[j], 0.0);
      if (out_.kp[j] > 0) {
        EXPECT_GE(out_.q_des[j], info_.joints[j].q_min - 1e-9) << info_.joints[j].name;
        EXPECT_LE(out_.q_des[j], info_.joints[j].q_max + 1e-9) << info_.joints[j].name;
      }
    }
  }

  RobotInfo info_;
  QuadrupedController controller_;
  OperatorCommand command_;
  JointCommand out_;
};

TEST_F(QuadrupedControllerTest, StartsStandingAndWalksThroughTheGaits) {
  RobotState standing = testing::SyntheticStandingState(info_);
  controller_.Reset(info_, standing);
  EXPECT_EQ(controller_.active_behavior(), "stand");
  for (const char* gait : {"trot", "walk", "pace", "bound", "pronk", "gallop", "stand"}) {
    Run(standing, gait, 50);
    EXPECT_EQ(controller_.active_behavior(), gait);
    EXPECT_EQ(controller_.refusal(), "");
    ExpectSaneCommand();
  }
}

TEST_F(QuadrupedControllerTest, StandingForcesCarryTheWeight) {
  RobotState standing = testing::SyntheticStandingState(info_);
  controller_.Reset(info_, standing);
  Run(standing, "stand", 20);
  double fz = 0;
  for (int l = 0; l < 4; ++l) fz += controller_.locomotion().mpc().force(l).z();
  EXPECT_NEAR(fz, info_.mass * 9.81, 0.05 * info_.mass * 9.81);
}

TEST_F(QuadrupedControllerTest, RefusesUnsafeSwitchesWithAReason) {
  RobotState standing = testing::SyntheticStandingState(info_);
  controller_.Reset(info_, standing);
  Run(standing, "recover");
  EXPECT_EQ(controller_.active_behavior(), "stand");
  EXPECT_NE(controller_.refusal().find("on its feet"), std::string::npos) << controller_.refusal();

  Run(standing, "trot");
  EXPECT_EQ(controller_.active_behavior(), "trot");
  Run(standing, "sit");
  EXPECT_EQ(controller_.active_behavior(), "trot");
  EXPECT_NE(controller_.refusal().find("stand"), std::string::npos) << controller_.refusal();

  Run(standing, "moonwalk");
  EXPECT_NE(controller_.refusal().find("unknown behaviour 'moonwalk'"), std::string::npos);
  EXPECT_EQ(controller_.active_behavior(), "trot");
}

TEST_F(QuadrupedControllerTest, SitsLiesDownAndStandsUpOnlyFromStanding) {
  RobotState standing = testing::SyntheticStandingState(info_);
  controller_.Reset(info_, standing);
  Run(standing, "sit", 10);
  EXPECT_EQ(controller_.active_behavior(), "sit");
  ExpectSaneCommand();
  Run(standing, "trot");
  EXPECT_EQ(controller_.active_behavior(), "sit");
  EXPECT_NE(controller_.refusal().find("request stand"), std::string::npos) << controller_.refusal();
  Run(standing, "lie_down", 10);
  EXPECT_EQ(controller_.active_behavior(), "lie_down");
  ExpectSaneCommand();
  Run(standing, "stand", 2000);  // the stand-up motion, then the MPC stand
  EXPECT_EQ(controller_.active_behavior(), "stand");
  EXPECT_TRUE(controller_.on_feet());
}

TEST_F(QuadrupedControllerTest, OnItsBackItIsFallenAndOnlyRecoverIsAccepted) {
  std::array<Eigen::Vector3d, 4> q;
  q.fill(Eigen::Vector3d(0, 1.2, -2.4));
  const Eigen::Matrix3d on_back = Eigen::AngleAxisd(M_PI, Eigen::Vector3d::UnitX()).toRotationMatrix();
  RobotState lying = testing::SyntheticQuadrupedState(info_, q, Eigen::Vector3d(0, 0, 0.055), on_back);
  for (auto& foot : lying.feet) foot.contact = false;
  controller_.Reset(info_, lying);
  EXPECT_EQ(controller_.active_behavior(), "fallen");
  for (const char* b : {"stand", "trot", "sit"}) {
    Run(lying, b);
    EXPECT_EQ(controller_.active_behavior(), "fallen");
    EXPECT_NE(controller_.refusal().find("request recover"), std::string::npos) << controller_.refusal();
  }
  Run(lying, "recover", 100);
  EXPECT_EQ(controller_.active_behavior(), "recover");
  EXPECT_EQ(controller_.refusal(), "");
  ExpectSaneCommand();
}

TEST_F(QuadrupedControllerTest, ComputeDoesNotAllocate) {
  if (!testing::CanCountAllocations()) GTEST_SKIP() << "allocation counting needs glibc without sanitizers";
  RobotState standing = testing::SyntheticStandingState(info_);
  controller_.Reset(info_, standing);
  for (const char* behavior : {"stand", "trot", "bound", "gallop"}) {
    Run(standing, behavior, 300);  // the switch itself may allocate (strings); the ticks must not
    testing::StartCountingAllocations();
    Run(standing, behavior, 300);
    EXPECT_EQ(testing::StopCountingAllocations(), 0) << behavior;
  }
  // Postures and recovery too.
  Run(standing, "sit", 300);
  testing::StartCountingAllocations();
  Run(standing, "sit", 300);
  EXPECT_EQ(testing::StopCountingAllocations(), 0) << "sit";
  std::array<Eigen::Vector3d, 4> q;
  q.fill(Eigen::Vector3d(0, 1.2, -2.4));
  RobotState lying = testing::SyntheticQuadrupedState(
      info_, q, Eigen::Vector3d(0, 0, 0.055), Eigen::AngleAxisd(M_PI, Eigen::Vector3d::UnitX()).toRotationMatrix());
  controller_.Reset(info_, lying);
  Run(lying, "recover", 10);
  testing::StartCountingAllocations();
  Run(lying, "recover", 1500);  // fold, roll, hold, fold again (the synthetic robot stays put)
  EXPECT_EQ(testing::StopCountingAllocations(), 0) << "recover";
}

TEST(QuadrupedRegistration, RegistersBothControllers) {
  ControllerRegistry registry;
  RegisterQuadrupedControllers(registry);
  ASSERT_NE(registry.Find("quadruped_mpc"), nullptr);
  ASSERT_NE(registry.Find("quadruped_mpc_truth"), nullptr);
  EXPECT_TRUE(registry.Find("quadruped_mpc")->Supports("quadruped"));
  EXPECT_FALSE(registry.Find("quadruped_mpc")->Supports("humanoid"));
  EXPECT_EQ(registry.Find("quadruped_mpc")->behaviors.size(), 17u);  // 10 + 7 acrobatic
}

}  // namespace
}  // namespace stuntsim
