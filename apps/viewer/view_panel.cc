#include "view_panel.h"

#include <imgui.h>

#include "camera_control.h"

namespace stuntsim {

void DrawViewPanel(const ViewPanelModel& model, Widgets& ui, RenderSettings& render, ActionQueue& actions) {
  const ImGuiViewport* view = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(view->Pos.x + view->Size.x - kViewPanelWidth, view->Pos.y), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(kViewPanelWidth, view->Size.y), ImGuiCond_Always);
  ImGui::Begin("Plots and view", nullptr,
               ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                   ImGuiWindowFlags_NoSavedSettings);
  const float width = ImGui::GetContentRegionAvail().x;
  model.plots->Draw(width, model.foot_names, model.torque_share);
  ImGui::Separator();

  ImGui::TextDisabled("Camera");
  bool follow = model.follow;
  if (ui.Checkbox("check:follow", "follow", &follow)) actions.push_back({ActionType::kToggleFollow});
  for (const std::string& preset : CameraPresetNames()) {
    ImGui::SameLine();
    if (ui.Button("view:" + preset, preset)) actions.push_back({ActionType::kCameraPreset, preset});
  }
  ui.Checkbox("check:contact_points", "contact points", &render.contact_points);
  ImGui::SameLine();
  ui.Checkbox("check:contact_forces", "forces", &render.contact_forces);
  ui.Checkbox("check:shadows", "shadows", &render.shadows);
  ImGui::SameLine();
  ui.Checkbox("check:reflections", "reflections", &render.reflections);
  ImGui::SameLine();
  ui.Checkbox("check:skybox", "sky", &render.skybox);
  ui.Checkbox("check:coarse_geoms", "coarse geoms", &render.coarse_geoms);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-86);
  ui.Slider("slider:resolution", "resolution", &render.resolution_scale, 0.3, 1.0, "%.2f");
  ImGui::TextDisabled("%s, MSAA %s", model.gl_renderer.substr(0, model.gl_renderer.find(' ')).c_str(),
                      model.samples > 0 ? std::to_string(model.samples).c_str() : "off (--msaa N)");
  ImGui::Separator();

  if (ui.Button("Screenshot")) actions.push_back({ActionType::kScreenshot});
  ImGui::SameLine();
  if (ui.Button("Record", model.recording ? "Stop recording" : "Record")) {
    actions.push_back({ActionType::kToggleRecording});
  }
  ImGui::SameLine();
  if (ui.Button("Help", "Help (F1)")) actions.push_back({ActionType::kToggleHelp});
  if (!model.capture_message.empty()) ImGui::TextWrapped("%s", model.capture_message.c_str());
  ImGui::End();
}

}  // namespace stuntsim
