#pragma once

#include <string>

namespace stuntsim {

/// A key with its modifiers, as GLFW codes: `key` a GLFW_KEY_* value, `mods` GLFW_MOD_* bits.
struct KeyChord {
  int key = -1;
  int mods = 0;
};

/// Parses a key name such as "w", "shift+w", "space", "f1", "ctrl+q", "left_shift", "[" into
/// a chord. Returns false (leaving `chord` untouched) for an unknown name.
bool ParseKeyChord(const std::string& text, KeyChord* chord);

/// Display name of a chord for the help overlay, e.g. "Shift+W", "F1", "Space".
std::string KeyChordLabel(const KeyChord& chord);

/// One line listing the key names ParseKeyChord accepts, for error messages.
std::string KnownKeyNames();

}  // namespace stuntsim
