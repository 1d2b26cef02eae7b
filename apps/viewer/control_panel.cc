#include "control_panel.h"

#include <imgui.h>

namespace stuntsim {
namespace {

// Push directions in the robot's heading frame, and their short labels.
const char* const kImpulseDirections[] = {"forward", "left", "back", "right", "up"};
const char* const kImpulseLabels[] = {"fwd", "left", "back", "right", "up"};

// Lays out radio buttons or buttons in rows that fit the panel width.
void NextInRow(size_t index, float item_width) {
  if (index == 0) return;
  const float right = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + item_width;
  if (right < ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x) ImGui::SameLine();
}

float TextWidth(const std::string& text) { return ImGui::CalcTextSize(text.c_str()).x + 32.0f; }

void DrawScene(const ControlPanelModel& model, Widgets& ui, ActionQueue& actions) {
  ImGui::TextDisabled("Robot");
  for (size_t i = 0; i < model.robots.size(); ++i) {
    const std::string& r = model.robots[i];
    NextInRow(i, TextWidth(r));
    if (ui.Radio("robot:" + r, r, r == model.choice.robot) && r != model.choice.robot) {
      actions.push_back({ActionType::kSelectRobot, r});
    }
  }
  ImGui::TextDisabled("Terrain");
  for (size_t i = 0; i < model.terrains.size(); ++i) {
    const std::string& t = model.terrains[i];
    NextInRow(i, TextWidth(t));
    if (ui.Radio("terrain:" + t, t, t == model.choice.terrain) && t != model.choice.terrain) {
      actions.push_back({ActionType::kSelectTerrain, t});
    }
  }
  ImGui::TextDisabled("Controller");
  for (size_t i = 0; i < model.controllers.size(); ++i) {
    const ControllerEntry& c = *model.controllers[i];
    NextInRow(i, TextWidth(c.name));
    if (ui.Radio("controller:" + c.name, c.name, c.name == model.choice.controller) &&
        c.name != model.choice.controller) {
      actions.push_back({ActionType::kSelectController, c.name});
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", c.description.c_str());
  }
}

void DrawBehaviors(const ControlPanelModel& model, Widgets& ui, ActionQueue& actions) {
  ImGui::TextDisabled("Behaviour");
  for (size_t i = 0; i < model.behaviors.size(); ++i) {
    const std::string& b = model.behaviors[i];
    NextInRow(i, TextWidth(b) - 16);
    if (ui.Button("behavior:" + b, b, b == model.status.active_behavior)) {
      actions.push_back({ActionType::kBehavior, b});
    }
  }
  if (!model.status.refusal.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.55f, 0.35f, 1.0f));
    ImGui::TextWrapped("refused: %s", model.status.refusal.c_str());
    ImGui::PopStyleColor();
  }
}

void DrawSimulation(const ControlPanelModel& model, Widgets& ui, UiState& state, ActionQueue& actions) {
  ImGui::TextDisabled("Simulation");
  if (ui.Button("Pause", state.paused ? "Resume" : "Pause")) actions.push_back({ActionType::kTogglePause});
  ImGui::SameLine();
  if (ui.Button("Step")) actions.push_back({ActionType::kSingleStep});
  ImGui::SameLine();
  if (ui.Button("Reset")) actions.push_back({ActionType::kReset});
  ImGui::TextUnformatted("speed");
  for (size_t i = 0; i < std::size(kSpeeds); ++i) {
    ImGui::SameLine();
    if (ui.Radio(std::string("speed:") + kSpeedLabels[i], kSpeedLabels[i], state.speed == kSpeeds[i])) {
      actions.push_back({ActionType::kSetSpeed, "", kSpeeds[i]});
    }
  }
  ImGui::TextUnformatted("reset to");
  for (const std::string& k : model.keyframes) {
    ImGui::SameLine();
    if (ui.Button("keyframe:" + k, k)) actions.push_back({ActionType::kReset, k});
  }
  if (ui.Button("Push")) actions.push_back({ActionType::kPush});
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-1);
  ui.Slider("slider:impulse", "##", &state.impulse, 0.0, 60.0, "%.0f N*s");
  for (size_t i = 0; i < std::size(kImpulseDirections); ++i) {
    if (i > 0) ImGui::SameLine();
    const std::string d = kImpulseDirections[i];
    if (ui.Radio("push:" + d, kImpulseLabels[i], state.impulse_direction == d)) state.impulse_direction = d;
  }
}

void DrawSteering(Widgets& ui, Steering& steering, ActionQueue& actions) {
  ImGui::TextDisabled("Steering (W/S A/D Q/E, Shift fast)");
  ImGui::SameLine();
  if (ui.Button("Stop")) actions.push_back({ActionType::kStop});
  OperatorCommand& s = steering.sliders();
  const SteeringSpeeds& v = steering.speeds();
  const double f = v.fast_factor;
  ImGui::PushItemWidth(-92);
  ui.Slider("slider:vx", "vx m/s", &s.vx, -f * v.vx, f * v.vx);
  ui.Slider("slider:vy", "vy m/s", &s.vy, -f * v.vy, f * v.vy);
  ui.Slider("slider:yaw_rate", "yaw rate", &s.yaw_rate, -f * v.yaw_rate, f * v.yaw_rate);
  ui.Slider("slider:height", "height m", &s.body_height, -0.12, 0.08, "%+.3f");
  ui.Slider("slider:roll", "roll rad", &s.roll, -0.4, 0.4);
  ui.Slider("slider:pitch", "pitch rad", &s.pitch, -0.4, 0.4);
  ui.Slider("slider:yaw", "yaw rad", &s.yaw, -0.5, 0.5);
  ImGui::PopItemWidth();
}

}  // namespace

void DrawControlPanel(const ControlPanelModel& model, Widgets& ui, UiState& state, Steering& steering,
                      ActionQueue& actions) {
  const ImGuiViewport* view = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(view->Pos, ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(kControlPanelWidth, view->Size.y), ImGuiCond_Always);
  ImGui::Begin("StuntSim", nullptr,
               ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                   ImGuiWindowFlags_NoSavedSettings);
  DrawScene(model, ui, actions);
  if (!state.load_error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.4f, 0.4f, 1.0f));
    ImGui::TextWrapped("%s", state.load_error.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::Separator();
  DrawBehaviors(model, ui, actions);
  ImGui::Separator();
  DrawSimulation(model, ui, state, actions);
  ImGui::Separator();
  DrawSteering(ui, steering, actions);
  ImGui::End();
}

}  // namespace stuntsim
