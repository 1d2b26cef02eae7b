// What the scenario runner adds to bare stepping: recording a trajectory row per control tick,
// evaluating checks and summary metrics, writing the CSV. Both sides build their Simulation, so
// the difference is the runner's own cost.
#include <benchmark/benchmark.h>

#include <sstream>

#include "stuntsim/sim/metrics.h"
#include "stuntsim/sim/scenario_report.h"
#include "stuntsim/sim/scenario_runner.h"

namespace stuntsim {
namespace {

const char* const kRobots[] = {"quadruped", "humanoid", "wheel_legged"};
constexpr double kSeconds = 2.0;

Scenario StandScenario(const char* robot) {
  Scenario s;
  s.name = std::string(robot) + "_bench";
  s.robot = robot;
  s.controller = "stand";
  s.duration = kSeconds;
  for (const char* metric : {"fell", "base_tilt_deg", "velocity_error"}) {
    CheckSpec c;
    c.name = metric;
    c.metric.metric = metric;
    c.metric.stat = "max";
    c.metric.component = "all";
    c.metric.t1 = kSeconds;
    c.max = 1e9;
    s.checks.push_back(c);
  }
  return s;
}

// Build a Simulation and step it for kSeconds: the floor under RunScenario.
void BM_BuildAndStep(benchmark::State& bench) {
  SimulationOptions options;
  options.robot = kRobots[bench.range(0)];
  options.controller = "stand";
  for (auto _ : bench) {
    Simulation sim(options);
    sim.StepFor(kSeconds);
    benchmark::DoNotOptimize(sim.StateHash());
  }
  bench.SetLabel(options.robot);
}

// The same through RunScenario: plus one recorded row per control tick, 3 checks, summary.
void BM_RunScenario(benchmark::State& bench) {
  const Scenario s = StandScenario(kRobots[bench.range(0)]);
  for (auto _ : bench) benchmark::DoNotOptimize(RunScenario(s).state_hash);
  bench.SetLabel(s.robot);
}

// Writing a 10 s trajectory (5000 rows) as CSV, every row (0) or at 100 Hz.
void BM_WriteCsv(benchmark::State& bench) {
  Scenario s = StandScenario("quadruped");
  s.duration = 10.0;
  const ScenarioResult result = RunScenario(s);
  for (auto _ : bench) {
    std::ostringstream out;
    WriteTrajectoryCsv(out, *result.trajectory, static_cast<double>(bench.range(0)));
    benchmark::DoNotOptimize(out.str().size());
  }
  bench.SetLabel(std::to_string(result.trajectory->size()) + " rows");
}

BENCHMARK(BM_BuildAndStep)->DenseRange(0, 2)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_RunScenario)->DenseRange(0, 2)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_WriteCsv)->Arg(0)->Arg(100)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace stuntsim
