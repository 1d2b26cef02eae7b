#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "stuntsim/sim/scenario_runner.h"

namespace stuntsim {

/// Progress of the scenarios running now, shown on stdout. On a terminal one status line
/// ("[done/total] name t/T s 35x | ...") is redrawn in place five times a second; otherwise a
/// plain line per running scenario at most every few seconds. Permanent lines (results) go
/// above the status line. Thread-safe.
class ProgressBoard {
 public:
  /// `terminal`: redraw in place (stdout is a terminal); `total`: scenarios in the suite.
  ProgressBoard(bool terminal, int total);
  /// Stops the redraw thread and clears the status line.
  ~ProgressBoard();

  /// A scenario started; returns its slot.
  int Begin(const std::string& name, double duration);
  /// Simulated time `sim_time` (s) reached after `wall` seconds.
  void Update(int slot, double sim_time, double wall);
  /// The scenario in `slot` finished.
  void End(int slot);
  /// Prints `text` (lines ending in '\n') above the status line.
  void Print(const std::string& text);

 private:
  struct Slot {
    std::string name;
    double duration = 0, sim_time = 0, rtf = 0;
    bool active = false;
    std::chrono::steady_clock::time_point last_plain;
  };

  void RedrawLocked();
  void ClearLocked();
  void Loop();

  const bool terminal_;
  const int total_;
  int done_ = 0;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  bool line_shown_ = false;
  std::vector<Slot> slots_;
  std::thread thread_;
};

/// Reports a scenario's progress to a ProgressBoard every 0.1 s of simulated time.
class ProgressObserver : public ScenarioObserver {
 public:
  explicit ProgressObserver(ProgressBoard& board) : board_(board) {}
  ~ProgressObserver() override;

  void OnStart(const Scenario& scenario, const Simulation& sim) override;
  void OnStep(const Simulation& sim) override;

 private:
  ProgressBoard& board_;
  int slot_ = -1;
  double next_report_ = 0;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace stuntsim
