#include "stuntsim/controllers/quadruped/leg_control.h"

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

void StanceCommand(const BodyState& body, int leg, const BodyStateBuilder& legs,
                   const Eigen::Vector3d& force, const LegGains& gains, JointCommand& out) {
  const Eigen::Matrix3d& jac = body.jacobian[leg];
  const Eigen::Vector3d tau = -jac.transpose() * force - gains.stance_kd * (jac.transpose() * body.contact_vel[leg]);
  // Rates that keep the contact point still in the world.
  const Eigen::Vector3d still = JointRatesFor(jac, jac * body.dq[leg] - body.contact_vel[leg]);
  JointPdCommand(legs.joints(leg), legs.ClampToLimits(leg, body.q[leg]), still, 0.0, gains.stance_joint_kd, tau,
                 out);
}

void SwingCommand(const BodyState& body, int leg, const BodyStateBuilder& legs, const Eigen::Vector3d& pos,
                  const Eigen::Vector3d& vel, const Eigen::Vector3d& acc, const LegGains& gains,
                  JointCommand& out) {
  const Eigen::Matrix3d& jac = body.jacobian[leg];
  const Eigen::Vector3d force = gains.swing_kp.cwiseProduct(pos - body.foot_pos[leg]) +
                                gains.swing_kd.cwiseProduct(vel - body.foot_vel[leg]);
  const Eigen::Vector3d tau = jac.transpose() * force + body.leg_inertia[leg] * JointRatesFor(jac, acc) +
                              body.leg_bias[leg];
  // Joint-space target: inverse kinematics of the target in the base frame, and the joint rates
  // for the target's velocity relative to the moving base.
  const Eigen::Vector3d target_base = body.rot.transpose() * (pos - body.pos);
  const Eigen::Vector3d q_des = legs.ClampToLimits(leg, legs.leg(leg).Inverse(target_base));
  const Eigen::Vector3d rel_vel = vel - body.vel - body.angvel.cross(body.foot_rel[leg]);
  const Eigen::Vector3d dq_des = JointRatesFor(jac, rel_vel);
  JointPdCommand(legs.joints(leg), q_des, dq_des, gains.swing_joint_kp, gains.swing_joint_kd, tau, out);
}

}  // namespace stuntsim
