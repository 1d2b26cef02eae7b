#pragma once

#include <memory>

#include <spdlog/logger.h>

namespace stuntsim {

/// The project's logger (stderr, name "stuntsim").
spdlog::logger& Log();

/// Routes MuJoCo's warnings and errors into Log() instead of stdout and MUJOCO_LOG.TXT.
/// MuJoCo errors become exceptions (InputError) instead of exiting the process. Idempotent.
void InstallMujocoLogHandlers();

/// Number of MuJoCo warnings logged since the process started (tests fail on a change).
long MujocoWarningCount();

}  // namespace stuntsim
