#pragma once

#include <string>

namespace stuntsim {

/// Viewer settings the panels and keys change that are not simulation inputs by themselves.
struct UiState {
  bool paused = false;
  /// Simulation seconds per wall-clock second.
  double speed = 1.0;
  /// Push impulse on the base, N*s, and its direction in the robot's heading frame:
  /// "forward", "left", "back", "right" or "up".
  double impulse = 15.0;
  std::string impulse_direction = "left";
  bool show_help = false;
  bool show_panels = true;
  /// Last reload failure (a bad robot file, ...), shown in the panel; empty if none.
  std::string load_error;
};

/// The slow-motion choices, fastest first.
inline constexpr double kSpeeds[] = {1.0, 0.5, 0.25, 0.1};
/// Their labels, as shown and as widget names ("speed:1/4").
inline constexpr const char* kSpeedLabels[] = {"1", "1/2", "1/4", "1/10"};

}  // namespace stuntsim
