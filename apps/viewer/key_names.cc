#include "key_names.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include <GLFW/glfw3.h>

namespace stuntsim {
namespace {

struct NamedKey {
  const char* name;   // lower case, as written in scripts
  const char* label;  // as shown in the help overlay
  int key;
};

// Named keys other than letters and digits.
const std::vector<NamedKey>& NamedKeys() {
  static const std::vector<NamedKey> keys = {
      {"space", "Space", GLFW_KEY_SPACE},       {"enter", "Enter", GLFW_KEY_ENTER},
      {"escape", "Esc", GLFW_KEY_ESCAPE},       {"tab", "Tab", GLFW_KEY_TAB},
      {"backspace", "Backspace", GLFW_KEY_BACKSPACE},
      {"left", "Left", GLFW_KEY_LEFT},          {"right", "Right", GLFW_KEY_RIGHT},
      {"up", "Up", GLFW_KEY_UP},                {"down", "Down", GLFW_KEY_DOWN},
      {"left_shift", "Shift", GLFW_KEY_LEFT_SHIFT},
      {"right_shift", "Right Shift", GLFW_KEY_RIGHT_SHIFT},
      {"left_ctrl", "Ctrl", GLFW_KEY_LEFT_CONTROL},
      {"right_ctrl", "Right Ctrl", GLFW_KEY_RIGHT_CONTROL},
      {"[", "[", GLFW_KEY_LEFT_BRACKET},        {"]", "]", GLFW_KEY_RIGHT_BRACKET},
      {"-", "-", GLFW_KEY_MINUS},               {"=", "=", GLFW_KEY_EQUAL},
      {".", ".", GLFW_KEY_PERIOD},              {",", ",", GLFW_KEY_COMMA},
  };
  return keys;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// A single key name without modifiers; -1 if unknown.
int ParseKey(const std::string& name) {
  if (name.size() == 1 && std::isalpha(static_cast<unsigned char>(name[0]))) {
    return GLFW_KEY_A + (std::tolower(static_cast<unsigned char>(name[0])) - 'a');
  }
  if (name.size() == 1 && std::isdigit(static_cast<unsigned char>(name[0]))) {
    return GLFW_KEY_0 + (name[0] - '0');
  }
  if (name.size() >= 2 && name[0] == 'f' &&
      std::all_of(name.begin() + 1, name.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    const int n = std::stoi(name.substr(1));
    if (n >= 1 && n <= 12) return GLFW_KEY_F1 + n - 1;
  }
  for (const NamedKey& k : NamedKeys()) {
    if (name == k.name) return k.key;
  }
  return -1;
}

}  // namespace

bool ParseKeyChord(const std::string& text, KeyChord* chord) {
  KeyChord result;
  std::string rest = Lower(text);
  // Modifier prefixes: "shift+", "ctrl+", "alt+"; a lone "+" can't be a key here.
  for (;;) {
    const size_t plus = rest.find('+');
    if (plus == std::string::npos || plus == 0) break;
    const std::string mod = rest.substr(0, plus);
    if (mod == "shift") {
      result.mods |= GLFW_MOD_SHIFT;
    } else if (mod == "ctrl" || mod == "control") {
      result.mods |= GLFW_MOD_CONTROL;
    } else if (mod == "alt") {
      result.mods |= GLFW_MOD_ALT;
    } else {
      return false;
    }
    rest = rest.substr(plus + 1);
  }
  result.key = ParseKey(rest);
  if (result.key < 0) return false;
  *chord = result;
  return true;
}

std::string KeyChordLabel(const KeyChord& chord) {
  std::string label;
  if (chord.mods & GLFW_MOD_CONTROL) label += "Ctrl+";
  if (chord.mods & GLFW_MOD_ALT) label += "Alt+";
  if (chord.mods & GLFW_MOD_SHIFT) label += "Shift+";
  const int k = chord.key;
  if (k >= GLFW_KEY_A && k <= GLFW_KEY_Z) return label + static_cast<char>('A' + (k - GLFW_KEY_A));
  if (k >= GLFW_KEY_0 && k <= GLFW_KEY_9) return label + static_cast<char>('0' + (k - GLFW_KEY_0));
  if (k >= GLFW_KEY_F1 && k <= GLFW_KEY_F12) return label + "F" + std::to_string(k - GLFW_KEY_F1 + 1);
  for (const NamedKey& n : NamedKeys()) {
    if (n.key == k) return label + n.label;
  }
  return label + "?";
}

std::string KnownKeyNames() {
  std::string names = "a-z, 0-9, f1-f12";
  for (const NamedKey& k : NamedKeys()) names += std::string(", ") + k.name;
  return names + " (modifiers: shift+, ctrl+, alt+)";
}

}  // namespace stuntsim
