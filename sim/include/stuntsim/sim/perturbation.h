#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <mujoco/mujoco.h>

#include "stuntsim/controllers/commands.h"
#include "stuntsim/controllers/robot_state.h"

namespace stuntsim {

/// Seeded perturbations of one simulation, for robustness trials: model errors (friction,
/// masses), sensor noise and command latency. Everything is drawn from `seed`, so the same seed
/// gives a bit-identical run (within one build on one machine). All zero (the default) is the
/// unperturbed simulation, bit for bit. Format of a scenario's [perturb] table: docs/scenarios.md.
struct Perturbation {
  /// Seed of every draw (model and noise use separate streams derived from it).
  uint64_t seed = 0;
  /// Relative half-range of the friction scale: the friction of every geom is multiplied by one
  /// factor drawn uniformly from [1 - friction, 1 + friction] (0 <= friction < 1).
  double friction = 0;
  /// Relative half-range of the mass scale: each robot body's mass and inertia are multiplied by
  /// their own factor drawn uniformly from [1 - mass, 1 + mass] (0 <= mass < 1).
  double mass = 0;
  /// Standard deviations of white Gaussian noise added, each control tick, to what the controller
  /// sees: gyro (rad/s; IMU gyro and the base's angular velocity), accelerometer (m/s^2), joint
  /// positions (rad or m) and joint velocities (rad/s or m/s; also their entries of qvel).
  double gyro_noise = 0, accel_noise = 0, joint_pos_noise = 0, joint_vel_noise = 0;
  /// Standard deviations of the IMU's constant biases, drawn once per simulation per axis:
  /// gyro (rad/s) and accelerometer (m/s^2). With any IMU noise or bias on, the IMU's
  /// orientation is no longer the truth but what its attitude filter (ImuAttitudeFilter) makes
  /// of the noisy gyro and accelerometer: yaw drifts with the gyro bias, roll and pitch lean
  /// with the body's acceleration.
  double gyro_bias = 0, accel_bias = 0;
  /// Contact detection errors: each touch-down is reported late by a number of control ticks
  /// drawn uniformly from [0, contact_delay_ticks], and with probability contact_miss_rate it
  /// is missed: reported only kContactMissTicks late (a short stance goes unseen). Until it is
  /// reported, the foot's contact flag is false and its contact force zero.
  int contact_delay_ticks = 0;
  double contact_miss_rate = 0;
  /// How late a missed touch-down is reported, control ticks (50 ms at 500 Hz).
  static constexpr int kContactMissTicks = 25;
  /// Command latency, control ticks: the command computed at tick k is applied from tick k + n,
  /// n drawn uniformly from [latency_min_ticks, latency_max_ticks] once per simulation.
  int latency_min_ticks = 0, latency_max_ticks = 0;

  /// True when friction or mass is perturbed (the model is edited).
  bool ModelActive() const { return friction > 0 || mass > 0; }
  /// True when any sensor noise is on.
  bool NoiseActive() const {
    return ImuActive() || joint_pos_noise > 0 || joint_vel_noise > 0 || ContactActive();
  }
  /// True when the IMU's readings (and so its orientation) are perturbed.
  bool ImuActive() const { return gyro_noise > 0 || accel_noise > 0 || gyro_bias > 0 || accel_bias > 0; }
  /// True when contact detection is perturbed.
  bool ContactActive() const { return contact_delay_ticks > 0 || contact_miss_rate > 0; }
  /// True when anything is perturbed.
  bool Active() const { return ModelActive() || NoiseActive() || latency_max_ticks > 0; }

  /// The robustness trials' perturbation (stuntsim-run --perturb, stuntsim-robustness): friction
  /// and mass +-10 %, gyro 0.01 rad/s, accelerometer 0.1 m/s^2, joint position 0.001 rad, joint
  /// velocity 0.05 rad/s, gyro bias 0.003 rad/s, accelerometer bias 0.05 m/s^2, touch-downs
  /// 0-2 ticks late and 2 % missed, latency 1 or 2 control ticks (sources: docs/robustness.md).
  static Perturbation Standard(uint64_t seed);
  /// One line listing the non-zero fields, e.g. "friction +-10 %, mass +-10 %, latency 1-2 ticks".
  std::string Describe() const;
};

/// Throws InputError "<where>: perturb.<field>: <what was expected>" for a value out of range.
void ValidatePerturbation(const Perturbation& p, const std::string& where);

/// What the seed drew for one simulation's model and command path.
struct PerturbationDraw {
  /// Factor applied to every geom's friction (1: unchanged).
  double friction_scale = 1;
  /// Factor applied to each body's mass and inertia (nbody; 1 for the world and terrain bodies).
  std::vector<double> body_mass_scale;
  /// Command latency, control ticks.
  int latency_ticks = 0;
};

/// Draws and applies the model part of `p` to `model` (the simulation's own copy, never a shared
/// one): scales geom friction, and the mass and inertia of the bodies whose root is `base_body`,
/// then recomputes the model's derived constants (subtree masses, mj_setConst). With
/// ModelActive() false the model is not touched.
PerturbationDraw PerturbModel(const Perturbation& p, mjModel* model, int base_body);

/// An IMU module's own attitude filter (a Mahony complementary filter): integrates the gyro and
/// pulls roll and pitch towards the accelerometer's gravity direction with gain kGain (1/s), and
/// only while the accelerometer reads within 5 % of 1 g. Yaw is unobservable (no
/// magnetometer) and drifts with the gyro bias; roll and pitch lean with sustained acceleration.
class ImuAttitudeFilter {
 public:
  /// Starts at `orientation` (a calibrated start), IMU frame to world.
  void Reset(const Eigen::Quaterniond& orientation) { q_ = orientation; }
  /// One step of `dt` s with the IMU's gyro (rad/s) and accelerometer (specific force, m/s^2),
  /// both in the IMU frame.
  void Update(const Eigen::Vector3d& gyro, const Eigen::Vector3d& accelerometer, double dt);
  const Eigen::Quaterniond& orientation() const { return q_; }

  /// Standard gravity, m/s^2.
  static constexpr double kGravity = 9.81;
  /// Correction gain, 1/s: roll and pitch errors decay with a time constant of 1/kGain.
  static constexpr double kGain = 0.2;

 private:
  Eigen::Quaterniond q_ = Eigen::Quaterniond::Identity();
};

/// Sensor errors on the sensed part of a RobotState (fields listed in Perturbation): white
/// noise, IMU biases and the IMU's filtered orientation, late or missed touch-downs.
class SensorNoise {
 public:
  /// `p` gives the sizes and the seed; `control_period` (s) is the time between Apply calls.
  explicit SensorNoise(const Perturbation& p = {}, double control_period = 0.002);
  /// True when any noise is on.
  bool active() const { return p_.NoiseActive(); }
  /// Restarts the noise sequence from the seed (biases drawn again, the same values).
  void Reset();
  /// Adds one tick's errors to `state` (joint entries of qvel use `qvel_index`, dof per joint).
  /// The first call after Reset starts the IMU's attitude filter at the state's orientation.
  void Apply(RobotState& state, const std::vector<int>& qvel_index);

 private:
  Perturbation p_;
  double dt_;
  std::mt19937_64 rng_, contact_rng_;
  std::normal_distribution<double> normal_;
  Eigen::Vector3d gyro_bias_ = Eigen::Vector3d::Zero(), accel_bias_ = Eigen::Vector3d::Zero();
  ImuAttitudeFilter attitude_;
  bool started_ = false;
  // Per foot: true contact last tick, and control ticks until a touch-down is reported.
  std::vector<bool> was_in_contact_;
  std::vector<int> report_in_;
};

/// Delays joint commands by a fixed number of control ticks (a ring buffer; no allocation once
/// sized). Until `ticks` commands have been pushed after Reset, the first one is applied.
class CommandDelay {
 public:
  /// Sets the delay and empties the buffer; `nj` sizes the commands.
  void Reset(int ticks, int nj);
  /// Stores the command computed this tick; returns the one to apply this tick.
  const JointCommand& Push(const JointCommand& computed);
  int ticks() const { return ticks_; }

 private:
  int ticks_ = 0;
  int head_ = 0;
  bool primed_ = false;
  std::vector<JointCommand> ring_;
};

}  // namespace stuntsim
