#pragma once

#include <set>
#include <vector>

#include "key_names.h"

struct GLFWwindow;

namespace stuntsim {

/// The keyboard as the viewer sees it: the real keys (GLFW) merged with the keys a script
/// holds down, plus the queue of key presses since the last frame from both sources. Steering
/// and key bindings read only this, so a scripted key takes the path a real one takes.
/// Main thread only.
class KeyInput {
 public:
  explicit KeyInput(GLFWwindow* window) : window_(window) {}

  /// True while `glfw_key` is held on the keyboard or by the script. Shift and Ctrl count
  /// either side's key.
  bool IsDown(int glfw_key) const;
  /// Modifier bits (GLFW_MOD_*) of the keys held now.
  int Mods() const;

  /// Records a key press (from the GLFW key callback or a script).
  void Press(const KeyChord& chord) { presses_.push_back(chord); }
  /// Holds or releases a key chord on behalf of a script (its modifiers too).
  void SetScriptHeld(const KeyChord& chord, bool down);

  /// The key presses since the last call.
  std::vector<KeyChord> TakePresses();

 private:
  bool RawDown(int glfw_key) const;

  GLFWwindow* window_;
  std::multiset<int> script_held_;  // GLFW key codes held by the script
  std::vector<KeyChord> presses_;
};

}  // namespace stuntsim
