#pragma once

#include <string>

#include "stuntsim/controllers/commands.h"
#include "stuntsim/controllers/robot_info.h"
#include "stuntsim/controllers/robot_state.h"

namespace stuntsim {

/// A robot controller: robot state and operator command in, joint commands out.
///
/// Reset() may allocate; Compute() depends only on its arguments and the controller's own
/// state, and should not allocate. Controllers never call the simulator.
class Controller {
 public:
  virtual ~Controller() = default;

  /// Prepares for a run from `state`; called before the first Compute and after every reset.
  virtual void Reset(const RobotInfo& robot, const RobotState& state) = 0;

  /// Computes `out` (already sized to robot.nj()) for this control tick.
  virtual void Compute(const RobotInfo& robot, const RobotState& state,
                       const OperatorCommand& command, JointCommand& out) = 0;

  /// Control period, s; a multiple of the physics timestep (default 500 Hz).
  virtual double period() const { return 0.002; }

  /// Whether Compute reads RobotState::dynamics (mass matrix, bias forces, centre-of-mass
  /// Jacobian); when false the simulator skips filling it (a few microseconds a tick) and leaves
  /// it empty: size-0 matrices, NaN vectors.
  virtual bool uses_dynamics() const { return true; }

  /// Name of the behaviour running now.
  virtual std::string active_behavior() const = 0;

  /// Why the last requested behaviour switch was refused, or empty.
  virtual std::string refusal() const { return {}; }
};

}  // namespace stuntsim
