#include "stuntsim/controllers/humanoid/body_reference.h"

#include "stuntsim/controllers/humanoid/task_space.h"

namespace stuntsim {

void BodyReference::Resize(int nj) {
  posture.setZero(nj);
  posture_vel.setZero(nj);
  posture_weight.setZero(nj);
}

void SetPostureWeights(const RobotInfo& robot, const PostureWeights& groups, Eigen::VectorXd* weights) {
  weights->setConstant(robot.nj(), groups.waist);
  for (const LegInfo& leg : robot.legs) {
    for (int j : leg.joints) (*weights)[j] = groups.legs;
  }
  for (const ArmInfo& arm : robot.arms) {
    for (int j : arm.joints) (*weights)[j] = groups.arms;
  }
}

void BuildTargets(const RobotInfo& robot, const RobotState& state, const BodyReference& ref,
                  const TaskGains& gains, const Eigen::Vector3d& angular_momentum, WbcTargets* targets) {
  const Dynamics& dyn = state.dynamics;
  Eigen::Vector3d com_acc = ref.com_acc + gains.com_kp.cwiseProduct(ref.com_pos - dyn.com_pos_world) +
                            gains.com_kd.cwiseProduct(ref.com_vel - dyn.com_vel_world);
  if (ref.com_xy_direct) com_acc.head<2>() = ref.com_acc.head<2>();
  targets->com_acc = com_acc;
  targets->com_weight = ref.com_weight;

  targets->base_angacc = ref.base_angacc +
                         gains.base_kp * OrientationError(ref.base_rot, state.base_rot_world) +
                         gains.base_kd * (ref.base_angvel - state.base_angvel_world);
  targets->base_weight = ref.base_weight;

  targets->angmom_rate = -gains.angmom_kd * angular_momentum;
  targets->angmom_weight = ref.angmom_weight;

  for (int k = 0; k < 2; ++k) {
    const FootReference& f = ref.feet[k];
    const EndEffectorState& foot = state.feet[k];
    targets->stance[k] = f.stance;
    if (f.stance) continue;
    const Eigen::Vector3d angvel = foot.jacobian.bottomRows(3) * state.qvel;
    Eigen::Vector3d feedback =
        gains.foot_kp * (f.pos - foot.pos_world) + gains.foot_kd * (f.vel - foot.linvel_world);
    if (feedback.norm() > gains.foot_max_feedback) feedback *= gains.foot_max_feedback / feedback.norm();
    targets->foot_acc[k].head<3>() = f.acc + feedback;
    targets->foot_acc[k].tail<3>() = f.angacc + gains.foot_rot_kp * OrientationError(f.rot, foot.rot_world) +
                                     gains.foot_rot_kd * (f.angvel - angvel);
    targets->foot_weight[k].head<3>().setConstant(gains.swing_weight);
    targets->foot_weight[k].tail<3>().setConstant(gains.swing_rot_weight * f.rot_weight_scale);
  }
  for (int k = 0; k < 2; ++k) {
    const HandReference& h = ref.hands[k];
    const EndEffectorState& hand = state.hands[k];
    targets->hand_weight[k] = h.weight;
    if (h.weight <= 0) continue;
    targets->hand_acc[k] =
        h.acc + gains.hand_kp * (h.pos - hand.pos_world) + gains.hand_kd * (h.vel - hand.linvel_world);
  }
  for (int j = 0; j < robot.nj(); ++j) {
    targets->joint_acc[j] = gains.posture_kp * (ref.posture[j] - state.joint_q[j]) +
                            gains.posture_kd * (ref.posture_vel[j] - state.joint_dq[j]);
  }
  targets->joint_weight = ref.posture_weight;
}

}  // namespace stuntsim
