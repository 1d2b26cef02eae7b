#include "stuntsim/controllers/humanoid/stand_balance.h"

#include <algorithm>
#include <cmath>

#include "stuntsim/controllers/humanoid/dcm_planner.h"
#include "stuntsim/controllers/humanoid/task_space.h"

namespace stuntsim {
namespace {

// Moves `value` toward `target` by at most `step`.
double Approach(double value, double target, double step) {
  return value + std::clamp(target - value, -step, step);
}

}  // namespace

FeetPose ReadFeet(const RobotState& state) {
  FeetPose f;
  for (int k = 0; k < 2; ++k) {
    f.pos[k] = state.feet[k].pos_world;
    f.rot[k] = state.feet[k].rot_world;
  }
  const double h0 = Heading(f.rot[0]), h1 = Heading(f.rot[1]);
  f.heading = WrapAngle(h0 + 0.5 * WrapAngle(h1 - h0));
  return f;
}

void StandBalance::Start(const RobotInfo& robot, const RobotState& state, const StandParams& params,
                         const Eigen::VectorXd& home) {
  params_ = params;
  const FeetPose feet = ReadFeet(state);
  const Eigen::Matrix3d rel = RotZ(-feet.heading) * state.base_rot_world;
  height_ = std::clamp(state.dynamics.com_pos_world.z() - feet.Mid().z() - params_.com_height,
                       params_.height_min, params_.height_max);
  roll_ = std::clamp(std::atan2(rel(2, 1), rel(2, 2)), -params_.roll_max, params_.roll_max);
  pitch_ = std::clamp(std::asin(std::clamp(-rel(2, 0), -1.0, 1.0)), -params_.pitch_max, params_.pitch_max);
  yaw_ = std::clamp(Heading(rel), -params_.yaw_max, params_.yaw_max);
  needs_step_ = false;
  home_ = home;
}

void StandBalance::Update(const RobotInfo& robot, const RobotState& state, const OperatorCommand& command,
                          double dt, BodyReference* ref) {
  const FeetPose feet = ReadFeet(state);
  height_ = Approach(height_, std::clamp(command.body_height, params_.height_min, params_.height_max),
                     params_.height_rate * dt);
  roll_ =
      Approach(roll_, std::clamp(command.roll, -params_.roll_max, params_.roll_max), params_.angle_rate * dt);
  pitch_ = Approach(pitch_, std::clamp(command.pitch, -params_.pitch_max, params_.pitch_max),
                    params_.angle_rate * dt);
  yaw_ = Approach(yaw_, std::clamp(command.yaw, -params_.yaw_max, params_.yaw_max), params_.angle_rate * dt);

  const double com_height = params_.com_height + height_;
  omega_ = LipmOmega(com_height);
  support_.Build(feet.pos, feet.rot, {true, true}, SupportPolygon::Sole());

  const Dynamics& dyn = state.dynamics;
  const Eigen::Vector2d target = feet.Mid().head<2>();
  const DcmCommand dcm = DcmFeedback(dyn.com_pos_world.head<2>(), dyn.com_vel_world.head<2>(), omega_, target,
                                     Eigen::Vector2d::Zero(), params_.dcm_gain, nullptr);
  dcm_ = Dcm(dyn.com_pos_world.head<2>(), dyn.com_vel_world.head<2>(), omega_);
  needs_step_ = support_.SignedDistance(dcm_) > params_.step_margin;

  ref->com_pos << target, feet.Mid().z() + com_height;
  ref->com_vel.setZero();
  ref->com_acc << dcm.com_acc, 0.0;
  ref->com_xy_direct = true;
  ref->base_rot = RotZyx(feet.heading + yaw_, pitch_, roll_);
  ref->base_angvel.setZero();
  ref->base_angacc.setZero();
  for (int k = 0; k < 2; ++k) {
    ref->feet[k].stance = true;
    ref->feet[k].pos = feet.pos[k];
    ref->feet[k].rot = feet.rot[k];
    ref->hands[k].weight = 0;
  }
  ref->posture = home_;
  ref->posture_vel.setZero();
  SetPostureWeights(robot, kStandPosture, &ref->posture_weight);
}

}  // namespace stuntsim
