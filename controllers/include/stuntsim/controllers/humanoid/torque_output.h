#pragma once

#include <Eigen/Core>

#include "stuntsim/controllers/commands.h"
#include "stuntsim/controllers/humanoid/whole_body_qp.h"
#include "stuntsim/controllers/robot_info.h"
#include "stuntsim/controllers/robot_state.h"

namespace stuntsim {

/// Gains of the joint impedance stage behind the whole-body QP.
struct TorqueOutputParams {
  /// Fraction of each joint's default kp / kd (robot.toml) used around the integrated reference.
  double kp_scale = 0.1, kd_scale = 0.3;
  /// Largest distance the integrated reference may run ahead of the measured joint, rad and rad/s.
  double max_q_lead = 0.05, max_dq_lead = 0.5;
  /// The joint PD's reference is kept joint_margin (rad) inside each joint's range and below
  /// speed_fraction of its motor's no-load speed, so that the PD never drives a joint into its
  /// stop or past its speed (the same figures as WbcParams).
  double joint_margin = 0.015, speed_fraction = 0.85;
};

/// Turns the QP's torques into a JointCommand: tau_ff = QP torque plus the joint's passive torque
/// (PassiveTorque: damping and friction loss take it before it reaches the link), plus low-gain
/// joint PD around a reference integrated from the QP's joint accelerations (q_ref, dq_ref), kept
/// within a small band around the measured joints, inside the joint range and speed. The PD absorbs what the model misses (joint damping, contact
/// softness) without fighting the QP. Preallocated in Reset; Write does not allocate.
class TorqueOutput {
 public:
  void Reset(const RobotInfo& robot, const RobotState& state, const TorqueOutputParams& params = {});
  /// Integrates `solution.qdd` over `dt` (s) and writes `out` (nj).
  void Write(const RobotInfo& robot, const RobotState& state, const WbcSolution& solution, double dt,
             JointCommand& out);
  /// Joint PD only (default gains scaled by `gain_scale`) to `q_des` (nj, rad), zero feed-forward:
  /// used when the QP fails and for the lying phases of getting up. Resets the integrator.
  void WritePd(const RobotInfo& robot, const RobotState& state, const Eigen::VectorXd& q_des,
               double gain_scale, JointCommand& out);

 private:
  // `q` (rad) kept joint_margin inside the joint's range.
  double ClampToRange(const JointInfo& joint, double q) const;
  // `dq` (rad/s) kept below speed_fraction of the motor's no-load speed.
  double ClampToSpeed(const JointInfo& joint, double dq) const;

  TorqueOutputParams params_;
  Eigen::VectorXd q_ref_, dq_ref_;  // nj
};

}  // namespace stuntsim
