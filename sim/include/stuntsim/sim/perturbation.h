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
  /// Command latency, control ticks: the command computed at tick k is applied from tick k + n,
  /// n drawn uniformly from [latency_min_ticks, latency_max_ticks] once per simulation.
  int latency_min_ticks = 0, latency_max_ticks = 0;

  /// True when friction or mass is perturbed (the model is edited).
  bool ModelActive() const { return friction > 0 || mass > 0; }
  /// True when any sensor noise is on.
  bool NoiseActive() const { return gyro_noise > 0 || accel_noise > 0 || joint_pos_noise > 0 || joint_vel_noise > 0; }
  /// True when anything is perturbed.
  bool Active() const { return ModelActive() || NoiseActive() || latency_max_ticks > 0; }

  /// The robustness trials' perturbation (stuntsim-run --perturb, stuntsim-robustness): friction
  /// and mass +-10 %, gyro 0.01 rad/s, accelerometer 0.1 m/s^2, joint position 0.001 rad, joint
  /// velocity 0.05 rad/s, latency 1 or 2 control ticks.
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

/// Gaussian noise on the sensed part of a RobotState (fields listed in Perturbation).
class SensorNoise {
 public:
  /// `p` gives the standard deviations and the seed.
  explicit SensorNoise(const Perturbation& p = {});
  /// True when any noise is on.
  bool active() const { return p_.NoiseActive(); }
  /// Restarts the noise sequence from the seed.
  void Reset();
  /// Adds one tick's noise to `state` (joint entries of qvel use `qvel_index`, dof per joint).
  void Apply(RobotState& state, const std::vector<int>& qvel_index);

 private:
  Perturbation p_;
  std::mt19937_64 rng_;
  std::normal_distribution<double> normal_;
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
