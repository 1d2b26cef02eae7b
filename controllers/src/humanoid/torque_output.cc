#include "stuntsim/controllers/humanoid/torque_output.h"

#include <algorithm>
#include <cmath>

namespace stuntsim {

double TorqueOutput::ClampToRange(const JointInfo& joint, double q) const {
  if (joint.is_wheel) return q;
  const double margin = std::min(params_.joint_margin, 0.25 * (joint.q_max - joint.q_min));
  return std::clamp(q, joint.q_min + margin, joint.q_max - margin);
}

double TorqueOutput::ClampToSpeed(const JointInfo& joint, double dq) const {
  if (!(joint.motor.max_speed > 0) || !std::isfinite(joint.motor.max_speed)) return dq;
  const double limit = params_.speed_fraction * joint.motor.max_speed;
  return std::clamp(dq, -limit, limit);
}

void TorqueOutput::Reset(const RobotInfo& robot, const RobotState& state, const TorqueOutputParams& params) {
  params_ = params;
  q_ref_ = state.joint_q;
  dq_ref_ = state.joint_dq;
}

void TorqueOutput::Write(const RobotInfo& robot, const RobotState& state, const WbcSolution& solution,
                         double dt, JointCommand& out) {
  for (int j = 0; j < robot.nj(); ++j) {
    const JointInfo& joint = robot.joints[j];
    const double qdd = solution.qdd[joint.dof];
    q_ref_[j] += dq_ref_[j] * dt + 0.5 * qdd * dt * dt;
    dq_ref_[j] += qdd * dt;
    q_ref_[j] =
        state.joint_q[j] + std::clamp(q_ref_[j] - state.joint_q[j], -params_.max_q_lead, params_.max_q_lead);
    dq_ref_[j] = state.joint_dq[j] +
                 std::clamp(dq_ref_[j] - state.joint_dq[j], -params_.max_dq_lead, params_.max_dq_lead);
    out.q_des[j] = ClampToRange(joint, q_ref_[j]);
    out.dq_des[j] = ClampToSpeed(joint, dq_ref_[j]);
    out.kp[j] = params_.kp_scale * joint.kp;
    out.kd[j] = params_.kd_scale * joint.kd;
    out.tau_ff[j] = solution.tau[j] + PassiveTorque(joint, state.joint_dq[j]);
  }
}

void TorqueOutput::WritePd(const RobotInfo& robot, const RobotState& state, const Eigen::VectorXd& q_des,
                           double gain_scale, JointCommand& out) {
  for (int j = 0; j < robot.nj(); ++j) {
    const JointInfo& joint = robot.joints[j];
    out.q_des[j] = ClampToRange(joint, q_des[j]);
    out.dq_des[j] = 0;
    out.kp[j] = gain_scale * joint.kp;
    out.kd[j] = gain_scale * joint.kd;
    out.tau_ff[j] = 0;
  }
  q_ref_ = state.joint_q;
  dq_ref_ = state.joint_dq;
}

}  // namespace stuntsim
