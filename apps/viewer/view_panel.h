#pragma once

#include <string>
#include <vector>

#include "actions.h"
#include "plots.h"
#include "scene_view.h"
#include "widgets.h"

namespace stuntsim {

/// What the view panel shows besides the plots.
struct ViewPanelModel {
  const Plots* plots = nullptr;
  std::vector<std::string> foot_names;
  std::vector<float> torque_share;
  bool follow = true;
  bool recording = false;
  /// Last capture note ("saved shot.png").
  std::string capture_message;
  std::string gl_renderer;
  int samples = 0;
};

/// Width of the view panel, pixels.
inline constexpr float kViewPanelWidth = 320.0f;

/// Draws the right panel: the live plots, camera (follow, presets), what to draw (contacts,
/// shadows, reflections, skybox) and capture (screenshot, recording). Render settings are
/// edited in place; the rest becomes Actions.
void DrawViewPanel(const ViewPanelModel& model, Widgets& ui, RenderSettings& render, ActionQueue& actions);

}  // namespace stuntsim
