// The wheel_legged controller on the Go2-W-class model: driving follows the speed command with
// the wheels rolling (not sliding), the brakes hold, switches between the wheels and the legs
// wait for a stop, unsafe requests are refused, and a robot without wheels is refused at reset.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>

#include "sim_test_util.h"
#include "stuntsim/controllers/wheel_legged/wheel_legged_controller.h"
#include "stuntsim/sim/simulation.h"

namespace stuntsim {
namespace {

class WheelLeggedTest : public MujocoTest {
 protected:
  static SimulationOptions Options() {
    SimulationOptions options;
    options.robot = "wheel_legged";
    options.controller = "wheel_legged";
    return options;
  }
  static const WheelLeggedController& Controller(const Simulation& sim) {
    return dynamic_cast<const WheelLeggedController&>(sim.controller());
  }
  // Asks for `behavior` at forward speed `vx` and simulates `seconds`.
  static void Run(Simulation& sim, const std::string& behavior, double vx, double seconds) {
    OperatorCommand command;
    command.behavior = behavior;
    command.vx = vx;
    sim.set_command(command);
    sim.StepFor(seconds);
  }
};

TEST_F(WheelLeggedTest, DrivesAtTheCommandedSpeedOnRollingWheels) {
  Simulation sim(Options());
  sim.StepFor(0.3);
  Run(sim, "drive", 1.5, 2.0);  // 1 s to reach 1.5 m/s at 1.5 m/s^2, then settle
  ASSERT_TRUE(Controller(sim).driving());
  const double x0 = sim.state().base_pos_world.x();
  sim.StepFor(2.0);
  const double speed = (sim.state().base_pos_world.x() - x0) / 2.0;
  EXPECT_NEAR(speed, 1.5, 0.1);
  EXPECT_NEAR(sim.state().base_pos_world.y(), 0.0, 0.1);
  // Rolling, not sliding: every wheel's rim speed matches the ground speed within 5 %, and the
  // estimator (which has only the IMU and the joint encoders) agrees with the truth.
  const WheelTelemetry& wheels = Controller(sim).drive().telemetry();
  for (int l = 0; l < 4; ++l) {
    EXPECT_NEAR(wheels.rolling[l], 1.5, 0.075) << "wheel " << l;
    EXPECT_LT(std::abs(wheels.slip[l]), 0.05) << "wheel " << l;
  }
  EXPECT_NEAR(Controller(sim).body().vel.x(), sim.state().base_linvel_world.x(), 0.05);
  // Height held by the legs: the base stays within 3 cm of its standing height.
  EXPECT_NEAR(sim.state().base_pos_world.z(), 0.355, 0.03);
}

TEST_F(WheelLeggedTest, BrakesHoldAfterAStop) {
  Simulation sim(Options());
  Run(sim, "drive", 1.0, 2.0);
  Run(sim, "drive", 0.0, 2.0);
  EXPECT_TRUE(Controller(sim).drive().stopped());
  const Eigen::Vector3d stop = sim.state().base_pos_world;
  sim.Impulse("base", Eigen::Vector3d(4.0, 0, 0));  // a 4 N*s shove forward
  sim.StepFor(2.0);
  EXPECT_LT((sim.state().base_pos_world - stop).head<2>().norm(), 0.05);
}

TEST_F(WheelLeggedTest, SwitchesToTheLegsOnlyOnceStoppedAndBack) {
  Simulation sim(Options());
  Run(sim, "drive", 1.0, 2.0);
  Run(sim, "walk", 0.2, 0.1);
  // Still rolling at about 1 m/s: it brakes first and says so.
  EXPECT_EQ(sim.controller().active_behavior(), "drive");
  EXPECT_NE(sim.controller().refusal().find("waits: braking"), std::string::npos) << sim.controller().refusal();
  sim.StepFor(2.0);
  EXPECT_EQ(sim.controller().active_behavior(), "walk");
  const double x0 = sim.state().base_pos_world.x();
  sim.StepFor(2.0);
  EXPECT_GT(sim.state().base_pos_world.x() - x0, 0.2) << "walks forward on locked wheels";
  Run(sim, "drive", 0.5, 3.0);
  EXPECT_TRUE(Controller(sim).driving());
  EXPECT_GT(sim.state().base_linvel_world.x(), 0.3);
}

TEST_F(WheelLeggedTest, RefusesWhatItCannotDo) {
  Simulation sim(Options());
  Run(sim, "drive", 0.0, 0.2);
  Run(sim, "recover", 0.0, 0.01);
  EXPECT_NE(sim.controller().refusal().find("recover refused"), std::string::npos);
  Run(sim, "backflip", 0.0, 0.01);
  EXPECT_NE(sim.controller().refusal().find("unknown behaviour 'backflip'"), std::string::npos);
}

TEST_F(WheelLeggedTest, RefusesARobotWithoutWheels) {
  SimulationOptions options = Options();
  options.robot = "quadruped";
  options.controller = "stand";
  Simulation quadruped(options);
  WheelLeggedController controller;
  try {
    controller.Reset(quadruped.world().info(), quadruped.state());
    FAIL() << "reset on a robot without wheels succeeded";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("has no wheel"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace stuntsim
