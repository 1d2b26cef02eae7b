// The wheel_legged controller while driving at 1.5 m/s: its time per control tick (the convex
// MPC over the four wheel contacts every second tick, wheel torques, leg stance), the whole stack
// per physics step, and raw mj_step replaying the same torques (the physics alone).
#include <benchmark/benchmark.h>

#include <chrono>
#include <vector>

#include "bench_util.h"

namespace stuntsim {
namespace {

void BM_WheelLeggedDriveTick(benchmark::State& bench) {
  auto sim = StartSimulation("wheel_legged", "wheel_legged", "drive", 1.5);
  sim->StepFor(2.0);  // up to speed
  std::vector<double> ticks, steps;
  ticks.reserve(1 << 18);
  steps.reserve(1 << 18);
  for (auto _ : bench) {
    const auto start = std::chrono::steady_clock::now();
    sim->Step();
    steps.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    ticks.push_back(sim->last_controller_seconds());
  }
  ReportPercentiles(bench, ticks, "tick_");
  bench.counters["realtime_factor"] = RealtimeFactor(steps, sim->timestep());
}

void BM_WheelLeggedRawMjStep(benchmark::State& bench) {
  auto sim = StartSimulation("wheel_legged", "wheel_legged", "drive", 1.5);
  sim->StepFor(2.0);
  TorqueReplay replay(*sim, 5000);
  for (auto _ : bench) replay.Step();
  bench.counters["realtime_factor"] =
      benchmark::Counter(replay.timestep(), benchmark::Counter::kIsIterationInvariantRate);
}

BENCHMARK(BM_WheelLeggedDriveTick)->MinTime(2.0)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_WheelLeggedRawMjStep)->MinTime(2.0)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace stuntsim
