#include "script_player.h"

#include "stuntsim/sim/errors.h"

namespace stuntsim {
namespace {

// How long a click waits for its widget to be drawn, s.
constexpr double kWidgetTimeout = 3.0;

}  // namespace

void ScriptPlayer::Update(double now, Widgets& widgets, KeyInput& keys, ActionQueue& actions) {
  for (;;) {
    if (awaiting_widget_) {
      if (!widgets.HasPending()) {
        awaiting_widget_ = false;
      } else if (now > widget_deadline_) {
        const std::vector<std::string> missing = widgets.DropPending();
        std::string shown;
        for (const std::string& n : widgets.Names()) shown += (shown.empty() ? "" : ", ") + n;
        throw InputError(widget_where_ + ": no widget named '" + (missing.empty() ? "" : missing.front()) +
                         "' on screen (on screen: " + shown + ")");
      } else {
        return;
      }
    }
    if (now < busy_until_) return;
    if (holding_) {
      keys.SetScriptHeld(held_, false);
      holding_ = false;
    }
    if (next_ >= script_.size()) return;
    if (!Start(script_[next_], now, widgets, keys, actions)) return;
  }
}

bool ScriptPlayer::Start(const ScriptStep& step, double now, Widgets& widgets, KeyInput& keys,
                         ActionQueue& actions) {
  using Kind = ScriptStep::Kind;
  ++next_;
  switch (step.kind) {
    case Kind::kWait:
      busy_until_ = now + step.number;
      break;
    case Kind::kClick:
    case Kind::kSet:
      if (step.kind == Kind::kClick) {
        widgets.QueueClick(step.text);
      } else {
        widgets.QueueSet(step.text, step.number);
      }
      awaiting_widget_ = true;
      widget_deadline_ = now + kWidgetTimeout;
      widget_where_ = step.where + ": " + (step.kind == Kind::kClick ? "click" : "set");
      break;
    case Kind::kHold:
      keys.Press(step.chord);
      keys.SetScriptHeld(step.chord, true);
      held_ = step.chord;
      holding_ = true;
      busy_until_ = now + step.number;
      break;
    case Kind::kPress:
      keys.Press(step.chord);
      break;
    case Kind::kScreenshot:
      actions.push_back({ActionType::kScreenshot, step.text});
      break;
    case Kind::kRecord:
      actions.push_back({ActionType::kStartRecording, step.text});
      break;
    case Kind::kStopRecord:
      actions.push_back({ActionType::kStopRecording});
      break;
    case Kind::kDump:
      actions.push_back({ActionType::kDumpState, step.text});
      break;
    case Kind::kQuit:
      actions.push_back({ActionType::kQuit});
      break;
  }
  // Steps that wait (time or a widget) end this frame's run; instant ones let the next start.
  return !(awaiting_widget_ || now < busy_until_);
}

}  // namespace stuntsim
