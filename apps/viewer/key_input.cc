#include "key_input.h"

#include <GLFW/glfw3.h>

namespace stuntsim {
namespace {

// The modifier keys implied by GLFW_MOD_* bits (left-hand keys stand for either side).
std::vector<int> ModifierKeys(int mods) {
  std::vector<int> keys;
  if (mods & GLFW_MOD_SHIFT) keys.push_back(GLFW_KEY_LEFT_SHIFT);
  if (mods & GLFW_MOD_CONTROL) keys.push_back(GLFW_KEY_LEFT_CONTROL);
  if (mods & GLFW_MOD_ALT) keys.push_back(GLFW_KEY_LEFT_ALT);
  return keys;
}

}  // namespace

bool KeyInput::RawDown(int glfw_key) const {
  return glfwGetKey(window_, glfw_key) == GLFW_PRESS || script_held_.count(glfw_key) > 0;
}

bool KeyInput::IsDown(int glfw_key) const {
  switch (glfw_key) {
    case GLFW_KEY_LEFT_SHIFT:
    case GLFW_KEY_RIGHT_SHIFT:
      return RawDown(GLFW_KEY_LEFT_SHIFT) || RawDown(GLFW_KEY_RIGHT_SHIFT);
    case GLFW_KEY_LEFT_CONTROL:
    case GLFW_KEY_RIGHT_CONTROL:
      return RawDown(GLFW_KEY_LEFT_CONTROL) || RawDown(GLFW_KEY_RIGHT_CONTROL);
    case GLFW_KEY_LEFT_ALT:
    case GLFW_KEY_RIGHT_ALT:
      return RawDown(GLFW_KEY_LEFT_ALT) || RawDown(GLFW_KEY_RIGHT_ALT);
    default:
      return RawDown(glfw_key);
  }
}

int KeyInput::Mods() const {
  int mods = 0;
  if (IsDown(GLFW_KEY_LEFT_SHIFT)) mods |= GLFW_MOD_SHIFT;
  if (IsDown(GLFW_KEY_LEFT_CONTROL)) mods |= GLFW_MOD_CONTROL;
  if (IsDown(GLFW_KEY_LEFT_ALT)) mods |= GLFW_MOD_ALT;
  return mods;
}

void KeyInput::SetScriptHeld(const KeyChord& chord, bool down) {
  std::vector<int> keys = ModifierKeys(chord.mods);
  keys.push_back(chord.key);
  for (int key : keys) {
    if (down) {
      script_held_.insert(key);
    } else if (auto it = script_held_.find(key); it != script_held_.end()) {
      script_held_.erase(it);
    }
  }
}

std::vector<KeyChord> KeyInput::TakePresses() {
  std::vector<KeyChord> out;
  out.swap(presses_);
  return out;
}

}  // namespace stuntsim
