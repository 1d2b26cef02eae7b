#include "stuntsim/controllers/quadruped/body_state.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <Eigen/Cholesky>
#include <Eigen/Geometry>

namespace stuntsim {
namespace {

// Damping of the Jacobian inverse in the foot force estimate, m^2 (about 1 cm of leg length).
constexpr double kForceDls = 1e-4;
// Fused evidence below which a contact confirmed without the switch ends.
constexpr double kReleaseProbability = 0.1;

// f from J' f = r, damped near straight-leg singularities: (J')^+ = J (J'J + lambda I)^-1.
Eigen::Vector3d ForceFromJointTorque(const Eigen::Matrix3d& jac, const Eigen::Vector3d& r) {
  return jac * (jac.transpose() * jac + kForceDls * Eigen::Matrix3d::Identity()).ldlt().solve(r);
}

}  // namespace

Eigen::Vector3d RollPitchYaw(const Eigen::Matrix3d& r) {
  return Eigen::Vector3d(std::atan2(r(2, 1), r(2, 2)), std::asin(std::clamp(-r(2, 0), -1.0, 1.0)),
                         std::atan2(r(1, 0), r(0, 0)));
}

Eigen::Matrix3d RotationFromRpy(const Eigen::Vector3d& rpy) {
  return (Eigen::AngleAxisd(rpy.z(), Eigen::Vector3d::UnitZ()) *
          Eigen::AngleAxisd(rpy.y(), Eigen::Vector3d::UnitY()) *
          Eigen::AngleAxisd(rpy.x(), Eigen::Vector3d::UnitX()))
      .toRotationMatrix();
}

void BodyStateBuilder::Reset(const RobotInfo& robot, const RobotState& state) {
  if (robot.legs.size() != kQuadLegs) {
    throw std::invalid_argument("quadruped controller: robot '" + robot.name + "' has " +
                                std::to_string(robot.legs.size()) + " legs, expected 4");
  }
  for (int l = 0; l < kQuadLegs; ++l) {
    const LegInfo& leg = robot.legs[l];
    if (leg.joints.size() != 3 || leg.foot < 0 || leg.foot >= static_cast<int>(state.feet.size())) {
      throw std::invalid_argument("quadruped controller: leg '" + leg.name +
                                  "' needs 3 joints (abduction, hip pitch, knee) and a foot");
    }
    for (int i = 0; i < 3; ++i) {
      joints_[l][i] = leg.joints[i];
      const JointInfo& joint = robot.joints[leg.joints[i]];
      dofs_[l][i] = joint.dof;
      q_min_[l][i] = joint.q_min;
      q_max_[l][i] = joint.q_max;
      motors_[l][i] = joint.motor;
      passive_[l][i].damping = joint.damping;
      passive_[l][i].frictionloss = joint.frictionloss;
    }
    feet_[l] = leg.foot;
    wheel_joints_[l] = leg.wheel;
    wheel_dofs_[l] = leg.wheel >= 0 ? robot.joints[leg.wheel].dof : -1;
    const EndEffectorState& foot = state.feet[leg.foot];
    const Eigen::Vector3d q(state.joint_q[joints_[l][0]], state.joint_q[joints_[l][1]],
                            state.joint_q[joints_[l][2]]);
    const double knee_norm = foot.jacobian.block(0, dofs_[l][2], 3, 1).norm();
    if (!legs_[l].Identify(leg.hip_offset_base, q, foot.pos_base, knee_norm)) {
      throw std::invalid_argument("quadruped controller: leg '" + leg.name +
                                  "' does not have the abduction / hip pitch / knee structure it expects");
    }
  }
  const Eigen::VectorXd home = robot.HomePose();
  home_height_ = 0;
  for (int l = 0; l < kQuadLegs; ++l) {
    home_foot_[l] = legs_[l].Forward(Eigen::Vector3d(home[joints_[l][0]], home[joints_[l][1]], home[joints_[l][2]]));
    home_height_ -= home_foot_[l].z() / kQuadLegs;
  }
  foot_radius_ = std::clamp(robot.home_base_height - home_height_, 0.0, 0.1);
  observer_started_ = false;
  BodyState body;
  ReadSensors(robot, state, body);
  body.pos.setZero();
  Restart(body);
}

Eigen::Vector3d BodyStateBuilder::PassiveTorques(int l, const Eigen::Vector3d& dq) const {
  Eigen::Vector3d tau;
  for (int i = 0; i < 3; ++i) tau[i] = PassiveTorque(passive_[l][i], dq[i]);
  return tau;
}

double BodyStateBuilder::EnvelopeScale(int l, const Eigen::Vector3d& dq, const Eigen::Vector3d& fixed,
                                       const Eigen::Vector3d& scaled, double margin) const {
  double scale = 1.0;
  for (int i = 0; i < 3; ++i) {
    if (!(motors_[l][i].peak_torque > 0)) continue;  // no motor model given: unlimited
    const TorqueRange range = TorqueEnvelope(motors_[l][i], dq[i]);
    // Shrink by a fraction of the peak torque (also right where a bound is negative).
    const double shrink = (1.0 - margin) * motors_[l][i].peak_torque;
    const double lo = range.lo + shrink, hi = range.hi - shrink;
    const double end = fixed[i] + scaled[i];
    if (end >= lo && end <= hi) continue;
    if (fixed[i] < lo || fixed[i] > hi) return 0.0;
    // fixed is inside, fixed + scaled is not: cut the segment at the bound it crosses.
    const double bound = end > hi ? hi : lo;
    scale = std::min(scale, (bound - fixed[i]) / scaled[i]);
  }
  return std::clamp(scale, 0.0, 1.0);
}

void BodyStateBuilder::ReadSensors(const RobotInfo& robot, const RobotState& state, BodyState& out) const {
  out.time = state.time;
  out.rot = state.imu.orientation.toRotationMatrix();
  out.rpy = RollPitchYaw(out.rot);
  out.angvel_body = state.imu.gyro;
  out.angvel = out.rot * out.angvel_body;
  out.down_body = out.rot.transpose() * Eigen::Vector3d(0, 0, -1);
  out.com_offset = state.dynamics.com_pos_world - state.base_pos_world;
  for (int l = 0; l < kQuadLegs; ++l) {
    const EndEffectorState& foot = state.feet[feet_[l]];
    for (int i = 0; i < 3; ++i) {
      out.q[l][i] = state.joint_q[joints_[l][i]];
      out.dq[l][i] = state.joint_dq[joints_[l][i]];
      out.jacobian[l].col(i) = foot.jacobian.block<3, 1>(0, dofs_[l][i]);
      out.leg_bias[l][i] = state.dynamics.bias[dofs_[l][i]];
      for (int k = 0; k < 3; ++k) out.leg_inertia[l](i, k) = state.dynamics.mass_matrix(dofs_[l][i], dofs_[l][k]);
    }
    out.foot_rel[l] = out.rot * foot.pos_base;
    out.foot_rel_vel[l] = out.angvel.cross(out.foot_rel[l]) + out.jacobian[l] * out.dq[l];
    Eigen::Vector3d foot_angvel = out.angvel;
    for (int i = 0; i < 3; ++i) {
      out.joint_axes[l].col(i) = foot.jacobian.block<3, 1>(3, dofs_[l][i]);
      foot_angvel += out.joint_axes[l].col(i) * out.dq[l][i];
    }
    if (wheel_dofs_[l] >= 0) {
      // The foot site rides on the wheel: its rotational Jacobian column is the spin axis.
      out.wheel_q[l] = state.joint_q[wheel_joints_[l]];
      out.wheel_dq[l] = state.joint_dq[wheel_joints_[l]];
      out.wheel_axis[l] = foot.jacobian.block<3, 1>(3, wheel_dofs_[l]);
      foot_angvel += out.wheel_axis[l] * out.wheel_dq[l];
      // A wheel rolls only about its axis: turning about the vertical spins it on its contact
      // point, and a camber turn moves that point by the tyre's small cross-section radius.
      foot_angvel = out.wheel_axis[l] * out.wheel_axis[l].dot(foot_angvel);
    }
    out.contact_rel_vel[l] = out.foot_rel_vel[l] + foot_angvel.cross(Eigen::Vector3d(0, 0, -foot_radius_));
    out.contact_sensor[l] = foot.contact;
    out.contact[l] = foot.contact;
    out.contact_probability[l] = foot.contact ? 1.0 : 0.0;
    if (state.joint_tau.size() == state.joint_q.size()) {
      for (int i = 0; i < 3; ++i) out.tau[l][i] = state.joint_tau[joints_[l][i]];
    } else {
      out.tau[l].setZero();
    }
    // M qdd + bias = tau - passive + J' f; with qdd ignored, J' f = bias + passive - tau.
    out.foot_force[l] = ForceFromJointTorque(out.jacobian[l], out.leg_bias[l] + PassiveTorques(l, out.dq[l]) - out.tau[l]);
  }
}

void BodyStateBuilder::ObserveFootForces(double dt, BodyState& out) {
  const double gain = 1.0 / kObserverTime;
  for (int l = 0; l < kQuadLegs; ++l) {
    const Eigen::Vector3d momentum = out.leg_inertia[l] * out.dq[l];
    if (!observer_started_) {
      momentum_[l] = momentum;
      residual_[l].setZero();
    }
    // The momentum the applied, bias and passive torques explain; the rest is external.
    momentum_[l] += dt * (out.tau[l] - out.leg_bias[l] - PassiveTorques(l, out.dq[l]) + residual_[l]);
    residual_[l] = gain * (momentum - momentum_[l]);
    out.foot_force[l] = ForceFromJointTorque(out.jacobian[l], residual_[l]);
  }
  observer_started_ = true;
}

double ContactEstimator::Probability(const ContactEvidence& e) const {
  if (e.sensor) return 1.0;
  // Ramps 1 -> 0 (or 0 -> 1) over +-50 % around each threshold, 0.5 at it.
  auto rising = [](double x, double at) { return std::clamp((x - 0.5 * at) / at, 0.0, 1.0); };
  const double load = rising(e.load, params_.load);
  const double low = 1.0 - rising(e.height, params_.height);
  const double still = 1.0 - rising(-e.vz, params_.descent);
  return std::clamp(e.expected, 0.0, 1.0) * std::min({load, low, still});
}

bool ContactEstimator::Update(int leg, const ContactEvidence& e, double* probability) {
  const double p = Probability(e);
  if (probability) *probability = p;
  if (e.expected <= 0) {
    // Swinging: whatever touched before is over.
    confirmed_[leg] = 0;
    latched_[leg] = sensed_[leg] = false;
    return e.sensor;
  }
  // The switch is late but not wrong: once it has reported this stance, it decides (a foot it
  // then drops has slipped off or unloaded).
  sensed_[leg] = sensed_[leg] || e.sensor;
  if (sensed_[leg]) {
    latched_[leg] = false;
    return e.sensor;
  }
  confirmed_[leg] = p > 0.5 ? confirmed_[leg] + 1 : 0;
  // A touch-down is an event: once confirmed it holds until the next swing or until the evidence
  // is clearly gone (a load dipping for a tick mid-stance does not end the stance).
  if (confirmed_[leg] >= params_.confirm_ticks) latched_[leg] = true;
  if (p < kReleaseProbability) latched_[leg] = false;
  return latched_[leg];
}

void BodyStateBuilder::Estimate(const RobotState& state, double dt,
                                const std::array<double, kQuadLegs>& trust, BodyState& out) {
  if (ground_truth_) {
    out.pos = state.base_pos_world;
    out.vel = state.base_linvel_world;
  } else {
    estimator_.Update(dt, out.rot, state.imu.accelerometer, out.foot_rel, out.contact_rel_vel, trust);
    out.pos = estimator_.position();
    out.vel = estimator_.velocity();
  }
  for (int l = 0; l < kQuadLegs; ++l) {
    out.foot_pos[l] = out.pos + out.foot_rel[l];
    out.foot_vel[l] = out.vel + out.foot_rel_vel[l];
    out.contact_vel[l] = out.vel + out.contact_rel_vel[l];
  }
}

void BodyStateBuilder::Restart(const BodyState& body) {
  // Keeps the horizontal position; z = 0 at the lowest foot point (the estimator's ground).
  double lowest = 0;
  for (int l = 0; l < kQuadLegs; ++l) lowest = std::min(lowest, body.foot_rel[l].z());
  const Eigen::Vector3d pos(body.pos.x(), body.pos.y(), -lowest);
  estimator_.Reset(pos, Eigen::Vector3d::Zero(), body.foot_rel);
}

}  // namespace stuntsim
