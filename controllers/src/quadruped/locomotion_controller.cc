#include "stuntsim/controllers/quadruped/locomotion_controller.h"

#include <algorithm>
#include <cmath>

#include "stuntsim/controllers/quadruped/mpc_state.h"

namespace stuntsim {
namespace {

double WrapAngle(double a) { return std::remainder(a, 2 * M_PI); }

double Approach(double value, double target, double max_step) {
  return value + std::clamp(target - value, -max_step, max_step);
}

}  // namespace

void LocomotionController::Reset(const LocomotionParams& params, const RobotInfo& robot,
                                 const BodyStateBuilder& kin) {
  params_ = params;
  kin_ = &kin;
  for (int l = 0; l < kQuadLegs; ++l) shoulder_[l] = kin.home_foot(l);
  nominal_height_ = kin.home_height();
  contacts_.set_params(params.contact);
  contacts_.Reset();
  mpc_.Reset(params.mpc, robot.mass, params.inertia_scale * robot.inertia_base);
  const GaitSpec* stand = FindGait("stand");
  scheduler_.Reset(*stand);
}

void LocomotionController::Start(const BodyState& body, const GaitSpec& gait) {
  ApplyGaitWeights(gait);
  scheduler_.Reset(gait);
  ground_.Reset(body.foot_pos);
  contacts_.Reset();
  for (int l = 0; l < kQuadLegs; ++l) swings_[l].Set(body.foot_pos[l], body.foot_pos[l], 0.0);
  pos_des_ = body.pos;
  yaw_des_ = body.rpy.z();
  cmd_filtered_.setZero();
  vel_des_world_.setZero();
  pose_rpy_.setZero();
  height_int_ = 0;
  tilt_int_.setZero();
  height_cmd_ = std::clamp(body.pos.z() - ground_.HeightAt(body.pos.x(), body.pos.y()) - nominal_height_,
                           params_.min_height, params_.max_height);
  standing_ = gait.duty >= 1.0;
  balance_stepping_ = false;
  ticks_since_mpc_ = 1 << 20;
}

void LocomotionController::ApplyGaitWeights(const GaitSpec& gait) {
  std::array<double, 12> weights = params_.mpc.weights;
  if (gait.tilt_rate_weight > 0) weights[6] = weights[7] = gait.tilt_rate_weight;
  mpc_.set_weights(weights);
}

void LocomotionController::SetGait(const GaitSpec& gait) {
  ApplyGaitWeights(gait);
  scheduler_.SetGait(gait);
  standing_ = gait.duty >= 1.0;
  balance_stepping_ = false;
  ticks_since_mpc_ = 1 << 20;
}

void LocomotionController::UpdateBalanceStepping(const BodyState& body, double dt) {
  const double speed = body.vel.head<2>().norm();
  if (standing_ && !balance_stepping_ && speed > params_.step_trigger_speed) {
    // Pushed while standing: step (trot in place) to catch the body, then stand again.
    const GaitSpec& trot = *FindGait("trot");
    ApplyGaitWeights(trot);
    scheduler_.SetGait(trot);
    standing_ = false;
    balance_stepping_ = true;
    settled_time_ = 0;
    pos_des_ = body.pos;
    ticks_since_mpc_ = 1 << 20;
  } else if (balance_stepping_) {
    settled_time_ = speed < params_.step_settle_speed ? settled_time_ + dt : 0.0;
    if (settled_time_ >= params_.step_settle_time) {
      const GaitSpec& stand = *FindGait("stand");
      ApplyGaitWeights(stand);
      scheduler_.SetGait(stand);
      standing_ = true;
      balance_stepping_ = false;
      ticks_since_mpc_ = 1 << 20;
    }
  }
}

bool LocomotionController::AllFeetDown() const {
  for (int l = 0; l < kQuadLegs; ++l) {
    if (scheduler_.swinging(l)) return false;
  }
  return true;
}

void LocomotionController::UpdateCommand(const BodyState& body, const OperatorCommand& command, double dt) {
  const GaitSpec& gait = scheduler_.gait();
  Eigen::Vector3d target = Eigen::Vector3d::Zero();
  if (!standing_ && !balance_stepping_) {
    target.x() = std::clamp(command.vx, -std::min(gait.max_vx, 1.0), gait.max_vx);
    target.y() = std::clamp(command.vy, -gait.max_vy, gait.max_vy);
    target.z() = std::clamp(command.yaw_rate, -gait.max_yaw_rate, gait.max_yaw_rate);
  }
  cmd_filtered_.x() = Approach(cmd_filtered_.x(), target.x(), params_.max_accel * dt);
  cmd_filtered_.y() = Approach(cmd_filtered_.y(), target.y(), params_.max_accel * dt);
  cmd_filtered_.z() = Approach(cmd_filtered_.z(), target.z(), params_.max_yaw_accel * dt);
  const double yaw = body.rpy.z(), cy = std::cos(yaw), sy = std::sin(yaw);
  vel_des_world_ = Eigen::Vector3d(cy * cmd_filtered_.x() - sy * cmd_filtered_.y(),
                                   sy * cmd_filtered_.x() + cy * cmd_filtered_.y(), 0);
  height_cmd_ = Approach(height_cmd_, std::clamp(command.body_height, params_.min_height, params_.max_height),
                         0.25 * dt);
  step_height_ = command.step_height > 0
                     ? std::clamp(command.step_height, params_.min_step_height, params_.max_step_height)
                     : gait.step_height;
  const double lim = params_.max_pose_angle;
  const Eigen::Vector3d pose_target = standing_ ? Eigen::Vector3d(std::clamp(command.roll, -lim, lim),
                                                                  std::clamp(command.pitch, -lim, lim),
                                                                  std::clamp(command.yaw, -lim, lim))
                                                : Eigen::Vector3d::Zero();
  for (int i = 0; i < 3; ++i) pose_rpy_[i] = Approach(pose_rpy_[i], pose_target[i], 1.0 * dt);

  // Slow integral corrections of height and tilt.
  const Eigen::Vector2d slope = ground_.SlopeAlong(yaw);
  tilt_ref_ = Eigen::Vector2d(pose_rpy_.x() + params_.slope_follow * std::atan(slope.y()),
                              pose_rpy_.y() - params_.slope_follow * std::atan(slope.x()));
  const double height = body.pos.z() - ground_.HeightAt(body.pos.x(), body.pos.y());
  height_int_ = std::clamp(height_int_ + params_.height_ki * (nominal_height_ + height_cmd_ - height) * dt,
                           -params_.height_int_max, params_.height_int_max);
  for (int i = 0; i < 2; ++i) {
    if (standing_) {
      // All feet down: the MPC holds the pose on its own; let the gait's correction fade.
      tilt_int_[i] *= 1.0 - std::min(dt / params_.stand_int_decay, 1.0);
    } else {
      tilt_int_[i] = std::clamp(tilt_int_[i] + params_.tilt_ki * (tilt_ref_[i] - body.rpy[i]) * dt,
                                -params_.tilt_int_max, params_.tilt_int_max);
    }
  }

  // Heading and position targets lead the body by at most a bounded error.
  yaw_des_ += cmd_filtered_.z() * dt;
  const double yaw_err = WrapAngle(yaw_des_ - yaw);
  if (std::abs(yaw_err) > params_.max_yaw_error) yaw_des_ = yaw + std::copysign(params_.max_yaw_error, yaw_err);
  if (standing_) {
    // Centre of mass over the middle of the feet.
    Eigen::Vector3d centre = Eigen::Vector3d::Zero();
    for (int l = 0; l < kQuadLegs; ++l) centre += body.foot_pos[l] / kQuadLegs;
    pos_des_.head<2>() = centre.head<2>() - body.com_offset.head<2>();
  } else {
    pos_des_ += vel_des_world_ * dt;
    Eigen::Vector2d err = pos_des_.head<2>() - body.pos.head<2>();
    if (err.norm() > params_.max_position_error) err *= params_.max_position_error / err.norm();
    pos_des_.head<2>() = body.pos.head<2>() + err;
  }
}

Eigen::Vector3d LocomotionController::Foothold(const BodyState& body, int leg) const {
  FootholdInput in;
  in.pos = body.pos;
  in.vel = body.vel;
  in.yaw = body.rpy.z();
  in.height = nominal_height_ + height_cmd_;
  in.vel_cmd = vel_des_world_;
  in.yaw_rate_cmd = cmd_filtered_.z();
  in.swing_left = scheduler_.swing_remaining(leg);
  in.stance_time = scheduler_.stance_time();
  in.velocity_gain = scheduler_.gait().velocity_gain;
  in.max_dx = params_.foothold_max_dx;
  in.max_dy = params_.foothold_max_dy;
  Eigen::Vector3d shoulder = shoulder_[leg];
  shoulder.y() = kin_->leg(leg).hip.y() + scheduler_.gait().stance_width * kin_->leg(leg).lateral;
  Eigen::Vector3d foot = PlanFoothold(in, shoulder, ground_);
  foot.z() -= params_.touchdown_depth;  // aim into the ground so a lagging foot still lands on time
  return foot;
}

void LocomotionController::SolveMpc(const BodyState& body) {
  const int n = params_.mpc.horizon;
  const double dt = params_.mpc.dt;
  MpcState x0 = MpcStateFromBody(body);
  // A swinging foot counts where it will land, relative to where the body will be then.
  for (int l = 0; l < kQuadLegs; ++l) {
    if (scheduler_.swinging(l)) {
      x0.foot_rel[l] = swings_[l].end() - (x0.com_pos + vel_des_world_ * scheduler_.swing_remaining(l));
    }
  }
  const double roll = tilt_ref_.x() + tilt_int_.x(), pitch = tilt_ref_.y() + tilt_int_.y();
  const double yaw0 = body.rpy.z() + WrapAngle(yaw_des_ + pose_rpy_.z() - body.rpy.z());
  const double z_ref = ground_.HeightAt(body.pos.x(), body.pos.y()) + nominal_height_ + height_cmd_ +
                       height_int_ + body.com_offset.z();
  Eigen::MatrixXd& ref = mpc_.reference();
  for (int k = 1; k <= n; ++k) {
    const double t = k * dt;
    auto x = ref.col(k - 1);
    x.segment<3>(0) << roll, pitch, yaw0 + cmd_filtered_.z() * t;
    x.segment<2>(3) = pos_des_.head<2>() + body.com_offset.head<2>() + vel_des_world_.head<2>() * t;
    x(5) = z_ref;
    x.segment<3>(6) << 0, 0, cmd_filtered_.z();
    x.segment<3>(9) = vel_des_world_;
  }
  auto& contact = mpc_.contact();
  for (int l = 0; l < kQuadLegs; ++l) {
    contact(l, 0) = !scheduler_.swinging(l) && !Landing(body, l);
    for (int k = 1; k < n; ++k) contact(l, k) = scheduler_.ContactAt(l, k * dt);
  }
  if (mpc_.Solve(x0) != QpStatus::kSolved) ++mpc_failures_;
}

void LocomotionController::Compute(const BodyState& body, const OperatorCommand& command, double dt,
                                   JointCommand& out) {
  UpdateBalanceStepping(body, dt);
  UpdateCommand(body, command, dt);
  // The fused contacts (EstimateContacts) end swings early and mark the ground.
  scheduler_.Step(dt, body.contact, cmd_filtered_.head<2>().norm());
  bool event = false;
  for (int l = 0; l < kQuadLegs; ++l) {
    const bool landing = Landing(body, l);
    event |= scheduler_.lifted_off(l) || (scheduler_.touched_down(l) && !landing) || (was_landing_[l] && !landing);
    was_landing_[l] = landing;
    if (!scheduler_.swinging(l) && body.contact[l]) ground_.Touch(l, body.foot_pos[l]);
  }
  for (int l = 0; l < kQuadLegs; ++l) {
    if (!scheduler_.swinging(l)) continue;
    const double progress = scheduler_.swing_progress(l);
    if (scheduler_.lifted_off(l)) {
      const double fast = std::clamp(cmd_filtered_.head<2>().norm() / params_.lift_phase_speed - 1.0, 0.0, 1.0);
      const double lift = params_.lift_phase + fast * (params_.fast_lift_phase - params_.lift_phase);
      swings_[l].Set(body.foot_pos[l], Foothold(body, l), step_height_, lift);
    } else if (progress < params_.foothold_freeze) {
      swings_[l].set_end(Foothold(body, l));
    }
  }
  if (event || ++ticks_since_mpc_ >= params_.mpc_every) {
    SolveMpc(body);
    ticks_since_mpc_ = 0;
  }
  for (int l = 0; l < kQuadLegs; ++l) {
    if (scheduler_.swinging(l)) {
      Eigen::Vector3d pos, vel, acc;
      const double duration = scheduler_.swing_duration(l);
      const double s = std::min(1.0, scheduler_.swing_progress(l) + params_.swing_lead / duration);
      swings_[l].Evaluate(s, duration, &pos, &vel, &acc);
      SwingCommand(body, l, *kin_, pos, vel, acc, params_.legs, out);
    } else if (Landing(body, l)) {
      // Late touch-down: keep reaching down under position control instead of pushing the stance
      // force into the air (which slams the foot into the ground).
      const double t = scheduler_.stance_elapsed(l);
      Eigen::Vector3d pos = swings_[l].end(), vel(0, 0, -params_.landing_speed);
      pos.z() -= params_.landing_speed * t;
      SwingCommand(body, l, *kin_, pos, vel, Eigen::Vector3d::Zero(), params_.legs, out);
    } else {
      StanceCommand(body, l, *kin_, mpc_.force(l), params_.legs, out);
    }
  }
}

void LocomotionController::EstimateContacts(BodyState& body) {
  for (int l = 0; l < kQuadLegs; ++l) {
    ContactEvidence e;
    e.sensor = body.contact_sensor[l];
    // Prior: down in a stance (standing included), possible from the point a swing may end early.
    e.expected = !scheduler_.swinging(l) || scheduler_.swing_progress(l) >= GaitScheduler::kEarlyTouchdown;
    // Base position and velocity are the last tick's estimate (this one needs the contacts).
    const Eigen::Vector3d foot = body.pos + body.foot_rel[l];
    e.height = foot.z() - ground_.HeightAt(foot.x(), foot.y());
    e.vz = body.vel.z() + body.contact_rel_vel[l].z();
    e.load = body.foot_force[l].z();
    body.contact[l] = contacts_.Update(l, e, &body.contact_probability[l]);
  }
}

bool LocomotionController::Landing(const BodyState& body, int leg) const {
  return !scheduler_.swinging(leg) && !body.contact[leg] && scheduler_.gait().duty < 1.0 &&
         scheduler_.stance_elapsed(leg) < params_.landing_window;
}

std::array<double, kQuadLegs> LocomotionController::ContactTrust(const BodyState& body) const {
  std::array<double, kQuadLegs> trust{};
  for (int l = 0; l < kQuadLegs; ++l) {
    if (scheduler_.swinging(l) || !body.contact[l]) continue;
    if (scheduler_.gait().duty >= 1.0) {
      trust[l] = body.contact_sensor[l] ? 1.0 : params_.unsensed_contact_trust * body.contact_probability[l];
      continue;
    }
    const double s = scheduler_.stance_progress(l);
    trust[l] = std::clamp(std::min(s, 1.0 - s) / 0.1, 0.0, 1.0);
    // A contact only the kinematics and load vouch for counts less (they do not see a foot
    // slipping sideways).
    if (!body.contact_sensor[l]) trust[l] *= params_.unsensed_contact_trust * body.contact_probability[l];
  }
  return trust;
}

}  // namespace stuntsim
