#pragma once

#include <string>

#include "stuntsim/controllers/commands.h"

namespace stuntsim {

class KeyInput;

/// Speeds a held key or a full stick deflection asks for.
struct SteeringSpeeds {
  /// Forward, lateral (m/s) and turning (rad/s) speed; Shift or the right bumper doubles them.
  double vx = 0.6, vy = 0.35, yaw_rate = 0.9;
  double fast_factor = 2.0;
};

/// Stick and button state of a gamepad (GLFW's gamepad mapping), axes in -1..1.
struct GamepadInput {
  bool present = false;
  /// Left stick: x right, y down; right stick x right.
  double left_x = 0, left_y = 0, right_x = 0;
  bool fast = false;
};

/// Reads the first connected gamepad (glfwGetGamepadState), with a dead zone.
GamepadInput ReadGamepad();

/// Turns the slider values, the held keys (W/S, A/D, Q/E, Shift) and the gamepad into the
/// operator command's velocities and pose; the slider values are a base the keys and sticks
/// add to. Main thread only.
class Steering {
 public:
  /// The sliders: velocities, body height and pose (the behaviour field is unused here).
  OperatorCommand& sliders() { return sliders_; }
  const SteeringSpeeds& speeds() const { return speeds_; }

  /// Zeroes the velocity sliders (the "stop" action).
  void Stop();

  /// The command for this frame: sliders + keys (ignored when `keys_free` is false, i.e. a
  /// text field has the keyboard) + gamepad, clamped to the fast speeds; `behavior` copied in.
  OperatorCommand Compute(const KeyInput& keys, bool keys_free, const GamepadInput& pad,
                          const std::string& behavior) const;

 private:
  OperatorCommand sliders_;
  SteeringSpeeds speeds_;
};

}  // namespace stuntsim
