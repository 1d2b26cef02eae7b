#include "plots.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include <imgui.h>

namespace stuntsim {
namespace {

constexpr float kPlotHeight = 46.0f;
const ImVec4 kCommandColor(1.0f, 0.75f, 0.2f, 1.0f);
const ImVec4 kMeasuredColor(0.35f, 0.75f, 1.0f, 1.0f);

using Field = float PlotSample::*;

struct Series {
  const std::deque<PlotSample>* samples;
  Field field;
};

float Get(void* data, int i) {
  const auto* s = static_cast<const Series*>(data);
  return (*s->samples)[i].*(s->field);
}

// Draws one or two series (commanded, measured) over each other on one frame, same scale.
void DrawLines(const char* id, const std::deque<PlotSample>& samples, Field measured, Field commanded,
               float width, float fixed_min, float fixed_max, const char* unit) {
  float lo = fixed_min, hi = fixed_max;
  for (const PlotSample& s : samples) {
    lo = std::min(lo, s.*measured);
    hi = std::max(hi, s.*measured);
    if (commanded) {
      lo = std::min(lo, s.*commanded);
      hi = std::max(hi, s.*commanded);
    }
  }
  const int count = static_cast<int>(samples.size());
  char overlay[96];
  if (count > 0) {
    std::snprintf(overlay, sizeof(overlay), "%s  %.2f %s", id, samples.back().*measured, unit);
  } else {
    std::snprintf(overlay, sizeof(overlay), "%s", id);
  }
  const ImVec2 origin = ImGui::GetCursorPos();
  Series m{&samples, measured};
  ImGui::PushStyleColor(ImGuiCol_PlotLines, kMeasuredColor);
  ImGui::PlotLines((std::string("##") + id).c_str(), Get, &m, count, 0, overlay, lo, hi, ImVec2(width, kPlotHeight));
  ImGui::PopStyleColor();
  if (commanded) {
    const ImVec2 after = ImGui::GetCursorPos();
    ImGui::SetCursorPos(origin);
    Series c{&samples, commanded};
    ImGui::PushStyleColor(ImGuiCol_PlotLines, kCommandColor);
    ImGui::PushStyleColor(ImGuiCol_FrameBg, ImVec4(0, 0, 0, 0));
    ImGui::PlotLines((std::string("##cmd") + id).c_str(), Get, &c, count, 0, nullptr, lo, hi,
                     ImVec2(width, kPlotHeight));
    ImGui::PopStyleColor(2);
    ImGui::SetCursorPos(after);
  }
}

using WheelField = float (PlotSample::*)[PlotSample::kMaxWheels];

struct WheelSeries {
  const std::deque<PlotSample>* samples;
  WheelField field;
  int wheel;
};

float GetWheel(void* data, int i) {
  const auto* s = static_cast<const WheelSeries*>(data);
  return ((*s->samples)[i].*(s->field))[s->wheel];
}

// Per-wheel series (PlotSample::wheel_rim or wheel_slip) over each other, one colour per wheel.
void DrawWheels(const char* id, const std::deque<PlotSample>& samples, WheelField field, float width, float span) {
  static const ImVec4 kColors[PlotSample::kMaxWheels] = {
      ImVec4(0.35f, 0.75f, 1.0f, 1.0f), ImVec4(1.0f, 0.55f, 0.3f, 1.0f), ImVec4(0.5f, 0.9f, 0.4f, 1.0f),
      ImVec4(0.9f, 0.45f, 0.9f, 1.0f)};
  const int wheels = samples.empty() ? 0 : samples.back().wheels;
  float lo = -span, hi = span;
  for (const PlotSample& s : samples) {
    for (int w = 0; w < s.wheels; ++w) {
      lo = std::min(lo, (s.*field)[w]);
      hi = std::max(hi, (s.*field)[w]);
    }
  }
  char overlay[96];
  int used = std::snprintf(overlay, sizeof(overlay), "%s", id);
  for (int w = 0; w < wheels && used < static_cast<int>(sizeof(overlay)); ++w) {
    used += std::snprintf(overlay + used, sizeof(overlay) - used, " %.2f", (samples.back().*field)[w]);
  }
  const int count = static_cast<int>(samples.size());
  const ImVec2 origin = ImGui::GetCursorPos();
  ImVec2 after = origin;
  for (int w = 0; w < wheels; ++w) {
    ImGui::SetCursorPos(origin);
    WheelSeries series{&samples, field, w};
    ImGui::PushStyleColor(ImGuiCol_PlotLines, kColors[w]);
    if (w > 0) ImGui::PushStyleColor(ImGuiCol_FrameBg, ImVec4(0, 0, 0, 0));
    ImGui::PlotLines((std::string("##") + id + std::to_string(w)).c_str(), GetWheel, &series, count, 0,
                     w == 0 ? overlay : nullptr, lo, hi, ImVec2(width, kPlotHeight));
    ImGui::PopStyleColor(w > 0 ? 2 : 1);
    after = ImGui::GetCursorPos();
  }
  ImGui::SetCursorPos(after);
}

// The gait diagram: one row per foot, filled where the foot touches the ground.
void DrawGait(const std::deque<PlotSample>& samples, const std::vector<std::string>& feet, float width) {
  const float row = 11.0f, label_w = 30.0f;
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const float plot_w = width - label_w;
  const float height = row * static_cast<float>(feet.size());
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(p0, ImVec2(p0.x + width, p0.y + height), ImGui::GetColorU32(ImGuiCol_FrameBg));
  const double t_end = samples.empty() ? 0 : samples.back().time;
  const double t_start = t_end - Plots::kHistorySeconds;
  const ImU32 fill = ImGui::GetColorU32(kMeasuredColor);
  for (size_t f = 0; f < feet.size(); ++f) {
    const float y0 = p0.y + row * f + 1, y1 = y0 + row - 2;
    draw->AddText(ImVec2(p0.x + 2, y0 - 2), ImGui::GetColorU32(ImGuiCol_Text), feet[f].c_str());
    // Merge runs of contact into one rectangle each.
    double run_start = -1;
    auto x_of = [&](double t) { return p0.x + label_w + static_cast<float>((t - t_start) / Plots::kHistorySeconds) * plot_w; };
    for (size_t i = 0; i <= samples.size(); ++i) {
      const bool contact = i < samples.size() && (samples[i].contacts >> f & 1u);
      if (contact && run_start < 0) run_start = samples[i].time;
      if (!contact && run_start >= 0) {
        const double run_end = i < samples.size() ? samples[i].time : t_end;
        draw->AddRectFilled(ImVec2(x_of(run_start), y0), ImVec2(std::max(x_of(run_end), x_of(run_start) + 1), y1), fill);
        run_start = -1;
      }
    }
  }
  ImGui::Dummy(ImVec2(width, height));
}

}  // namespace

void Plots::Append(const std::vector<PlotSample>& samples) {
  for (const PlotSample& s : samples) {
    if (!samples_.empty() && s.time < samples_.back().time) samples_.clear();
    samples_.push_back(s);
  }
  while (!samples_.empty() && samples_.back().time - samples_.front().time > kHistorySeconds) samples_.pop_front();
}

void Plots::Draw(float width, const std::vector<std::string>& foot_names, const std::vector<float>& torque_share) const {
  ImGui::TextColored(kCommandColor, "commanded");
  ImGui::SameLine();
  ImGui::TextColored(kMeasuredColor, "measured");
  DrawLines("vx", samples_, &PlotSample::vx, &PlotSample::cmd_vx, width, -0.2f, 0.2f, "m/s");
  DrawLines("vy", samples_, &PlotSample::vy, &PlotSample::cmd_vy, width, -0.2f, 0.2f, "m/s");
  DrawLines("yaw rate", samples_, &PlotSample::yaw_rate, &PlotSample::cmd_yaw_rate, width, -0.3f, 0.3f, "rad/s");
  DrawLines("base height", samples_, &PlotSample::height, nullptr, width, 0.0f, 0.4f, "m");
  DrawLines("max torque / limit", samples_, &PlotSample::max_torque_share, nullptr, width, 0.0f, 1.0f, "");
  if (!torque_share.empty()) {
    ImGui::PlotHistogram("##torques", torque_share.data(), static_cast<int>(torque_share.size()), 0,
                         "joint torque / limit", 0.0f, 1.0f, ImVec2(width, kPlotHeight));
  }
  if (!samples_.empty() && samples_.back().wheels > 0) {
    DrawWheels("wheel rim speed, m/s", samples_, &PlotSample::wheel_rim, width, 0.2f);
    DrawWheels("wheel slip, m/s", samples_, &PlotSample::wheel_slip, width, 0.05f);
  }
  DrawLines("controller", samples_, &PlotSample::controller_ms, nullptr, width, 0.0f, 0.05f, "ms");
  ImGui::TextUnformatted("foot contacts");
  DrawGait(samples_, foot_names, width);
}

}  // namespace stuntsim
