#pragma once

#include "actions.h"
#include "key_input.h"
#include "script.h"
#include "widgets.h"

namespace stuntsim {

/// Plays a Script through the viewer's own input paths: clicks and slider values go to
/// Widgets (so the widgets' handlers run as for a real click), keys to KeyInput, and the rest
/// to the ActionQueue. Time is wall-clock seconds since the viewer started. Main thread only.
class ScriptPlayer {
 public:
  explicit ScriptPlayer(Script script) : script_(std::move(script)) {}

  /// Runs the steps due at `now` (s). Call once a frame before the panels are drawn. Throws
  /// InputError "<file>:<line>: click: no widget named ..." when a clicked or set widget has
  /// not been drawn within a few seconds.
  void Update(double now, Widgets& widgets, KeyInput& keys, ActionQueue& actions);

  bool finished() const { return next_ >= script_.size() && !holding_; }

 private:
  // Starts step next_; returns false when it has to wait for time or the widgets.
  bool Start(const ScriptStep& step, double now, Widgets& widgets, KeyInput& keys, ActionQueue& actions);

  Script script_;
  size_t next_ = 0;
  double busy_until_ = 0;           // wall time the current wait or hold ends
  bool holding_ = false;            // a hold's key is down
  KeyChord held_;
  bool awaiting_widget_ = false;    // a click or set not yet consumed
  double widget_deadline_ = 0;
  std::string widget_where_;
};

}  // namespace stuntsim
