#include "progress.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>

namespace stuntsim {
namespace {

constexpr auto kRedrawPeriod = std::chrono::milliseconds(200);
constexpr auto kPlainPeriod = std::chrono::seconds(5);
constexpr double kReportEvery = 0.1;  // s of simulated time

int TerminalWidth() {
  winsize w{};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &w) == 0 && w.ws_col > 20) return w.ws_col;
  return 100;
}

std::string Status(const std::string& name, double sim_time, double duration, double rtf) {
  char buffer[256];
  std::snprintf(buffer, sizeof(buffer), "%s %.1f/%.1f s %.0fx", name.c_str(), sim_time, duration, rtf);
  return buffer;
}

}  // namespace

ProgressBoard::ProgressBoard(bool terminal, int total) : terminal_(terminal), total_(total) {
  if (terminal_) thread_ = std::thread([this] { Loop(); });
}

ProgressBoard::~ProgressBoard() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
    ClearLocked();
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  std::fflush(stdout);
}

int ProgressBoard::Begin(const std::string& name, double duration) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = std::find_if(slots_.begin(), slots_.end(), [](const Slot& s) { return !s.active; });
  if (it == slots_.end()) it = slots_.insert(slots_.end(), Slot{});
  *it = Slot{name, duration, 0, 0, true, std::chrono::steady_clock::now()};
  return static_cast<int>(it - slots_.begin());
}

void ProgressBoard::Update(int slot, double sim_time, double wall) {
  std::lock_guard<std::mutex> lock(mutex_);
  Slot& s = slots_[slot];
  s.sim_time = sim_time;
  s.rtf = sim_time / std::max(wall, 1e-9);
  const auto now = std::chrono::steady_clock::now();
  if (!terminal_ && now - s.last_plain >= kPlainPeriod) {
    s.last_plain = now;
    std::printf("  ... %s\n", Status(s.name, s.sim_time, s.duration, s.rtf).c_str());
    std::fflush(stdout);
  }
}

void ProgressBoard::End(int slot) {
  std::lock_guard<std::mutex> lock(mutex_);
  slots_[slot].active = false;
  ++done_;
}

void ProgressBoard::Print(const std::string& text) {
  std::lock_guard<std::mutex> lock(mutex_);
  ClearLocked();
  std::fputs(text.c_str(), stdout);
  if (terminal_) RedrawLocked();
  std::fflush(stdout);
}

void ProgressBoard::ClearLocked() {
  if (terminal_ && line_shown_) std::fputs("\r\033[K", stdout);
  line_shown_ = false;
}

void ProgressBoard::RedrawLocked() {
  std::string line = "[" + std::to_string(done_) + "/" + std::to_string(total_) + "]";
  for (const Slot& s : slots_) {
    if (s.active) line += " " + Status(s.name, s.sim_time, s.duration, s.rtf) + " |";
  }
  if (line.back() == '|') line.pop_back();
  const size_t width = static_cast<size_t>(TerminalWidth() - 1);
  if (line.size() > width) line = line.substr(0, width - 3) + "...";
  std::fputs(("\r\033[K" + line).c_str(), stdout);
  line_shown_ = true;
}

void ProgressBoard::Loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stop_) {
    RedrawLocked();
    std::fflush(stdout);
    wake_.wait_for(lock, kRedrawPeriod);
  }
}

ProgressObserver::~ProgressObserver() {
  if (slot_ >= 0) board_.End(slot_);
}

void ProgressObserver::OnStart(const Scenario& scenario, const Simulation& sim) {
  start_ = std::chrono::steady_clock::now();
  slot_ = board_.Begin(scenario.name, scenario.duration);
  next_report_ = kReportEvery;
}

void ProgressObserver::OnStep(const Simulation& sim) {
  if (sim.time() < next_report_) return;
  next_report_ += kReportEvery;
  board_.Update(slot_, sim.time(), std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count());
}

}  // namespace stuntsim
