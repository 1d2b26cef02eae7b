#pragma once

#include <optional>
#include <string>
#include <vector>

#include "actions.h"
#include "key_names.h"

namespace stuntsim {

/// A key that triggers an Action when pressed.
struct KeyBinding {
  KeyChord chord;
  Action action;
  /// One line for the F1 help overlay.
  std::string help;
};

/// A help line for an input that is not a single key press (held keys, mouse, gamepad).
struct HelpLine {
  std::string input;
  std::string help;
};

/// Every key press binding; the single table both the key handler and the help overlay read.
const std::vector<KeyBinding>& KeyBindings();

/// The Action bound to a key press with `mods`, if any. Bindings without Shift also match when
/// Shift is held (Shift is the "fast" modifier for steering).
std::optional<Action> ActionForKey(int key, int mods);

/// Help for held keys (steering), the mouse and the gamepad.
const std::vector<HelpLine>& ContinuousInputHelp();

}  // namespace stuntsim
