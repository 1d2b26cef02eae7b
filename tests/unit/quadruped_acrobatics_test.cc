// Acrobatic motion files (format, round trip, errors) and the player's timing and take-off check
// on synthetic body states (no physics).
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "stuntsim/controllers/quadruped/acrobatic_motion.h"
#include "stuntsim/controllers/quadruped/acrobatics_player.h"
#include "stuntsim/controllers/quadruped/quadruped_controller.h"
#include "quadruped_test_util.h"

namespace stuntsim {
namespace {

constexpr double kPi = 3.14159265358979323846;

// A 1 s motion every 10 ms: the thigh target ramps 0 -> 1 rad, lift-off at 0.4 s, one turn
// about y by the end (linear in time from 0.4 s).
AcrobaticMotion Ramp() {
  AcrobaticMotion m;
  m.name = "test_flip";
  m.axis = 1;
  m.rotation = -2 * kPi;
  m.dt = 0.01;
  m.takeoff_time = 0.4;
  m.landing_time = 0.9;
  m.takeoff_vz = 2.0;
  m.takeoff_angvel_body = Eigen::Vector3d(0, -10, 0);
  for (int i = 0; i <= 100; ++i) {
    AcrobaticFrame f;
    f.time = i * 0.01;
    for (int l = 0; l < kQuadLegs; ++l) {
      f.q[l] = Eigen::Vector3d(0.0, f.time, -1.5);
      f.tau[l] = Eigen::Vector3d(0.0, 0.0, f.time < 0.4 ? 10.0 : 0.0);
      f.contact[l] = f.time < 0.4;
    }
    f.kp_scale = 1.5;
    f.rotation = f.time < 0.4 ? 0.0 : -2 * kPi * (f.time - 0.4) / 0.6;
    f.base_z = 0.1 * f.time;
    m.frames.push_back(f);
  }
  m.settings_text = "motion = \"test_flip\"\n";
  m.seed = 7;
  return m;
}

TEST(AcrobaticMotion, FormatsAndParsesBackTheSameMotion) {
  const AcrobaticMotion a = Ramp();
  const AcrobaticMotion b = ParseAcrobaticMotion(FormatAcrobaticMotion(a), "memory.toml");
  EXPECT_EQ(b.name, a.name);
  EXPECT_EQ(b.axis, 1);
  EXPECT_NEAR(b.rotation, a.rotation, 1e-7);
  EXPECT_NEAR(b.takeoff_time, 0.4, 1e-9);
  EXPECT_NEAR(b.takeoff_angvel_body.y(), -10, 1e-9);
  EXPECT_EQ(b.seed, 7);
  EXPECT_EQ(b.settings_text, a.settings_text);
  ASSERT_EQ(b.frames.size(), a.frames.size());
  for (size_t i = 0; i < a.frames.size(); ++i) {
    EXPECT_NEAR(b.frames[i].q[2].y(), a.frames[i].q[2].y(), 1e-8);
    EXPECT_NEAR(b.frames[i].tau[3].z(), a.frames[i].tau[3].z(), 1e-8);
    EXPECT_NEAR(b.frames[i].rotation, a.frames[i].rotation, 1e-8);
    EXPECT_EQ(b.frames[i].contact[0], a.frames[i].contact[0]);
  }
}

TEST(AcrobaticMotion, InterpolatesTargetsAndTheirRates) {
  const AcrobaticMotion m = Ramp();
  std::array<Eigen::Vector3d, kQuadLegs> dq{};
  const AcrobaticFrame f = m.At(0.255, &dq);
  EXPECT_NEAR(f.q[0].y(), 0.255, 1e-12);
  EXPECT_NEAR(dq[0].y(), 1.0, 1e-9);
  EXPECT_NEAR(m.At(5.0).q[1].y(), 1.0, 1e-12);  // clamped to the end
}

TEST(AcrobaticMotion, FindsTheTimeOfAMeasuredRotation) {
  const AcrobaticMotion m = Ramp();
  EXPECT_TRUE(m.AttitudeIndexed());
  EXPECT_NEAR(m.TimeAtRotation(-kPi, 0.0), 0.7, 1e-6);  // half a turn at 0.4 + 0.3 s
  EXPECT_NEAR(m.TimeAtRotation(-kPi, 0.8), 0.8, 1e-12);  // never back in time
  EXPECT_NEAR(m.TimeAtRotation(-10.0, 0.0), 1.0, 1e-12);  // beyond the motion: its end
  AcrobaticMotion bare = m;
  for (AcrobaticFrame& f : bare.frames) f.rotation = 0;
  EXPECT_FALSE(bare.AttitudeIndexed());  // a candidate without a recorded rotation plays by the clock
}

TEST(AcrobaticMotion, RejectsBadFilesNamingTheField) {
  const std::string good = FormatAcrobaticMotion(Ramp());
  auto error = [](const std::string& text) {
    try {
      ParseAcrobaticMotion(text, "bad.toml");
    } catch (const MotionError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  std::string typo = good;
  typo.replace(typo.find("takeoff_vz"), 10, "takeof_vz");
  EXPECT_NE(error(typo).find("takeof_vz: unknown field"), std::string::npos) << error(typo);
  std::string axis = good;
  axis.replace(axis.find("axis = \"y\""), 10, "axis = \"w\"");
  EXPECT_NE(error(axis).find("axis: expected \"x\", \"y\" or \"z\""), std::string::npos) << error(axis);
  std::string nan = good;
  nan.replace(nan.find("kp_scale = [") + 12, 3, "nan");
  EXPECT_NE(error(nan).find("bad.toml:"), std::string::npos);
  EXPECT_NE(error(nan).find("frames.kp_scale"), std::string::npos) << error(nan);
  EXPECT_NE(error("name = \"x\"\n").find("axis: missing"), std::string::npos);
  EXPECT_NE(error("name = [").find("malformed TOML"), std::string::npos);
}

// The controller's guard and the player's take-off check and flight timing, on the synthetic
// robot with ground-truth base velocity (so the test sets it directly).
class AcrobaticsControllerTest : public ::testing::Test {
 protected:
  AcrobaticsControllerTest() : info_(testing::SyntheticQuadrupedInfo()), controller_(true) {
    out_.Resize(info_.nj());
    state_ = testing::SyntheticStandingState(info_);
    controller_.Reset(info_, state_);
    AcrobaticMotion flip = Ramp();
    flip.name = "backflip";
    for (AcrobaticFrame& f : flip.frames)
      for (int l = 0; l < kQuadLegs; ++l) f.q[l] = testing::HomeLegPose() + Eigen::Vector3d(0, 0.2 * f.time, 0);
    controller_.SetMotion(flip);
  }
  void Run(const std::string& behavior, int ticks) {
    command_.behavior = behavior;
    for (int i = 0; i < ticks; ++i) {
      state_.time += QuadrupedController::kPeriod;
      controller_.Compute(info_, state_, command_, out_);
    }
  }
  void SetFeetDown(bool down) {
    for (EndEffectorState& f : state_.feet) f.contact = down;
  }

  RobotInfo info_;
  QuadrupedController controller_;
  RobotState state_;
  OperatorCommand command_;
  JointCommand out_;
};

TEST_F(AcrobaticsControllerTest, RefusesAFlipWhileMovingFasterThanAWalkAndStartsOneFromAStand) {
  state_.base_linvel_world = Eigen::Vector3d(1.2, 0, 0);
  Run("stand", 300);
  Run("backflip", 1);
  EXPECT_EQ(controller_.active_behavior(), "stand");
  EXPECT_NE(controller_.refusal().find("backflip refused: moving at"), std::string::npos) << controller_.refusal();
  state_.base_linvel_world.setZero();
  Run("stand", 500);
  Run("backflip", 1);
  EXPECT_EQ(controller_.active_behavior(), "backflip");
  EXPECT_EQ(controller_.refusal(), "");
  EXPECT_EQ(controller_.acrobatics().phase(), AcrobaticPhase::kPush);
}

TEST_F(AcrobaticsControllerTest, AFlipThatNeverLeavesTheGroundAbortsAndStandsAgain) {
  Run("backflip", 260);  // 0.52 s: past the expected lift-off (0.4 s) and its 0.08 s window
  EXPECT_NE(controller_.acrobatics().abort_reason().find("still on the ground"), std::string::npos)
      << controller_.acrobatics().abort_reason();
  Run("backflip", 300);
  EXPECT_EQ(controller_.active_behavior(), "stand");
}

TEST_F(AcrobaticsControllerTest, ALiftOffWithoutRotationIsNotFlipped) {
  Run("backflip", 170);  // 0.34 s of push: lift-off counts from 0.08 s before the expected 0.4 s
  SetFeetDown(false);
  state_.base_linvel_world = Eigen::Vector3d(0, 0, 2.0);  // rising, but not turning
  Run("backflip", 5);
  EXPECT_EQ(controller_.acrobatics().phase(), AcrobaticPhase::kAbort);
  EXPECT_NE(controller_.acrobatics().abort_reason().find("take-off turned at 0.0 rad/s about y"), std::string::npos)
      << controller_.acrobatics().abort_reason();
}

TEST_F(AcrobaticsControllerTest, InFlightTheLegsFollowTheMeasuredRotationNotTheClock) {
  Run("backflip", 170);
  SetFeetDown(false);
  state_.base_linvel_world = Eigen::Vector3d(0, 0, 2.0);
  state_.base_angvel_body = Eigen::Vector3d(0, -15, 0);  // faster than the motion expects
  state_.imu.gyro = state_.base_angvel_body;
  Run("backflip", 30);
  ASSERT_EQ(controller_.acrobatics().phase(), AcrobaticPhase::kFlight);
  // Turned -15 rad/s x 0.06 s = -0.9 rad; the motion expects that rotation at
  // 0.4 s + 0.9 / (2 pi / 0.6 s) = 0.486 s, well ahead of the clock (0.40 s).
  const double rotation = controller_.acrobatics().rotation();
  const double expected = 0.4 + std::abs(rotation) / (2 * kPi / 0.6);
  EXPECT_NEAR(controller_.acrobatics().motion_time(), expected, 0.01);
  EXPECT_GT(controller_.acrobatics().motion_time(), state_.time + 0.05);
}

}  // namespace
}  // namespace stuntsim
