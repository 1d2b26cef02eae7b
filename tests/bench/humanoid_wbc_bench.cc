// Humanoid whole-body control costs (issue 7):
//  - BM_WbcQpSolve: WholeBodyQp::Solve (build + solve) on states and targets recorded from a
//    humanoid_wbc run (stand, walk at 0.5 m/s, a jab), replayed in order; per-solve median and p99.
//  - BM_ControllerTick: HumanoidController::Compute inside a walking Simulation (the wall time the
//    Simulation measures per control tick); median and p99.
//  - BM_WbcStep / BM_RawStepReplay: one Simulation step with humanoid_wbc walking, against raw
//    mj_step replaying the same torques; realtime_factor = 2 ms / time per step.
// Read the _median rows (9 repetitions).
#include <benchmark/benchmark.h>

#include <chrono>
#include <vector>

#include "bench_util.h"
#include "stuntsim/controllers/humanoid/humanoid_controller.h"

namespace stuntsim {
namespace {

using Clock = std::chrono::steady_clock;

struct Sample {
  RobotState state;
  WbcTargets targets;
};

// Runs humanoid_wbc through standing, walking and a jab and keeps every tick's QP inputs.
const std::vector<Sample>& Recorded() {
  static const std::vector<Sample> samples = [] {
    SimulationOptions options;
    options.robot = "humanoid";
    options.controller = "humanoid_wbc";
    Simulation sim(options);
    std::vector<Sample> out;
    auto run = [&](const OperatorCommand& command, double seconds) {
      sim.set_command(command);
      const int steps = static_cast<int>(seconds / sim.timestep());
      for (int i = 0; i < steps; ++i) {
        sim.Step();
        const auto& controller = static_cast<const HumanoidController&>(sim.controller());
        out.push_back({sim.state(), controller.targets()});
      }
    };
    OperatorCommand command;
    command.behavior = "stand";
    run(command, 1.0);
    command.behavior = "jab";
    run(command, 2.0);
    command.behavior = "walk";
    command.vx = 0.5;
    run(command, 4.0);
    return out;
  }();
  return samples;
}

void BM_WbcQpSolve(benchmark::State& bench) {
  const std::vector<Sample>& samples = Recorded();
  SimulationOptions options;
  options.robot = "humanoid";
  Simulation sim(options);  // for the RobotInfo
  const RobotInfo& robot = sim.world().info();
  WholeBodyQp qp;
  qp.Reset(robot);
  WbcSolution solution;
  qp.PrepareSolution(&solution);
  std::vector<double> seconds;
  seconds.reserve(1 << 20);
  size_t i = 0;
  long iterations = 0, failures = 0;
  for (auto _ : bench) {
    const Sample& s = samples[i];
    const auto start = Clock::now();
    const QpStatus status = qp.Solve(robot, s.state, s.targets, &solution);
    seconds.push_back(std::chrono::duration<double>(Clock::now() - start).count());
    iterations += solution.iterations;
    failures += status != QpStatus::kSolved;
    if (++i == samples.size()) i = 0;
  }
  ReportPercentiles(bench, seconds);
  bench.counters["qp_iters"] = static_cast<double>(iterations) / std::max<size_t>(1, seconds.size());
  bench.counters["failures"] = static_cast<double>(failures);
}

void BM_ControllerTick(benchmark::State& bench) {
  auto sim = StartSimulation("humanoid", "humanoid_wbc", "walk", 0.5);
  const OperatorCommand command = sim->command();
  std::vector<double> seconds;
  seconds.reserve(1 << 20);
  for (auto _ : bench) {
    sim->Step();
    seconds.push_back(sim->last_controller_seconds());
    if (sim->time() > 10.0) {
      bench.PauseTiming();
      sim->Reset();
      sim->set_command(command);
      bench.ResumeTiming();
    }
  }
  ReportPercentiles(bench, seconds);
}

constexpr int kEpisode = 3000;  // 6 s of walking, then start over

void BM_WbcStep(benchmark::State& bench) {
  auto sim = StartSimulation("humanoid", "humanoid_wbc", "walk", 0.5);
  const OperatorCommand command = sim->command();
  int step = 0;
  for (auto _ : bench) {
    sim->Step();
    if (++step == kEpisode) {
      step = 0;
      sim->Reset();
      sim->set_command(command);
    }
  }
  bench.counters["realtime_factor"] =
      benchmark::Counter(sim->timestep(), benchmark::Counter::kIsIterationInvariantRate);
}

void BM_RawStepReplay(benchmark::State& bench) {
  auto sim = StartSimulation("humanoid", "humanoid_wbc", "walk", 0.5);
  TorqueReplay replay(*sim, kEpisode);
  for (auto _ : bench) replay.Step();
  bench.counters["realtime_factor"] =
      benchmark::Counter(replay.timestep(), benchmark::Counter::kIsIterationInvariantRate);
}

BENCHMARK(BM_WbcQpSolve)->MinTime(1.0)->Repetitions(9)->ReportAggregatesOnly(true);
BENCHMARK(BM_ControllerTick)->MinTime(1.0)->Repetitions(9)->ReportAggregatesOnly(true);
BENCHMARK(BM_WbcStep)->MinTime(1.0)->Repetitions(9)->ReportAggregatesOnly(true);
BENCHMARK(BM_RawStepReplay)->MinTime(1.0)->Repetitions(9)->ReportAggregatesOnly(true);

}  // namespace
}  // namespace stuntsim
