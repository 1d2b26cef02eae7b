#include "viewer_options.h"

#include <algorithm>
#include <filesystem>
#include <utility>

#include <CLI/CLI.hpp>

#include "stuntsim/controllers/registry.h"
#include "stuntsim/sim/assets.h"
#include "stuntsim/sim/errors.h"
#include "stuntsim/sim/terrain.h"

namespace stuntsim {
namespace {

std::string Join(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

void CheckOneOf(const std::string& field, const std::string& what, const std::string& value,
                const std::vector<std::string>& known) {
  if (std::find(known.begin(), known.end(), value) == known.end()) {
    throw InputError(field + ": unknown " + what + " '" + value + "' (known: " + Join(known) + ")");
  }
}

}  // namespace

void AddViewerOptions(CLI::App& cli, ViewerOptions& o) {
  cli.add_option("--robot", o.choice.robot, "Robot (folder under assets/robots)")->capture_default_str();
  cli.add_option("--terrain", o.choice.terrain, "flat, slope, stairs or hills")->capture_default_str();
  cli.add_option("--controller", o.choice.controller, "Controller (default: the robot's)");
  cli.add_option("--behavior", o.choice.behavior, "Behaviour to request at start");
  cli.add_option("--screenshot", o.screenshot, "Save a PNG of the window after --screenshot-after s, then exit");
  cli.add_option("--screenshot-after", o.screenshot_after, "Seconds before --screenshot")->capture_default_str();
  cli.add_option("--record", o.record, "Record the window to this MP4 file");
  cli.add_option("--quit-after", o.quit_after, "Exit after this many seconds (0: never)");
  cli.add_option("--state-dump", o.state_dump, "Write the final state as JSON to this file at exit");
  cli.add_option("--script", o.script, "Play a script of UI actions (see docs/viewer.md)");
  cli.add_option("--widget-map", o.widget_map, "Keep a JSON map of widget rectangles in this file (tests)");
  cli.add_option("--plugin", o.plugins, "Shared library registering controllers (repeatable)")->allow_extra_args(false);
  cli.add_option("--width", o.window.width, "Window width, pixels")->capture_default_str();
  cli.add_option("--height", o.window.height, "Window height, pixels")->capture_default_str();
  cli.add_option("--msaa", o.window.samples, "Multisamples (-1: 0 on a software renderer, else 4)")
      ->capture_default_str();
  cli.add_flag("--high-quality", o.high_quality, "Shadows, reflections and sky even on a software renderer");
  cli.add_option("--max-fps", o.max_fps, "Frame-rate cap (0: none)")->capture_default_str();
  cli.add_flag("--paused", o.paused, "Start paused");
}

void ValidateViewerOptions(const ViewerOptions& o) {
  CheckOneOf("--robot", "robot", o.choice.robot, ListRobots());
  CheckOneOf("--terrain", "terrain", o.choice.terrain, TerrainKinds());
  if (!o.choice.controller.empty()) {
    std::vector<std::string> names;
    for (const ControllerEntry& e : ControllerRegistry::Global().entries()) names.push_back(e.name);
    CheckOneOf("--controller", "controller", o.choice.controller, names);
  }
  auto non_negative = [](const std::string& field, double v) {
    if (!(v >= 0)) throw InputError(field + ": expected seconds >= 0, got " + std::to_string(v));
  };
  non_negative("--screenshot-after", o.screenshot_after);
  non_negative("--quit-after", o.quit_after);
  non_negative("--max-fps", o.max_fps);
  if (o.window.width < 64 || o.window.height < 64 || o.window.width > 8192 || o.window.height > 8192) {
    throw InputError("--width/--height: expected 64..8192 pixels");
  }
  if (o.window.samples < -1 || o.window.samples > 16) throw InputError("--msaa: expected -1..16");
  // Output files are written late (at exit, after seconds): refuse a path that cannot work now.
  for (const auto& [option, path] : {std::pair<const char*, const std::string&>{"--state-dump", o.state_dump},
                                     {"--screenshot", o.screenshot},
                                     {"--record", o.record},
                                     {"--widget-map", o.widget_map}}) {
    if (path.empty()) continue;
    const std::filesystem::path p(path);
    if (std::filesystem::is_directory(p)) {
      throw InputError(std::string(option) + ": '" + path + "' is a folder; expected a file name");
    }
    if (p.has_parent_path() && !std::filesystem::is_directory(p.parent_path())) {
      throw InputError(std::string(option) + ": folder '" + p.parent_path().string() + "' does not exist");
    }
  }
}

}  // namespace stuntsim
