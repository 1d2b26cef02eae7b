#include "stuntsim/controllers/robot_info.h"

#include "stuntsim/controllers/commands.h"

namespace stuntsim {

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
