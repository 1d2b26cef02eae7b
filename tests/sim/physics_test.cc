// The impedance law, spawning on terrain, determinism, divergence and standing.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "sim_test_util.h"
#include "stuntsim/sim/errors.h"
#include "stuntsim/sim/impedance.h"
#include "stuntsim/sim/simulation.h"
#include "stuntsim/sim/terrain.h"

namespace stuntsim {
namespace {

class PhysicsTest : public MujocoTest {};

TEST_F(PhysicsTest, ImpedanceLawAndClamping) {
  Simulation sim(SimulationOptions{});
  const World& w = sim.world();
  const int nj = w.info().nj();
  DataPtr d(mj_makeData(sim.model()));
  mj_copyData(d.get(), sim.model(), sim.data());
  JointCommand c;
  c.Resize(nj);
  for (int j = 0; j < nj; ++j) {
    c.q_des[j] = d->qpos[w.joints[j].qpos_adr] + 0.01 * (j + 1);
    c.dq_des[j] = 0.5;
    c.kp[j] = 10;
    c.kd[j] = 0.2;
    c.tau_ff[j] = j % 2 ? 1.0 : -1.0;
  }
  d->qvel[w.joints[0].dof_adr] = 0.3;
  Eigen::VectorXd tau(nj);
  ApplyJointCommand(w, c, d.get(), tau);
  for (int j = 0; j < nj; ++j) {
    const double dq = d->qvel[w.joints[j].dof_adr];
    const double expected = c.tau_ff[j] + 10 * 0.01 * (j + 1) + 0.2 * (0.5 - dq);
    EXPECT_NEAR(tau[j], expected, 1e-12) << w.info().joints[j].name;
    EXPECT_DOUBLE_EQ(d->ctrl[w.joints[j].actuator], tau[j]);
  }
  // A command beyond the limit is clamped to it, both ways.
  c.tau_ff.setConstant(1e4);
  ApplyJointCommand(w, c, d.get(), tau);
  for (int j = 0; j < nj; ++j) EXPECT_DOUBLE_EQ(tau[j], w.info().joints[j].tau_max);
  c.tau_ff.setConstant(-1e4);
  ApplyJointCommand(w, c, d.get(), tau);
  for (int j = 0; j < nj; ++j) EXPECT_DOUBLE_EQ(tau[j], -w.info().joints[j].tau_max);
}

TEST_F(PhysicsTest, TorqueFallsWithSpeedOnTheMotorLine) {
  Simulation sim(SimulationOptions{});
  const World& w = sim.world();
  DataPtr d(mj_makeData(sim.model()));
  mj_copyData(d.get(), sim.model(), sim.data());
  JointCommand c;
  c.Resize(w.info().nj());
  c.tau_ff.setConstant(1e4);
  const int calf = 2;
  const MotorLimits& motor = w.info().joints[calf].motor;
  d->qvel[w.joints[calf].dof_adr] = 14.0;  // between the knee (10.99) and no-load (15.7) speed
  Eigen::VectorXd tau(w.info().nj());
  EXPECT_TRUE(ApplyJointCommand(w, c, d.get(), tau));
  EXPECT_NEAR(tau[calf], motor.peak_torque * (motor.max_speed - 14.0) / (motor.max_speed - motor.knee_speed), 1e-9);
  c.tau_ff.setConstant(-1e4);  // braking against the motion: the full peak
  ApplyJointCommand(w, c, d.get(), tau);
  EXPECT_DOUBLE_EQ(tau[calf], -motor.peak_torque);
  c.tau_ff.setConstant(1e4);  // the ideal actuator ignores the speed
  ApplyJointCommand(w, c, d.get(), tau, ActuatorModel::kIdeal);
  EXPECT_DOUBLE_EQ(tau[calf], motor.peak_torque);
  c.tau_ff.setZero();
  EXPECT_FALSE(ApplyJointCommand(w, c, d.get(), tau));
}

// A thigh driven at full torque, the robot high in the air: it spins up to its motor's no-load
// speed and no further, and its stop holds it. The ideal clamp lets it run faster.
TEST_F(PhysicsTest, AJointDrivenFlatOutStaysWithinItsMotorAndItsStop) {
  Simulation sim(SimulationOptions{});
  const World& w = sim.world();
  const int thigh = 1;
  const JointInfo& joint = w.info().joints[thigh];
  auto spin = [&](ActuatorModel model, double* peak_speed, double* overshoot) {
    DataPtr d(mj_makeData(sim.model()));
    mj_copyData(d.get(), sim.model(), sim.data());
    d->qpos[w.base_qpos_adr + 2] = 3.0;
    JointCommand c;
    c.Resize(w.info().nj());
    c.tau_ff[thigh] = 1e4;
    Eigen::VectorXd tau(w.info().nj());
    *peak_speed = *overshoot = 0;
    for (int i = 0; i < 250; ++i) {
      mj_step1(sim.model(), d.get());
      ApplyJointCommand(w, c, d.get(), tau, model);
      mj_step2(sim.model(), d.get());
      *peak_speed = std::max(*peak_speed, std::abs(d->qvel[w.joints[thigh].dof_adr]));
      *overshoot = std::max(*overshoot, d->qpos[w.joints[thigh].qpos_adr] - joint.q_max);
    }
  };
  double speed = 0, overshoot = 0;
  spin(ActuatorModel::kEnvelope, &speed, &overshoot);
  EXPECT_GT(speed, 0.8 * joint.motor.max_speed) << "the thigh should get close to its no-load speed";
  EXPECT_LE(speed, joint.motor.max_speed * 1.001);
  EXPECT_LE(overshoot, 0.05) << "the joint stop must hold";
  spin(ActuatorModel::kIdeal, &speed, &overshoot);
  EXPECT_GT(speed, 1.1 * joint.motor.max_speed) << "the ideal clamp has no speed limit";
}

TEST_F(PhysicsTest, TheFeetGetTheTerrainsFriction) {
  for (double friction : {0.4, 1.2}) {
    SimulationOptions options;
    options.terrain.friction = friction;
    for (double scale : {0.0, 0.1}) {
      options.perturbation = Perturbation{};
      options.perturbation.friction = scale;
      options.perturbation.seed = 3;
      Simulation sim(options);
      sim.StepFor(0.1);
      const double expected = friction * sim.world().perturbation().friction_scale;
      if (scale > 0) {
        EXPECT_NE(sim.world().perturbation().friction_scale, 1.0);
      }
      int foot_contacts = 0;
      for (int i = 0; i < sim.data()->ncon; ++i) {
        const mjContact& con = sim.data()->contact[i];
        if (sim.world().FootOfGeom(con.geom1) < 0 && sim.world().FootOfGeom(con.geom2) < 0) continue;
        ++foot_contacts;
        EXPECT_NEAR(con.friction[0], expected, 1e-12) << "terrain friction " << friction;
      }
      EXPECT_EQ(foot_contacts, 4);
    }
  }
}

TEST_F(PhysicsTest, NonFiniteCommandIsRejectedNamingTheJoint) {
  Simulation sim(SimulationOptions{});
  JointCommand c;
  c.Resize(sim.world().info().nj());
  c.tau_ff[2] = NAN;
  try {
    ValidateJointCommand(sim.world().info(), c, "test", 0.0);
    FAIL() << "expected SimulationError";
  } catch (const SimulationError& e) {
    EXPECT_NE(std::string(e.what()).find("non-finite tau_ff for joint " + sim.world().info().joints[2].name),
              std::string::npos) << e.what();
  }
}

struct SpawnCase {
  std::string terrain;
  double x, y;
};
void PrintTo(const SpawnCase& c, std::ostream* os) { *os << c.terrain << " at (" << c.x << ", " << c.y << ")"; }

class SpawnTest : public MujocoTest, public ::testing::WithParamInterface<SpawnCase> {};

TEST_P(SpawnTest, RobotRestsOnTheSurfaceNotInIt) {
  const SpawnCase& c = GetParam();
  for (const char* robot : kRobots) {
    SimulationOptions options;
    options.robot = robot;
    options.terrain.kind = c.terrain;
    options.terrain.seed = 7;
    options.x = c.x;
    options.y = c.y;
    Simulation sim(options);
    const mjData* d = sim.data();
    double deepest = 0, lowest_foot_gap = INFINITY;
    for (int i = 0; i < d->ncon; ++i) deepest = std::min(deepest, d->contact[i].dist);
    for (const EndEffectorState& foot : sim.state().feet) {
      const double ground = sim.world().terrain().HeightAt(foot.pos_world.x(), foot.pos_world.y());
      lowest_foot_gap = std::min(lowest_foot_gap, foot.pos_world.z() - ground);
    }
    EXPECT_GT(deepest, -0.0015) << robot << " penetrates the " << c.terrain;
    // The lowest foot is close to the ground (not dropped from high above): the foot site
    // sits at most a wheel radius (0.09 m) plus 3 cm above the surface.
    EXPECT_LT(lowest_foot_gap, 0.12) << robot << " floats above the " << c.terrain;
  }
}

INSTANTIATE_TEST_SUITE_P(Terrains, SpawnTest,
                         ::testing::Values(SpawnCase{"flat", 0, 0}, SpawnCase{"slope", 2.0, 0},
                                           SpawnCase{"slope", 4.5, 0.5}, SpawnCase{"stairs", 1.45, 0},
                                           SpawnCase{"hills", 3.0, -2.0}, SpawnCase{"hills", -4, 5}),
                         [](const auto& info) {
                           return info.param.terrain + std::to_string(info.index);
                         });

TEST_F(PhysicsTest, SameInputsGiveBitIdenticalTrajectories) {
  SimulationOptions options;
  options.terrain.kind = "hills";
  options.terrain.seed = 3;
  uint64_t hashes[2];
  for (uint64_t& hash : hashes) {
    Simulation sim(options);
    sim.StepFor(0.5);
    sim.Impulse("base", Eigen::Vector3d(0, 3, 0));
    sim.StepFor(1.0);
    hash = sim.StateHash();
  }
  EXPECT_EQ(hashes[0], hashes[1]);
  // A different push gives a different trajectory, so the hash does discriminate.
  Simulation other(options);
  other.StepFor(0.5);
  other.Impulse("base", Eigen::Vector3d(0, 3.001, 0));
  other.StepFor(1.0);
  EXPECT_NE(other.StateHash(), hashes[0]);
}

// Hills: every floor plane that is drawn lies clearly below the heightfield's lowest point (a
// plane level with it shows through in stripes), the floor that collides is at z = 0, and
// HeightAt is the surface that rays hit, on and off the heightfield.
TEST_F(PhysicsTest, HillsFloorIsDrawnBelowTheHeightfieldAndHeightAtIsTheSurface) {
  SimulationOptions options;
  options.terrain.kind = "hills";
  Simulation sim(options);
  const mjModel* m = sim.model();
  DataPtr copy(mj_makeData(m));
  mj_copyData(copy.get(), m, sim.data());
  mjData* d = copy.get();
  const int geom = mj_name2id(m, mjOBJ_GEOM, "terrain_hills");
  ASSERT_GE(geom, 0);
  const int h = m->geom_dataid[geom];
  const float* data = m->hfield_data + m->hfield_adr[h];
  const double lowest = d->geom_xpos[3 * geom + 2] +
                        *std::min_element(data, data + m->hfield_nrow[h] * m->hfield_ncol[h]) * m->hfield_size[4 * h + 2];

  mjvScene scene;
  mjvOption option;
  mjvCamera camera;
  mjvPerturb perturb;
  mjv_defaultScene(&scene);
  mjv_defaultOption(&option);
  mjv_defaultCamera(&camera);
  mjv_defaultPerturb(&perturb);
  mjv_makeScene(m, &scene, 2000);
  mjv_updateScene(m, d, &option, &perturb, &camera, mjCAT_ALL, &scene);
  int planes = 0, hfields = 0;
  for (int i = 0; i < scene.ngeom; ++i) {
    if (scene.geoms[i].type == mjGEOM_HFIELD) ++hfields;
    if (scene.geoms[i].type != mjGEOM_PLANE) continue;
    ++planes;
    EXPECT_LT(scene.geoms[i].pos[2], lowest - 0.01) << "a drawn floor at z = " << scene.geoms[i].pos[2];
  }
  mjv_freeScene(&scene);
  EXPECT_EQ(planes, 1);
  EXPECT_EQ(hfields, 1);
  for (int g = 0; g < m->ngeom; ++g) {
    if (m->geom_type[g] == mjGEOM_PLANE && m->geom_conaffinity[g]) {
      EXPECT_EQ(d->geom_xpos[3 * g + 2], 0.0);
    }
  }

  // Rays straight down (away from the robot at the origin): bilinear HeightAt against the
  // heightfield's two triangles a cell differ by well under 2 mm for these smooth bumps.
  const Terrain& terrain = sim.world().terrain();
  const mjtNum down[3] = {0, 0, -1};
  int checked = 0;
  for (double x = -13.3; x < 13.5; x += 0.77) {
    for (double y = -13.1; y < 13.5; y += 0.83) {
      if (std::hypot(x, y) < 1.0) continue;
      const mjtNum from[3] = {x, y, 1.0};
      int hit = -1;
      const mjtNum dist = mj_ray(m, d, from, down, nullptr, 1, -1, &hit);
      ASSERT_GE(hit, 0) << x << " " << y;
      EXPECT_NEAR(1.0 - dist, terrain.HeightAt(x, y), 2e-3) << "at " << x << " " << y;
      ++checked;
    }
  }
  EXPECT_GT(checked, 1000);
}

TEST_F(PhysicsTest, ResetRestoresTheStartState) {
  Simulation sim(SimulationOptions{});
  const uint64_t start = sim.StateHash();
  sim.Impulse("base", Eigen::Vector3d(5, 0, 0));
  sim.StepFor(0.5);
  EXPECT_NE(sim.StateHash(), start);
  sim.Reset();
  EXPECT_EQ(sim.StateHash(), start);
}

TEST(Divergence, HugePushIsReportedNotIgnored) {
  Simulation sim(SimulationOptions{});
  sim.Impulse("base", Eigen::Vector3d(1e6, 0, 0));
  EXPECT_THROW(sim.StepFor(0.1), SimulationError);
}

TEST(Divergence, UnknownBodyForAPushIsAnInputError) {
  Simulation sim(SimulationOptions{});
  EXPECT_THROW(sim.Impulse("bsae", Eigen::Vector3d(1, 0, 0)), InputError);
}

class StandTest : public MujocoTest, public ::testing::WithParamInterface<const char*> {};

TEST_P(StandTest, StandsTenSecondsAtItsHeight) {
  SimulationOptions options;
  options.robot = GetParam();
  options.controller = "stand";
  Simulation sim(options);
  const double nominal = sim.world().info().home_base_height;
  double worst = 0;
  bool touched = false;
  while (sim.time() < 10.0 - 1e-9) {
    sim.Step();
    worst = std::max(worst, std::abs(sim.state().base_pos_world.z() - nominal));
    touched |= sim.NonFootGroundContact();
  }
  EXPECT_NEAR(sim.time(), 10.0, 1e-6);
  EXPECT_LT(worst, 0.02) << "base height left nominal " << nominal << " m by " << worst << " m";
  EXPECT_FALSE(touched) << "a body other than the feet touched the ground";
}

INSTANTIATE_TEST_SUITE_P(Robots, StandTest, ::testing::ValuesIn(kRobots));

}  // namespace
}  // namespace stuntsim
