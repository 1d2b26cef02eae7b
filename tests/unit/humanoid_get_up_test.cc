// GetUp without physics: which phase it starts in from the pelvis orientation, that phases advance
// on measured state and not on time, that a stuck phase starts over, and that every command is a
// finite torque inside 95 % of the joint's limit whatever the state asks for.
#include <gtest/gtest.h>

#include <Eigen/Geometry>
#include <cmath>
#include <string>

#include "stuntsim/controllers/humanoid/get_up.h"

namespace stuntsim {
namespace {

constexpr int kNj = 23;
constexpr int kNv = 6 + kNj;

// A humanoid description with the joint layout GetUp expects: two 6-joint legs, a waist, two
// 5-joint arms (the G1-class model's order, limits and gains).
RobotInfo MakeHumanoid() {
  RobotInfo robot;
  robot.name = "humanoid";
  robot.kind = "humanoid";
  robot.nv = kNv;
  robot.feet = {"left_foot", "right_foot"};
  robot.hands = {"left_hand", "right_hand"};
  const double leg_tau[6] = {88, 88, 88, 139, 50, 50};
  const double leg_kp[6] = {150, 150, 250, 350, 300, 100};
  auto add = [&](const std::string& name, double tau, double kp) {
    JointInfo j;
    j.name = name;
    j.dof = 6 + static_cast<int>(robot.joints.size());
    j.q_min = -2.5;
    j.q_max = 2.5;
    j.tau_max = tau;
    j.kp = kp;
    j.kd = 4;
    robot.joints.push_back(j);
    return robot.nj() - 1;
  };
  for (int side = 0; side < 2; ++side) {
    LegInfo leg;
    for (int k = 0; k < 6; ++k) leg.joints.push_back(add("leg" + std::to_string(side) + std::to_string(k), leg_tau[k], leg_kp[k]));
    leg.foot = side;
    robot.legs.push_back(leg);
  }
  add("waist_yaw", 88, 150);
  for (int side = 0; side < 2; ++side) {
    ArmInfo arm;
    for (int k = 0; k < 5; ++k) arm.joints.push_back(add("arm" + std::to_string(side) + std::to_string(k), 25, 40));
    arm.hand = side;
    robot.arms.push_back(arm);
  }
  return robot;
}

// Lying with the pelvis pitched by `pitch` about y (-pi/2: on the back, +pi/2: face down).
RobotState Lying(double pitch) {
  RobotState s;
  s.base_quat_world = Eigen::Quaterniond(Eigen::AngleAxisd(pitch, Eigen::Vector3d::UnitY()));
  s.base_rot_world = s.base_quat_world.toRotationMatrix();
  s.base_pos_world = Eigen::Vector3d(0, 0, 0.07);
  s.joint_q.setZero(kNj);
  s.joint_dq.setZero(kNj);
  s.qvel.setZero(kNv);
  EndEffectorState ee;
  ee.jacobian.setZero(6, kNv);
  s.feet = {ee, ee};
  s.hands = {ee, ee};
  s.dynamics.bias.setZero(kNv);
  s.dynamics.mass_matrix.setIdentity(kNv, kNv);
  s.dynamics.com_jacobian.setZero(3, kNv);
  s.dynamics.base_jacobian.setZero(6, kNv);
  return s;
}

JointCommand Command() {
  JointCommand out;
  out.Resize(kNj);
  return out;
}

TEST(HumanoidGetUpTest, StartsWithTheTwistOnTheBackAndTheBraceFaceDown) {
  const RobotInfo robot = MakeHumanoid();
  GetUp on_back, face_down;
  on_back.Start(robot, Lying(-M_PI / 2));
  face_down.Start(robot, Lying(M_PI / 2));
  EXPECT_EQ(on_back.phase(), GetUp::Phase::kTwist);
  EXPECT_STREQ(on_back.phase_name(), "twist");
  EXPECT_EQ(face_down.phase(), GetUp::Phase::kBrace);
  EXPECT_FALSE(face_down.ready());
}

TEST(HumanoidGetUpTest, TorquesAreFiniteAndInsideTheClampWhateverTheState) {
  const RobotInfo robot = MakeHumanoid();
  RobotState state = Lying(M_PI / 2);
  GetUp get_up;
  get_up.Start(robot, state);
  JointCommand out = Command();
  // Joints far from any posture, moving fast, and a large bias: the clamp must hold.
  state.joint_q.setConstant(-2.4);
  state.joint_dq.setConstant(20);
  state.dynamics.bias.setConstant(500);
  for (int i = 0; i < 500; ++i) {
    get_up.Update(robot, state, 0.002, out);
    for (int j = 0; j < kNj; ++j) {
      ASSERT_TRUE(std::isfinite(out.tau_ff[j]));
      EXPECT_LE(std::abs(out.tau_ff[j]), GetUp::kTorqueShare * robot.joints[j].tau_max + 1e-9) << j;
      EXPECT_EQ(out.kp[j], 0);
      EXPECT_EQ(out.kd[j], 0);
    }
  }
}

TEST(HumanoidGetUpTest, BraceEndsWhenTheArmsArePlacedNotWhenTimePasses) {
  const RobotInfo robot = MakeHumanoid();
  RobotState state = Lying(M_PI / 2);
  GetUp get_up;
  get_up.Start(robot, state);
  JointCommand out = Command();
  // Arms held away from the brace posture: well past the 0.6 s move it is still bracing.
  for (int i = 0; i < 700; ++i) get_up.Update(robot, state, 0.002, out);
  EXPECT_EQ(get_up.phase(), GetUp::Phase::kBrace);
  // Put the arm joints where the brace asks (the command's targets at the end of the move).
  for (const ArmInfo& arm : robot.arms) {
    for (int j : arm.joints) state.joint_q[j] = out.q_des[j];
  }
  get_up.Update(robot, state, 0.002, out);
  EXPECT_EQ(get_up.phase(), GetUp::Phase::kPushUp);
  EXPECT_EQ(get_up.retries(), 0);
}

TEST(HumanoidGetUpTest, AStuckPhaseStartsOverAndFallingBackOntoTheBackRollsAgain) {
  const RobotInfo robot = MakeHumanoid();
  RobotState state = Lying(M_PI / 2);
  GetUp get_up;
  get_up.Start(robot, state);
  JointCommand out = Command();
  for (int i = 0; i < 1100; ++i) get_up.Update(robot, state, 0.002, out);  // 2.2 s > brace time-out
  EXPECT_EQ(get_up.phase(), GetUp::Phase::kBrace);
  EXPECT_GE(get_up.retries(), 1);

  // On the back while pushing up: back to the twist. (Let the restarted brace finish its move.)
  for (int i = 0; i < 400; ++i) get_up.Update(robot, state, 0.002, out);
  for (const ArmInfo& arm : robot.arms) {
    for (int j : arm.joints) state.joint_q[j] = out.q_des[j];
  }
  get_up.Update(robot, state, 0.002, out);
  ASSERT_EQ(get_up.phase(), GetUp::Phase::kPushUp);
  const RobotState on_back = Lying(-M_PI / 2);
  get_up.Update(robot, on_back, 0.002, out);
  EXPECT_EQ(get_up.phase(), GetUp::Phase::kTwist);
}

}  // namespace
}  // namespace stuntsim
