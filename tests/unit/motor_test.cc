// The motor's torque-speed envelope (MotorLimits) against hand-computed values.

#include <gtest/gtest.h>

#include "stuntsim/controllers/motor.h"
#include "stuntsim/controllers/robot_info.h"

namespace stuntsim {
namespace {

// A Go2 calf: 45.43 N*m up to 10.99 rad/s, zero at 15.7 rad/s.
const MotorLimits kCalf{45.43, 10.99, 15.7};

TEST(MotorTest, FullTorqueUpToTheKneeBothWays) {
  for (double dq : {0.0, 5.0, 10.99, -10.99}) {
    const TorqueRange r = TorqueEnvelope(kCalf, dq);
    EXPECT_DOUBLE_EQ(r.lo, -45.43) << dq;
    EXPECT_DOUBLE_EQ(r.hi, 45.43) << dq;
  }
}

TEST(MotorTest, TorqueAlongTheMotionFallsLinearlyToZeroAtNoLoad) {
  const double mid = 0.5 * (10.99 + 15.7);
  TorqueRange r = TorqueEnvelope(kCalf, mid);
  EXPECT_NEAR(r.hi, 0.5 * 45.43, 1e-9);
  EXPECT_DOUBLE_EQ(r.lo, -45.43);  // braking keeps the full current limit
  r = TorqueEnvelope(kCalf, -mid);
  EXPECT_NEAR(r.lo, -0.5 * 45.43, 1e-9);
  EXPECT_DOUBLE_EQ(r.hi, 45.43);
  EXPECT_NEAR(TorqueEnvelope(kCalf, 15.7).hi, 0.0, 1e-9);
}

TEST(MotorTest, PastNoLoadTheMotorOnlyBrakes) {
  // 1 rad/s past no-load: at most -45.43 / 4.71 N*m, i.e. it must brake.
  const TorqueRange r = TorqueEnvelope(kCalf, 16.7);
  EXPECT_NEAR(r.hi, -45.43 / (15.7 - 10.99), 1e-9);
  EXPECT_LT(r.hi, 0.0);
  EXPECT_DOUBLE_EQ(TorqueEnvelope(kCalf, 100.0).hi, -45.43);  // never beyond the current limit
}

TEST(MotorTest, ClampSaysWhenItCut) {
  bool saturated = true;
  EXPECT_DOUBLE_EQ(ClampToEnvelope(kCalf, 0.0, 10.0, &saturated), 10.0);
  EXPECT_FALSE(saturated);
  EXPECT_DOUBLE_EQ(ClampToEnvelope(kCalf, 0.0, -60.0, &saturated), -45.43);
  EXPECT_TRUE(saturated);
  EXPECT_NEAR(ClampToEnvelope(kCalf, 13.345, 40.0, &saturated), 0.5 * 45.43, 1e-9);
  EXPECT_TRUE(saturated);
}

TEST(MotorTest, PassiveTorqueIsDampingPlusSmoothedFriction) {
  JointInfo j;
  j.damping = 2.0;
  j.frictionloss = 0.2;
  EXPECT_DOUBLE_EQ(PassiveTorque(j, 0.0), 0.0);
  EXPECT_NEAR(PassiveTorque(j, 3.0), 6.0 + 0.2, 1e-9);
  EXPECT_NEAR(PassiveTorque(j, -3.0), -6.2, 1e-9);
  EXPECT_NEAR(PassiveTorque(j, 0.05), 0.1 + 0.2 * std::tanh(0.5), 1e-12);
}

}  // namespace
}  // namespace stuntsim
