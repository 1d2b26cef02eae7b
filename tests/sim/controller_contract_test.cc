// One battery over every registered controller and every robot it supports: reset at home,
// it returns finite, correctly sized commands inside the joint limits, identically twice.
#include <gtest/gtest.h>

#include <cmath>

#include "sim_test_util.h"
#include "stuntsim/controllers/registry.h"
#include "stuntsim/sim/assets.h"
#include "stuntsim/sim/simulation.h"

namespace stuntsim {
namespace {

TEST(ControllerContract, EveryControllerOnEverySupportedRobot) {
  int pairs = 0;
  for (const ControllerEntry& entry : ControllerRegistry::Global().entries()) {
    for (const char* robot : kRobots) {
      if (!entry.Supports(LoadRobotDescription(RobotDescriptionPath(robot).string()).kind)) continue;
      SimulationOptions options;
      options.robot = robot;
      options.controller = entry.name;
      auto probe = std::make_unique<Simulation>(options);
      ++pairs;
      SCOPED_TRACE(entry.name + " on " + robot);
      const RobotInfo& info = probe->world().info();
      uint64_t hashes[2];
      for (uint64_t& hash : hashes) {
        Simulation sim(options);
        for (int tick = 0; tick < 250; ++tick) {
          sim.Step();
          const JointCommand& c = sim.joint_command();
          ASSERT_EQ(c.size(), info.nj());
          for (int j = 0; j < info.nj(); ++j) {
            const JointInfo& joint = info.joints[j];
            ASSERT_TRUE(std::isfinite(c.q_des[j]) && std::isfinite(c.tau_ff[j]));
            if (!joint.is_wheel && c.kp[j] > 0) {
              EXPECT_GE(c.q_des[j], joint.q_min - 1e-9) << joint.name;
              EXPECT_LE(c.q_des[j], joint.q_max + 1e-9) << joint.name;
            }
          }
        }
        hash = sim.StateHash();
      }
      EXPECT_EQ(hashes[0], hashes[1]) << "two runs differ";
      EXPECT_FALSE(probe->controller().active_behavior().empty());
    }
  }
  EXPECT_GE(pairs, 3) << "the stand controller alone drives all three robots";
}

// A controller that does not use the dynamics never sees stale ones: the matrices are empty and
// the vectors NaN on every tick (they were the values at t = 0 before); one that does gets them
// filled.
TEST(ControllerContract, DynamicsAreFilledOrVisiblyEmptyNeverStale) {
  SimulationOptions options;
  options.robot = "quadruped";
  options.controller = "stand";  // uses_dynamics() == false
  Simulation stand(options);
  ASSERT_FALSE(stand.controller().uses_dynamics());
  stand.StepFor(0.1);
  EXPECT_EQ(stand.state().dynamics.mass_matrix.size(), 0);
  EXPECT_EQ(stand.state().dynamics.bias.size(), 0);
  EXPECT_TRUE(std::isnan(stand.state().dynamics.com_pos_world.x()));

  options.controller = "quadruped_mpc";
  Simulation mpc(options);
  ASSERT_TRUE(mpc.controller().uses_dynamics());
  mpc.StepFor(0.1);
  const int nv = mpc.world().info().nv;
  EXPECT_EQ(mpc.state().dynamics.mass_matrix.rows(), nv);
  EXPECT_TRUE(std::isfinite(mpc.state().dynamics.com_pos_world.z()));
  EXPECT_GT(mpc.state().dynamics.com_pos_world.z(), 0.1);
}

}  // namespace
}  // namespace stuntsim
