#pragma once

#include <string>
#include <vector>

#include "stuntsim/sim/scenario.h"
#include "stuntsim/sim/scenario_runner.h"

namespace stuntsim {

/// How stuntsim-run runs a list of scenarios.
struct SuiteOptions {
  /// Scenarios run at once, each on its own thread with its own Simulation.
  int jobs = 1;
  /// Folder for <name>.json, <name>.csv (and <name>.mp4 with `video`); empty writes none.
  std::string out_dir;
  /// JUnit XML file; empty writes none.
  std::string junit_path;
  /// <testsuite name> in the JUnit file.
  std::string suite_name = "stuntsim-run";
  /// Record an MP4 per scenario into out_dir.
  bool video = false;
  /// Rows per simulated second in the CSV; 0 writes every control tick.
  double csv_rate_hz = 100;
  /// Print every summary metric after each result line (single-run mode).
  bool print_metrics = false;
  /// Tick budget and per-scenario timeout (wall-clock); a scenario over either fails.
  RunLimits limits;
};

/// Exit code when a scenario hung inside a step (a controller that never returns) for twice
/// the --timeout: the watchdog wrote what it could and ended the process.
inline constexpr int kExitHung = 3;

/// Runs `scenarios` (in parallel with options.jobs), prints one result line per scenario in the
/// order given whatever the number of jobs, a progress display meanwhile, and a summary; writes
/// the requested files. Returns the exit code: 0 all passed, 1 some failed (a check, a
/// SimulationError, a MuJoCo warning), 2 bad input (a body or keyframe the model lacks, an
/// output file that cannot be written). When a scenario is still running after twice
/// options.limits.timeout (stuck inside a step), prints which one, writes the JUnit file and the
/// hung scenario's JSON, and ends the process with kExitHung.
int RunSuite(const std::vector<Scenario>& scenarios, const SuiteOptions& options);

}  // namespace stuntsim
