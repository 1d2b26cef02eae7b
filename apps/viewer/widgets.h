#pragma once

#include <map>
#include <string>
#include <vector>

namespace stuntsim {

/// Screen rectangle of a widget, window pixels: top-left (x0, y0), bottom-right (x1, y1).
struct WidgetRect {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

/// Dear ImGui widgets with stable names ("Pause", "robot:quadruped", "behavior:trot",
/// "slider:vx") that a script can operate and a test can find on screen.
///
/// Each widget returns true when the user clicked it or a script asked for that click; the
/// panel code runs the same handler either way. The rectangles of the widgets drawn in the
/// last frame can be written to a JSON file (--widget-map) so a GUI test can click them for
/// real with xdotool. Main thread only.
class Widgets {
 public:
  /// Call before the panels are drawn.
  void BeginFrame();

  /// A button labelled `label` (default: the name); `highlighted` draws it in the accent
  /// colour (the active behaviour). Returns true when clicked.
  bool Button(const std::string& name, const std::string& label = "", bool highlighted = false);
  /// A radio button; returns true when clicked.
  bool Radio(const std::string& name, const std::string& label, bool active);
  /// A checkbox; returns true when `value` changed.
  bool Checkbox(const std::string& name, const std::string& label, bool* value);
  /// A slider for a double in [min, max]; returns true when `value` changed.
  bool Slider(const std::string& name, const std::string& label, double* value, double min, double max,
              const char* format = "%.2f");

  /// Records a named screen area that is not an ImGui widget (the 3D view) for the map.
  void RecordArea(const std::string& name, const WidgetRect& rect) { drawn_[name] = rect; }

  /// Asks for a click on widget `name` in the coming frames.
  void QueueClick(const std::string& name);
  /// Asks for slider `name` to be set to `value` in the coming frames.
  void QueueSet(const std::string& name, double value);
  /// True while a queued click or set has not been consumed yet.
  bool HasPending() const { return !pending_clicks_.empty() || !pending_sets_.empty(); }
  /// Drops the queued requests; returns their names (the widgets that never appeared).
  std::vector<std::string> DropPending();

  /// Names of the widgets drawn in the last finished frame.
  std::vector<std::string> Names() const;
  /// Writes {"window": [w, h], "widgets": {name: [x0, y0, x1, y1], ...}} atomically (temp file
  /// and rename) for the widgets drawn in the last finished frame. Throws std::runtime_error.
  void WriteMap(const std::string& path) const;

 private:
  bool TakeClick(const std::string& name);
  void Record(const std::string& name);

  std::map<std::string, WidgetRect> drawn_, last_frame_;
  std::vector<std::string> pending_clicks_;
  std::map<std::string, double> pending_sets_;
};

}  // namespace stuntsim
