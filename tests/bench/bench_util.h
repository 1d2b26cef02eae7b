// Pieces every benchmark needs: a simulation started in a behaviour, per-call percentiles as
// counters, and raw mj_step replaying recorded torques (the physics alone, without our layer).
#pragma once

#include <benchmark/benchmark.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "stuntsim/sim/simulation.h"

namespace stuntsim {

/// A simulation of `robot` under `controller` (empty: the robot's default) commanded to
/// `behavior` at forward speed `vx`.
inline std::unique_ptr<Simulation> StartSimulation(const std::string& robot, const std::string& controller,
                                                   const std::string& behavior = "", double vx = 0.0) {
  SimulationOptions options;
  options.robot = robot;
  options.controller = controller;
  auto sim = std::make_unique<Simulation>(options);
  OperatorCommand command;
  command.behavior = behavior;
  command.vx = vx;
  sim->set_command(command);
  return sim;
}

/// Median, p99 and max of `seconds`, in microseconds, as counters named <prefix>median_us etc.
inline void ReportPercentiles(benchmark::State& bench, std::vector<double>& seconds, const std::string& prefix = "") {
  if (seconds.empty()) return;
  std::sort(seconds.begin(), seconds.end());
  auto at = [&](double q) { return 1e6 * seconds[static_cast<size_t>(q * static_cast<double>(seconds.size() - 1))]; };
  bench.counters[prefix + "median_us"] = at(0.5);
  bench.counters[prefix + "p99_us"] = at(0.99);
  bench.counters[prefix + "max_us"] = 1e6 * seconds.back();
}

/// Simulated seconds per wall-clock second over steps of `timestep` seconds that took
/// `step_seconds` each (0 for none).
inline double RealtimeFactor(const std::vector<double>& step_seconds, double timestep) {
  double total = 0;
  for (double t : step_seconds) total += t;
  return step_seconds.empty() ? 0.0 : timestep * static_cast<double>(step_seconds.size()) / total;
}

/// Records the torques `sim` applies over `episode` steps from its present state, then replays
/// them with raw mj_step on a copy, starting over after each episode: the same physics work as
/// the simulation did, with no state read-out, controller or checks.
class TorqueReplay {
 public:
  TorqueReplay(Simulation& sim, int episode)
      : model_(sim.model()), episode_(episode), start_(mj_makeData(model_)), data_(mj_makeData(model_)) {
    mj_copyData(start_.get(), model_, sim.data());
    const size_t nu = static_cast<size_t>(model_->nu);
    ctrl_.resize(static_cast<size_t>(episode) * nu);
    for (int i = 0; i < episode; ++i) {
      sim.Step();
      std::copy(sim.data()->ctrl, sim.data()->ctrl + nu, ctrl_.begin() + static_cast<ptrdiff_t>(i * nu));
    }
    mj_copyData(data_.get(), model_, start_.get());
  }

  /// One raw mj_step with the next recorded torques.
  void Step() {
    const size_t nu = static_cast<size_t>(model_->nu);
    std::copy_n(ctrl_.begin() + static_cast<ptrdiff_t>(step_ * nu), nu, data_->ctrl);
    mj_step(model_, data_.get());
    if (++step_ == static_cast<size_t>(episode_)) {
      step_ = 0;
      mj_copyData(data_.get(), model_, start_.get());
    }
  }

  double timestep() const { return model_->opt.timestep; }

 private:
  const mjModel* model_;
  int episode_;
  DataPtr start_, data_;
  std::vector<mjtNum> ctrl_;
  size_t step_ = 0;
};

}  // namespace stuntsim
