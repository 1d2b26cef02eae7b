#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "sim_link.h"
#include "stuntsim/sim/simulation.h"

namespace stuntsim {

/// Steps one Simulation on its own thread at real time times the chosen speed, and hands the
/// main thread a copy of its mjData plus a status under one lock.
///
/// Thread safety: after construction the Simulation belongs to the physics thread alone. The
/// only shared state is the block of members marked "guarded by mutex_", and the main thread
/// touches it only inside Exchange(). The model and the World are immutable after construction
/// and read by both threads.
class PhysicsThread {
 public:
  struct Deleter {
    void operator()(PhysicsThread* physics) const { Shutdown(physics); }
  };

  /// Takes `sim`, publishes its initial state and starts the thread.
  PhysicsThread(std::unique_ptr<Simulation> sim, const SimControls& controls);
  /// Stops and joins the thread; the Simulation is destroyed with it. Owners hold a
  /// PhysicsThreadPtr, whose deleter handles a thread that never stops.
  ~PhysicsThread();

  /// Stops, joins and destroys `physics`. If its thread is stuck in a controller tick for more
  /// than kAbandonAfter, the thread is detached and the whole object (which the thread still
  /// reads) is abandoned, leaked, instead, so that the viewer can quit or reload.
  static void Shutdown(PhysicsThread* physics);

  PhysicsThread(const PhysicsThread&) = delete;
  PhysicsThread& operator=(const PhysicsThread&) = delete;

  /// Under the lock: stores `controls`, hands over (and clears) `requests`, copies the latest
  /// published mjData into snapshot.data (allocated for model()), the status into
  /// snapshot.status, and appends the plot samples taken since the last call to
  /// snapshot.new_samples.
  void Exchange(const SimControls& controls, SimRequests& requests, SimSnapshot& snapshot);

  /// Allocates an mjData for model(), for SimSnapshot::data.
  DataPtr MakeData() const;

  const mjModel* model() const { return model_; }
  const World& world() const { return *world_; }
  /// Name of the controller the Simulation runs.
  const std::string& controller_name() const { return controller_name_; }

 private:
  using Clock = std::chrono::steady_clock;

  void Run();
  // Asks the thread to stop and joins it; false if it did not finish within kAbandonAfter.
  bool StopAndJoin();
  // Applies requests and steps as far as the wall clock says; physics thread only.
  void Advance(const SimControls& controls, const SimRequests& requests);
  void StepOnce(const SimControls& controls);
  void ApplyMousePull(const MousePull& pull);
  void TakeSample();
  void UpdateStatus(Clock::time_point now);
  void Reanchor(Clock::time_point now);

  // Immutable after construction.
  const mjModel* model_;
  const World* world_;
  std::string controller_name_;
  std::string base_body_;
  int sample_every_ = 5;

  // Physics thread only (the constructor sets them before the thread starts).
  std::unique_ptr<Simulation> sim_;
  SimStatus local_status_;
  std::vector<PlotSample> local_samples_;
  int steps_since_sample_ = 0;
  bool paused_ = false;
  double speed_ = 1.0;
  Clock::time_point wall_anchor_;
  double sim_anchor_ = 0;
  Clock::time_point rtf_wall_;
  double rtf_sim_ = 0;

  // Set by StopAndJoin(); read between physics steps so a stop does not wait for a backlog.
  std::atomic<bool> stopping_{false};

  // Guarded by mutex_.
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  bool finished_ = false;  // Run() returned
  Clock::time_point published_at_;
  SimControls controls_;
  SimRequests requests_;
  DataPtr published_;
  SimStatus status_;
  std::vector<PlotSample> samples_;

  std::thread thread_;
};

/// Owner of a PhysicsThread: stops it, or abandons it if it is stuck (see Shutdown()).
using PhysicsThreadPtr = std::unique_ptr<PhysicsThread, PhysicsThread::Deleter>;

}  // namespace stuntsim
