// The RobotState and Dynamics that sim/ fills agree with MuJoCo's own values.
#include <gtest/gtest.h>

#include <cmath>

#include "sim_test_util.h"
#include "stuntsim/sim/simulation.h"

namespace stuntsim {
namespace {

class StateReaderTest : public MujocoTest {
 protected:
  // A quadruped moving: pushed and stepped so velocities are non-trivial.
  void SetUp() override {
    MujocoTest::SetUp();
    sim_ = std::make_unique<Simulation>(SimulationOptions{});
    sim_->Impulse("base", Eigen::Vector3d(2.0, -1.0, 0.5));
    sim_->StepFor(0.05);
    reader_ = std::make_unique<StateReader>(sim_->world());
    data_.reset(mj_makeData(sim_->model()));
    mj_copyData(data_.get(), sim_->model(), sim_->data());
    mj_forward(sim_->model(), data_.get());
    reader_->UpdateContactForces(data_.get());
    reader_->Read(data_.get(), state_);
  }
  std::unique_ptr<Simulation> sim_;
  std::unique_ptr<StateReader> reader_;
  DataPtr data_;
  RobotState state_;
};

TEST_F(StateReaderTest, BasePoseAndVelocityMatchMujoco) {
  const mjModel* m = sim_->model();
  const mjData* d = data_.get();
  const int base = sim_->world().base_body;
  for (int k = 0; k < 3; ++k) EXPECT_DOUBLE_EQ(state_.base_pos_world[k], d->xpos[3 * base + k]);
  mjtNum vel[6];  // [angular, linear] in world frame at the body origin
  mj_objectVelocity(m, d, mjOBJ_XBODY, base, vel, 0);  // body frame origin, not its centre of mass
  EXPECT_LT((state_.base_angvel_world - Eigen::Vector3d(vel[0], vel[1], vel[2])).norm(), 1e-9);
  EXPECT_LT((state_.base_linvel_world - Eigen::Vector3d(vel[3], vel[4], vel[5])).norm(), 1e-9);
  EXPECT_GT(state_.base_linvel_world.norm(), 0.05) << "the push should have made the base move";
  EXPECT_LT((state_.base_rot_world * state_.base_linvel_body - state_.base_linvel_world).norm(), 1e-12);
  // The IMU sits on the base: its gyro equals the base angular velocity in the base frame.
  EXPECT_LT((state_.imu.gyro - state_.base_angvel_body).norm(), 1e-9);
  EXPECT_LT(state_.imu.orientation.angularDistance(state_.base_quat_world), 1e-9);
}

TEST_F(StateReaderTest, JointsMatchQposAndQvel) {
  const mjData* d = data_.get();
  const World& w = sim_->world();
  ASSERT_EQ(state_.joint_q.size(), w.info().nj());
  for (int j = 0; j < w.info().nj(); ++j) {
    EXPECT_DOUBLE_EQ(state_.joint_q[j], d->qpos[w.joints[j].qpos_adr]);
    EXPECT_DOUBLE_EQ(state_.joint_dq[j], d->qvel[w.joints[j].dof_adr]);
  }
}

TEST_F(StateReaderTest, FootJacobiansGiveSiteVelocities) {
  const mjModel* m = sim_->model();
  const mjData* d = data_.get();
  for (size_t f = 0; f < state_.feet.size(); ++f) {
    const EndEffectorState& foot = state_.feet[f];
    mjtNum vel[6];
    mj_objectVelocity(m, d, mjOBJ_SITE, sim_->world().feet[f].site, vel, 0);
    EXPECT_LT((foot.linvel_world - Eigen::Vector3d(vel[3], vel[4], vel[5])).norm(), 1e-9);
    EXPECT_LT((foot.jacobian.bottomRows(3) * state_.qvel - Eigen::Vector3d(vel[0], vel[1], vel[2])).norm(), 1e-9);
    // Position relative to the base in the base frame, from the world positions.
    const Eigen::Vector3d rel = state_.base_rot_world.transpose() * (foot.pos_world - state_.base_pos_world);
    EXPECT_LT((foot.pos_base - rel).norm(), 1e-12);
  }
}

TEST_F(StateReaderTest, JacobianMatchesFiniteDifferenceOfFootPosition) {
  // Move the joints along a direction for a tiny time and compare the foot displacement.
  const mjModel* m = sim_->model();
  DataPtr moved(mj_makeData(m));
  mj_copyData(moved.get(), m, data_.get());
  Eigen::VectorXd v = Eigen::VectorXd::LinSpaced(m->nv, -1.0, 1.0);
  const double h = 1e-6;
  mj_integratePos(m, moved->qpos, v.data(), h);
  mj_kinematics(m, moved.get());
  for (size_t f = 0; f < state_.feet.size(); ++f) {
    const int site = sim_->world().feet[f].site;
    const Eigen::Vector3d fd = (Eigen::Map<const Eigen::Vector3d>(moved->site_xpos + 3 * site) -
                                state_.feet[f].pos_world) / h;
    EXPECT_LT((fd - state_.feet[f].jacobian.topRows(3) * v).norm(), 1e-4);
  }
}

TEST_F(StateReaderTest, EquationsOfMotionHold) {
  // M qacc + bias = passive + actuator + applied + constraint forces (MuJoCo's own terms).
  const mjModel* m = sim_->model();
  const mjData* d = data_.get();
  const Eigen::Map<const Eigen::VectorXd> qacc(d->qacc, m->nv);
  Eigen::VectorXd rhs(m->nv);
  for (int i = 0; i < m->nv; ++i) {
    rhs[i] = d->qfrc_passive[i] + d->qfrc_actuator[i] + d->qfrc_applied[i] + d->qfrc_constraint[i];
  }
  const Eigen::VectorXd lhs = state_.dynamics.mass_matrix * qacc + state_.dynamics.bias;
  EXPECT_LT((lhs - rhs).norm(), 1e-6 * (1 + rhs.norm()));
  EXPECT_LT((state_.dynamics.mass_matrix - state_.dynamics.mass_matrix.transpose()).norm(), 1e-12);
}

TEST_F(StateReaderTest, CentreOfMassMatchesMujoco) {
  const mjData* d = data_.get();
  const int base = sim_->world().base_body;
  EXPECT_LT((state_.dynamics.com_pos_world - Eigen::Map<const Eigen::Vector3d>(d->subtree_com + 3 * base)).norm(), 1e-12);
  // MuJoCo's own centre-of-mass velocity of the robot's subtree.
  mjData* dd = data_.get();
  mj_subtreeVel(sim_->model(), dd);
  const Eigen::Map<const Eigen::Vector3d> com_vel(dd->subtree_linvel + 3 * base);
  EXPECT_LT((state_.dynamics.com_vel_world - com_vel).norm(), 1e-9);
}

TEST(StandingContactForces, CarryTheRobotsWeight) {
  Simulation sim(SimulationOptions{});
  sim.StepFor(2.0);
  Eigen::Vector3d total = Eigen::Vector3d::Zero();
  int in_contact = 0;
  for (const EndEffectorState& foot : sim.state().feet) {
    total += foot.contact_force_world;
    in_contact += foot.contact;
  }
  const double weight = sim.world().info().mass * 9.81;
  EXPECT_EQ(in_contact, 4);
  EXPECT_NEAR(total.z(), weight, 0.03 * weight);
  EXPECT_LT(total.head<2>().norm(), 0.05 * weight);
}

}  // namespace
}  // namespace stuntsim
