#include "widgets.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <stdexcept>

#include <imgui.h>
#include <nlohmann/json.hpp>

namespace stuntsim {
namespace {

// "label##name": ImGui shows the label and identifies the widget by the whole string.
std::string ImGuiId(const std::string& name, const std::string& label) {
  return (label.empty() ? name : label) + "##" + name;
}

}  // namespace

void Widgets::BeginFrame() {
  last_frame_.swap(drawn_);
  drawn_.clear();
}

void Widgets::Record(const std::string& name) {
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  drawn_[name] = {min.x, min.y, max.x, max.y};
}

bool Widgets::TakeClick(const std::string& name) {
  auto it = std::find(pending_clicks_.begin(), pending_clicks_.end(), name);
  if (it == pending_clicks_.end()) return false;
  pending_clicks_.erase(it);
  return true;
}

bool Widgets::Button(const std::string& name, const std::string& label, bool highlighted) {
  if (highlighted) {
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.85f, 0.45f, 0.1f, 1.0f));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0.95f, 0.55f, 0.2f, 1.0f));
  }
  const bool clicked = ImGui::Button(ImGuiId(name, label).c_str());
  if (highlighted) ImGui::PopStyleColor(2);
  Record(name);
  return TakeClick(name) || clicked;
}

bool Widgets::Radio(const std::string& name, const std::string& label, bool active) {
  const bool clicked = ImGui::RadioButton(ImGuiId(name, label).c_str(), active);
  Record(name);
  return TakeClick(name) || clicked;
}

bool Widgets::Checkbox(const std::string& name, const std::string& label, bool* value) {
  bool changed = ImGui::Checkbox(ImGuiId(name, label).c_str(), value);
  Record(name);
  if (TakeClick(name)) {
    *value = !*value;
    changed = true;
  }
  return changed;
}

bool Widgets::Slider(const std::string& name, const std::string& label, double* value, double min, double max,
                     const char* format) {
  bool changed = ImGui::SliderScalar(ImGuiId(name, label).c_str(), ImGuiDataType_Double, value, &min, &max, format);
  Record(name);
  if (auto it = pending_sets_.find(name); it != pending_sets_.end()) {
    *value = std::clamp(it->second, min, max);
    pending_sets_.erase(it);
    changed = true;
  }
  return changed;
}

void Widgets::QueueClick(const std::string& name) { pending_clicks_.push_back(name); }

void Widgets::QueueSet(const std::string& name, double value) { pending_sets_[name] = value; }

std::vector<std::string> Widgets::DropPending() {
  std::vector<std::string> names = pending_clicks_;
  for (const auto& [name, value] : pending_sets_) names.push_back(name);
  pending_clicks_.clear();
  pending_sets_.clear();
  return names;
}

std::vector<std::string> Widgets::Names() const {
  std::vector<std::string> names;
  for (const auto& [name, rect] : last_frame_) names.push_back(name);
  return names;
}

void Widgets::WriteMap(const std::string& path) const {
  nlohmann::json widgets = nlohmann::json::object();
  for (const auto& [name, r] : last_frame_) widgets[name] = {r.x0, r.y0, r.x1, r.y1};
  const ImVec2 size = ImGui::GetIO().DisplaySize;
  const nlohmann::json doc = {{"window", {size.x, size.y}}, {"widgets", widgets}};
  const std::string temp = path + ".tmp";
  {
    std::ofstream out(temp);
    if (!out) throw std::runtime_error("--widget-map: cannot write " + temp);
    out << doc.dump(1) << "\n";
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    throw std::runtime_error("--widget-map: cannot rename " + temp + " to " + path);
  }
}

}  // namespace stuntsim
