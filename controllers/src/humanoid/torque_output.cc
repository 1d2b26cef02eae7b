#include "stuntsim/controllers/humanoid/torque_output.h"

#include <algorithm>

namespace stuntsim {

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
    out.q_des[j] = std::clamp(q_ref_[j], joint.q_min, joint.q_max);
    out.dq_des[j] = dq_ref_[j];
    out.kp[j] = params_.kp_scale * joint.kp;
    out.kd[j] = params_.kd_scale * joint.kd;
    out.tau_ff[j] = solution.tau[j];
  }
}

void TorqueOutput::WritePd(const RobotInfo& robot, const RobotState& state, const Eigen::VectorXd& q_des,
                           double gain_scale, JointCommand& out) {
  for (int j = 0; j < robot.nj(); ++j) {
    const JointInfo& joint = robot.joints[j];
    out.q_des[j] = std::clamp(q_des[j], joint.q_min, joint.q_max);
    out.dq_des[j] = 0;
    out.kp[j] = gain_scale * joint.kp;
    out.kd[j] = gain_scale * joint.kd;
    out.tau_ff[j] = 0;
  }
  q_ref_ = state.joint_q;
  dq_ref_ = state.joint_dq;
}

}  // namespace stuntsim
