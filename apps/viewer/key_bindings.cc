#include "key_bindings.h"

#include <GLFW/glfw3.h>

namespace stuntsim {

const std::vector<KeyBinding>& KeyBindings() {
  static const std::vector<KeyBinding> bindings = [] {
    std::vector<KeyBinding> b;
    auto bind = [&b](int key, int mods, ActionType type, const char* text, const char* help) {
      KeyBinding binding;
      binding.chord = {key, mods};
      binding.action.type = type;
      binding.action.text = text;
      binding.help = help;
      b.push_back(binding);
    };
    bind(GLFW_KEY_F1, 0, ActionType::kToggleHelp, "", "show or hide this help");
    bind(GLFW_KEY_F2, 0, ActionType::kTogglePanels, "", "show or hide the panels");
    bind(GLFW_KEY_SPACE, 0, ActionType::kStop, "", "stop: zero the commanded velocity");
    bind(GLFW_KEY_P, 0, ActionType::kTogglePause, "", "pause or resume the simulation");
    bind(GLFW_KEY_N, 0, ActionType::kSingleStep, "", "single physics step (when paused)");
    bind(GLFW_KEY_MINUS, 0, ActionType::kSlower, "", "slower: 1, 1/2, 1/4, 1/10 of real time");
    bind(GLFW_KEY_EQUAL, 0, ActionType::kFaster, "", "faster (back towards real time)");
    bind(GLFW_KEY_BACKSPACE, 0, ActionType::kReset, "", "reset to the start pose");
    bind(GLFW_KEY_B, 0, ActionType::kPush, "", "push the base with the panel's impulse");
    bind(GLFW_KEY_F, 0, ActionType::kToggleFollow, "", "camera: follow the robot or free");
    bind(GLFW_KEY_1, 0, ActionType::kCameraPreset, "iso", "camera: three-quarter view");
    bind(GLFW_KEY_2, 0, ActionType::kCameraPreset, "front", "camera: front view");
    bind(GLFW_KEY_3, 0, ActionType::kCameraPreset, "side", "camera: side view");
    bind(GLFW_KEY_4, 0, ActionType::kCameraPreset, "top", "camera: top view");
    bind(GLFW_KEY_C, 0, ActionType::kToggleContacts, "", "show contact points and forces");
    bind(GLFW_KEY_F12, 0, ActionType::kScreenshot, "", "screenshot (PNG in the working folder)");
    bind(GLFW_KEY_F9, 0, ActionType::kToggleRecording, "", "start or stop video recording (MP4)");
    bind(GLFW_KEY_Q, GLFW_MOD_CONTROL, ActionType::kQuit, "", "quit");
    return b;
  }();
  return bindings;
}

std::optional<Action> ActionForKey(int key, int mods) {
  const int relevant = mods & (GLFW_MOD_CONTROL | GLFW_MOD_ALT);
  for (const KeyBinding& b : KeyBindings()) {
    if (b.chord.key == key && (b.chord.mods & (GLFW_MOD_CONTROL | GLFW_MOD_ALT)) == relevant) {
      return b.action;
    }
  }
  return std::nullopt;
}

const std::vector<HelpLine>& ContinuousInputHelp() {
  static const std::vector<HelpLine> lines = {
      {"W / S (hold)", "walk forward / backward"},
      {"A / D (hold)", "walk left / right"},
      {"Q / E (hold)", "turn left / right"},
      {"Shift (hold)", "fast: twice the speed"},
      {"Left drag", "rotate the camera (Shift: about the vertical)"},
      {"Right drag", "pan the camera (Shift: horizontally)"},
      {"Scroll, middle drag", "zoom"},
      {"Ctrl + left drag", "pull the body under the cursor (Shift: horizontally)"},
      {"Double click", "select a body (shown highlighted)"},
      {"Gamepad", "left stick: walk; right stick: turn; right bumper: fast"},
  };
  return lines;
}

}  // namespace stuntsim
