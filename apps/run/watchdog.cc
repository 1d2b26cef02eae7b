#include "watchdog.h"

namespace stuntsim {

Watchdog::Watchdog(int count, double limit, HangHandler on_hang)
    : limit_(limit), on_hang_(std::move(on_hang)), slots_(new Slot[count > 0 ? count : 1]), count_(count) {
  if (limit_ > 0) thread_ = std::thread(&Watchdog::Loop, this);
}

Watchdog::~Watchdog() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Watchdog::Begin(int index) {
  slots_[index].sim_time = 0;
  slots_[index].start = Clock::now().time_since_epoch().count();
  slots_[index].running = true;
}

void Watchdog::Update(int index, double sim_time) { slots_[index].sim_time.store(sim_time, std::memory_order_relaxed); }

void Watchdog::End(int index) { slots_[index].running = false; }

void Watchdog::Loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!wake_.wait_for(lock, std::chrono::milliseconds(100), [this] { return stop_; })) {
    const Clock::time_point now = Clock::now();
    for (int i = 0; i < count_; ++i) {
      if (!slots_[i].running) continue;
      const Clock::time_point start{Clock::duration(slots_[i].start.load())};
      const double wall = std::chrono::duration<double>(now - start).count();
      if (wall > limit_) {
        lock.unlock();
        on_hang_(i, slots_[i].sim_time.load(), wall);
        return;
      }
    }
  }
}

}  // namespace stuntsim
