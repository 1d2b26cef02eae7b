#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "rollout.h"

namespace stuntsim {

/// One motion to find: which, for which robot, from which settings, written where; values < 0
/// keep the settings file's own.
struct OptimizeRequest {
  std::string robot = "quadruped";
  std::string motion;
  /// Settings file; empty: assets/motions/<robot>/optimize/<motion>.toml, else the quadruped's.
  std::string settings_path;
  /// Output file; empty: assets/motions/<robot>/<motion>.toml.
  std::string out_path;
  int iterations = -1, samples = -1, jobs = -1;
  long seed = -1;
  /// A motion file whose stored parameters replace the settings' initial values (continue a
  /// search, without the warm-up); empty: none.
  std::string start_from;
  /// Perturbed trials of the written motion to report (0: none).
  int verify_trials = 10;
};

/// What OptimizeMotion did.
struct OptimizeReport {
  std::string settings_path, out_path;
  /// Cost of the settings' initial parameters, and the best found (same rollouts).
  double initial_cost = 0, best_cost = 0;
  std::vector<double> history;
  /// The written motion replayed from its file: nominal outcome, and perturbed trials landed.
  RolloutOutcome nominal;
  int verify_landed = 0, verify_trials = 0;
  double seconds = 0;
};

/// The settings file OptimizeRequest would use (see settings_path).
std::string DefaultSettingsPath(const std::string& robot, const std::string& motion);

/// Searches the motion (CrossEntropySearch over MotionTemplate, each candidate scored by
/// rollouts of the real controller on the robot's MuJoCo model: the nominal one and the
/// settings' perturbed ones), records the best one's base trajectory, writes the motion file,
/// reloads it and replays it. Progress goes to `log` (null: silent). Throws InputError for bad
/// settings, robot or paths.
OptimizeReport OptimizeMotion(const OptimizeRequest& request, std::FILE* log);

}  // namespace stuntsim
