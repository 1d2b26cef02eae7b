#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "stuntsim/sim/scenario.h"

namespace stuntsim {

/// One scenario's seeded, perturbed trials.
struct TrialSummary {
  std::string name, robot, controller;
  /// The scenario passed without perturbation.
  bool nominal_passed = false;
  /// Trials run, passed (no error, every check met), fell (summary metric fell = 1 over the whole
  /// run, or an error before the end), ended in a run-time error.
  int trials = 0, passed = 0, fell = 0, errors = 0;
  /// How often each reason failed a trial: a check's name, "error", or "MuJoCo warning".
  std::map<std::string, int> failure_counts;
  /// Seeds of the failed trials (the first few), to rerun one with stuntsim-run.
  std::vector<uint64_t> failed_seeds;
  /// Simulated seconds over all runs.
  double sim_seconds = 0;

  /// The most frequent failure reason with its count ("tilt (12)"; ties: the first in name
  /// order), "" when none failed.
  std::string MostCommonFailure() const;
};

/// Trial seeds are first_seed, first_seed + 1, ...; trial i of every scenario uses the same seed.
struct TrialOptions {
  int trials = 50;
  uint64_t first_seed = 1;
  int jobs = 1;
};

/// Runs each scenario once unperturbed and `trials` times with Perturbation::Standard(seed) (a
/// scenario with its own [perturb] table keeps it, with the trial's seed), `jobs` runs at once.
/// `progress(done, total)` is called after each run from the running thread (under a lock), with
/// the scenario durations (simulated s) of the runs done and of all runs.
/// Throws InputError for a scenario naming a body or keyframe its model lacks.
std::vector<TrialSummary> RunTrials(const std::vector<Scenario>& scenarios, const TrialOptions& options,
                                    const std::function<void(double, double)>& progress);

}  // namespace stuntsim
