#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "stuntsim/sim/check.h"
#include "stuntsim/sim/scenario.h"
#include "stuntsim/sim/simulation.h"
#include "stuntsim/sim/trajectory.h"

namespace stuntsim {

/// Watches a scenario run from the thread that runs it (progress display, video recording).
/// Exceptions thrown by an observer fail the scenario with their message.
class ScenarioObserver {
 public:
  virtual ~ScenarioObserver() = default;
  /// After the simulation is built and placed at its spawn (time 0).
  virtual void OnStart(const Scenario& scenario, const Simulation& sim) {}
  /// After every physics step.
  virtual void OnStep(const Simulation& sim) {}
  /// After the last step, or after a SimulationError (then `sim` is in the failed state).
  virtual void OnFinish(const Simulation& sim) {}
};

/// What a scenario run produced. Everything but the timing fields is bit-identical between runs
/// of the same scenario on the same build and machine.
struct ScenarioResult {
  std::string name, file, robot, controller, terrain;
  uint64_t seed = 0;
  /// "envelope" (the motors' torque-speed limits) or "ideal" (a peak-torque clamp only).
  std::string actuator = "envelope";
  /// True when every check passed and the run completed without error.
  bool passed = false;
  /// Empty when passed; else why: a SimulationError, a MuJoCo warning or the failed checks.
  std::string failure;
  /// True when the run did not complete (SimulationError or another run-time error).
  bool error = false;
  /// MuJoCo warnings raised during the run (contact or constraint buffer full, bad inertia or
  /// controls), empty if none; they fail the scenario.
  std::string mujoco_warnings;
  std::vector<CheckResult> checks;
  /// SummaryMetrics over the whole run (label, value).
  std::vector<std::pair<std::string, double>> metrics;
  /// Simulated time reached, s; the scenario's duration when it completed.
  double sim_seconds = 0, duration = 0;
  /// Simulation::StateHash() at the end (hex in reports).
  uint64_t state_hash = 0;
  /// Behaviour switches the controller refused (Controller::refusal()), in time order: one
  /// entry per refusal that starts (Trajectory::RefusalStarts), empty if none.
  std::vector<RefusalEvent> refusals;
  /// Wall-clock time of the run, s, and simulated / wall time. Not deterministic.
  double wall_seconds = 0, realtime_factor = 0;
  /// The recorded trajectory (one row per control tick), null before the simulation was built.
  std::shared_ptr<const Trajectory> trajectory;
};

/// A result that names `scenario` (name, file, robot, controller, terrain, seed, duration) and
/// holds nothing measured yet.
ScenarioResult ResultHeader(const Scenario& scenario);

/// Wall-clock limits of a run (stuntsim-run --tick-budget, --timeout). They depend on the
/// machine, so they are meant as generous guards against a stuck controller, not as checks.
struct RunLimits {
  /// Seconds one controller tick may take (Simulation::set_tick_budget); 0: no limit.
  double tick_budget = 0;
  /// Seconds the whole run may take, checked after every physics step; 0: no limit. Over it
  /// the run fails with "timed out after <s> s of wall time (limit <s> s) at t=<s> s".
  double timeout = 0;
};

/// Runs `scenario`: builds its Simulation, applies its events at their times, records one
/// Trajectory row per control tick, and evaluates its checks. A SimulationError (divergence,
/// controller fault) or an observer's exception fails the result with the reason; it is not
/// thrown. Throws InputError when the scenario names a body or keyframe the model lacks
/// ("<file>:<line>: <field>: ...") or the robot's files are broken. A tick over
/// limits.tick_budget or a run over limits.timeout fails the result like a SimulationError.
ScenarioResult RunScenario(const Scenario& scenario, const std::vector<ScenarioObserver*>& observers = {},
                           const RunLimits& limits = {});

/// "PASS <scenario>" if it passed (with " [ideal actuator]" when it ran on ideal motors, and
/// " (override <check>: <reason>)" per check that replaced a default with a reason); else "FAIL <scenario>: error at t=<s> s: <reason>" for a
/// run-time error, "FAIL <scenario>: MuJoCo warning: ..." for warnings, and
/// "FAIL <scenario>: <check>: <metric> = <value>, expected <bounds>" per failed check (after an
/// error, only the checks that had samples to judge).
std::vector<std::string> ResultLines(const ScenarioResult& result);

}  // namespace stuntsim
