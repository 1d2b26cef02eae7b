#pragma once

#include <vector>

#include <Eigen/Core>
#include <Eigen/Geometry>

namespace stuntsim {

/// A foot or hand site. Jacobians map MuJoCo's generalized velocity qvel (nv): base linear
/// velocity (world frame), base angular velocity (base frame), then joint rates in dof order.
struct EndEffectorState {
  /// Site position and velocity, world frame, m and m/s.
  Eigen::Vector3d pos_world = Eigen::Vector3d::Zero();
  Eigen::Vector3d linvel_world = Eigen::Vector3d::Zero();
  /// Site orientation, world frame.
  Eigen::Matrix3d rot_world = Eigen::Matrix3d::Identity();
  /// Site position relative to the base origin in the base frame (joint kinematics only), m.
  Eigen::Vector3d pos_base = Eigen::Vector3d::Zero();
  /// 6 x nv: rows 0-2 linear velocity (world), rows 3-5 angular velocity (world).
  Eigen::MatrixXd jacobian;
  /// Touch-sensor contact flag (normal force above a small threshold).
  bool contact = false;
  /// Sum of ground contact forces on this end effector, world frame, N.
  Eigen::Vector3d contact_force_world = Eigen::Vector3d::Zero();
};

/// IMU readings at the IMU site.
struct ImuReading {
  /// Orientation of the IMU site in the world.
  Eigen::Quaterniond orientation = Eigen::Quaterniond::Identity();
  /// Angular velocity, IMU frame, rad/s.
  Eigen::Vector3d gyro = Eigen::Vector3d::Zero();
  /// Specific force (acceleration minus gravity), IMU frame, m/s^2.
  Eigen::Vector3d accelerometer = Eigen::Vector3d::Zero();
};

/// Rigid-body dynamics of the whole robot for model-based controllers.
/// Filled only for controllers whose uses_dynamics() is true; otherwise the matrices are empty
/// (size 0) and the vectors NaN, never values left over from an earlier tick.
struct Dynamics {
  /// Joint-space mass matrix (nv x nv).
  Eigen::MatrixXd mass_matrix;
  /// Coriolis, centrifugal and gravity forces (nv): M qacc + bias = tau + J^T f.
  Eigen::VectorXd bias;
  /// Centre of mass position and velocity, world frame.
  Eigen::Vector3d com_pos_world = Eigen::Vector3d::Zero();
  Eigen::Vector3d com_vel_world = Eigen::Vector3d::Zero();
  /// 3 x nv centre-of-mass Jacobian (world frame).
  Eigen::MatrixXd com_jacobian;
  /// 6 x nv Jacobian of the base body origin: linear (world) then angular (world).
  Eigen::MatrixXd base_jacobian;
};

/// Snapshot of the robot, read from the simulator each control tick. Frames are in the names.
struct RobotState {
  /// Simulation time, s.
  double time = 0;
  /// Base (floating body) pose, world frame.
  Eigen::Vector3d base_pos_world = Eigen::Vector3d::Zero();
  Eigen::Quaterniond base_quat_world = Eigen::Quaterniond::Identity();
  Eigen::Matrix3d base_rot_world = Eigen::Matrix3d::Identity();
  /// Base velocities, m/s and rad/s, in the frame each name says.
  Eigen::Vector3d base_linvel_world = Eigen::Vector3d::Zero();
  Eigen::Vector3d base_linvel_body = Eigen::Vector3d::Zero();
  Eigen::Vector3d base_angvel_world = Eigen::Vector3d::Zero();
  Eigen::Vector3d base_angvel_body = Eigen::Vector3d::Zero();
  /// Joint positions, velocities and last applied torques (nj, controller order).
  Eigen::VectorXd joint_q, joint_dq, joint_tau;
  /// MuJoCo generalized velocity (nv), the vector the Jacobians multiply.
  Eigen::VectorXd qvel;
  /// Feet in RobotInfo::feet order; hands in RobotInfo::hands order.
  std::vector<EndEffectorState> feet, hands;
  ImuReading imu;
  Dynamics dynamics;
};

}  // namespace stuntsim
