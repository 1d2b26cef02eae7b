#pragma once

#include <string>
#include <vector>

#include "session.h"
#include "window.h"

namespace CLI {
class App;
}

namespace stuntsim {

/// Everything the command line sets.
struct ViewerOptions {
  /// Robot, terrain, controller and behaviour to start with.
  SessionChoice choice;
  /// Save a PNG of the window to this file after `screenshot_after` seconds, then exit.
  std::string screenshot;
  double screenshot_after = 2.0;
  /// Record the window to this MP4 file from the start.
  std::string record;
  /// Exit after this many wall-clock seconds (0: run until closed).
  double quit_after = 0;
  /// Write the state dump (JSON) here at exit.
  std::string state_dump;
  /// Play this script of UI actions.
  std::string script;
  /// Keep a JSON map of the widgets' screen rectangles here (for GUI tests).
  std::string widget_map;
  /// Shared libraries that register more controllers.
  std::vector<std::string> plugins;
  WindowOptions window;
  /// Turn shadows, reflections and the sky on even on a software renderer.
  bool high_quality = false;
  /// Frame-rate cap (0: none).
  double max_fps = 60;
  /// Start paused.
  bool paused = false;
};

/// Declares the command line on `cli`, writing into `options`.
void AddViewerOptions(CLI::App& cli, ViewerOptions& options);

/// Checks the options that can be checked before anything loads (names, numbers); throws
/// InputError naming the option, e.g. "--robot: unknown robot 'x' (known: ...)".
void ValidateViewerOptions(const ViewerOptions& options);

}  // namespace stuntsim
