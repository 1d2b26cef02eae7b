// WholeBodyQp on a model whose dynamics are known in closed form: a floating rigid body (mass m,
// inertia I, centre of mass at the base origin) with four end effectors (two feet, two hands),
// each foot carried by six massless joints whose velocities add directly to the foot's twist
// (unit Jacobian columns), plus one waist joint. M, bias forces and every Jacobian are then
// exact, so the QP's physics can be checked: contact forces carry the weight, the torques satisfy
// the full equations of motion, tasks are met, the wrench cone holds, and repeated solves do not
// allocate.
#include <gtest/gtest.h>

#include <Eigen/Geometry>
#include <cmath>
#include <cstdlib>

#include "allocation_counter.h"
#include "stuntsim/controllers/humanoid/humanoid_controller.h"
#include "stuntsim/controllers/humanoid/task_space.h"
#include "stuntsim/controllers/humanoid/whole_body_qp.h"


namespace stuntsim {
namespace {

constexpr double kMass = 30.0;
constexpr int kLegJoints = 6;
constexpr int kJoints = 2 * kLegJoints + 1;  // two legs and a waist
constexpr int kNv = 6 + kJoints;

Eigen::Matrix3d Skew(const Eigen::Vector3d& v) {
  Eigen::Matrix3d s;
  s << 0, -v.z(), v.y(), v.z(), 0, -v.x(), -v.y(), v.x(), 0;
  return s;
}

RobotInfo MakeRobot() {
  RobotInfo robot;
  robot.name = "floating_box";
  robot.kind = "humanoid";
  robot.nv = kNv;
  robot.mass = kMass;
  robot.feet = {"left_foot", "right_foot"};
  robot.hands = {"left_hand", "right_hand"};
  for (int j = 0; j < kJoints; ++j) {
    JointInfo joint;
    joint.name = "j" + std::to_string(j);
    joint.dof = 6 + j;
    joint.q_min = -3;
    joint.q_max = 3;
    joint.tau_max = 500;
    joint.kp = 100;
    joint.kd = 5;
    robot.joints.push_back(joint);
  }
  for (int leg = 0; leg < 2; ++leg) {
    LegInfo info;
    info.name = leg == 0 ? "left" : "right";
    for (int j = 0; j < kLegJoints; ++j) info.joints.push_back(leg * kLegJoints + j);
    info.foot = leg;
    robot.legs.push_back(info);
  }
  return robot;
}

// 6 x nv Jacobian of a point rigidly attached to the base at `offset` (world frame) with base
// rotation `rot`: linear = v + (R w_b) x r, angular = R w_b.
Eigen::MatrixXd PointJacobian(const Eigen::Matrix3d& rot, const Eigen::Vector3d& offset) {
  Eigen::MatrixXd j = Eigen::MatrixXd::Zero(6, kNv);
  j.block<3, 3>(0, 0).setIdentity();
  j.block<3, 3>(0, 3) = -Skew(offset) * rot;
  j.block<3, 3>(3, 3) = rot;
  return j;
}

// State of the floating box at rest with base rotation `rot`; feet 0.7 m below, 0.09 m to the
// sides; the soles are level (rot_world = identity).
RobotState MakeState(const Eigen::Matrix3d& rot) {
  RobotState s;
  s.time = 1.0;
  s.base_pos_world = Eigen::Vector3d(0, 0, 0.7);
  s.base_rot_world = rot;
  s.base_quat_world = Eigen::Quaterniond(rot);
  // Sensors agree with the pose (the controller's state estimator reads them): at rest.
  s.imu.orientation = s.base_quat_world;
  s.imu.accelerometer = rot.transpose() * Eigen::Vector3d(0, 0, 9.81);
  s.joint_q.setZero(kJoints);
  s.joint_dq.setZero(kJoints);
  s.joint_tau.setZero(kJoints);
  s.qvel.setZero(kNv);
  const Eigen::Matrix3d inertia = Eigen::Vector3d(1.2, 1.0, 0.4).asDiagonal();
  Dynamics& d = s.dynamics;
  d.mass_matrix.setZero(kNv, kNv);
  d.mass_matrix.block<3, 3>(0, 0) = kMass * Eigen::Matrix3d::Identity();
  d.mass_matrix.block<3, 3>(3, 3) = inertia;                             // body frame, as MuJoCo's free joint
  for (int j = 0; j < kJoints; ++j) d.mass_matrix(6 + j, 6 + j) = 0.05;  // armature only
  d.bias.setZero(kNv);
  d.bias(2) = kMass * 9.81;  // gravity on the base (M qacc + bias = forces)
  d.com_pos_world = s.base_pos_world;
  d.com_jacobian.setZero(3, kNv);
  d.com_jacobian.leftCols(3).setIdentity();
  d.base_jacobian.setZero(6, kNv);
  d.base_jacobian.block<3, 3>(0, 0).setIdentity();
  d.base_jacobian.block<3, 3>(3, 3) = rot;
  for (int k = 0; k < 2; ++k) {
    EndEffectorState foot;
    const Eigen::Vector3d offset(0.0, k == 0 ? 0.09 : -0.09, -0.7);
    foot.pos_world = s.base_pos_world + offset;
    foot.pos_base = rot.transpose() * offset;
    foot.rot_world.setIdentity();
    foot.jacobian = PointJacobian(rot, offset);
    foot.jacobian.block(0, 6 + k * kLegJoints, 6, kLegJoints).setIdentity();  // the leg's joints
    foot.contact = true;
    foot.contact_force_world = Eigen::Vector3d(0, 0, 0.5 * kMass * 9.81);
    s.feet.push_back(foot);
    EndEffectorState hand;
    const Eigen::Vector3d hand_offset(0.1, k == 0 ? 0.2 : -0.2, 0.0);
    hand.pos_world = s.base_pos_world + hand_offset;
    hand.pos_base = rot.transpose() * hand_offset;
    hand.jacobian = PointJacobian(rot, hand_offset);
    s.hands.push_back(hand);
  }
  return s;
}

class WholeBodyQpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    robot_ = MakeRobot();
    qp_.Reset(robot_);
    qp_.PrepareTargets(&targets_);
    qp_.PrepareSolution(&solution_);
    targets_.com_weight.setConstant(10);
    targets_.base_weight.setConstant(1);
    targets_.joint_weight.setConstant(1e-3);
  }

  // M qdd + h - S' tau - sum_k J_k' X_k w_k (nv): zero when the solution obeys the dynamics.
  Eigen::VectorXd DynamicsResidual(const RobotState& s) const {
    Eigen::VectorXd r = s.dynamics.mass_matrix * solution_.qdd + s.dynamics.bias;
    for (int j = 0; j < robot_.nj(); ++j) r(robot_.joints[j].dof) -= solution_.tau[j];
    for (int k = 0; k < 2; ++k) {
      Vector6d world;
      world << s.feet[k].rot_world * solution_.wrench_local[k].head<3>(),
          s.feet[k].rot_world * solution_.wrench_local[k].tail<3>();
      r -= s.feet[k].jacobian.transpose() * world;
    }
    return r;
  }

  RobotInfo robot_;
  WholeBodyQp qp_;
  WbcTargets targets_;
  WbcSolution solution_;
};

TEST_F(WholeBodyQpTest, StandingStillCarriesTheWeightWithZeroAcceleration) {
  // Regularization trades a little task error for smaller forces; make it negligible here so
  // the known answer is exact.
  WbcParams exact;
  exact.reg_qdd = exact.reg_force = exact.reg_moment = 1e-8;
  qp_.Reset(robot_, exact);
  const RobotState s = MakeState(Eigen::Matrix3d::Identity());
  ASSERT_EQ(qp_.Solve(robot_, s, targets_, &solution_), QpStatus::kSolved);
  const double fz = solution_.wrench_local[0][2] + solution_.wrench_local[1][2];
  EXPECT_NEAR(fz, kMass * 9.81, 1e-3);
  EXPECT_NEAR(solution_.wrench_local[0][2], solution_.wrench_local[1][2], 1e-3);  // symmetric
  EXPECT_LT(solution_.qdd.norm(), 1e-5);
  EXPECT_LT(DynamicsResidual(s).norm(), 1e-6);
  // Inverse dynamics at zero acceleration: each leg's joints carry their foot's wrench.
  for (int k = 0; k < 2; ++k) {
    for (int i = 0; i < kLegJoints; ++i) {
      EXPECT_NEAR(solution_.tau[k * kLegJoints + i], -solution_.wrench_local[k][i], 1e-6);
    }
  }
}

TEST_F(WholeBodyQpTest, ComAccelerationComesFromFrictionWithinTheCone) {
  const RobotState s = MakeState(Eigen::Matrix3d::Identity());
  targets_.com_acc = Eigen::Vector3d(0.8, -0.3, 0.5);
  ASSERT_EQ(qp_.Solve(robot_, s, targets_, &solution_), QpStatus::kSolved);
  // With the default regularization the task is met to a few mm/s^2, and Newton holds exactly.
  const Eigen::Vector3d achieved = s.dynamics.com_jacobian * solution_.qdd;
  EXPECT_LT((achieved - targets_.com_acc).norm(), 5e-3);
  const Eigen::Vector3d force = solution_.wrench_local[0].head<3>() + solution_.wrench_local[1].head<3>();
  EXPECT_LT((force - kMass * (achieved + Eigen::Vector3d(0, 0, 9.81))).norm(), 1e-6);
  EXPECT_LT(DynamicsResidual(s).norm(), 1e-6);
  const WbcParams& p = qp_.params();
  for (const Vector6d& w : solution_.wrench_local) {
    EXPECT_LE(std::abs(w[0]), p.friction * w[2] + 1e-6);
    EXPECT_LE(std::abs(w[1]), p.friction * w[2] + 1e-6);
    EXPECT_LE(-w[4] / w[2], p.cop_x_max + 1e-6);
    EXPECT_GE(-w[4] / w[2], p.cop_x_min - 1e-6);
    EXPECT_LE(std::abs(w[3] / w[2]), p.cop_y + 1e-6);
    EXPECT_LE(std::abs(w[5]), p.torsion * w[2] + 1e-6);
  }
}

TEST_F(WholeBodyQpTest, InfeasibleAccelerationSaturatesTheConeInsteadOfBreakingIt) {
  const RobotState s = MakeState(Eigen::Matrix3d::Identity());
  targets_.com_acc = Eigen::Vector3d(20.0, 0, 0);  // would need friction 2
  ASSERT_EQ(qp_.Solve(robot_, s, targets_, &solution_), QpStatus::kSolved);
  // The forward force 0.7 m below the CoM pitches the body back; the soles' CoP saturates at the
  // heels to balance it and the rest is traded against the pelvis orientation task, never
  // against the cone.
  const WbcParams& p = qp_.params();
  for (const Vector6d& w : solution_.wrench_local) {
    EXPECT_NEAR(-w[4] / w[2], p.cop_x_min, 1e-6);
    EXPECT_GT(w[0], 0.0);
    EXPECT_LE(w[0], p.friction * w[2] + 1e-6);
  }
  EXPECT_GT((s.dynamics.com_jacobian * solution_.qdd).x(), 0.5);
  EXPECT_LT(DynamicsResidual(s).norm(), 1e-6);
}

TEST_F(WholeBodyQpTest, FramesHoldForATiltedTurnedBaseAndASwingFoot) {
  const Eigen::Matrix3d rot = RotZyx(0.4, 0.1, -0.15);
  const RobotState s = MakeState(rot);
  targets_.stance = {true, false};
  targets_.foot_acc[1] << 0.5, 0.0, 2.0, 0.0, 0.0, 1.0;
  targets_.foot_weight[1].setConstant(10);
  targets_.base_angacc = Eigen::Vector3d(0.2, -0.1, 0.3);
  // One foot 9 cm to the side of the CoM cannot hold the CoM still (its CoP is limited to 2.5 cm):
  // leave the CoM free here so that every remaining task is feasible.
  targets_.com_weight.setZero();
  ASSERT_EQ(qp_.Solve(robot_, s, targets_, &solution_), QpStatus::kSolved);
  EXPECT_EQ(solution_.wrench_local[1].norm(), 0.0);  // no force on the swing foot
  EXPECT_LT(DynamicsResidual(s).norm(), 1e-6);
  // The stance foot does not accelerate (no drift on the first solve: Jdot qvel = 0 at rest).
  EXPECT_LT((s.feet[0].jacobian * solution_.qdd).norm(), 1e-6);
  // The swing foot and the base follow their targets (the leg joints make both feasible).
  EXPECT_LT((s.feet[1].jacobian * solution_.qdd - targets_.foot_acc[1]).norm(), 1e-3);
  EXPECT_LT((s.dynamics.base_jacobian.bottomRows(3) * solution_.qdd - targets_.base_angacc).norm(), 1e-3);
  // Newton for the free CoM: the stance foot's force (world) is m (a + g).
  const Eigen::Vector3d force = s.feet[0].rot_world * solution_.wrench_local[0].head<3>();
  const Eigen::Vector3d acc = s.dynamics.com_jacobian * solution_.qdd;
  EXPECT_LT((force - kMass * (acc + Eigen::Vector3d(0, 0, 9.81))).norm(), 1e-6);
}

TEST_F(WholeBodyQpTest, TorqueLimitsHoldAndAreRelaxedOnlyWhenInfeasible) {
  RobotInfo weak = robot_;
  for (JointInfo& j : weak.joints) j.tau_max = 200;
  qp_.Reset(weak);
  const RobotState s = MakeState(Eigen::Matrix3d::Identity());
  targets_.com_acc = Eigen::Vector3d(0, 0, 2.0);  // 1.2 g: 176 N per foot, just under 0.9 * 200
  ASSERT_EQ(qp_.Solve(weak, s, targets_, &solution_), QpStatus::kSolved);
  for (int j = 0; j < weak.nj(); ++j) EXPECT_LE(std::abs(solution_.tau[j]), 0.9 * 200 + 1e-6);
  EXPECT_EQ(qp_.torque_relaxations(), 0);
  // 10 N*m joints cannot carry the weight (147 N per leg): the limits hold and the body sags
  // (the CoM task gives way), which is still feasible.
  for (JointInfo& j : weak.joints) j.tau_max = 10;
  qp_.Reset(weak);
  targets_.com_acc.setZero();
  ASSERT_EQ(qp_.Solve(weak, s, targets_, &solution_), QpStatus::kSolved);
  for (int j = 0; j < weak.nj(); ++j) EXPECT_LE(std::abs(solution_.tau[j]), 9 + 1e-6);
  EXPECT_LT((s.dynamics.com_jacobian * solution_.qdd).z(), -5.0);
  EXPECT_EQ(qp_.torque_relaxations(), 0);
  // 1 N*m joints cannot even press the soles with the minimum normal force: infeasible, so the
  // torque limits are dropped for this solve (the simulator clamps) and the count says so.
  for (JointInfo& j : weak.joints) j.tau_max = 1;
  qp_.Reset(weak);
  EXPECT_EQ(qp_.Solve(weak, s, targets_, &solution_), QpStatus::kSolved);
  EXPECT_EQ(qp_.torque_relaxations(), 1);
}

// The waist (joint 12) carries no contact: a joint-acceleration target drives it alone, so its
// torque is M_dd qdd and the motor and joint bounds can be read off directly.
TEST_F(WholeBodyQpTest, TorqueBoundFollowsTheMotorEnvelopeAtThePresentSpeed) {
  constexpr int kWaist = 2 * kLegJoints;
  RobotInfo robot = robot_;
  robot.joints[kWaist].motor = MotorLimits{20.0, 5.0, 10.0};  // peak, knee speed, no-load speed
  // A range wide enough that braking for its ends (at 40 % of 20 N*m) does not bind here.
  robot.joints[kWaist].q_min = -100;
  robot.joints[kWaist].q_max = 100;
  qp_.Reset(robot);
  RobotState s = MakeState(Eigen::Matrix3d::Identity());
  const int d = robot.joints[kWaist].dof;
  s.dynamics.mass_matrix(d, d) = 1.0;
  s.joint_dq[kWaist] = 7.0;  // envelope: up to 20 * (10 - 7) / (10 - 5) = 12 N*m with the motion
  s.qvel[d] = 7.0;
  targets_.joint_acc[kWaist] = 1000;
  targets_.joint_weight[kWaist] = 1.0;
  ASSERT_EQ(qp_.Solve(robot, s, targets_, &solution_), QpStatus::kSolved);
  // 12 N*m less the PD reserve (10 % of the 20 N*m peak), not 0.9 * peak = 18 N*m.
  EXPECT_LE(solution_.tau[kWaist], 10.0 + 1e-6);
  EXPECT_GT(solution_.tau[kWaist], 9.0);
  // Braking against the motion the full peak (less the reserve) is there.
  targets_.joint_acc[kWaist] = -1000;
  ASSERT_EQ(qp_.Solve(robot, s, targets_, &solution_), QpStatus::kSolved);
  EXPECT_NEAR(solution_.tau[kWaist], -18.0, 1e-6);
  EXPECT_EQ(qp_.torque_relaxations(), 0);
}

TEST_F(WholeBodyQpTest, JointBoundsKeepSpeedsBelowNoLoadAndStopBeforeTheRange) {
  constexpr int kWaist = 2 * kLegJoints;
  RobotInfo robot = robot_;
  robot.joints[kWaist].motor = MotorLimits{500.0, 50.0, 20.0 / 0.85};  // speed bound 20 rad/s
  qp_.Reset(robot);
  const WbcParams& p = qp_.params();
  RobotState s = MakeState(Eigen::Matrix3d::Identity());
  const int d = robot.joints[kWaist].dof;
  s.dynamics.mass_matrix(d, d) = 1.0;
  targets_.joint_acc[kWaist] = 1e4;  // asks for far more than the bounds allow
  targets_.joint_weight[kWaist] = 1.0;
  // Mid-range at 19 rad/s: may reach the speed bound within the horizon, not beyond.
  s.joint_dq[kWaist] = s.qvel[d] = 19.0;
  ASSERT_EQ(qp_.Solve(robot, s, targets_, &solution_), QpStatus::kSolved);
  EXPECT_NEAR(solution_.qdd[d], (20.0 - 19.0) / p.limit_horizon, 1e-6);
  // 0.1 rad from the upper end at 8 rad/s: braking at 40 % of 500 N*m over 1 kg*m^2 it can stop
  // only from sqrt(2 * 200 * (0.1 - margin)) rad/s, so it must slow down now.
  s.joint_q[kWaist] = robot.joints[kWaist].q_max - 0.1;
  s.joint_dq[kWaist] = s.qvel[d] = 8.0;
  ASSERT_EQ(qp_.Solve(robot, s, targets_, &solution_), QpStatus::kSolved);
  const double stop_speed = std::sqrt(2.0 * p.brake_fraction * 500.0 * (0.1 - p.joint_margin));
  EXPECT_NEAR(solution_.qdd[d], (stop_speed - 8.0) / p.limit_horizon, 1e-6);
  EXPECT_LT(solution_.qdd[d], 0.0);
  // At the end of its range: held (no further out), and a joint moving out is stopped.
  s.joint_q[kWaist] = robot.joints[kWaist].q_max;
  s.joint_dq[kWaist] = s.qvel[d] = 0.0;
  ASSERT_EQ(qp_.Solve(robot, s, targets_, &solution_), QpStatus::kSolved);
  EXPECT_NEAR(solution_.qdd[d], 0.0, 1e-6);
  s.joint_dq[kWaist] = s.qvel[d] = 1.0;
  ASSERT_EQ(qp_.Solve(robot, s, targets_, &solution_), QpStatus::kSolved);
  EXPECT_NEAR(solution_.qdd[d], -1.0 / p.limit_horizon, 1e-6);
  EXPECT_EQ(qp_.joint_bound_relaxations(), 0);
}

TEST_F(WholeBodyQpTest, RepeatedSolvesDoNotAllocate) {
  if (!testing::CanCountAllocations()) GTEST_SKIP() << "allocation counting needs glibc without sanitizers";
  RobotState s = MakeState(RotZyx(0.2, 0.05, 0.0));
  for (int contacts = 0; contacts < 3; ++contacts) {  // warm up every layout
    targets_.stance = {contacts > 0, contacts > 1};
    s.time += 0.002;
    ASSERT_EQ(qp_.Solve(robot_, s, targets_, &solution_), QpStatus::kSolved);
  }
  testing::StartCountingAllocations();
  for (int i = 0; i < 30; ++i) {
    targets_.stance = {i % 3 != 0, i % 2 == 0};
    targets_.com_acc.x() = 0.01 * i;
    s.time += 0.002;
    qp_.Solve(robot_, s, targets_, &solution_);
  }
  EXPECT_EQ(testing::StopCountingAllocations(), 0);
}

// The whole controller (stand, walk, stop) on the closed-form model: after the first tick no
// Compute allocates, and every command is finite. The state is frozen (no physics), so this
// exercises the code paths, not balance.
TEST(HumanoidControllerTest, ComputeDoesNotAllocateWhileStandingWalkingAndStopping) {
  RobotInfo robot = MakeRobot();
  robot.home_base_height = 0.7;
  robot.fall_height = 0.45;
  RobotState s = MakeState(Eigen::Matrix3d::Identity());
  HumanoidController controller;
  controller.Reset(robot, s);
  JointCommand out;
  out.Resize(robot.nj());
  OperatorCommand command;
  command.behavior = "stand";
  auto tick = [&](int n) {
    for (int i = 0; i < n; ++i) {
      s.time += 0.002;
      controller.Compute(robot, s, command, out);
      ASSERT_TRUE(out.tau_ff.allFinite() && out.q_des.allFinite());
    }
  };
  tick(2);
  testing::StartCountingAllocations();
  tick(100);
  command.behavior = "walk";
  command.vx = 0.3;
  tick(1000);
  EXPECT_EQ(controller.active_behavior(), "walk");
  command.behavior = "stand";
  command.vx = 0;
  tick(1500);
  const long allocations = testing::StopCountingAllocations();
  if (testing::CanCountAllocations()) {
    EXPECT_EQ(allocations, 0);
  }
  EXPECT_EQ(controller.active_behavior(), "stand");
  EXPECT_GT(controller.walking().steps_taken(), 2);
  EXPECT_EQ(controller.failed_solves(), 0);
}

}  // namespace
}  // namespace stuntsim
