// Humanoid base estimator (leg-odometry Kalman filter over two soles): synthetic IMU, joint and
// contact data from a known base path; no physics.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>

#include <Eigen/Geometry>

#include "allocation_counter.h"
#include "stuntsim/controllers/humanoid/base_estimator.h"

namespace stuntsim {
namespace {

constexpr double kDt = 0.002, kG = 9.81, kMass = 35.0, kPi = 3.14159265358979;
constexpr int kNj = 6, kNv = 6 + kNj;  // two fake 3-dof "legs": one prismatic joint per axis

// A pelvis walking at a constant average velocity over two soles that alternate stance
// (0.5 s) and swing (0.3 s), 0.4 s apart; or standing when `speed` is 0. Heading yaw 0.3 rad.
struct Walk {
  double speed = 0.5, period = 0.8, stance = 0.5;
  Eigen::Matrix3d rot = Eigen::AngleAxisd(0.3, Eigen::Vector3d::UnitZ()).toRotationMatrix();

  // Pelvis position, velocity and acceleration in the walking frame (x forward), then world.
  Eigen::Vector3d Pos(double t) const {
    return rot * Eigen::Vector3d(speed * t, 0.02 * std::sin(2 * kPi * t / period),
                                 0.70 + 0.01 * std::sin(4 * kPi * t / period));
  }
  Eigen::Vector3d Vel(double t) const {
    const double w = 2 * kPi / period;
    return rot * Eigen::Vector3d(speed, 0.02 * w * std::cos(w * t), 0.01 * 2 * w * std::cos(2 * w * t));
  }
  Eigen::Vector3d Acc(double t) const {
    const double w = 2 * kPi / period;
    return rot * Eigen::Vector3d(0, -0.02 * w * w * std::sin(w * t), -0.01 * 4 * w * w * std::sin(2 * w * t));
  }
  // Phase of foot f in its cycle, s; stance while below `stance`.
  double Phase(int f, double t) const {
    const double p = std::fmod(t + f * period / 2 + period, period);
    return speed == 0 ? 0 : p;
  }
  bool InStance(int f, double t) const { return Phase(f, t) < stance; }
  // Sole position and velocity, world frame.
  void Foot(int f, double t, Eigen::Vector3d* pos, Eigen::Vector3d* vel) const {
    const double offset = f * period / 2, stride = speed * period;
    const double n = std::floor((t + offset + period) / period) - 1;
    const double c0 = speed * (stance / 2 - offset);
    Eigen::Vector3d p(stride * n + c0, f == 0 ? 0.1 : -0.1, 0), v = Eigen::Vector3d::Zero();
    const double ph = Phase(f, t);
    if (ph >= stance) {
      const double swing = period - stance, s = (ph - stance) / swing;
      p.x() += stride * (3 * s * s - 2 * s * s * s);
      p.z() = 0.08 * std::sin(kPi * s);
      v.x() = stride * (6 * s - 6 * s * s) / swing;
      v.z() = 0.08 * kPi * std::cos(kPi * s) / swing;
    }
    *pos = rot * p;
    *vel = rot * v;
  }
};

RobotInfo Info() {
  RobotInfo info;
  info.name = "synthetic";
  info.mass = kMass;
  return info;
}

// The robot's sensed state at time t: IMU, joint "encoders" (the soles relative to the pelvis in
// the pelvis frame), contact flags and normal forces; ground truth in base_pos_world etc.
struct Sensors {
  Walk walk;
  Eigen::Vector3d accel_bias = Eigen::Vector3d::Zero();
  double accel_noise = 0, joint_vel_noise = 0;
  std::mt19937 rng{7};
  std::normal_distribution<double> normal{0.0, 1.0};
  RobotState state;

  Sensors() {
    state.joint_q.setZero(kNj);
    state.joint_dq.setZero(kNj);
    state.joint_tau.setZero(kNj);
    state.qvel.setZero(kNv);
    state.feet.resize(2);
    for (int f = 0; f < 2; ++f) {
      state.feet[f].jacobian.setZero(6, kNv);
      state.feet[f].jacobian.block<3, 3>(0, 0).setIdentity();
    }
    state.dynamics.com_jacobian.setZero(3, kNv);
    state.dynamics.com_jacobian.leftCols<3>().setIdentity();
  }

  const RobotState& At(double t) {
    RobotState& s = state;
    const Eigen::Matrix3d& r = walk.rot;  // constant heading: no angular velocity
    s.time = t;
    s.base_pos_world = walk.Pos(t);
    s.base_linvel_world = walk.Vel(t);
    s.base_rot_world = r;
    s.base_quat_world = Eigen::Quaterniond(r);
    s.imu.orientation = Eigen::Quaterniond(r);
    s.imu.gyro.setZero();
    s.imu.accelerometer = r.transpose() * (walk.Acc(t) + Eigen::Vector3d(0, 0, kG)) + accel_bias;
    for (int k = 0; k < 3; ++k) s.imu.accelerometer[k] += accel_noise * normal(rng);
    s.dynamics.com_pos_world = s.base_pos_world + r * Eigen::Vector3d(0.01, 0, 0.1);
    s.dynamics.com_vel_world = s.base_linvel_world;
    s.qvel.head<3>() = s.base_linvel_world;
    int stance_feet = 0;
    for (int f = 0; f < 2; ++f) stance_feet += walk.InStance(f, t);
    for (int f = 0; f < 2; ++f) {
      Eigen::Vector3d pos, vel;
      walk.Foot(f, t, &pos, &vel);
      EndEffectorState& foot = s.feet[f];
      foot.pos_world = pos;
      foot.pos_base = r.transpose() * (pos - s.base_pos_world);
      // Fake joints: the sole's rate relative to the pelvis in the pelvis frame.
      foot.jacobian.block<3, 3>(0, 6 + 3 * f) = r;
      for (int k = 0; k < 3; ++k) {
        const double dq = (r.transpose() * (vel - s.base_linvel_world))[k] + joint_vel_noise * normal(rng);
        s.joint_dq[3 * f + k] = dq;
        s.qvel[6 + 3 * f + k] = dq;
      }
      foot.contact = walk.InStance(f, t);
      foot.contact_force_world = Eigen::Vector3d(0, 0, foot.contact ? kMass * kG / stance_feet : 0.0);
    }
    return s;
  }
};

struct Errors {
  double mean_vel = 0, max_vel = 0, pos_drift = 0, com_vel = 0;
};

// Runs `seconds` and returns the velocity errors after `settle` s and the final position drift
// (the estimate starts at x, y = 0: compare displacements).
Errors RunEstimator(Sensors& sensors, HumanoidBaseEstimator& est, double seconds, double settle) {
  const RobotInfo info = Info();
  est.Reset(info, sensors.At(0));
  const Eigen::Vector3d start_true = sensors.walk.Pos(0), start_est = est.view().base_pos_world;
  Errors e;
  int n = 0;
  for (int i = 1; i * kDt <= seconds + 1e-9; ++i) {
    const double t = i * kDt;
    const RobotState& view = est.Update(info, sensors.At(t), kDt);
    if (t < settle) continue;
    const double err = (view.base_linvel_world - sensors.walk.Vel(t)).norm();
    e.mean_vel += err;
    e.max_vel = std::max(e.max_vel, err);
    e.com_vel = std::max(e.com_vel, (view.dynamics.com_vel_world - sensors.walk.Vel(t)).norm());
    ++n;
  }
  e.mean_vel /= std::max(n, 1);
  const Eigen::Vector3d drift =
      (est.view().base_pos_world - start_est) - (sensors.walk.Pos(seconds) - start_true);
  e.pos_drift = drift.head<2>().norm();
  std::printf("velocity error mean %.4f max %.4f m/s, CoM velocity max %.4f m/s, drift %.4f m\n", e.mean_vel,
              e.max_vel, e.com_vel, e.pos_drift);
  return e;
}

TEST(HumanoidEstimator, ConvergesToAConstantWalkingVelocityFromRest) {
  Sensors sensors;
  sensors.accel_noise = 0.1;
  sensors.joint_vel_noise = 0.05;
  HumanoidBaseEstimator est;
  const Errors e = RunEstimator(sensors, est, 10.0, 1.0);
  EXPECT_LT(e.mean_vel, 0.03) << "mean velocity error, m/s";
  EXPECT_LT(e.max_vel, 0.12) << "max velocity error, m/s";
  EXPECT_LT(e.com_vel, 0.12) << "max CoM velocity error, m/s";
  EXPECT_LT(e.pos_drift, 0.05) << "horizontal drift over 5 m walked, m";
  // Average velocity over the last second matches 0.5 m/s along the heading.
  EXPECT_NEAR((est.view().base_linvel_body).x(), 0.5, 0.1);
}

TEST(HumanoidEstimator, StandingHoldsPositionAndRejectsAnAccelerometerBias) {
  Sensors sensors;
  sensors.walk.speed = 0;  // both feet in stance
  sensors.accel_bias = Eigen::Vector3d(0.3, -0.2, 0.2);
  HumanoidBaseEstimator est;
  const Errors e = RunEstimator(sensors, est, 10.0, 0.5);
  EXPECT_LT(e.max_vel, 0.02) << "a 0.4 m/s^2 bias would reach 4 m/s in 10 s by integration alone";
  EXPECT_LT(e.pos_drift, 0.01);
  // The CoM is the pelvis estimate plus its kinematic offset (0.01, 0, 0.1) turned to the world.
  const RobotState& v = est.view();
  EXPECT_LT((v.dynamics.com_pos_world - v.base_pos_world - sensors.walk.rot * Eigen::Vector3d(0.01, 0, 0.1)).norm(),
            1e-9);
}

TEST(HumanoidEstimator, WalkingWithABiasStaysBounded) {
  Sensors sensors;
  sensors.accel_bias = Eigen::Vector3d(0.2, 0.2, -0.2);
  sensors.accel_noise = 0.1;
  HumanoidBaseEstimator est;
  const Errors e = RunEstimator(sensors, est, 8.0, 1.0);
  EXPECT_LT(e.mean_vel, 0.05);
  EXPECT_LT(e.pos_drift, 0.08);
}

TEST(HumanoidEstimator, StartsInTheOdometryFrameWithTheSoleOnTheGround) {
  Sensors sensors;
  HumanoidBaseEstimator est;
  est.Reset(Info(), sensors.At(0));
  const RobotState& v = est.view();
  EXPECT_NEAR(v.base_pos_world.x(), 0, 1e-12);
  EXPECT_NEAR(v.base_pos_world.y(), 0, 1e-12);
  // Ground at z = 0; each sole sunk into it under its load (half the weight).
  const double sink = est.params().sole_sink * std::sqrt(0.5);
  EXPECT_NEAR(std::min(v.feet[0].pos_world.z(), v.feet[1].pos_world.z()), -sink, 1e-12);
  EXPECT_TRUE(v.base_rot_world.isApprox(sensors.walk.rot));
}

TEST(HumanoidEstimator, TrustRampsWithContactAndLoad) {
  Sensors sensors;
  sensors.walk.speed = 0;
  HumanoidBaseEstimator est;
  const RobotInfo info = Info();
  est.Reset(info, sensors.At(0));
  EXPECT_EQ(est.trust(0), 1.0);
  RobotState s = sensors.At(0);
  // Lift foot 0: trust gone within ramp_out (0.01 s).
  s.feet[0].contact = false;
  s.feet[0].contact_force_world.setZero();
  for (int i = 0; i < 6; ++i) est.Update(info, s, kDt);
  EXPECT_EQ(est.trust(0), 0.0);
  EXPECT_EQ(est.trust(1), 1.0);
  // A touching but unloaded sole (touch-sensor flicker) earns no trust.
  s.feet[0].contact = true;
  s.feet[0].contact_force_world.z() = 0.01 * kMass * kG;
  for (int i = 0; i < 50; ++i) est.Update(info, s, kDt);
  EXPECT_EQ(est.trust(0), 0.0);
  // Loaded: trust climbs over ramp_in, not at once (the landing sole rebounds from its impact).
  s.feet[0].contact_force_world.z() = 0.5 * kMass * kG;
  est.Update(info, s, kDt);
  EXPECT_GT(est.trust(0), 0.0);
  EXPECT_LT(est.trust(0), 0.2);
  for (int i = 0; i < static_cast<int>(std::ceil(est.params().ramp_in / kDt)); ++i) est.Update(info, s, kDt);
  EXPECT_EQ(est.trust(0), 1.0);
  // Vertically the landing sole is trusted later (it rebounds from its impact).
  EXPECT_LT(est.trust_vertical(0), 0.5);
  for (int i = 0; i < static_cast<int>(std::ceil(est.params().ramp_in_vertical / kDt)); ++i) {
    est.Update(info, s, kDt);
  }
  EXPECT_EQ(est.trust_vertical(0), 1.0);
}

TEST(HumanoidEstimator, GroundTruthModePassesTheStateThrough) {
  Sensors sensors;
  HumanoidBaseEstimator est(/*use_ground_truth=*/true);
  const RobotInfo info = Info();
  est.Reset(info, sensors.At(0));
  const RobotState& s = sensors.At(0.1);
  EXPECT_EQ(&est.Update(info, s, kDt), &s);
}

TEST(HumanoidEstimator, UpdateDoesNotAllocate) {
  if (!testing::CanCountAllocations()) GTEST_SKIP() << "allocation counting needs glibc without sanitizers";
  Sensors sensors;
  HumanoidBaseEstimator est;
  const RobotInfo info = Info();
  est.Reset(info, sensors.At(0));
  est.Update(info, sensors.At(kDt), kDt);
  testing::StartCountingAllocations();
  for (int i = 2; i < 100; ++i) est.Update(info, sensors.At(i * kDt), kDt);
  EXPECT_EQ(testing::StopCountingAllocations(), 0);
}

TEST(LegOdometryFilter, TwoFeetAlternatingStanceTrackTheVelocity) {
  // The shared filter alone, kFeet = 2: feet given as foot - base and its rate, trust 0 or 1.
  const Walk walk;
  LegOdometryFilter<2> filter;
  LegOdometryFilter<2>::FootArray rel, rel_vel;
  for (int f = 0; f < 2; ++f) {
    Eigen::Vector3d p, v;
    walk.Foot(f, 0, &p, &v);
    rel[f] = p - walk.Pos(0);
  }
  filter.Reset(walk.Pos(0), Eigen::Vector3d::Zero(), rel);
  double worst = 0;
  for (int i = 1; i <= 2500; ++i) {
    const double t = i * kDt;
    LegOdometryFilter<2>::TrustArray trust;
    for (int f = 0; f < 2; ++f) {
      Eigen::Vector3d p, v;
      walk.Foot(f, t, &p, &v);
      rel[f] = p - walk.Pos(t);
      rel_vel[f] = v - walk.Vel(t);
      trust[f] = walk.InStance(f, t) ? 1.0 : 0.0;
    }
    filter.Update(kDt, walk.rot, walk.rot.transpose() * (walk.Acc(t) + Eigen::Vector3d(0, 0, kG)), rel, rel_vel,
                  trust);
    if (t > 1.0) worst = std::max(worst, (filter.velocity() - walk.Vel(t)).norm());
  }
  EXPECT_LT(worst, 0.01);
  EXPECT_LT((filter.position() - walk.Pos(5.0)).norm(), 0.01);
}

}  // namespace
}  // namespace stuntsim
