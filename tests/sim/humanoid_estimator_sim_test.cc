// The humanoid's state estimator in the loop (humanoid_wbc): standing, then walking at 0.5 m/s,
// its base and centre-of-mass estimate against the simulator's truth, with clean and noisy
// sensors. Measured when written (printed by the test), clean / noisy: standing 3 s, velocity
// rms 0.001 / 0.011 m/s (max 0.020 / 0.029), drift 3 mm; walking 8 s (about 4 m), velocity rms
// 0.007 / 0.013 m/s (max 0.019 / 0.036), CoM velocity rms 0.007 / 0.012 m/s, horizontal drift
// 2 / 5 mm, vertical 8 / 6 mm. The thresholds leave 2-3x of margin (the walking is being retuned).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "sim_test_util.h"
#include "stuntsim/controllers/humanoid/humanoid_controller.h"
#include "stuntsim/sim/simulation.h"

namespace stuntsim {
namespace {

struct PhaseErrors {
  double rms_vel = 0, max_vel = 0, rms_com_vel = 0, drift_xy = 0, drift_z = 0;
};

class HumanoidEstimatorSim : public MujocoTest {
 protected:
  // Runs `seconds` of `command`, comparing the controller's view with the truth at every tick.
  // Drift: change of (estimate - truth) in base position over the phase.
  PhaseErrors RunPhase(Simulation& sim, const OperatorCommand& command, double seconds) {
    sim.set_command(command);
    const auto& hc = dynamic_cast<const HumanoidController&>(sim.controller());
    auto offset = [&] { return Eigen::Vector3d(hc.estimator().view().base_pos_world - sim.state().base_pos_world); };
    const Eigen::Vector3d start = offset();
    PhaseErrors e;
    double sum_v = 0, sum_c = 0, last_time = -1;
    int n = 0;
    const int64_t steps = std::llround(seconds / sim.timestep());
    for (int64_t i = 0; i < steps; ++i) {
      sim.Step();
      if (sim.state().time == last_time) continue;  // no control tick this step
      last_time = sim.state().time;
      const RobotState& view = hc.estimator().view();
      const RobotState& truth = sim.state();
      const double ev = (view.base_linvel_world - truth.base_linvel_world).norm();
      const double ec = (view.dynamics.com_vel_world - truth.dynamics.com_vel_world).norm();
      sum_v += ev * ev;
      sum_c += ec * ec;
      e.max_vel = std::max(e.max_vel, ev);
      ++n;
    }
    e.rms_vel = std::sqrt(sum_v / n);
    e.rms_com_vel = std::sqrt(sum_c / n);
    const Eigen::Vector3d drift = offset() - start;
    e.drift_xy = drift.head<2>().norm();
    e.drift_z = std::abs(drift.z());
    EXPECT_NE(hc.active_behavior(), "fallen");
    return e;
  }

  void Print(const char* what, const PhaseErrors& e) {
    std::printf("%-22s velocity rms %.3f max %.3f m/s, CoM velocity rms %.3f m/s, drift xy %.3f z %.3f m\n", what,
                e.rms_vel, e.max_vel, e.rms_com_vel, e.drift_xy, e.drift_z);
  }

  void StandThenWalk(const Perturbation& perturbation, const char* label) {
    SimulationOptions options;
    options.robot = "humanoid";
    options.controller = "humanoid_wbc";
    options.perturbation = perturbation;
    Simulation sim(options);
    OperatorCommand stand;
    stand.behavior = "stand";
    const PhaseErrors s = RunPhase(sim, stand, 3.0);
    Print((std::string(label) + " stand 3 s").c_str(), s);
    EXPECT_LT(s.rms_vel, 0.025);
    EXPECT_LT(s.max_vel, 0.06);
    EXPECT_LT(s.drift_xy, 0.01);
    EXPECT_LT(s.drift_z, 0.005);
    OperatorCommand walk;
    walk.behavior = "walk";
    walk.vx = 0.5;
    const PhaseErrors w = RunPhase(sim, walk, 8.0);
    Print((std::string(label) + " walk 0.5 m/s 8 s").c_str(), w);
    EXPECT_LT(w.rms_vel, 0.03);
    EXPECT_LT(w.max_vel, 0.08);
    EXPECT_LT(w.rms_com_vel, 0.03);
    EXPECT_LT(w.drift_xy, 0.02) << "over about 4 m walked";
    EXPECT_LT(w.drift_z, 0.025);
    const auto& hc = dynamic_cast<const HumanoidController&>(sim.controller());
    EXPECT_EQ(hc.active_behavior(), "walk");
    EXPECT_GT(sim.state().base_pos_world.x(), 2.5) << "it walked";
  }
};

TEST_F(HumanoidEstimatorSim, CleanSensors) { StandThenWalk(Perturbation(), "clean"); }

TEST_F(HumanoidEstimatorSim, NoisySensors) {
  Perturbation noise;  // the standard sensor noise alone (no model error, no latency)
  const Perturbation standard = Perturbation::Standard(3);
  noise.seed = 3;
  noise.gyro_noise = standard.gyro_noise;
  noise.accel_noise = standard.accel_noise;
  noise.joint_pos_noise = standard.joint_pos_noise;
  noise.joint_vel_noise = standard.joint_vel_noise;
  StandThenWalk(noise, "noisy");
}

}  // namespace
}  // namespace stuntsim
