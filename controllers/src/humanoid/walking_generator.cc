#include "stuntsim/controllers/humanoid/walking_generator.h"

#include <algorithm>
#include <cmath>

#include "stuntsim/controllers/humanoid/task_space.h"

namespace stuntsim {
namespace {

Footstep MeasuredFoothold(const RobotState& state, int foot) {
  Footstep f;
  f.foot = foot;
  f.pos = state.feet[foot].pos_world;
  f.yaw = Heading(state.feet[foot].rot_world);
  return f;
}

double Lerp(double a, double b, double s) { return a + s * (b - a); }

}  // namespace

void WalkingGenerator::Start(const RobotState& state, const WalkParams& params,
                             const Eigen::Vector3d& velocity) {
  params_ = params;
  omega_ = LipmOmega(params_.com_height);
  for (int k = 0; k < 2; ++k) {
    feet_[k] = MeasuredFoothold(state, k);
    foot_rot_[k] = state.feet[k].rot_world;
    landed_[k] = true;
  }
  const bool right_first = velocity.y() < -0.02 || (std::abs(velocity.y()) <= 0.02 && velocity.z() < -0.05);
  stance_ = right_first ? kLeftFoot : kRightFoot;
  phase_ = WalkPhase::kStart;
  phase_time_ = 0;
  phase_duration_ = params_.start_duration;
  vrp_from_ = state.dynamics.com_pos_world.head<2>();
  z_from_ = 0.5 * (feet_[0].pos.z() + feet_[1].pos.z());
  steps_left_ = -1;
  steps_taken_ = 0;
  extra_steps_ = 0;

  velocity_.setZero();
  plan_velocity_.setZero();
  measured_velocity_.setZero();
  velocity_integral_.setZero();
  heading_hold_.Reset(Heading(state.base_rot_world));
  step_height_ = params_.step_height;
  target_ = feet_[1 - stance_];
}

void WalkingGenerator::StartRecovery(const RobotState& state, const WalkParams& params, int swing_foot) {
  Start(state, params, Eigen::Vector3d::Zero());
  stance_ = 1 - swing_foot;
  steps_left_ = 2;
  BeginSingle(state);
  phase_duration_ = params_.recovery_single_support;
  swing_.Start(feet_[swing_foot].pos, feet_[swing_foot].yaw, target_.pos, target_.yaw, step_height_,
               phase_duration_, params_.swing_lift, params_.swing_land);
}

void WalkingGenerator::RequestStop() {
  if (steps_left_ >= 0 || phase_ == WalkPhase::kDone) return;
  switch (phase_) {
    case WalkPhase::kStart:
      // Not stepped yet: settle back between the feet.
      vrp_from_ = dcm_ref_.vrp;
      z_from_ = Lerp(z_from_, feet_[stance_].pos.z(), std::min(1.0, phase_time_ / phase_duration_));
      phase_ = WalkPhase::kFinish;
      phase_time_ = 0;
      phase_duration_ = params_.finish_duration;
      steps_left_ = 0;
      break;
    case WalkPhase::kSingle:
      steps_left_ = 2;  // this step, then the other foot alongside
      break;
    default:
      steps_left_ = 1;  // the next step brings the swing foot alongside
      break;
  }
}

double WalkingGenerator::LandingHeight(const Eigen::Vector2d& xy) const {
  const double ground = GroundHeight(xy);
  // Stepping down, aim a little below the expected ground so the foot is down by the end of the step.
  return ground < feet_[stance_].pos.z() - 0.015 ? ground - params_.landing_depth : ground;
}

Eigen::Vector2d WalkingGenerator::Vrp(const Footstep& step) const {
  const double side = step.foot == kLeftFoot ? 1.0 : -1.0;
  return step.pos.head<2>() + RotZ(step.yaw).topLeftCorner<2, 2>() *
                                  Eigen::Vector2d(params_.vrp_forward, -side * params_.vrp_inset);
}

double WalkingGenerator::GroundHeight(const Eigen::Vector2d& xy) const {
  const Footstep& s = feet_[stance_];
  const Eigen::Vector3d n = foot_rot_[stance_].col(2);
  if (n.z() < 0.5) return s.pos.z();
  return s.pos.z() - (n.x() * (xy.x() - s.pos.x()) + n.y() * (xy.y() - s.pos.y())) / n.z();
}

void WalkingGenerator::UpdateVelocity(const Eigen::Vector3d& command, const RobotState& state, double dt) {
  Eigen::Vector3d goal = command.cwiseMax(params_.min_velocity).cwiseMin(params_.max_velocity);
  if (stopping()) goal.setZero();
  const Eigen::Vector3d step = params_.max_accel * dt;
  velocity_ += (goal - velocity_).cwiseMax(-step).cwiseMin(step);
  // Outer loop on the walking speed: the CoM velocity in the heading frame, low-passed over about
  // one step, integrated against the command; the footsteps are planned for the corrected speed.
  const double heading = feet_[0].yaw + 0.5 * WrapAngle(feet_[1].yaw - feet_[0].yaw);
  const Eigen::Vector2d v =
      RotZ(heading).topLeftCorner<2, 2>().transpose() * state.dynamics.com_vel_world.head<2>();
  const double alpha = std::min(1.0, dt / params_.velocity_filter);
  measured_velocity_ += alpha * (v - measured_velocity_);
  // Integrate only while the command is steady (no wind-up while it ramps).
  const bool steady = (goal - velocity_).head<2>().norm() < 1e-3;
  if (steady && (phase_ == WalkPhase::kSingle || phase_ == WalkPhase::kDouble)) {
    velocity_integral_ += (velocity_.head<2>() - measured_velocity_) * dt;
    velocity_integral_ = velocity_integral_.cwiseMax(-params_.max_velocity_correction)
                             .cwiseMin(params_.max_velocity_correction);
  } else if (!steady) {
    velocity_integral_ *=
        std::max(0.0, 1.0 - dt / params_.velocity_filter);  // forget while the command changes
  }
  plan_velocity_ = velocity_;
  plan_velocity_.head<2>() += params_.velocity_ki * velocity_integral_;
  plan_velocity_.z() += heading_hold_.Update(params_.heading, Heading(state.base_rot_world), velocity_.z(), dt);
}

Eigen::Vector2d WalkingGenerator::BuildPlan(const Footstep& first, double remaining) {
  const double period = params_.single_support + params_.double_support;
  const bool closing_only = steps_left_ >= 0;
  const int future = steps_left_ < 0 ? params_.horizon_steps : std::max(0, steps_left_ - 1);
  step_count_ = std::min<int>(future, steps_.size());
  if (step_count_ > 0) {
    const Eigen::Vector3d v = closing_only ? Eigen::Vector3d::Zero() : plan_velocity_;
    PlanFootsteps(params_.footsteps, first, 1 - first.foot, v, period, step_count_, steps_.data());
  }
  plan_.Clear();
  const Footstep& stance = feet_[stance_];
  // The current phase.
  switch (phase_) {
    case WalkPhase::kSingle:
      plan_.Add(Vrp(stance), Vrp(stance), std::max(remaining, 1e-3));
      break;
    case WalkPhase::kStart:
    case WalkPhase::kDouble: {
      const double s = std::clamp(phase_time_ / phase_duration_, 0.0, 1.0);
      plan_.Add(vrp_from_ + s * (Vrp(stance) - vrp_from_), Vrp(stance), std::max(remaining, 1e-3));
      plan_.Add(Vrp(stance), Vrp(stance), params_.single_support);
      break;
    }
    default:
      break;
  }
  // Then the footholds: transfer onto each, stand on it, ...; finally settle between the last two.
  const Footstep* previous = &stance;
  const Footstep* before = &feet_[1 - stance_];
  for (int i = -1; i < step_count_; ++i) {
    const Footstep& next = i < 0 ? first : steps_[i];
    plan_.Add(Vrp(*previous), Vrp(next), params_.double_support);
    if (i + 1 < step_count_) plan_.Add(Vrp(next), Vrp(next), params_.single_support);
    before = previous;
    previous = &next;
  }
  const Eigen::Vector2d rest = 0.5 * (previous->pos + before->pos).head<2>();
  plan_.Add(Vrp(*previous), rest, params_.finish_duration);
  plan_.Solve(omega_);
  return plan_.dcm_at_end(0);
}

void WalkingGenerator::BeginSingle(const RobotState& state) {
  const int swing = 1 - stance_;
  feet_[swing] = MeasuredFoothold(state, swing);
  landed_[swing] = false;
  phase_ = WalkPhase::kSingle;
  phase_time_ = 0;
  phase_duration_ = params_.single_support;
  const Eigen::Vector3d v = steps_left_ >= 0 && steps_left_ <= 1 ? Eigen::Vector3d::Zero() : plan_velocity_;
  PlanFootsteps(params_.footsteps, feet_[stance_], swing, v, params_.single_support + params_.double_support,
                1, &target_);
  target_.pos.z() = LandingHeight(target_.pos.head<2>());
  swing_.Start(feet_[swing].pos, feet_[swing].yaw, target_.pos, target_.yaw, step_height_, phase_duration_,
               params_.swing_lift, params_.swing_land);
}

void WalkingGenerator::Land(const RobotState& state) {
  const int swing = 1 - stance_;
  if (!landed_[swing]) {
    feet_[swing] = MeasuredFoothold(state, swing);
    foot_rot_[swing] = state.feet[swing].rot_world;
    landed_[swing] = true;
  }
  ++steps_taken_;
  if (steps_left_ > 0) --steps_left_;
  if (steps_left_ == 0 && extra_steps_ < params_.max_extra_steps) {
    // Stopping, but the DCM is not captured by the feet: keep stepping.
    SupportPolygon feet;
    feet.Build({feet_[0].pos, feet_[1].pos}, foot_rot_, {true, true}, SupportPolygon::Sole());
    if (feet.SignedDistance(dcm_meas_) > params_.capture_margin) {
      steps_left_ = 1;
      ++extra_steps_;
    }
  }
  vrp_from_ = Vrp(feet_[stance_]);
  z_from_ = feet_[stance_].pos.z();
  phase_time_ = 0;
  if (steps_left_ == 0) {
    phase_ = WalkPhase::kFinish;
    phase_duration_ = params_.finish_duration;
  } else {
    phase_ = WalkPhase::kDouble;
    phase_duration_ = params_.double_support;
    stance_ = swing;
  }
}

void WalkingGenerator::Update(const RobotState& state, const Eigen::Vector3d& velocity, double step_height,
                              double dt, BodyReference* ref) {
  if (phase_ == WalkPhase::kDone) return;
  UpdateVelocity(velocity, state, dt);
  if (step_height > 0) step_height_ = step_height;
  phase_time_ += dt;
  const Dynamics& dyn = state.dynamics;
  dcm_meas_ = Dcm(dyn.com_pos_world.head<2>(), dyn.com_vel_world.head<2>(), omega_);

  // Phase transitions.
  switch (phase_) {
    case WalkPhase::kStart:
    case WalkPhase::kDouble:
      if (phase_time_ >= phase_duration_) BeginSingle(state);
      break;
    case WalkPhase::kSingle: {
      const int swing = 1 - stance_;
      // An early touch-down puts the foot in stance at once but keeps the VRP on the stance foot
      // until the planned end of the step, so the DCM plan's timing holds.
      if (!landed_[swing] && state.feet[swing].contact &&
          phase_time_ > params_.early_contact_phase * phase_duration_) {
        landed_[swing] = true;
        feet_[swing] = MeasuredFoothold(state, swing);
        foot_rot_[swing] = state.feet[swing].rot_world;
        target_ = feet_[swing];
      }
      if ((landed_[swing] && phase_time_ >= phase_duration_) ||
          phase_time_ >= phase_duration_ + params_.reach_time) {
        Land(state);
      }
      break;
    }
    case WalkPhase::kFinish: {
      const Eigen::Vector2d mid = 0.5 * (feet_[0].pos + feet_[1].pos).head<2>();
      if (phase_time_ >= phase_duration_ &&
          ((dcm_meas_ - mid).norm() < 0.03 || phase_time_ > phase_duration_ + 1.0)) {
        phase_ = WalkPhase::kDone;
      }
      break;
    }
    case WalkPhase::kDone:
      break;
  }
  if (phase_ == WalkPhase::kDone) return;

  const double remaining = std::max(phase_duration_ - phase_time_, 0.0);
  const double s = std::clamp(phase_time_ / phase_duration_, 0.0, 1.0);
  const int swing = 1 - stance_;
  double support_z = feet_[stance_].pos.z(), support_dz = 0;

  if (phase_ == WalkPhase::kSingle && state.feet[stance_].contact &&
      phase_time_ < params_.tilt_track_phase * phase_duration_) {
    // The stance sole is loaded and flat: its orientation is the ground's (tilt_track_phase), and
    // its height the support's now. With estimated state the height drifts slowly (a sole creeping
    // down a slope, a vertical velocity bias): a foothold height frozen at touch-down would let
    // the drift move the CoM height reference against the body.
    foot_rot_[stance_] = state.feet[stance_].rot_world;
    feet_[stance_].pos.z() = state.feet[stance_].pos_world.z();
  }
  if (phase_ == WalkPhase::kSingle) {
    // Step adjustment: move the target by the predicted end-of-step DCM error.
    if (s < params_.adjust_freeze && !landed_[swing]) {
      const bool closing = steps_left_ >= 0 && steps_left_ <= 1;
      Footstep nominal;
      PlanFootsteps(params_.footsteps, feet_[stance_], swing,
                    closing ? Eigen::Vector3d::Zero() : plan_velocity_,
                    params_.single_support + params_.double_support, 1, &nominal);
      const Eigen::Vector2d end_ref = BuildPlan(nominal, remaining);
      const Eigen::Vector2d r = Vrp(feet_[stance_]);
      const Eigen::Vector2d predicted = r + std::exp(omega_ * remaining) * (dcm_meas_ - r);
      nominal.pos.head<2>() += params_.adjust_gain * (predicted - end_ref);
      target_ = ClampFootstep(params_.footsteps, feet_[stance_], nominal);
      target_.pos.z() = LandingHeight(target_.pos.head<2>());
      swing_.SetEnd(target_.pos, target_.yaw);
    }
    BuildPlan(target_, remaining);
  } else if (phase_ == WalkPhase::kFinish) {
    const Eigen::Vector3d mid = 0.5 * (feet_[0].pos + feet_[1].pos);
    plan_.Clear();
    plan_.Add(vrp_from_ + s * (mid.head<2>() - vrp_from_), mid.head<2>(), std::max(remaining, 1e-3));
    plan_.Solve(omega_);
    support_z = Lerp(z_from_, mid.z(), s);
    support_dz = phase_time_ < phase_duration_ ? (mid.z() - z_from_) / phase_duration_ : 0;
  } else {
    Footstep next;
    const bool closing = steps_left_ >= 0 && steps_left_ <= 1;
    PlanFootsteps(params_.footsteps, feet_[stance_], swing,
                  closing ? Eigen::Vector3d::Zero() : plan_velocity_,
                  params_.single_support + params_.double_support, 1, &next);
    BuildPlan(next, remaining);
    support_z = Lerp(z_from_, feet_[stance_].pos.z(), s);
    support_dz = (feet_[stance_].pos.z() - z_from_) / phase_duration_;
  }
  dcm_ref_ = plan_.Evaluate(0.0);

  // Stance feet and the support polygon.
  const std::array<bool, 2> stance = {landed_[0], landed_[1]};
  std::array<Eigen::Vector3d, 2> pos = {state.feet[0].pos_world, state.feet[1].pos_world};
  std::array<Eigen::Matrix3d, 2> rot = {state.feet[0].rot_world, state.feet[1].rot_world};
  support_.Build(pos, rot, stance, SupportPolygon::Sole());
  const DcmCommand cmd = DcmFeedback(dyn.com_pos_world.head<2>(), dyn.com_vel_world.head<2>(), omega_,
                                     dcm_ref_.dcm, dcm_ref_.dcm_vel, params_.dcm_gain, nullptr);

  ref->com_pos << dcm_ref_.dcm, support_z + params_.com_height;
  ref->com_vel << 0, 0, support_dz;
  ref->com_acc << cmd.com_acc, 0;
  ref->com_xy_direct = true;

  // Feet.
  double swing_yaw = feet_[swing].yaw;
  for (int k = 0; k < 2; ++k) {
    FootReference& f = ref->feet[k];
    f.stance = stance[k];
    f.pos = feet_[k].pos;
    f.vel.setZero();
    f.acc.setZero();
    f.rot = foot_rot_[k];
    f.angvel.setZero();
    f.angacc.setZero();
  }
  if (!stance[swing]) {
    FootReference& f = ref->feet[swing];
    // Lower the foot until it touches: along the swing, then at reach_speed.
    const SwingSample sample =
        swing_.Evaluate(phase_ == WalkPhase::kSingle ? phase_time_ : swing_.duration());
    const double late = phase_ == WalkPhase::kSingle ? std::max(0.0, phase_time_ - phase_duration_) : 0.0;
    f.pos = sample.pos - Eigen::Vector3d(0, 0, params_.reach_speed * late);
    f.vel = sample.vel - Eigen::Vector3d(0, 0, late > 0 ? params_.reach_speed : 0.0);
    f.acc = sample.acc;
    // Heading from the swing; tilt of the stance sole (for slopes).
    const Eigen::Matrix3d tilt = RotZ(-feet_[stance_].yaw) * foot_rot_[stance_];
    f.rot = RotZ(sample.yaw) * tilt;
    f.angvel = Eigen::Vector3d(0, 0, sample.yaw_rate);
    f.angacc = Eigen::Vector3d(0, 0, sample.yaw_acc);
    swing_yaw = sample.yaw;
  }
  const double yaw = feet_[stance_].yaw + 0.5 * WrapAngle(swing_yaw - feet_[stance_].yaw);
  ref->base_rot = RotZ(yaw);
  ref->base_angvel.setZero();
  ref->base_angacc.setZero();
}

}  // namespace stuntsim
