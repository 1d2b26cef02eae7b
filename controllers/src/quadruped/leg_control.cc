#include "stuntsim/controllers/quadruped/leg_control.h"

#include <algorithm>
#include <cmath>

#include <Eigen/LU>

namespace stuntsim {
namespace {

// Damping of the least-squares inverse near singular (straight-leg) poses, m^2.
constexpr double kDls = 1e-4;

}  // namespace

Eigen::Vector3d JointRatesFor(const Eigen::Matrix3d& jacobian, const Eigen::Vector3d& foot_vel_rel) {
  const Eigen::Matrix3d jjt = jacobian * jacobian.transpose() + kDls * Eigen::Matrix3d::Identity();
  return jacobian.transpose() * jjt.inverse() * foot_vel_rel;
}

void JointPdCommand(const std::array<int, 3>& joints, const Eigen::Vector3d& q_des,
                    const Eigen::Vector3d& dq_des, double kp, double kd,
                    const Eigen::Vector3d& tau_ff, JointCommand& out) {
  for (int i = 0; i < 3; ++i) {
    const int j = joints[i];
    out.q_des[j] = q_des[i];
    out.dq_des[j] = dq_des[i];
    out.kp[j] = kp;
    out.kd[j] = kd;
    out.tau_ff[j] = tau_ff[i];
  }
}

double StanceCommand(const BodyState& body, int leg, const BodyStateBuilder& legs,
                     const Eigen::Vector3d& force, const LegGains& gains, JointCommand& out) {
  const Eigen::Matrix3d& jac = body.jacobian[leg];
  const Eigen::Vector3d& dq = body.dq[leg];
  Eigen::Vector3d fixed = -gains.stance_kd * (jac.transpose() * body.contact_vel[leg]);
  if (gains.passive_feedforward) fixed += legs.PassiveTorques(leg, dq);
  const Eigen::Vector3d from_force = -jac.transpose() * force;
  // A joint clipped alone by its motor would turn the foot force out of the friction pyramid;
  // scaling the whole force keeps its direction.
  const double scale = legs.EnvelopeScale(leg, dq, fixed, from_force, gains.stance_torque_fraction);
  const Eigen::Vector3d tau = fixed + scale * from_force;
  // Rates that keep the contact point still in the world.
  const Eigen::Vector3d still = JointRatesFor(jac, jac * dq - body.contact_vel[leg]);
  JointPdCommand(legs.joints(leg), legs.ClampToLimits(leg, body.q[leg]), still, 0.0, gains.stance_joint_kd, tau,
                 out);
  return scale;
}

void SwingCommand(const BodyState& body, int leg, const BodyStateBuilder& legs, const Eigen::Vector3d& pos,
                  const Eigen::Vector3d& vel, const Eigen::Vector3d& acc, const LegGains& gains,
                  JointCommand& out) {
  const Eigen::Matrix3d& jac = body.jacobian[leg];
  // Joint rates for the target's velocity relative to the moving base, slowed where a joint
  // would be asked for more than its share of the motor's no-load speed.
  const Eigen::Vector3d base_vel = body.vel + body.angvel.cross(body.foot_rel[leg]);
  Eigen::Vector3d dq_des = JointRatesFor(jac, vel - base_vel);
  double ratio = 0;
  for (int i = 0; i < 3; ++i) {
    ratio = std::max(ratio, std::abs(dq_des[i]) / (gains.swing_speed_fraction * legs.motor(leg, i).max_speed));
  }
  const double slow = ratio > 1.0 ? 1.0 / ratio : 1.0;
  dq_des *= slow;
  const Eigen::Vector3d vel_ok = base_vel + slow * (vel - base_vel);
  const Eigen::Vector3d force = gains.swing_kp.cwiseProduct(pos - body.foot_pos[leg]) +
                                gains.swing_kd.cwiseProduct(vel_ok - body.foot_vel[leg]);
  Eigen::Vector3d tau = jac.transpose() * force + body.leg_inertia[leg] * JointRatesFor(jac, (slow * slow) * acc) +
                        body.leg_bias[leg];
  if (gains.passive_feedforward) tau += legs.PassiveTorques(leg, body.dq[leg]);
  // Joint-space target: inverse kinematics of the target in the base frame.
  const Eigen::Vector3d target_base = body.rot.transpose() * (pos - body.pos);
  const Eigen::Vector3d q_des = legs.ClampToLimits(leg, legs.leg(leg).Inverse(target_base));
  JointPdCommand(legs.joints(leg), q_des, dq_des, gains.swing_joint_kp, gains.swing_joint_kd, tau, out);
}

}  // namespace stuntsim
