// Raw mj_step against one Simulation step (state read-out, controller, impedance law, checks)
// with the stand controller, per robot. Our layer should add under 10 % to the raw step.
#include <benchmark/benchmark.h>

#include "bench_util.h"

namespace stuntsim {
namespace {

const char* const kRobots[] = {"quadruped", "humanoid", "wheel_legged"};

constexpr int kEpisode = 5000;  // steps before starting over from the start state

// MuJoCo alone replaying the torques the Simulation applied: the same physics work, no layer.
void BM_RawMjStep(benchmark::State& bench) {
  auto sim = StartSimulation(kRobots[bench.range(0)], "stand");
  TorqueReplay replay(*sim, kEpisode);
  for (auto _ : bench) replay.Step();
  bench.SetLabel(kRobots[bench.range(0)]);
}

void BM_SimulationStep(benchmark::State& bench) {
  auto sim = StartSimulation(kRobots[bench.range(0)], "stand");
  int step = 0;
  for (auto _ : bench) {
    sim->Step();
    if (++step == kEpisode) {
      step = 0;
      sim->Reset();
    }
  }
  bench.SetLabel(kRobots[bench.range(0)]);
}

BENCHMARK(BM_RawMjStep)->DenseRange(0, 2)->MinTime(1.0);
BENCHMARK(BM_SimulationStep)->DenseRange(0, 2)->MinTime(1.0);

}  // namespace
}  // namespace stuntsim
