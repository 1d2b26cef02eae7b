#include "stuntsim/controllers/wheel_legged/drive_controller.h"

#include <algorithm>
#include <cmath>

#include "stuntsim/controllers/motor.h"
#include "stuntsim/controllers/quadruped/mpc_state.h"

namespace stuntsim {
namespace {

// How far below the ground estimate (or the wheel, if lower) a wheel off the ground reaches, m.
constexpr double kReach = 0.05;
constexpr double kGravity = 9.81;  // m/s^2
// How long a wheel's contact switch must be off before the wheel counts as off the ground, s.
constexpr double kLiftOffTime = 0.06;

double WrapAngle(double a) { return std::remainder(a, 2 * M_PI); }

double Approach(double value, double target, double max_step) {
  return value + std::clamp(target - value, -max_step, max_step);
}

}  // namespace

void AddWheelReaction(const BodyState& body, int l, const BodyStateBuilder& kin, double wheel_torque,
                      JointCommand& out) {
  const std::array<int, 3>& joints = kin.joints(l);
  for (int i = 0; i < 3; ++i) out.tau_ff[joints[i]] += wheel_torque * body.joint_axes[l].col(i).dot(body.wheel_axis[l]);
}

double ImpedanceTorque(const JointCommand& c, int j, double q, double dq) {
  return c.tau_ff[j] + c.kp[j] * (c.q_des[j] - q) + c.kd[j] * (c.dq_des[j] - dq);
}

void DriveController::Reset(const DriveParams& params, const RobotInfo& robot, const BodyStateBuilder& kin) {
  params_ = params;
  kin_ = &kin;
  for (int l = 0; l < kQuadLegs; ++l) {
    shoulder_[l] = kin.home_foot(l);
    wheel_motor_[l] = robot.joints[kin.wheel_joint(l)].motor;
  }
  nominal_height_ = kin.home_height();
  wheel_radius_ = kin.foot_radius();
  mpc_.Reset(params.mpc, robot.mass, params.inertia_scale * robot.inertia_base);
}

void DriveController::Start(const BodyState& body) {
  ground_.Reset(body.foot_pos);
  pos_des_ = body.pos;
  vel_des_.setZero();
  yaw_des_ = body.rpy.z();
  vx_ = yaw_rate_ = 0;
  height_cmd_ = std::clamp(body.pos.z() - ground_.HeightAt(body.pos.x(), body.pos.y()) - nominal_height_,
                           params_.min_height, params_.max_height);
  tilt_ref_.setZero();
  hold_q_ = body.wheel_q;
  off_time_.fill(0.0);
  down_.fill(true);
  tilt_int_.setZero();
  telemetry_ = WheelTelemetry();
  telemetry_.braking = true;
  ticks_since_mpc_ = 1 << 20;
}

void DriveController::UpdateCommand(const BodyState& body, const OperatorCommand& command, double dt) {
  const double target_vx = std::clamp(command.vx, -params_.max_reverse, params_.max_speed);
  const double target_yaw = std::clamp(command.yaw_rate, -params_.max_yaw_rate, params_.max_yaw_rate);
  vx_ = Approach(vx_, target_vx, params_.max_accel * dt);
  yaw_rate_ = Approach(yaw_rate_, target_yaw, params_.max_yaw_accel * dt);
  height_cmd_ = Approach(height_cmd_, std::clamp(command.body_height, params_.min_height, params_.max_height),
                         0.25 * dt);

  const double yaw = body.rpy.z();
  const Eigen::Vector2d slope = ground_.SlopeAlong(yaw);
  // Turning, the body leans into the turn as the centripetal force asks (atan(v w / g)).
  const double lean = params_.turn_lean * std::atan(vx_ * yaw_rate_ / kGravity);
  tilt_ref_ = Eigen::Vector2d(params_.slope_follow * std::atan(slope.y()) - lean,
                              -params_.slope_follow * std::atan(slope.x()));
  // The sideways friction of sliding wheels (a skid-steered turn) rolls and pitches the body
  // with torques the MPC's model does not have (they cancel only for a perfectly centred load);
  // an integral on the roll and pitch error removes the steady lean they leave.
  for (int i = 0; i < 2; ++i) {
    tilt_int_[i] = std::clamp(tilt_int_[i] + params_.tilt_ki * (tilt_ref_[i] - body.rpy[i]) * dt,
                              -params_.tilt_int_max, params_.tilt_int_max);
  }
  vel_des_ = Eigen::Vector3d(std::cos(yaw) * vx_, std::sin(yaw) * vx_, slope.x() * vx_);

  // Brakes: on when nothing is asked and the body has stopped; off as soon as a command comes.
  const bool still_command = std::abs(target_vx) < params_.hold_command && std::abs(target_yaw) < params_.hold_command &&
                             std::abs(vx_) < params_.hold_command && std::abs(yaw_rate_) < params_.hold_command;
  const bool braking = still_command && (telemetry_.braking || body.vel.head<2>().norm() < params_.hold_speed);
  if (braking && !telemetry_.braking) {
    hold_q_ = body.wheel_q;
    pos_des_ = body.pos;
    yaw_des_ = yaw;
  }
  telemetry_.braking = braking;

  yaw_des_ += yaw_rate_ * dt;
  const double yaw_err = WrapAngle(yaw_des_ - yaw);
  if (std::abs(yaw_err) > params_.max_yaw_error) yaw_des_ = yaw + std::copysign(params_.max_yaw_error, yaw_err);
  if (!braking) {
    pos_des_ += vel_des_ * dt;
    Eigen::Vector2d err = pos_des_.head<2>() - body.pos.head<2>();
    if (err.norm() > params_.max_position_error) err *= params_.max_position_error / err.norm();
    pos_des_.head<2>() = body.pos.head<2>() + err;
  }
}

void DriveController::SolveMpc(const BodyState& body) {
  const int n = params_.mpc.horizon;
  const double dt = params_.mpc.dt;
  // The wheels roll with the body: their positions relative to the centre of mass hold over the
  // horizon, which is what the MPC's model assumes.
  const MpcState x0 = MpcStateFromBody(body);
  const double yaw0 = body.rpy.z() + WrapAngle(yaw_des_ - body.rpy.z());
  // A fast turn crouches: the sliding wheels' sideways friction acts 0.36 m below the centre of
  // mass, a lower body gives it less lever.
  const double crouch = params_.turn_crouch * std::min(1.0, std::abs(vx_ * yaw_rate_) / params_.crouch_accel);
  const double z_ref = ground_.HeightAt(body.pos.x(), body.pos.y()) + nominal_height_ + height_cmd_ - crouch +
                       body.com_offset.z();
  Eigen::MatrixXd& ref = mpc_.reference();
  for (int k = 1; k <= n; ++k) {
    const double t = k * dt;
    auto x = ref.col(k - 1);
    x.segment<3>(0) << tilt_ref_.x() + tilt_int_.x(), tilt_ref_.y() + tilt_int_.y(), yaw0 + yaw_rate_ * t;
    x.segment<2>(3) = pos_des_.head<2>() + body.com_offset.head<2>() + vel_des_.head<2>() * t;
    x(5) = z_ref + vel_des_.z() * t;
    x.segment<3>(6) << 0, 0, yaw_rate_;
    x.segment<3>(9) = vel_des_;
  }
  // Each wheel's pyramid along its rolling direction; across it the wheel slides (skid turns)
  // and the legs do not push (Compute), so the plan has almost no sideways force to count on.
  for (int l = 0; l < kQuadLegs; ++l) {
    const Eigen::Vector3d& a = body.wheel_axis[l];
    mpc_.SetFrictionFrame(l, std::atan2(-a.x(), a.y()), params_.mu_across);
  }
  auto& contact = mpc_.contact();
  for (int l = 0; l < kQuadLegs; ++l) {
    contact(l, 0) = down_[l];
    for (int k = 1; k < n; ++k) contact(l, k) = 1;
  }
  if (mpc_.Solve(x0) != QpStatus::kSolved) ++mpc_failures_;
}

Eigen::Vector3d DriveController::PostureTarget(const BodyState& body, int l) const {
  // On a slope the wheels move downhill under the body (by h sin(slope)) so the centre of mass
  // stays over their middle and the uphill wheels keep their load.
  const Eigen::Vector2d slope = ground_.SlopeAlong(body.rpy.z());
  const double h = nominal_height_ + height_cmd_;
  const double m = params_.max_slope_shift;
  Eigen::Vector3d target = shoulder_[l];
  // Turning, the wheels draw in under the body: a shorter wheelbase needs less sideways skid.
  target.x() *= 1.0 - params_.turn_tuck * std::min(1.0, std::abs(yaw_rate_) / params_.tuck_yaw_rate);
  target.x() -= std::clamp(params_.slope_shift * h * std::sin(std::atan(slope.x())), -m, m);
  target.y() -= std::clamp(params_.slope_shift * h * std::sin(std::atan(slope.y())), -m, m);
  return target;
}

void DriveController::WheelCommand(const BodyState& body, int l, JointCommand& out) {
  const int j = kin_->wheel_joint(l);
  const Eigen::Vector3d& normal = ground_normal_;
  // Rolling direction: along the ground, across the wheel's axis (forward for a +y axis).
  Eigen::Vector3d along = body.wheel_axis[l].cross(normal);
  if (along.norm() < 1e-6) along = body.rot.col(0);
  along.normalize();
  const double r = wheel_radius_;
  const Eigen::Vector3d force = down_[l] ? mpc_.force(l) : Eigen::Vector3d::Zero();
  const double load = down_[l] ? std::max(0.0, body.foot_force[l].dot(normal)) : 0.0;

  // What this wheel's centre should do under the command, and what it does.
  const Eigen::Vector3d rel = body.foot_pos[l] - body.pos;
  // Yaw is the wheels' job (skid steering): the turn rate plus feedback on the heading error.
  const double turn = yaw_rate_ + params_.yaw_kp * WrapAngle(yaw_des_ - body.rpy.z());
  const Eigen::Vector3d centre_des = vel_des_ + Eigen::Vector3d(0, 0, turn).cross(rel);
  const double ground = along.dot(body.vel + body.foot_rel_vel[l]);
  const double slip = -along.dot(body.contact_vel[l]);
  const double speed_des = along.dot(centre_des) / r;

  // Traction: no more torque than the load can carry, and less while the wheel slips. The
  // MPC's force along the ground (balance: it holds the body's pitch and position) comes first;
  // the speed feedback (and the steering in it) gets what grip is left.
  const double grip = params_.traction_mu * load * r;
  double tau = std::clamp(r * force.dot(along), -grip, grip);
  if (!telemetry_.braking) {
    tau += std::clamp(params_.wheel_kd * (speed_des - body.wheel_dq[l]), -grip - tau, grip - tau);
  }
  // A skid-steered turn slides the wheels: part of the slip is the turn's, not lost grip.
  const double expected = std::abs(yaw_rate_) * std::abs(rel.dot(body.rot.col(0)));
  const double excess = std::abs(slip) - params_.slip_limit - expected;
  if (excess > 0 && slip * tau > 0) tau *= std::max(0.0, 1.0 - excess / params_.slip_limit);
  tau = ClampToEnvelope(wheel_motor_[l], body.wheel_dq[l], tau);

  telemetry_.speed[l] = body.wheel_dq[l];
  telemetry_.ground[l] = ground;
  telemetry_.slip[l] = slip;
  telemetry_.rolling[l] = ground + slip;
  telemetry_.load[l] = load;
  telemetry_.torque[l] = tau;
  out.q_des[j] = telemetry_.braking ? hold_q_[l] : body.wheel_q[l];
  out.dq_des[j] = 0;
  out.kp[j] = telemetry_.braking ? params_.hold_kp : 0.0;
  out.kd[j] = telemetry_.braking ? params_.wheel_kd : 0.0;
  out.tau_ff[j] = tau;
}

void DriveController::Compute(const BodyState& body, const OperatorCommand& command, double dt, JointCommand& out) {
  for (int l = 0; l < kQuadLegs; ++l) {
    if (body.contact[l]) ground_.Touch(l, body.foot_pos[l]);
    // A wheel sliding sideways (a skid turn) chatters on and off its contact for a tick or two:
    // it counts as down until it has been off for kLiftOffTime.
    off_time_[l] = body.contact[l] ? 0.0 : off_time_[l] + dt;
    down_[l] = off_time_[l] < kLiftOffTime;
  }
  const Eigen::Vector2d slope = ground_.SlopeAlong(0.0);
  ground_normal_ = Eigen::Vector3d(-slope.x(), -slope.y(), 1.0).normalized();
  UpdateCommand(body, command, dt);
  if (++ticks_since_mpc_ >= params_.mpc_every) {
    SolveMpc(body);
    ticks_since_mpc_ = 0;
  }
  const Eigen::Matrix3d& rot = body.rot;
  for (int l = 0; l < kQuadLegs; ++l) {
    WheelCommand(body, l, out);
    const Eigen::Vector3d target = PostureTarget(body, l);
    if (down_[l]) {
      // The leg holds its wheel under the hip in x and y (a spring on the wheel centre in the
      // body frame: the wheel rolls with the body's pitch instead of being pushed) and carries
      // the MPC's force.
      const Eigen::Vector3d rel_body = rot.transpose() * body.foot_rel[l];
      const Eigen::Vector3d vel_body = rot.transpose() * (body.foot_rel_vel[l] - body.angvel.cross(body.foot_rel[l]));
      const Eigen::Vector3d spring = rot * (params_.posture_kp.cwiseProduct(target - rel_body) -
                                            params_.posture_kd.cwiseProduct(vel_body));
      // The legs carry the MPC's load and the drive force the wheel makes, not its sideways
      // force: a wheel that does not roll sideways slides there (a skid-steered turn slides all
      // four), so a leg pushing sideways only moves its wheel under the body.
      Eigen::Vector3d force = mpc_.force(l);
      Eigen::Vector3d across = body.wheel_axis[l] - ground_normal_ * ground_normal_.dot(body.wheel_axis[l]);
      if (across.norm() > 1e-6) {
        across.normalize();
        force -= across * across.dot(force);
      }
      StanceCommand(body, l, *kin_, force - spring, params_.legs, out);
    } else {
      // A wheel off the ground reaches down for it under the hip (over a crest the ground falls
      // away below the plane the wheels last stood on).
      Eigen::Vector3d pos = body.pos + rot * target;
      pos.z() = std::min(ground_.HeightAt(pos.x(), pos.y()), body.foot_pos[l].z()) - kReach;
      SwingCommand(body, l, *kin_, pos, body.vel, Eigen::Vector3d::Zero(), params_.legs, out);
    }
    AddWheelReaction(body, l, *kin_, ImpedanceTorque(out, kin_->wheel_joint(l), body.wheel_q[l], body.wheel_dq[l]), out);
  }
}

}  // namespace stuntsim
