#pragma once

#include <Eigen/Core>
#include <Eigen/Geometry>

namespace stuntsim {

/// Rotation about the world z axis by `yaw`, rad.
Eigen::Matrix3d RotZ(double yaw);
/// Rotation yaw (z), then pitch (y), then roll (x): Rz(yaw) Ry(pitch) Rx(roll), rad.
Eigen::Matrix3d RotZyx(double yaw, double pitch, double roll);
/// Heading of a frame: yaw of its x axis projected on the ground, rad in (-pi, pi].
double Heading(const Eigen::Matrix3d& rot);
/// Wraps an angle to (-pi, pi], rad.
double WrapAngle(double angle);
/// Rotation vector (axis times angle, world frame, rad) that takes `actual` to `desired`:
/// log(desired * actual^T). Used as the orientation error of task-space PD.
Eigen::Vector3d OrientationError(const Eigen::Matrix3d& desired, const Eigen::Matrix3d& actual);

/// A scalar minimum-jerk profile and its time derivatives.
struct Blend {
  /// Value 0..1, its rate (1/s) and acceleration (1/s^2).
  double s = 0, ds = 0, dds = 0;
};
/// Minimum-jerk blend from 0 at t = 0 to 1 at t = duration (zero rate and acceleration at both
/// ends); clamped outside [0, duration]. `duration` > 0, s.
Blend MinimumJerk(double t, double duration);

}  // namespace stuntsim
