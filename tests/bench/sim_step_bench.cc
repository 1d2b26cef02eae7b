// Raw mj_step against one Simulation step (state read-out, controller, impedance law, checks)
// with the stand controller, per robot. Our layer should add under 10 % to the raw step.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <vector>

#include "stuntsim/sim/simulation.h"

namespace stuntsim {
namespace {

const char* const kRobots[] = {"quadruped", "humanoid", "wheel_legged"};

constexpr int kEpisode = 5000;  // steps before starting over from the start state

// MuJoCo alone replaying the torques the Simulation applied: the same physics work, no layer.
void BM_RawMjStep(benchmark::State& bench) {
  SimulationOptions options;
  options.robot = kRobots[bench.range(0)];
  Simulation sim(options);
  const mjModel* m = sim.model();
  DataPtr start(mj_makeData(m)), data(mj_makeData(m));
  mj_copyData(start.get(), m, sim.data());
  std::vector<mjtNum> ctrl(static_cast<size_t>(kEpisode) * m->nu);
  for (int i = 0; i < kEpisode; ++i) {
    sim.Step();
    std::copy(sim.data()->ctrl, sim.data()->ctrl + m->nu, ctrl.begin() + static_cast<size_t>(i) * m->nu);
  }
  mj_copyData(data.get(), m, start.get());
  int step = 0;
  for (auto _ : bench) {
    std::copy(ctrl.begin() + static_cast<size_t>(step) * m->nu, ctrl.begin() + static_cast<size_t>(step + 1) * m->nu,
              data->ctrl);
    mj_step(m, data.get());
    if (++step == kEpisode) {
      step = 0;
      mj_copyData(data.get(), m, start.get());
    }
  }
  bench.SetLabel(options.robot);
}

void BM_SimulationStep(benchmark::State& bench) {
  SimulationOptions options;
  options.robot = kRobots[bench.range(0)];
  options.controller = "stand";
  Simulation sim(options);
  int step = 0;
  for (auto _ : bench) {
    sim.Step();
    if (++step == kEpisode) {
      step = 0;
      sim.Reset();
    }
  }
  bench.SetLabel(options.robot);
}

BENCHMARK(BM_RawMjStep)->DenseRange(0, 2)->MinTime(1.0);
BENCHMARK(BM_SimulationStep)->DenseRange(0, 2)->MinTime(1.0);

}  // namespace
}  // namespace stuntsim
