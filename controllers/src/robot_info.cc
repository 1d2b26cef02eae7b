#include "stuntsim/controllers/robot_info.h"

#include <cmath>

#include "stuntsim/controllers/commands.h"

namespace stuntsim {

double PassiveTorque(const JointInfo& joint, double dq, double smoothing_speed) {
  const double friction = smoothing_speed > 0 ? std::tanh(dq / smoothing_speed) : (dq > 0) - (dq < 0);
  return joint.damping * dq + joint.frictionloss * friction;
}

Eigen::VectorXd RobotInfo::HomePose() const {
  Eigen::VectorXd q(nj());
  for (int j = 0; j < nj(); ++j) q[j] = joints[j].q_home;
  return q;
}

int RobotInfo::JointIndex(const std::string& joint_name) const {
  for (int j = 0; j < nj(); ++j) {
    if (joints[j].name == joint_name) return j;
  }
  return -1;
}

void JointCommand::Resize(int nj) {
  for (Eigen::VectorXd* v : {&q_des, &dq_des, &kp, &kd, &tau_ff}) v->setZero(nj);
}

}  // namespace stuntsim
