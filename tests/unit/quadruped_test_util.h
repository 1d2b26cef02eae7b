// A synthetic Go2-class quadruped (RobotInfo and a consistent RobotState) for unit tests of the
// quadruped controllers without physics.
#pragma once

#include <array>
#include <string>

#include <Eigen/Core>
#include <Eigen/Geometry>

#include "stuntsim/controllers/quadruped/leg_kinematics.h"
#include "stuntsim/controllers/robot_info.h"
#include "stuntsim/controllers/robot_state.h"

namespace stuntsim::testing {

/// Leg geometry of the synthetic robot (Go2 figures): leg l in FL, FR, RL, RR order.
inline LegKinematics SyntheticLeg(int l) {
  LegKinematics k;
  const double sx = l < 2 ? 1 : -1, sy = (l % 2 == 0) ? 1 : -1;
  k.hip = Eigen::Vector3d(sx * 0.1934, sy * 0.0465, 0);
  k.lateral = sy * 0.0955;
  k.thigh = 0.213;
  k.calf = 0.213;
  return k;
}

/// Home pose of every leg (abduction, pitch, knee), rad.
inline Eigen::Vector3d HomeLegPose() { return Eigen::Vector3d(0, 0.9, -1.8); }

/// RobotInfo of the synthetic robot: 12 joints (dofs 6..17), Go2 limits, gains and masses.
inline RobotInfo SyntheticQuadrupedInfo() {
  RobotInfo info;
  info.name = "synthetic_quadruped";
  info.kind = "quadruped";
  info.nv = 18;
  info.mass = 15.0;
  info.inertia_base = Eigen::Vector3d(0.12, 0.35, 0.4).asDiagonal();
  info.home_base_height = 0.2868;
  info.fall_height = 0.12;
  const char* legs[4] = {"FL", "FR", "RL", "RR"};
  const char* parts[3] = {"hip", "thigh", "calf"};
  for (int l = 0; l < 4; ++l) {
    LegInfo leg;
    leg.name = legs[l];
    leg.foot = l;
    leg.hip_offset_base = SyntheticLeg(l).hip;
    for (int i = 0; i < 3; ++i) {
      JointInfo j;
      j.name = std::string(legs[l]) + "_" + parts[i];
      j.dof = 6 + 3 * l + i;
      const double lo[3] = {-1.0472, l < 2 ? -1.5708 : -0.5236, -2.7227};
      const double hi[3] = {1.0472, l < 2 ? 3.4907 : 4.5379, -0.8378};
      j.q_min = lo[i];
      j.q_max = hi[i];
      j.tau_max = i == 2 ? 45.43 : 23.7;
      j.motor.peak_torque = j.tau_max;
      j.motor.max_speed = i == 2 ? 15.7 : 30.1;
      j.motor.knee_speed = 0.7 * j.motor.max_speed;
      j.kp = i == 0 ? 80 : (i == 1 ? 100 : 150);
      j.kd = i == 0 ? 2 : (i == 1 ? 2.5 : 3);
      j.q_home = HomeLegPose()[i];
      leg.joints.push_back(static_cast<int>(info.joints.size()));
      info.joints.push_back(j);
    }
    info.legs.push_back(leg);
    info.feet.push_back(std::string(legs[l]) + "_foot");
  }
  return info;
}

/// A robot state with the base at `base_pos`, turned by `rot`, legs at joint angles `q` (per
/// leg), feet Jacobians and IMU consistent with it, at rest.
inline RobotState SyntheticQuadrupedState(const RobotInfo& info, const std::array<Eigen::Vector3d, 4>& q,
                                          const Eigen::Vector3d& base_pos = Eigen::Vector3d(0, 0, 0.2868),
                                          const Eigen::Matrix3d& rot = Eigen::Matrix3d::Identity()) {
  RobotState s;
  s.base_pos_world = base_pos;
  s.base_rot_world = rot;
  s.base_quat_world = Eigen::Quaterniond(rot);
  s.joint_q.resize(12);
  s.joint_dq.setZero(12);
  s.joint_tau.setZero(12);
  s.qvel.setZero(info.nv);
  s.feet.resize(4);
  for (int l = 0; l < 4; ++l) {
    const LegKinematics k = SyntheticLeg(l);
    s.joint_q.segment<3>(3 * l) = q[l];
    EndEffectorState& f = s.feet[l];
    f.pos_base = k.Forward(q[l]);
    f.pos_world = base_pos + rot * f.pos_base;
    f.jacobian.setZero(6, info.nv);
    f.jacobian.block<3, 3>(0, 0).setIdentity();
    f.jacobian.block<3, 3>(0, 6 + 3 * l) = rot * k.Jacobian(q[l]);
    // Angular rows: abduction about x; pitch and knee about the abducted y axis.
    const Eigen::Vector3d y_axis = Eigen::AngleAxisd(q[l][0], Eigen::Vector3d::UnitX()) * Eigen::Vector3d::UnitY();
    f.jacobian.block<3, 1>(3, 6 + 3 * l) = rot * Eigen::Vector3d::UnitX();
    f.jacobian.block<3, 1>(3, 7 + 3 * l) = rot * y_axis;
    f.jacobian.block<3, 1>(3, 8 + 3 * l) = rot * y_axis;
    f.contact = true;
  }
  s.imu.orientation = s.base_quat_world;
  s.imu.accelerometer = rot.transpose() * Eigen::Vector3d(0, 0, 9.81);
  s.dynamics.mass_matrix = Eigen::MatrixXd::Identity(info.nv, info.nv) * 0.05;
  s.dynamics.bias.setZero(info.nv);
  s.dynamics.com_pos_world = base_pos;
  s.dynamics.com_jacobian.setZero(3, info.nv);
  s.dynamics.base_jacobian.setZero(6, info.nv);
  return s;
}

/// The synthetic robot standing at home.
inline RobotState SyntheticStandingState(const RobotInfo& info) {
  std::array<Eigen::Vector3d, 4> q;
  q.fill(HomeLegPose());
  return SyntheticQuadrupedState(info, q);
}

}  // namespace stuntsim::testing
