// Leg kinematics and torque mapping: forward/inverse round trip, Jacobians and the stance-force
// torque mapping by finite differences (virtual work), geometry identification, the foot force
// estimate from joint torques and the contact estimate on late and missed touch-downs.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "quadruped_test_util.h"
#include "stuntsim/controllers/quadruped/body_state.h"
#include "stuntsim/controllers/quadruped/leg_control.h"
#include "stuntsim/controllers/quadruped/leg_kinematics.h"

namespace stuntsim {
namespace {

using testing::SyntheticLeg;

const Eigen::Vector3d kPoses[] = {
    Eigen::Vector3d(0, 0.9, -1.8), Eigen::Vector3d(0.3, 0.5, -1.2), Eigen::Vector3d(-0.4, 1.3, -2.4),
    Eigen::Vector3d(0.2, -0.3, -1.0), Eigen::Vector3d(-0.1, 2.0, -2.6)};

TEST(QuadrupedLegKinematics, InverseUndoesForward) {
  for (int l = 0; l < 4; ++l) {
    const LegKinematics k = SyntheticLeg(l);
    for (const Eigen::Vector3d& q : kPoses) {
      const Eigen::Vector3d foot = k.Forward(q);
      EXPECT_LT((k.Forward(k.Inverse(foot)) - foot).norm(), 1e-9) << l;
      EXPECT_LT((k.Inverse(foot) - q).norm(), 1e-7) << l << " " << q.transpose();
    }
  }
  // Home: the foot under the pitch axis, 0.2648 m down.
  const Eigen::Vector3d home = SyntheticLeg(0).Forward(Eigen::Vector3d(0, 0.9, -1.8));
  EXPECT_NEAR(home.x(), 0.1934, 1e-9);
  EXPECT_NEAR(home.y(), 0.0465 + 0.0955, 1e-9);
  EXPECT_NEAR(home.z(), -2 * 0.213 * std::cos(0.9), 1e-9);
}

TEST(QuadrupedLegKinematics, UnreachableTargetsArePulledIntoReach) {
  const LegKinematics k = SyntheticLeg(1);
  const Eigen::Vector3d q = k.Inverse(k.hip + Eigen::Vector3d(0.1, -0.1, -0.9));
  EXPECT_TRUE(q.allFinite());
  // At most full reach from the pitch axis, which is `lateral` beside the abduction axis.
  EXPECT_LE((k.Forward(q) - k.hip).norm(), std::hypot(0.426, 0.0955) + 1e-6);
}

TEST(QuadrupedLegKinematics, JacobianMatchesFiniteDifferences) {
  const double h = 1e-6;
  for (int l = 0; l < 4; ++l) {
    const LegKinematics k = SyntheticLeg(l);
    for (const Eigen::Vector3d& q : kPoses) {
      const Eigen::Matrix3d j = k.Jacobian(q);
      for (int i = 0; i < 3; ++i) {
        Eigen::Vector3d dq = Eigen::Vector3d::Zero();
        dq[i] = h;
        const Eigen::Vector3d fd = (k.Forward(q + dq) - k.Forward(q - dq)) / (2 * h);
        EXPECT_LT((j.col(i) - fd).norm(), 1e-8) << l << " joint " << i;
      }
    }
  }
}

TEST(QuadrupedLegKinematics, IdentifiesItsGeometryFromOnePose) {
  for (int l = 0; l < 4; ++l) {
    const LegKinematics truth = SyntheticLeg(l);
    for (const Eigen::Vector3d& q : kPoses) {
      LegKinematics k;
      ASSERT_TRUE(k.Identify(truth.hip, q, truth.Forward(q), truth.calf)) << l;
      EXPECT_NEAR(k.lateral, truth.lateral, 1e-9);
      EXPECT_NEAR(k.thigh, truth.thigh, 1e-9);
      EXPECT_NEAR(k.calf, truth.calf, 1e-12);
    }
  }
  LegKinematics k;
  EXPECT_FALSE(k.Identify(Eigen::Vector3d::Zero(), kPoses[0], Eigen::Vector3d(0.5, 0.5, 0.5), 0.2));
}

// Stance mapping: the torques tau = -J' f must do, along any joint motion, the work the foot
// force does on the ground: tau . dq = -f . dp (dp from the kinematics). Checked with the
// world-frame Jacobian the controller gets from the simulator and a rotated base.
TEST(QuadrupedLegControl, StanceTorquesDoTheFootForcesWork) {
  const RobotInfo info = testing::SyntheticQuadrupedInfo();
  std::array<Eigen::Vector3d, 4> q{kPoses[0], kPoses[1], kPoses[2], kPoses[4]};
  const Eigen::Matrix3d rot = RotationFromRpy(Eigen::Vector3d(0.1, -0.2, 0.7));
  const RobotState state = testing::SyntheticQuadrupedState(info, q, Eigen::Vector3d(0, 0, 0.3), rot);
  BodyStateBuilder builder(true);
  builder.Reset(info, state);
  BodyState body;
  builder.ReadSensors(info, state, body);
  JointCommand out;
  out.Resize(12);
  LegGains gains;
  gains.stance_kd = 0;  // pure force mapping
  const Eigen::Vector3d force(12.0, -7.0, 80.0);
  const double h = 1e-6;
  for (int l = 0; l < 4; ++l) {
    StanceCommand(body, l, builder, force, gains, out);
    const Eigen::Vector3d tau = out.tau_ff.segment<3>(3 * l);
    EXPECT_EQ(out.kp.segment<3>(3 * l).norm(), 0.0);
    for (int i = 0; i < 3; ++i) {
      Eigen::Vector3d dq = Eigen::Vector3d::Zero();
      dq[i] = h;
      const LegKinematics& k = builder.leg(l);
      const Eigen::Vector3d dp = rot * (k.Forward(q[l] + dq) - k.Forward(q[l] - dq)) / (2 * h);
      EXPECT_NEAR(tau[i], -force.dot(dp), 1e-6) << "leg " << l << " joint " << i;
    }
  }
}

TEST(QuadrupedLegControl, JointRatesReproduceTheFootVelocity) {
  const LegKinematics k = SyntheticLeg(2);
  const Eigen::Matrix3d j = k.Jacobian(kPoses[1]);
  const Eigen::Vector3d v(0.4, -0.2, 0.3);
  EXPECT_LT((j * JointRatesFor(j, v) - v).norm(), 0.01 * v.norm()) << "damped least squares: close, not exact";
}

TEST(QuadrupedLegControl, SwingTargetsStayInsideTheJointLimits) {
  const RobotInfo info = testing::SyntheticQuadrupedInfo();
  const RobotState state = testing::SyntheticStandingState(info);
  BodyStateBuilder builder(true);
  builder.Reset(info, state);
  BodyState body;
  builder.ReadSensors(info, state, body);
  builder.Estimate(state, 0.002, {1, 1, 1, 1}, body);
  JointCommand out;
  out.Resize(12);
  // A target straight below the hip at full reach needs a straight knee, beyond its limit.
  const Eigen::Vector3d target = body.pos + Eigen::Vector3d(0.19, 0.14, -0.5);
  SwingCommand(body, 0, builder, target, Eigen::Vector3d::Zero(), Eigen::Vector3d::Zero(), LegGains(), out);
  for (int i = 0; i < 3; ++i) {
    EXPECT_GE(out.q_des[i], info.joints[i].q_min - 1e-12);
    EXPECT_LE(out.q_des[i], info.joints[i].q_max + 1e-12);
  }
}

// A stance force beyond what the motors give at the present joint rates is scaled as a whole
// (its direction, and so the friction pyramid, kept) until the torques fit the envelope.
TEST(QuadrupedLegControl, StanceForceIsScaledIntoTheMotorEnvelope) {
  const RobotInfo info = testing::SyntheticQuadrupedInfo();
  RobotState state = testing::SyntheticStandingState(info);
  for (int j = 0; j < 12; ++j) state.joint_dq[j] = j % 3 == 2 ? 13.0 : 5.0;  // calf above its knee speed
  BodyStateBuilder builder(true);
  builder.Reset(info, state);
  BodyState body;
  builder.ReadSensors(info, state, body);
  builder.Estimate(state, 0.002, {1, 1, 1, 1}, body);
  JointCommand out;
  out.Resize(12);
  LegGains gains;
  gains.stance_kd = 0;
  const Eigen::Vector3d small(2.0, 1.0, 20.0);
  EXPECT_EQ(StanceCommand(body, 0, builder, small, gains, out), 1.0);
  const Eigen::Vector3d unscaled = -body.jacobian[0].transpose() * small;
  EXPECT_LT((out.tau_ff.head<3>() - unscaled).norm(), 1e-12);

  const Eigen::Vector3d big(60.0, 30.0, 600.0);
  const double scale = StanceCommand(body, 0, builder, big, gains, out);
  EXPECT_GT(scale, 0.0);
  EXPECT_LT(scale, 1.0);
  const Eigen::Vector3d tau = out.tau_ff.head<3>();
  EXPECT_LT((tau - scale * (-body.jacobian[0].transpose() * big)).norm(), 1e-9) << "same direction";
  bool at_bound = false;
  for (int i = 0; i < 3; ++i) {
    const MotorLimits& m = info.joints[i].motor;
    const TorqueRange r = TorqueEnvelope(m, body.dq[0][i]);
    const double shrink = (1 - gains.stance_torque_fraction) * m.peak_torque;
    EXPECT_GE(tau[i], r.lo + shrink - 1e-9) << i;
    EXPECT_LE(tau[i], r.hi - shrink + 1e-9) << i;
    at_bound |= std::abs(tau[i] - (r.lo + shrink)) < 1e-9 || std::abs(tau[i] - (r.hi - shrink)) < 1e-9;
  }
  EXPECT_TRUE(at_bound) << "scaled no further than needed";
}

// The swing asks no joint for more than swing_speed_fraction of its no-load speed, however fast
// the target moves.
TEST(QuadrupedLegControl, SwingJointRatesStayBelowTheMotorSpeed) {
  const RobotInfo info = testing::SyntheticQuadrupedInfo();
  const RobotState state = testing::SyntheticStandingState(info);
  BodyStateBuilder builder(true);
  builder.Reset(info, state);
  BodyState body;
  builder.ReadSensors(info, state, body);
  builder.Estimate(state, 0.002, {1, 1, 1, 1}, body);
  JointCommand out;
  out.Resize(12);
  const LegGains gains;
  for (const Eigen::Vector3d& vel : {Eigen::Vector3d(0.5, 0, 0.2), Eigen::Vector3d(12, 0, 0),
                                     Eigen::Vector3d(0, 0, -9), Eigen::Vector3d(-6, 5, 4)}) {
    SwingCommand(body, 0, builder, body.foot_pos[0], vel, Eigen::Vector3d::Zero(), gains, out);
    double ratio = 0;
    for (int i = 0; i < 3; ++i) ratio = std::max(ratio, std::abs(out.dq_des[i]) / info.joints[i].motor.max_speed);
    EXPECT_LE(ratio, gains.swing_speed_fraction + 1e-12) << vel.transpose();
    if (vel.norm() < 1) {
      EXPECT_LT(ratio, gains.swing_speed_fraction) << "slow targets are not slowed";
    } else {
      EXPECT_NEAR(ratio, gains.swing_speed_fraction, 1e-9) << "fast ones only as much as needed";
    }
  }
}

// The joints' damping and friction loss are added to the stance and swing feed-forward (and only
// when asked).
TEST(QuadrupedLegControl, PassiveTorquesAreInTheFeedForward) {
  RobotInfo info = testing::SyntheticQuadrupedInfo();
  for (JointInfo& j : info.joints) {
    j.damping = 2.0;
    j.frictionloss = 0.2;
  }
  RobotState state = testing::SyntheticStandingState(info);
  for (int j = 0; j < 12; ++j) state.joint_dq[j] = 0.5 * (j % 3) - 0.4;
  BodyStateBuilder builder(true);
  builder.Reset(info, state);
  BodyState body;
  builder.ReadSensors(info, state, body);
  builder.Estimate(state, 0.002, {1, 1, 1, 1}, body);
  const Eigen::Vector3d passive = builder.PassiveTorques(1, body.dq[1]);
  for (int i = 0; i < 3; ++i) EXPECT_DOUBLE_EQ(passive[i], PassiveTorque(info.joints[3 + i], body.dq[1][i]));
  LegGains on, off;
  off.passive_feedforward = false;
  JointCommand a, b;
  a.Resize(12);
  b.Resize(12);
  const Eigen::Vector3d force(5, -3, 40);
  StanceCommand(body, 1, builder, force, on, a);
  StanceCommand(body, 1, builder, force, off, b);
  EXPECT_LT((a.tau_ff.segment<3>(3) - b.tau_ff.segment<3>(3) - passive).norm(), 1e-12);
  const Eigen::Vector3d target = body.foot_pos[1] + Eigen::Vector3d(0.02, 0, 0.03);
  SwingCommand(body, 1, builder, target, Eigen::Vector3d::Zero(), Eigen::Vector3d::Zero(), on, a);
  SwingCommand(body, 1, builder, target, Eigen::Vector3d::Zero(), Eigen::Vector3d::Zero(), off, b);
  EXPECT_LT((a.tau_ff.segment<3>(3) - b.tau_ff.segment<3>(3) - passive).norm(), 1e-12);
}

TEST(QuadrupedBodyState, ReadsKinematicsFootRadiusAndGravity) {
  const RobotInfo info = testing::SyntheticQuadrupedInfo();
  const RobotState state = testing::SyntheticStandingState(info);
  BodyStateBuilder builder(false);
  builder.Reset(info, state);
  EXPECT_NEAR(builder.foot_radius(), 0.2868 - 2 * 0.213 * std::cos(0.9), 1e-9);
  BodyState body;
  builder.ReadSensors(info, state, body);
  EXPECT_LT((body.down_body - Eigen::Vector3d(0, 0, -1)).norm(), 1e-12);
  for (int l = 0; l < 4; ++l) {
    EXPECT_LT((body.foot_rel[l] - (state.feet[l].pos_world - state.base_pos_world)).norm(), 1e-12);
  }
  const Eigen::Vector3d rpy(0.2, -0.3, 1.1);
  EXPECT_LT((RollPitchYaw(RotationFromRpy(rpy)) - rpy).norm(), 1e-12);
}

TEST(QuadrupedContactEstimate, FootForceFromJointTorques) {
  const RobotInfo info = testing::SyntheticQuadrupedInfo();
  std::array<Eigen::Vector3d, 4> q{kPoses[0], kPoses[1], kPoses[2], kPoses[3]};
  const Eigen::Matrix3d rot = RotationFromRpy(Eigen::Vector3d(0.05, -0.1, 0.4));
  RobotState state = testing::SyntheticQuadrupedState(info, q, Eigen::Vector3d(0, 0, 0.3), rot);
  BodyStateBuilder builder(true);
  builder.Reset(info, state);
  BodyState body;
  builder.ReadSensors(info, state, body);
  // Stance torques for a known ground force (tau = -J' f), gravity torques on top of them.
  const Eigen::Vector3d force(10.0, -5.0, 70.0);
  for (int l = 0; l < 4; ++l) {
    const Eigen::Vector3d gravity(0.1 * l, -0.4, 0.3);
    for (int i = 0; i < 3; ++i) state.dynamics.bias[6 + 3 * l + i] = gravity[i];
    state.joint_tau.segment<3>(3 * l) = gravity - body.jacobian[l].transpose() * force;
  }
  builder.ReadSensors(info, state, body);
  for (int l = 0; l < 4; ++l) {
    EXPECT_LT((body.foot_force[l] - force).norm(), 0.01 * force.norm()) << "leg " << l;
    EXPECT_TRUE(body.contact_sensor[l]);
  }
}

// One foot's touch-down as the contact estimator sees it: descending at 0.4 m/s through the late
// swing, on the ground at tick `touch`, then loaded at 8 N per tick up to 80 N; before that the
// torques show up to 8 N of swing inertia. The foot switch reports at `touch + sensor_delay`.
struct TouchdownResult {
  int first_contact = -1;  // first tick the estimate says contact (-1: never)
  bool contact_in_air = false;
};

TouchdownResult RunTouchdown(int sensor_delay, double expected, double ground_gap = 0.0) {
  ContactEstimator est;
  est.Reset();
  constexpr int kTouch = 50;
  TouchdownResult r;
  for (int k = 0; k < 120; ++k) {
    ContactEvidence e;
    e.expected = expected;
    const bool down = k >= kTouch;
    e.height = down ? ground_gap - 0.002 : ground_gap + 0.4 * 0.002 * (kTouch - k);
    e.vz = down ? 0.01 * ((k % 3) - 1) : -0.4;
    e.load = down ? std::min(80.0, 8.0 * (k - kTouch + 1)) : 8.0 * std::sin(0.7 * k);
    e.sensor = ground_gap == 0.0 && k >= kTouch + sensor_delay;
    const bool c = est.Update(0, e);
    if (c && r.first_contact < 0) r.first_contact = k;
    if (c && !down) r.contact_in_air = true;
  }
  return r;
}

TEST(QuadrupedContactEstimate, LateSwitchDoesNotDelayTheTouchdown) {
  for (int delay : {0, 1, 2}) {
    const TouchdownResult r = RunTouchdown(delay, 1.0);
    EXPECT_FALSE(r.contact_in_air) << "delay " << delay;
    EXPECT_GE(r.first_contact, 50);
    EXPECT_LE(r.first_contact, 52) << "delay " << delay;
  }
}

TEST(QuadrupedContactEstimate, MissedTouchdownIsFoundFromLoadAndKinematics) {
  // The switch reports 25 ticks (50 ms) late; load, height and a stopped foot find it in a few.
  const TouchdownResult r = RunTouchdown(25, 1.0);
  EXPECT_FALSE(r.contact_in_air);
  EXPECT_GE(r.first_contact, 50);
  EXPECT_LE(r.first_contact, 56);
}

TEST(QuadrupedContactEstimate, NoContactWithoutTheScheduleOrAboveTheGround) {
  // Early in a swing (schedule prior 0) load and kinematics are not enough.
  EXPECT_EQ(RunTouchdown(1000, 0.0).first_contact, -1);
  // A loaded foot 6 cm above the ground estimate, switch silent: not in contact.
  EXPECT_EQ(RunTouchdown(0, 1.0, 0.06).first_contact, -1);
}

}  // namespace
}  // namespace stuntsim
