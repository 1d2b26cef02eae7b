// Quadruped locomotion costs: the convex MPC solve (build + QP) per contact pattern, the
// controller's time per control tick while trotting, and the whole stack trotting against raw
// mj_step. Per-call times are recorded and reported as median / p99 counters (in us).
#include <benchmark/benchmark.h>

#include <chrono>
#include <vector>

#include "bench_util.h"
#include "stuntsim/controllers/quadruped/convex_mpc.h"
#include "stuntsim/controllers/quadruped/quadruped_controller.h"

namespace stuntsim {
namespace {

// MPC states recorded from a simulation (real contact patterns and states).
struct Recorded {
  std::vector<MpcState> states;
  std::vector<Eigen::MatrixXd> references;
  std::vector<Eigen::Matrix<unsigned char, kQuadLegs, Eigen::Dynamic>> contacts;
};

Recorded Record(const std::string& behavior, double vx) {
  auto sim = StartSimulation("quadruped", "quadruped_mpc", behavior, vx);
  sim->StepFor(1.5);
  auto& qc = dynamic_cast<QuadrupedController&>(sim->controller());
  Recorded r;
  for (int i = 0; i < 400; ++i) {
    sim->StepFor(0.024);
    const BodyState& b = qc.body();
    MpcState x;
    x.rpy = b.rpy;
    x.rot = b.rot;
    x.angvel = b.angvel;
    x.com_pos = b.pos + b.com_offset;
    x.com_vel = b.vel;
    for (int l = 0; l < kQuadLegs; ++l) x.foot_rel[l] = b.foot_pos[l] - x.com_pos;
    ConvexMpc& mpc = const_cast<ConvexMpc&>(qc.locomotion().mpc());
    r.states.push_back(x);
    r.references.push_back(mpc.reference());
    r.contacts.push_back(mpc.contact());
  }
  return r;
}

// One MPC solve (dynamics, condensed QP, Goldfarb-Idnani) on recorded states.
void BM_QuadrupedMpcSolve(benchmark::State& bench) {
  const char* behaviors[] = {"stand", "trot", "bound", "gallop"};
  const double speeds[] = {0.0, 1.0, 1.5, 1.5};
  const Recorded rec = Record(behaviors[bench.range(0)], speeds[bench.range(0)]);
  ConvexMpc mpc;
  mpc.Reset(ConvexMpcParams(), 15.0, 0.7 * Eigen::Vector3d(0.12, 0.35, 0.4).asDiagonal().toDenseMatrix());
  std::vector<double> times;
  times.reserve(1 << 16);
  size_t i = 0;
  double vars = 0, iters = 0;
  for (auto _ : bench) {
    mpc.reference() = rec.references[i];
    mpc.contact() = rec.contacts[i];
    const auto start = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(mpc.Solve(rec.states[i]));
    times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    vars += mpc.num_variables();
    iters += mpc.iterations();
    i = (i + 1) % rec.states.size();
  }
  bench.counters["variables"] = vars / static_cast<double>(times.size());
  bench.counters["qp_iterations"] = iters / static_cast<double>(times.size());
  ReportPercentiles(bench, times, "solve_");
  bench.SetLabel(behaviors[bench.range(0)]);
}

// The controller's Compute per control tick (estimator, scheduler, MPC every 12 ticks or at
// contact changes, swing, leg mapping), in a simulation trotting at 1 m/s.
void BM_QuadrupedControllerTick(benchmark::State& bench) {
  auto sim = StartSimulation("quadruped", "quadruped_mpc", "trot", 1.0);
  sim->StepFor(1.0);
  std::vector<double> times;
  times.reserve(1 << 18);
  for (auto _ : bench) {
    sim->Step();
    times.push_back(sim->last_controller_seconds());
    if (sim->time() > 20.0) {
      bench.PauseTiming();
      sim->Reset();
      sim->StepFor(1.0);
      bench.ResumeTiming();
    }
  }
  ReportPercentiles(bench, times, "tick_");
}

// Whole stack trotting at 1 m/s, per physics step; the real-time factor is 2 ms / CPU time.
void BM_QuadrupedTrotStep(benchmark::State& bench) {
  auto sim = StartSimulation("quadruped", "quadruped_mpc", "trot", 1.0);
  sim->StepFor(1.0);
  for (auto _ : bench) {
    sim->Step();
    if (sim->time() > 20.0) {
      bench.PauseTiming();
      sim->Reset();
      sim->StepFor(1.0);
      bench.ResumeTiming();
    }
  }
  bench.counters["realtime_factor"] =
      benchmark::Counter(sim->timestep(), benchmark::Counter::kIsIterationInvariantRate);
}

// A jump played again and again (0.5 s standing, then jump_up and 1.5 s of landing and stand):
// the controller's Compute on the ticks it plays the jump (player: interpolation, take-off
// check, landing), and the whole stack per physics step over the jump, from which the real-time
// factor.
void BM_QuadrupedJumpTick(benchmark::State& bench) {
  auto sim = StartSimulation("quadruped", "quadruped_mpc", "stand");
  std::vector<double> ticks, steps;
  ticks.reserve(1 << 16);
  steps.reserve(1 << 18);
  OperatorCommand command;
  for (auto _ : bench) {
    bench.PauseTiming();
    sim->Reset();
    command.behavior = "stand";
    sim->set_command(command);
    sim->StepFor(0.5);
    command.behavior = "jump_up";
    sim->set_command(command);
    bench.ResumeTiming();
    while (sim->time() < 2.0) {
      const auto start = std::chrono::steady_clock::now();
      sim->Step();
      steps.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
      if (sim->controller().active_behavior() == "jump_up") ticks.push_back(sim->last_controller_seconds());
    }
  }
  ReportPercentiles(bench, ticks, "tick_");
  bench.counters["realtime_factor"] = RealtimeFactor(steps, sim->timestep());
}

// Raw mj_step replaying the trotting torques: the physics alone.
void BM_QuadrupedRawMjStep(benchmark::State& bench) {
  auto sim = StartSimulation("quadruped", "quadruped_mpc", "trot", 1.0);
  sim->StepFor(1.0);
  TorqueReplay replay(*sim, 5000);
  for (auto _ : bench) replay.Step();
  bench.counters["realtime_factor"] =
      benchmark::Counter(replay.timestep(), benchmark::Counter::kIsIterationInvariantRate);
}

BENCHMARK(BM_QuadrupedMpcSolve)->DenseRange(0, 3)->MinTime(2.0)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_QuadrupedControllerTick)->MinTime(2.0)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_QuadrupedTrotStep)->MinTime(2.0)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_QuadrupedJumpTick)->MinTime(2.0)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_QuadrupedRawMjStep)->MinTime(2.0)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace stuntsim
