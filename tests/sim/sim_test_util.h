#pragma once

#include <gtest/gtest.h>

#include "stuntsim/sim/mujoco_log.h"

namespace stuntsim {

/// Fails the test if MuJoCo logged a warning while it ran (as MuJoCo's own tests do).
class MujocoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    InstallMujocoLogHandlers();
    warnings_at_start_ = MujocoWarningCount();
  }
  void TearDown() override {
    EXPECT_EQ(MujocoWarningCount(), warnings_at_start_) << "MuJoCo logged warnings during the test";
  }

 private:
  long warnings_at_start_ = 0;
};

/// Robots whose assets exist (the three shipped models).
inline const char* const kRobots[] = {"quadruped", "humanoid", "wheel_legged"};

}  // namespace stuntsim
