#include "stuntsim/sim/impedance.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "stuntsim/sim/errors.h"

namespace stuntsim {

void ValidateJointCommand(const RobotInfo& robot, const JointCommand& c, const std::string& controller_name,
                          double time) {
  auto fail = [&](const std::string& what) {
    char when[48];
    std::snprintf(when, sizeof(when), " at t=%.3f s", time);
    throw SimulationError("controller '" + controller_name + "' returned " + what + when);
  };
  const int nj = robot.nj();
  const struct { const char* name; const Eigen::VectorXd& v; } fields[] = {
      {"q_des", c.q_des}, {"dq_des", c.dq_des}, {"kp", c.kp}, {"kd", c.kd}, {"tau_ff", c.tau_ff}};
  for (const auto& field : fields) {
    if (field.v.size() != nj) {
      fail(std::string(field.name) + " of size " + std::to_string(field.v.size()) + ", expected " +
           std::to_string(nj));
    }
    for (int j = 0; j < nj; ++j) {
      if (!std::isfinite(field.v[j])) fail(std::string("a non-finite ") + field.name + " for joint " + robot.joints[j].name);
    }
  }
  for (int j = 0; j < nj; ++j) {
    if (c.kp[j] < 0 || c.kd[j] < 0) fail("a negative gain for joint " + robot.joints[j].name);
  }
}

const char* ActuatorModelName(ActuatorModel model) {
  return model == ActuatorModel::kIdeal ? "ideal" : "envelope";
}

bool ApplyJointCommand(const World& world, const JointCommand& c, mjData* d, Eigen::VectorXd& tau,
                       ActuatorModel model) {
  const RobotInfo& info = world.info();
  bool any_saturated = false;
  for (int j = 0; j < info.nj(); ++j) {
    const JointBinding& b = world.joints[j];
    const double q = d->qpos[b.qpos_adr], dq = d->qvel[b.dof_adr];
    const double raw = c.tau_ff[j] + c.kp[j] * (c.q_des[j] - q) + c.kd[j] * (c.dq_des[j] - dq);
    const MotorLimits& motor = info.joints[j].motor;
    bool saturated = false;
    if (model == ActuatorModel::kIdeal) {
      tau[j] = std::clamp(raw, -motor.peak_torque, motor.peak_torque);
      saturated = tau[j] != raw;
    } else {
      tau[j] = ClampToEnvelope(motor, dq, raw, &saturated);
    }
    any_saturated |= saturated;
    d->ctrl[b.actuator] = tau[j];
  }
  return any_saturated;
}

}  // namespace stuntsim
