#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "stuntsim/sim/scenario_runner.h"

namespace stuntsim {

/// Catches a scenario that hangs inside one physics step (a controller whose Compute never
/// returns), where RunLimits::timeout, checked between steps, cannot act. A thread looks at the
/// running scenarios ten times a second; once one has run for `limit` seconds of wall time it
/// calls `on_hang` (from that thread) with the scenario's index, its last simulated time and the
/// wall seconds. A stuck thread cannot be stopped safely, so `on_hang` is expected to write what
/// it can and end the process. Thread-safe.
class Watchdog {
 public:
  using HangHandler = std::function<void(int index, double sim_time, double wall_seconds)>;
  /// Watches scenario indices 0..count-1; `limit` <= 0 watches nothing (no thread).
  Watchdog(int count, double limit, HangHandler on_hang);
  /// Stops the thread.
  ~Watchdog();

  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

  /// Scenario `index` started now.
  void Begin(int index);
  /// Scenario `index` reached simulated time `sim_time`, s.
  void Update(int index, double sim_time);
  /// Scenario `index` finished.
  void End(int index);

 private:
  using Clock = std::chrono::steady_clock;
  struct Slot {
    std::atomic<bool> running{false};
    std::atomic<Clock::rep> start{0};
    std::atomic<double> sim_time{0};
  };

  void Loop();

  const double limit_;
  const HangHandler on_hang_;
  std::unique_ptr<Slot[]> slots_;
  const int count_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

/// Reports one scenario's start, simulated time and end to a Watchdog.
class WatchdogObserver : public ScenarioObserver {
 public:
  WatchdogObserver(Watchdog& watchdog, int index) : watchdog_(watchdog), index_(index) {}
  ~WatchdogObserver() override { watchdog_.End(index_); }

  void OnStart(const Scenario& scenario, const Simulation& sim) override { watchdog_.Begin(index_); }
  void OnStep(const Simulation& sim) override { watchdog_.Update(index_, sim.time()); }

 private:
  Watchdog& watchdog_;
  int index_;
};

}  // namespace stuntsim
