#include "stuntsim/controllers/stand_controller.h"

#include <algorithm>

namespace stuntsim {
namespace {

// Minimum-jerk blend 0 -> 1 over s in [0, 1], zero velocity and acceleration at both ends.
double MinimumJerk(double s) {
  s = std::clamp(s, 0.0, 1.0);
  return s * s * s * (10.0 - 15.0 * s + 6.0 * s * s);
}

}  // namespace

void StandController::Reset(const RobotInfo& robot, const RobotState& state) {
  q_start_ = state.joint_q;
  q_home_ = robot.HomePose();
  for (int j = 0; j < robot.nj(); ++j) {
    if (robot.joints[j].is_wheel) q_home_[j] = state.joint_q[j];  // wheels hold still
  }
  t_start_ = state.time;
  refusal_.clear();
}

void StandController::Compute(const RobotInfo& robot, const RobotState& state,
                              const OperatorCommand& command, JointCommand& out) {
  if (!command.behavior.empty() && command.behavior != "stand") {
    refusal_ = "controller 'stand' only offers the behaviour 'stand', not '" + command.behavior + "'";
  }
  const double blend = MinimumJerk((state.time - t_start_) / kRampSeconds);
  out.q_des = q_start_ + blend * (q_home_ - q_start_);
  out.dq_des.setZero();
  out.tau_ff.setZero();
  for (int j = 0; j < robot.nj(); ++j) {
    out.kp[j] = robot.joints[j].kp;
    out.kd[j] = robot.joints[j].kd;
  }
}

}  // namespace stuntsim
