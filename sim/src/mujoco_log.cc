#include "stuntsim/sim/mujoco_log.h"

#include <mujoco/mujoco.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <mutex>

#include "stuntsim/sim/errors.h"

namespace stuntsim {
namespace {

std::atomic<long> warning_count{0};

void OnMujocoWarning(const char* message) {
  ++warning_count;
  Log().warn("MuJoCo: {}", message);
}

// MuJoCo calls this for fatal errors and would exit() afterwards; throwing unwinds instead.
// MuJoCo 2.2.2 is C, but built with exceptions-safe frames on Debian (C code has no cleanups to run).
void OnMujocoError(const char* message) {
  Log().error("MuJoCo: {}", message);
  throw SimulationError(std::string("MuJoCo error: ") + message);
}

}  // namespace

spdlog::logger& Log() {
  static std::shared_ptr<spdlog::logger> logger = [] {
    auto l = spdlog::stderr_color_mt("stuntsim");
    l->set_pattern("[%l] %v");
    return l;
  }();
  return *logger;
}

long MujocoWarningCount() { return warning_count.load(); }

void InstallMujocoLogHandlers() {
  static std::once_flag once;
  std::call_once(once, [] {
    mju_user_warning = OnMujocoWarning;
    mju_user_error = OnMujocoError;
  });
}

}  // namespace stuntsim
