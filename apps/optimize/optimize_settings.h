#pragma once

#include <array>
#include <string>
#include <vector>

#include "stuntsim/controllers/quadruped/gait.h"

namespace stuntsim {

/// One searched parameter of a motion template: its start value, bounds and initial spread.
/// sigma 0 keeps it fixed at `init`.
struct ParamSpec {
  std::string name;
  double init = 0, min = 0, max = 0, sigma = 0;
};

/// Weights of the rollout cost terms (docs/acrobatics.md defines each term and its unit).
struct CostWeights {
  double rotation = 1, landing = 1, fall = 1, scrape = 1, tilt = 1, rise = 0, forward = 0, yaw = 0, drift = 0;
  double joint_range = 1, joint_speed = 1, abort = 1;
};

/// What stuntsim-optimize reads from a motion's settings file (assets/motions/<robot>/optimize/
/// <motion>.toml): the motion's goal, the template's parameters, the costs and the search.
struct OptimizeSettings {
  std::string file;  // where it was read from
  std::string text;  // its whole text, stored with the motion it makes
  std::string motion, description;
  /// Body axis (0 x, 1 y, 2 z) and signed rotation about it from start to landing, deg.
  int axis = 1;
  double rotation_deg = 0;
  /// Goals besides the rotation: base rise (m, at least), forward travel (m), yaw turn (deg).
  double rise = 0, forward = 0, yaw_deg = 0;
  /// Parameter group of each leg (FL, FR, RL, RR), e.g. front/front/rear/rear: legs of one group
  /// share their parameters (the abduction mirrored on the right side).
  std::array<std::string, kQuadLegs> groups;
  /// Frame step of the stored motion (s), frames held after the legs open (s), and how long a
  /// rollout goes on after the motion ends to judge the landing (s).
  double dt = 0.01, land_hold = 0.3, judge_time = 1.5;
  /// Search: seed, iterations, candidates per iteration, elites kept, perturbed rollouts per
  /// candidate (besides the nominal one), smoothing of the mean and spread (0..1], the spread's
  /// floor as a fraction of each parameter's initial sigma, worker threads (0: all cores).
  long seed = 1;
  int iterations = 40, samples = 32, elites = 6, perturbed = 1, jobs = 0;
  double smoothing = 0.7, min_sigma = 0.1;
  /// Warm-up before the search (0 iterations: none): a search on the rotation, scraping, falls
  /// and joint limits alone (no landing or tilt terms), nominal rollouts only, spreads times
  /// `warmup_sigma_scale`; the search then starts from its best. It finds the turning push before the landing is asked for, which
  /// a flip's search otherwise avoids (a failed flip costs more than not turning at all).
  int warmup_iterations = 0, warmup_samples = 64;
  double warmup_sigma_scale = 2.0;
  CostWeights weights;
  std::vector<ParamSpec> params;

  /// Index of parameter `name`, or -1.
  int Find(const std::string& name) const;
};

/// Reads a settings file; throws InputError naming file, line and field (unknown keys, a
/// parameter outside its bounds, a missing template parameter).
OptimizeSettings LoadOptimizeSettings(const std::string& path);

}  // namespace stuntsim
