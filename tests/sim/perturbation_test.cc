// Seeded perturbations in the simulation (sim/include/stuntsim/sim/perturbation.h): determinism
// per seed, the model edits really made, noise only in what the controller sees, latency.

#include <algorithm>
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "sim_test_util.h"
#include "stuntsim/sim/simulation.h"

namespace stuntsim {
namespace {

class PerturbationSimTest : public MujocoTest {};

SimulationOptions Options(const Perturbation& p, const std::string& robot = "quadruped",
                          const std::string& controller = "quadruped_mpc") {
  SimulationOptions o;
  o.robot = robot;
  o.controller = controller;
  o.perturbation = p;
  return o;
}

uint64_t HashAfter(const SimulationOptions& options, double seconds) {
  Simulation sim(options);
  sim.StepFor(seconds);
  return sim.StateHash();
}

TEST_F(PerturbationSimTest, SameSeedSameRunDifferentSeedDifferentRun) {
  const uint64_t a = HashAfter(Options(Perturbation::Standard(7)), 0.5);
  EXPECT_EQ(a, HashAfter(Options(Perturbation::Standard(7)), 0.5));
  EXPECT_NE(a, HashAfter(Options(Perturbation::Standard(8)), 0.5));
  EXPECT_NE(a, HashAfter(Options(Perturbation()), 0.5));
}

TEST_F(PerturbationSimTest, ResetReplaysTheSameNoise) {
  Simulation sim(Options(Perturbation::Standard(3)));
  sim.StepFor(0.3);
  const uint64_t first = sim.StateHash();
  sim.Reset();
  sim.StepFor(0.3);
  EXPECT_EQ(sim.StateHash(), first);
}

TEST_F(PerturbationSimTest, AllZeroIsTheUnperturbedSimulation) {
  Perturbation zero;
  zero.seed = 12345;  // a seed alone changes nothing
  for (const char* robot : kRobots) {
    SCOPED_TRACE(robot);
    EXPECT_EQ(HashAfter(Options(zero, robot, "stand"), 0.4), HashAfter(Options(Perturbation(), robot, "stand"), 0.4));
  }
  EXPECT_EQ(HashAfter(Options(zero), 0.4), HashAfter(Options(Perturbation()), 0.4));
}

TEST_F(PerturbationSimTest, MassAndFrictionScaleTheModelByTheDrawnFactors) {
  Perturbation p;
  p.seed = 5;
  p.mass = 0.1;
  p.friction = 0.1;
  Simulation nominal(Options(Perturbation()));
  Simulation perturbed(Options(p));
  const mjModel* m0 = nominal.model();
  const mjModel* m = perturbed.model();
  ASSERT_NE(m0, m);  // each simulation owns its model
  const PerturbationDraw& draw = perturbed.world().perturbation();
  ASSERT_EQ(static_cast<int>(draw.body_mass_scale.size()), m->nbody);
  const int base = perturbed.world().base_body;
  double total0 = 0, total = 0, expected = 0;
  int changed = 0;
  for (int b = 1; b < m->nbody; ++b) {
    if (m->body_rootid[b] != base) {
      EXPECT_EQ(draw.body_mass_scale[b], 1.0);
      EXPECT_EQ(m->body_mass[b], m0->body_mass[b]);
      continue;
    }
    const double s = draw.body_mass_scale[b];
    EXPECT_GE(s, 0.9);
    EXPECT_LE(s, 1.1);
    changed += s != 1.0;
    total0 += m0->body_mass[b];
    total += m->body_mass[b];
    expected += s * m0->body_mass[b];
    EXPECT_DOUBLE_EQ(m->body_inertia[3 * b], s * m0->body_inertia[3 * b]);
  }
  EXPECT_GT(changed, 4);  // per body, not one factor
  EXPECT_NEAR(total, expected, 1e-12);
  EXPECT_GT(std::abs(total - total0), 1e-6);
  EXPECT_NEAR(m->body_subtreemass[base], total, 1e-9);  // derived constants recomputed
  // What the controller is told stays nominal.
  EXPECT_DOUBLE_EQ(perturbed.world().info().mass, nominal.world().info().mass);

  EXPECT_GE(draw.friction_scale, 0.9);
  EXPECT_LE(draw.friction_scale, 1.1);
  EXPECT_NE(draw.friction_scale, 1.0);
  for (int i = 0; i < 3 * m->ngeom; ++i) EXPECT_DOUBLE_EQ(m->geom_friction[i], draw.friction_scale * m0->geom_friction[i]);

  // The same seed draws the same model.
  Simulation again(Options(p));
  for (int b = 0; b < m->nbody; ++b) EXPECT_EQ(again.model()->body_mass[b], m->body_mass[b]);
}

TEST_F(PerturbationSimTest, NoiseReachesOnlyWhatTheControllerSees) {
  Perturbation p;
  p.seed = 11;
  p.joint_pos_noise = 0.01;
  p.gyro_noise = 0.02;
  Simulation sim(Options(p));
  double sum_sq = 0, gyro_sq = 0;
  int n = 0, gyro_n = 0;
  for (int k = 0; k < 200; ++k) {
    sim.Step();
    const RobotState& truth = sim.state();
    const RobotState& seen = sim.sensed_state();
    for (int j = 0; j < truth.joint_q.size(); ++j, ++n) sum_sq += std::pow(seen.joint_q[j] - truth.joint_q[j], 2);
    for (int i = 0; i < 3; ++i, ++gyro_n) gyro_sq += std::pow(seen.imu.gyro[i] - truth.imu.gyro[i], 2);
    EXPECT_EQ(seen.joint_dq, truth.joint_dq);  // velocity noise is off
    EXPECT_EQ(seen.base_pos_world, truth.base_pos_world);
  }
  EXPECT_NEAR(std::sqrt(sum_sq / n), 0.01, 0.001);  // 2400 samples: about 1.5 % standard error
  EXPECT_NEAR(std::sqrt(gyro_sq / gyro_n), 0.02, 0.003);
}

double YawOf(const Eigen::Quaterniond& q) {
  const Eigen::Matrix3d r = q.toRotationMatrix();
  return std::atan2(r(1, 0), r(0, 0));
}

// Standing still: the IMU's filtered orientation drifts in yaw at about the drawn gyro bias
// (nothing observes yaw), while roll and pitch stay near the truth (gravity corrects them).
TEST_F(PerturbationSimTest, TheImuOrientationDriftsInYawWithTheGyroBias) {
  Perturbation p;
  p.seed = 5;
  p.gyro_bias = 0.01;
  Simulation sim(Options(p, "quadruped", "stand"));
  sim.StepFor(0.02);
  const RobotState& seen = sim.sensed_state();
  const Eigen::Vector3d bias = seen.imu.gyro - sim.state().imu.gyro;  // constant: the bias
  EXPECT_GT(bias.norm(), 0.0);
  sim.StepFor(4.0);
  const RobotState& truth = sim.state();
  const double yaw_error = YawOf(seen.imu.orientation) - YawOf(truth.imu.orientation);
  const Eigen::Vector3d up_seen = seen.imu.orientation.conjugate() * Eigen::Vector3d::UnitZ();
  const Eigen::Vector3d up_true = truth.imu.orientation.conjugate() * Eigen::Vector3d::UnitZ();
  EXPECT_NEAR(yaw_error, bias.z() * 4.02, 0.2 * std::abs(bias.z()) * 4.02 + 1e-3) << "yaw integrates the bias";
  // Roll and pitch: the filter settles where its correction cancels the bias, |bias| / gain.
  EXPECT_LT(std::acos(std::min(1.0, up_seen.dot(up_true))), 1.5 * bias.head<2>().norm() / ImuAttitudeFilter::kGain + 1e-3);
  EXPECT_EQ(truth.imu.orientation.coeffs(), sim.state().imu.orientation.coeffs());  // the truth stays true
}

// Trotting with touch-downs 0-3 ticks late: every reported contact starts no earlier than the
// true one, some start later, and a reported contact never outlasts the true one.
TEST_F(PerturbationSimTest, TouchDownsAreReportedLateNeverEarly) {
  Perturbation p;
  p.seed = 9;
  p.contact_delay_ticks = 3;
  Simulation sim(Options(p));
  OperatorCommand command;
  command.behavior = "trot";
  command.vx = 0.5;
  sim.set_command(command);
  int late_ticks = 0, early_ticks = 0, contact_ticks = 0;
  for (int k = 0; k < 1500; ++k) {
    sim.Step();
    for (size_t f = 0; f < sim.state().feet.size(); ++f) {
      const bool truth = sim.state().feet[f].contact, seen = sim.sensed_state().feet[f].contact;
      contact_ticks += truth;
      late_ticks += truth && !seen;
      early_ticks += seen && !truth;
      if (!seen) EXPECT_EQ(sim.sensed_state().feet[f].contact_force_world, Eigen::Vector3d::Zero());
    }
  }
  EXPECT_EQ(early_ticks, 0);
  EXPECT_GT(late_ticks, 0);
  // About 1.5 ticks late on average per touch-down: a few percent of the contact ticks.
  EXPECT_LT(late_ticks, contact_ticks / 10);
}

TEST_F(PerturbationSimTest, LatencyDelaysTheAppliedCommandByItsTicks) {
  for (int ticks : {1, 3}) {
    SCOPED_TRACE(ticks);
    Perturbation p;
    p.latency_min_ticks = p.latency_max_ticks = ticks;
    Simulation sim(Options(p, "quadruped", "stand"));  // rises smoothly: a new command every tick
    ASSERT_EQ(sim.world().perturbation().latency_ticks, ticks);
    std::vector<Eigen::VectorXd> computed;
    for (int k = 0; k < 40; ++k) {
      sim.Step();
      computed.push_back(sim.joint_command().q_des);
      const Eigen::VectorXd& applied = sim.applied_command().q_des;
      EXPECT_EQ(applied, computed[std::max(k - ticks, 0)]) << "tick " << k;
      if (k >= ticks && computed[k] != computed[k - ticks]) {
        EXPECT_NE(applied, computed[k]);
      }
      // The torque applied follows the delayed command.
      const JointCommand& c = sim.applied_command();
      const int j = 0;
      const double q = sim.state().joint_q[j], dq = sim.state().joint_dq[j];
      const double raw = c.tau_ff[j] + c.kp[j] * (c.q_des[j] - q) + c.kd[j] * (c.dq_des[j] - dq);
      const double limit = sim.world().info().joints[j].tau_max;
      EXPECT_NEAR(sim.applied_torque()[j], std::clamp(raw, -limit, limit), 1e-9);
    }
  }
}

TEST_F(PerturbationSimTest, BadPerturbationIsAnInputError) {
  Perturbation p;
  p.mass = 1.5;
  try {
    Simulation sim(Options(p));
    FAIL() << "expected an InputError";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("perturb.mass"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace stuntsim
