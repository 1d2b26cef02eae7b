#pragma once

#include <string>
#include <vector>

#include <Eigen/Core>

#include "optimize_settings.h"
#include "stuntsim/controllers/quadruped/acrobatic_motion.h"
#include "stuntsim/sim/perturbation.h"

namespace stuntsim {

/// One simulated attempt of a motion: the robot stands for `settle` seconds under quadruped_mpc,
/// is asked for the motion's behaviour, and is judged `judge_time` seconds after it ends.
struct RolloutOptions {
  std::string robot = "quadruped";
  Perturbation perturbation;
  double settle = 0.5, judge_time = 1.5;
  /// Record the base trajectory at the motion's frame times (for the stored motion).
  bool record_base = false;
};

/// What a rollout measured (the metrics of docs/scenarios.md over the motion's window).
struct RolloutOutcome {
  /// A simulation error (divergence), a refusal, a take-off abort; empty if none.
  std::string error, refusal, abort_reason;
  /// Rotation about the motion's body axis and about z, deg; base rise (m, highest minus start);
  /// travel along and across the start heading, m.
  double rotation_deg = 0, yaw_deg = 0, rise = 0, forward = 0, lateral = 0;
  /// Largest tilt over the last second, deg; joint range violation (rad); joint speed ratio.
  double final_tilt_deg = 0, joint_range = 0, speed_ratio = 0;
  /// Rotation about the motion's axis from the start to the flight's touch-down, deg (NaN
  /// without a flight): what a flip turned in the air.
  double touchdown_rotation_deg = 0;
  bool landed = false, fell = false;
  /// Something other than a foot touched the ground before the flight's touch-down (a flip
  /// that rolls over its back or pushes off with its knees).
  bool scraped = false;
  /// Measured lift-off and touch-down (s since the motion started; -1 if none), and the base's
  /// vertical speed (m/s) and body rates (rad/s) at lift-off.
  double takeoff_time = -1, landing_time = -1, takeoff_vz = 0;
  Eigen::Vector3d takeoff_angvel = Eigen::Vector3d::Zero();
  /// With record_base: base height change, forward travel and rotation at each frame time.
  std::vector<double> base_z, base_x, rotation;
};

/// Runs `motion` once. Never throws for a failing motion (a divergence is an outcome); throws
/// InputError if the robot cannot be loaded or does not run quadruped_mpc.
RolloutOutcome RunRollout(const AcrobaticMotion& motion, const RolloutOptions& options);

/// The cost of an outcome under `settings` (goal and weights), >= 0; docs/acrobatics.md.
double RolloutCost(const RolloutOutcome& outcome, const OptimizeSettings& settings);

/// One line summarizing an outcome ("rotation -352 deg, rise 0.41 m, landed, tilt 3 deg").
std::string Describe(const RolloutOutcome& outcome);

/// Copies the measured take-off, landing and base trajectory of `outcome` (recorded with
/// record_base) into `motion`, which is what the player's checks and flight timing use.
void AdoptRollout(const RolloutOutcome& outcome, AcrobaticMotion& motion);

}  // namespace stuntsim
