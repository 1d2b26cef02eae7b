#pragma once

#include <string>
#include <vector>

#include "actions.h"
#include "session.h"
#include "sim_link.h"
#include "steering.h"
#include "ui_state.h"
#include "widgets.h"

namespace stuntsim {

/// What the control panel shows.
struct ControlPanelModel {
  SessionChoice choice;
  std::vector<std::string> robots;
  std::vector<std::string> terrains;
  /// Controllers that drive the loaded robot's kind.
  std::vector<const ControllerEntry*> controllers;
  /// Behaviours of the loaded controller (from its registry entry).
  std::vector<std::string> behaviors;
  std::vector<std::string> keyframes;
  SimStatus status;
};

/// Width of the control panel, pixels.
inline constexpr float kControlPanelWidth = 340.0f;

/// Draws the left panel: robot, terrain and controller pickers, behaviour buttons (the active
/// one highlighted, a refusal shown with its reason), simulation controls (pause, step, slow
/// motion, reset, keyframes, push) and the steering sliders. Choices become Actions; slider
/// values are edited in place.
void DrawControlPanel(const ControlPanelModel& model, Widgets& ui, UiState& state, Steering& steering,
                      ActionQueue& actions);

}  // namespace stuntsim
