#include "steering.h"

#include <algorithm>
#include <cmath>

#include <GLFW/glfw3.h>

#include "key_input.h"

namespace stuntsim {
namespace {

constexpr double kDeadZone = 0.12;

double DeadZone(double v) {
  if (std::abs(v) < kDeadZone) return 0;
  return (v - std::copysign(kDeadZone, v)) / (1 - kDeadZone);
}

}  // namespace

GamepadInput ReadGamepad() {
  GamepadInput pad;
  for (int jid = GLFW_JOYSTICK_1; jid <= GLFW_JOYSTICK_LAST; ++jid) {
    GLFWgamepadstate state;
    if (!glfwJoystickIsGamepad(jid) || !glfwGetGamepadState(jid, &state)) continue;
    pad.present = true;
    pad.left_x = DeadZone(state.axes[GLFW_GAMEPAD_AXIS_LEFT_X]);
    pad.left_y = DeadZone(state.axes[GLFW_GAMEPAD_AXIS_LEFT_Y]);
    pad.right_x = DeadZone(state.axes[GLFW_GAMEPAD_AXIS_RIGHT_X]);
    pad.fast = state.buttons[GLFW_GAMEPAD_BUTTON_RIGHT_BUMPER] == GLFW_PRESS;
    break;
  }
  return pad;
}

void Steering::Stop() {
  sliders_.vx = 0;
  sliders_.vy = 0;
  sliders_.yaw_rate = 0;
}

OperatorCommand Steering::Compute(const KeyInput& keys, bool keys_free, const GamepadInput& pad,
                                  const std::string& behavior) const {
  OperatorCommand c = sliders_;
  c.behavior = behavior;
  double kx = 0, ky = 0, kyaw = 0;
  bool fast = pad.fast;
  if (keys_free) {
    auto axis = [&keys](int plus, int minus) { return (keys.IsDown(plus) ? 1.0 : 0.0) - (keys.IsDown(minus) ? 1.0 : 0.0); };
    kx = axis(GLFW_KEY_W, GLFW_KEY_S);
    ky = axis(GLFW_KEY_A, GLFW_KEY_D);
    // Q turns left (positive yaw rate), unless Ctrl is down (Ctrl+Q quits).
    kyaw = keys.IsDown(GLFW_KEY_LEFT_CONTROL) ? 0.0 : axis(GLFW_KEY_Q, GLFW_KEY_E);
    fast = fast || keys.IsDown(GLFW_KEY_LEFT_SHIFT);
  }
  if (pad.present) {
    kx -= pad.left_y;
    ky -= pad.left_x;
    kyaw -= pad.right_x;
  }
  const double scale = fast ? speeds_.fast_factor : 1.0;
  const double f = speeds_.fast_factor;
  c.vx = std::clamp(c.vx + scale * speeds_.vx * kx, -f * speeds_.vx, f * speeds_.vx);
  c.vy = std::clamp(c.vy + scale * speeds_.vy * ky, -f * speeds_.vy, f * speeds_.vy);
  c.yaw_rate = std::clamp(c.yaw_rate + scale * speeds_.yaw_rate * kyaw, -f * speeds_.yaw_rate, f * speeds_.yaw_rate);
  return c;
}

}  // namespace stuntsim
