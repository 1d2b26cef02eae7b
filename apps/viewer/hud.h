#pragma once

#include <chrono>
#include <string>

#include "sim_link.h"
#include "widgets.h"

namespace stuntsim {

/// Frames per second, averaged over about half a second, and over the whole run.
class FrameRate {
 public:
  /// Counts one drawn frame.
  void Tick();
  double fps() const { return fps_; }
  /// Mean frame rate since the first second of the run (0 until then).
  double mean_fps() const;
  long frames() const { return frames_; }

 private:
  using Clock = std::chrono::steady_clock;
  Clock::time_point start_ = Clock::now(), window_start_ = start_, mean_start_;
  long frames_ = 0, window_frames_ = 0, mean_frames_ = -1;
  double fps_ = 0;
};

/// What the HUD shows besides the simulation status.
struct HudInfo {
  double fps = 0;
  double speed = 1;
  std::string robot, controller;
  bool recording = false;
  /// Horizontal centre and width of the 3D view, window pixels.
  float center_x = 0, view_width = 0;
};

/// Draws the heads-up display (top centre): sim time, real-time factor, frame rate, controller
/// time, active behaviour, and warnings (fell, error, refusal).
void DrawHud(const SimStatus& status, const HudInfo& info);

/// When the simulation stopped on an error (a controller fault, a divergence, a tick over the
/// budget), draws a red banner in the middle of the 3D view with the reason, the simulated time
/// and how to recover (Reset: the button or Backspace); when the physics thread has not
/// published for 3 s (a tick that does not return), a banner saying so. Returns its rectangle
/// (window pixels). Draws nothing and
/// returns an empty rectangle otherwise.
WidgetRect DrawFaultBanner(const SimStatus& status, const HudInfo& info, float center_y);

/// Draws the F1 help overlay listing every key binding and mouse/gamepad input; `open` is
/// cleared when the user closes it.
void DrawHelp(bool* open);

}  // namespace stuntsim
