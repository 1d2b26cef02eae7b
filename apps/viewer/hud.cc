#include "hud.h"

#include <imgui.h>

#include <algorithm>

#include "key_bindings.h"

namespace stuntsim {
namespace {

// Seconds without news from the physics thread before the banner says it is not responding.
constexpr double kStalledAfter = 3.0;

}  // namespace

void FrameRate::Tick() {
  const Clock::time_point now = Clock::now();
  ++frames_;
  ++window_frames_;
  const double window = std::chrono::duration<double>(now - window_start_).count();
  if (window >= 0.5) {
    fps_ = window_frames_ / window;
    window_frames_ = 0;
    window_start_ = now;
  }
  if (mean_frames_ < 0 && std::chrono::duration<double>(now - start_).count() >= 1.0) {
    mean_start_ = now;
    mean_frames_ = 0;
  } else if (mean_frames_ >= 0) {
    ++mean_frames_;
  }
}

double FrameRate::mean_fps() const {
  if (mean_frames_ <= 0) return fps_;
  const double seconds = std::chrono::duration<double>(Clock::now() - mean_start_).count();
  return seconds > 0 ? mean_frames_ / seconds : 0;
}

void DrawHud(const SimStatus& status, const HudInfo& info) {
  const ImGuiViewport* view = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(view->Pos.x + info.center_x, view->Pos.y + 6), ImGuiCond_Always,
                          ImVec2(0.5f, 0.0f));
  ImGui::SetNextWindowBgAlpha(0.55f);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                                 ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoInputs;
  ImGui::Begin("HUD", nullptr, flags);
  ImGui::Text("t %.2f s   RTF %.2f%s   %.0f FPS   ctrl %.3f ms", status.time, status.real_time_factor,
              info.speed < 1 ? " (slow)" : "", info.fps, status.controller_seconds * 1e3);
  ImGui::Text("%s | %s | behaviour: %s%s", info.robot.c_str(), info.controller.c_str(),
              status.active_behavior.c_str(), status.paused ? "   PAUSED" : "");
  if (info.recording) ImGui::TextColored(ImVec4(1, 0.3f, 0.3f, 1), "REC");
  if (status.fell) ImGui::TextColored(ImVec4(1, 0.6f, 0.2f, 1), "fell (reset with Backspace)");
  if (!status.error.empty()) ImGui::TextColored(ImVec4(1, 0.3f, 0.3f, 1), "STOPPED (see the banner)");
  ImGui::TextDisabled("F1: help");
  ImGui::End();
}

WidgetRect DrawFaultBanner(const SimStatus& status, const HudInfo& info, float center_y) {
  const bool stalled = status.error.empty() && status.stalled_seconds > kStalledAfter;
  if (status.error.empty() && !stalled) return {};
  const ImGuiViewport* view = ImGui::GetMainViewport();
  const float width = std::min(640.f, (info.view_width > 0 ? info.view_width : view->Size.x) - 24.f);
  ImGui::SetNextWindowPos(ImVec2(view->Pos.x + info.center_x, view->Pos.y + center_y), ImGuiCond_Always,
                          ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(width, 0), ImGuiCond_Always);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0.35f, 0.04f, 0.04f, 0.92f));
  ImGui::PushStyleColor(ImGuiCol_Border, ImVec4(1.0f, 0.35f, 0.3f, 1.0f));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 2.0f);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(14, 12));
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings |
                                 ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav |
                                 ImGuiWindowFlags_NoInputs;
  ImGui::Begin("Fault", nullptr, flags);
  if (stalled) {
    ImGui::TextColored(ImVec4(1.0f, 0.85f, 0.3f, 1.0f), "SIMULATION NOT RESPONDING at t = %.3f s", status.time);
    ImGui::Separator();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::Text("A controller tick of '%s' has not returned for %.0f s. It cannot be interrupted: "
                "Reset has no effect until it returns.",
                info.controller.c_str(), status.stalled_seconds);
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    ImGui::TextColored(ImVec4(0.85f, 0.85f, 0.85f, 1.0f),
                       "Pick another controller or robot, or quit (the stuck thread is abandoned).");
  } else {
    ImGui::TextColored(ImVec4(1.0f, 0.85f, 0.3f, 1.0f), "SIMULATION STOPPED at t = %.3f s", status.time);
    ImGui::Separator();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(status.error.c_str());
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    ImGui::TextColored(ImVec4(0.85f, 0.85f, 0.85f, 1.0f), "Press Backspace or click Reset to start again.");
  }
  const ImVec2 pos = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
  ImGui::End();
  ImGui::PopStyleVar(2);
  ImGui::PopStyleColor(2);
  return {pos.x, pos.y, pos.x + size.x, pos.y + size.y};
}

void DrawHelp(bool* open) {
  const ImGuiViewport* view = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(view->Pos.x + view->Size.x * 0.5f, view->Pos.y + view->Size.y * 0.5f),
                          ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowBgAlpha(0.94f);
  ImGui::Begin("Keys and mouse (F1 closes)", open,
               ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings);
  if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
    for (const HelpLine& line : ContinuousInputHelp()) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(line.input.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(line.help.c_str());
    }
    for (const KeyBinding& b : KeyBindings()) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(KeyChordLabel(b.chord).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(b.help.c_str());
    }
    ImGui::EndTable();
  }
  ImGui::End();
}

}  // namespace stuntsim
