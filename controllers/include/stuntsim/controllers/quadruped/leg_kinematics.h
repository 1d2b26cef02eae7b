#pragma once

#include <Eigen/Core>

namespace stuntsim {

/// Kinematics of one three-joint leg in the base frame: an abduction joint about the base x axis
/// at `hip` (base frame), a hip-pitch joint about y at `lateral` metres outboard of it, a thigh of
/// `thigh` metres along -z, a knee about y (0 = straight, negative = bent) and a calf of `calf`
/// metres to the foot point. Positive pitch swings the foot backwards (the Go2/Cheetah
/// convention). Identified from a measured pose by Identify(), so nothing is hard-coded per robot.
struct LegKinematics {
  /// Abduction joint position in the base frame, m.
  Eigen::Vector3d hip = Eigen::Vector3d::Zero();
  /// Signed offset of the pitch axis along y after abduction (+ left leg, - right leg), m.
  double lateral = 0;
  /// Thigh and calf lengths, m.
  double thigh = 0.2, calf = 0.2;

  /// Foot position in the base frame for joint angles `q` (abduction, pitch, knee), m.
  Eigen::Vector3d Forward(const Eigen::Vector3d& q) const;
  /// 3 x 3 Jacobian of Forward() (base frame), m/rad.
  Eigen::Matrix3d Jacobian(const Eigen::Vector3d& q) const;
  /// Joint angles reaching `foot` (base frame); points out of reach are pulled into the reachable
  /// shell first. Knee-backwards solution (knee <= 0).
  Eigen::Vector3d Inverse(const Eigen::Vector3d& foot) const;

  /// Identifies the geometry from one pose: `hip` (abduction joint, base frame), joint angles
  /// `q`, the foot position in the base frame, and the norm of the knee's Jacobian column (m/rad,
  /// the calf length). Returns false if the pose does not fit the structure above.
  bool Identify(const Eigen::Vector3d& hip_base, const Eigen::Vector3d& q,
                const Eigen::Vector3d& foot_base, double knee_column_norm);
};

}  // namespace stuntsim
