#include "stuntsim/sim/trajectory_recorder.h"

namespace stuntsim {

TrajectoryLayout TrajectoryLayoutOf(const RobotInfo& info) {
  TrajectoryLayout layout;
  for (const JointInfo& j : info.joints) {
    layout.joints.push_back(j.name);
    layout.tau_max.push_back(j.tau_max);
    layout.q_min.push_back(j.q_min);
    layout.q_max.push_back(j.q_max);
    layout.max_speed.push_back(j.motor.max_speed);
  }
  layout.feet = info.feet;
  layout.hands = info.hands;
  layout.fall_height = info.fall_height;
  return layout;
}

void RecordTick(const Simulation& sim, Trajectory& trajectory) {
  const RobotState& st = sim.state();
  const OperatorCommand& command = sim.command();
  TrajectorySample s;
  s.time = st.time;
  s.base_pos_world = st.base_pos_world;
  s.base_quat_world = st.base_quat_world;
  s.base_linvel_world = st.base_linvel_world;
  s.base_angvel_body = st.base_angvel_body;
  s.ground_height = sim.world().terrain().HeightAt(st.base_pos_world.x(), st.base_pos_world.y());
  s.non_foot_contact = sim.NonFootGroundContact();
  s.cmd_vx = command.vx;
  s.cmd_vy = command.vy;
  s.cmd_yaw_rate = command.yaw_rate;
  s.cmd_behavior = trajectory.BehaviorIndex(command.behavior);
  s.active_behavior = trajectory.BehaviorIndex(sim.controller().active_behavior());
  s.torque_saturated = sim.torque_saturated();
  s.refusal = trajectory.RefusalIndex(sim.controller().refusal());
  const size_t row = trajectory.Append(s);
  trajectory.q(row) = st.joint_q;
  trajectory.dq(row) = st.joint_dq;
  trajectory.tau(row) = st.joint_tau;
  for (int f = 0; f < trajectory.nfeet(); ++f) {
    trajectory.foot_contact(row)[f] = st.feet[f].contact ? 1.0 : 0.0;
    trajectory.foot_speed(row)[f] = st.feet[f].linvel_world.norm();
  }
  for (int h = 0; h < trajectory.nhands(); ++h) trajectory.hand_speed(row)[h] = st.hands[h].linvel_world.norm();
}

}  // namespace stuntsim
