#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "actions.h"
#include "camera_control.h"
#include "frame_capture.h"
#include "hud.h"
#include "perturb_control.h"
#include "physics_thread.h"
#include "plots.h"
#include "scene_view.h"
#include "script_player.h"
#include "sim_link.h"
#include "state_dump.h"
#include "steering.h"
#include "ui_state.h"
#include "viewer_options.h"
#include "widgets.h"
#include "window.h"

namespace stuntsim {

/// The viewer's main loop on the main thread: wires the window, the input, the panels, the
/// physics thread and the renderer together, and applies Actions. Each piece lives in its own
/// class; App only moves values between them.
class App {
 public:
  /// Opens the window and starts simulating `sim` (made from options.choice). Throws
  /// std::runtime_error if no window can be opened.
  App(const ViewerOptions& options, std::unique_ptr<Simulation> sim, Script script);
  ~App();

  /// Runs until the window closes, a quit action or a timer; returns the exit code. Throws
  /// InputError for a script step that cannot be carried out.
  int Run();

 private:
  using Clock = std::chrono::steady_clock;

  // Starts the physics thread and the scene for a new Simulation.
  void Load(std::unique_ptr<Simulation> sim);
  // Builds `next` and swaps it in; keeps the current one and shows the error if it fails.
  void Reload(const SessionChoice& next);

  void HandleKeys(ActionQueue& actions);
  void HandleMouse();
  void Exchange();
  void DrawUi(ActionQueue& actions);
  void Apply(const Action& action);
  void RunTimers(double elapsed, ActionQueue& actions);
  void Render();
  void Capture();
  void Finish();
  ViewerFigures Figures() const;
  // The 3D view: the window between the panels (all of it when they are hidden), in window
  // coordinates (y down).
  struct ViewRect {
    double x = 0, y = 0, width = 1, height = 1;
  };
  ViewRect SceneRect() const;

  ViewerOptions options_;
  SessionChoice choice_;
  Window window_;
  UiState ui_;
  RenderSettings render_;
  Widgets widgets_;
  Steering steering_;
  CameraControl camera_;
  PerturbControl perturb_;
  Plots plots_;
  FrameCapture capture_;
  FrameRate frame_rate_;
  std::optional<ScriptPlayer> script_;

  PhysicsThreadPtr physics_;
  std::unique_ptr<SceneView> scene_;
  SimSnapshot snapshot_;
  SimRequests requests_;
  std::vector<std::string> robots_, keyframes_, foot_names_;

  // Mouse drag in progress: the button (-1: none), pulling a body or moving the camera.
  int drag_button_ = -1;
  bool drag_pull_ = false;
  double last_x_ = 0, last_y_ = 0;

  bool quit_ = false;
  bool timed_screenshot_requested_ = false;
  bool timed_screenshot_done_ = false;
  int exit_code_ = 0;
  Clock::time_point last_widget_map_{};
};

}  // namespace stuntsim
