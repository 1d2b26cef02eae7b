#include "stuntsim/controllers/humanoid/footstep_planner.h"

#include <algorithm>

#include "stuntsim/controllers/humanoid/task_space.h"

namespace stuntsim {
namespace {

// +1 for the left foot (lies to +y of the centre line), -1 for the right.
double Side(int foot) { return foot == kLeftFoot ? 1.0 : -1.0; }

}  // namespace

Footstep ClampFootstep(const FootstepParams& params, const Footstep& stance, const Footstep& step) {
  Footstep out = step;
  out.yaw = stance.yaw + std::clamp(WrapAngle(step.yaw - stance.yaw), -params.max_turn, params.max_turn);
  // Limits in the stance foot's heading frame; lateral distance measured towards the step's side.
  const Eigen::Matrix2d rot = RotZ(stance.yaw).topLeftCorner<2, 2>();
  Eigen::Vector2d rel = rot.transpose() * (step.pos - stance.pos).head<2>();
  const double side = Side(step.foot);
  rel.x() = std::clamp(rel.x(), -params.max_backward, params.max_forward);
  rel.y() = side * std::clamp(side * rel.y(), params.min_width, params.max_width);
  out.pos.head<2>() = stance.pos.head<2>() + rot * rel;
  return out;
}

int PlanFootsteps(const FootstepParams& params, const Footstep& stance, int first_foot,
                  const Eigen::Vector3d& velocity, double step_period, int count, Footstep* out) {
  const double half = 0.5 * params.width;
  double yaw = stance.yaw;
  Eigen::Vector2d centre =
      stance.pos.head<2>() - RotZ(yaw).topLeftCorner<2, 2>() * Eigen::Vector2d(0, Side(stance.foot) * half);
  Footstep previous = stance;
  int foot = first_foot;
  for (int i = 0; i < count; ++i) {
    const Eigen::Matrix2d rot = RotZ(yaw).topLeftCorner<2, 2>();
    centre += rot * (velocity.head<2>() * step_period);
    yaw += std::clamp(velocity.z() * step_period, -params.max_turn, params.max_turn);
    Footstep step;
    step.foot = foot;
    step.yaw = yaw;
    step.pos << centre + RotZ(yaw).topLeftCorner<2, 2>() * Eigen::Vector2d(0, Side(foot) * half),
        stance.pos.z();
    out[i] = ClampFootstep(params, previous, step);
    previous = out[i];
    foot = 1 - foot;
  }
  return count;
}

void HeadingHold::Reset(double heading) {
  target_ = WrapAngle(heading);
  error_ = 0;
}

double HeadingHold::Update(const HeadingHoldParams& params, double heading, double yaw_rate, double dt) {
  target_ = WrapAngle(target_ + yaw_rate * dt);
  error_ = std::clamp(WrapAngle(target_ - heading), -params.max_error, params.max_error);
  target_ = WrapAngle(heading + error_);  // anti-wind-up
  return std::clamp(params.gain * error_, -params.max_rate, params.max_rate);
}

}  // namespace stuntsim
