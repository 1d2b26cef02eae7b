#include "stuntsim/controllers/motor.h"

#include <algorithm>
#include <cmath>

namespace stuntsim {

TorqueRange TorqueEnvelope(const MotorLimits& m, double dq) {
  const double speed = std::abs(dq);
  double along = m.peak_torque;  // torque available in the direction of motion
  if (speed > m.knee_speed) {
    const double span = m.max_speed - m.knee_speed;
    along = span > 0 ? m.peak_torque * (m.max_speed - speed) / span : -m.peak_torque;
    along = std::max(along, -m.peak_torque);  // past the no-load speed the motor only brakes
  }
  return dq >= 0 ? TorqueRange{-m.peak_torque, along} : TorqueRange{-along, m.peak_torque};
}

double ClampToEnvelope(const MotorLimits& m, double dq, double tau, bool* saturated) {
  const TorqueRange r = TorqueEnvelope(m, dq);
  const double out = std::clamp(tau, r.lo, r.hi);
  if (saturated) *saturated = out != tau;
  return out;
}

}  // namespace stuntsim
