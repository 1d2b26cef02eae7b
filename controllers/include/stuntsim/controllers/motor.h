#pragma once

#include <limits>

namespace stuntsim {

/// A joint motor's limits, at the joint (after the gear): the current limit (peak torque) and the
/// voltage limit (back-EMF). Up to the knee speed the motor gives its peak torque; above it the
/// torque it can add in the direction of motion falls linearly, to zero at the no-load speed and
/// below zero (it can only brake) beyond. Braking torque is limited by the peak torque alone.
/// Figures and sources per robot: docs/physics.md.
struct MotorLimits {
  /// Peak (current-limited) torque, N*m.
  double peak_torque = 0;
  /// Joint speed up to which the peak torque is available, rad/s.
  double knee_speed = std::numeric_limits<double>::infinity();
  /// No-load speed: the motor's maximum joint speed, rad/s.
  double max_speed = std::numeric_limits<double>::infinity();
};

/// Range of torque the motor can apply at joint speed `dq` (rad/s).
struct TorqueRange {
  double lo = 0, hi = 0;
};

/// The torque-speed envelope of `motor` at joint speed `dq`, N*m: [-peak, hi(dq)] for dq >= 0
/// and [lo(dq), peak] for dq < 0, the bound in the direction of motion following the
/// voltage-limited line.
TorqueRange TorqueEnvelope(const MotorLimits& motor, double dq);

/// `tau` clamped into TorqueEnvelope(motor, dq); `saturated` (if given) is set when it was
/// outside.
double ClampToEnvelope(const MotorLimits& motor, double dq, double tau, bool* saturated = nullptr);

}  // namespace stuntsim
