#pragma once

#include <array>

#include <Eigen/Core>

#include "stuntsim/controllers/quadruped/gait.h"

namespace stuntsim {

/// The ground under the robot as a plane z = c0 + c1 x + c2 y (world frame), fitted to the
/// latest stance positions of the feet. Blind: the robot learns the ground by standing on it.
class GroundPlane {
 public:
  /// Starts as a level plane at height `z` (m) under feet at `feet` (world).
  void Reset(const std::array<Eigen::Vector3d, kQuadLegs>& feet);
  /// Records that `leg` stands at `foot` (world) and refits the plane.
  void Touch(int leg, const Eigen::Vector3d& foot);

  /// Height at (x, y), m.
  double HeightAt(double x, double y) const { return c_[0] + c_[1] * x + c_[2] * y; }
  /// Slope along and across a heading `yaw` (rise per metre forward, and to the left).
  Eigen::Vector2d SlopeAlong(double yaw) const;
  /// Latest stance position of `leg`, world, m.
  const Eigen::Vector3d& foot(int leg) const { return feet_[leg]; }

 private:
  void Fit();
  std::array<Eigen::Vector3d, kQuadLegs> feet_{};
  Eigen::Vector3d c_ = Eigen::Vector3d::Zero();
};

/// Inputs of the foothold rule.
struct FootholdInput {
  /// Base position and velocity (world), yaw (rad), height of the base over the ground (m).
  Eigen::Vector3d pos = Eigen::Vector3d::Zero(), vel = Eigen::Vector3d::Zero();
  double yaw = 0, height = 0.27;
  /// Commanded velocity (world, m/s) and yaw rate (rad/s).
  Eigen::Vector3d vel_cmd = Eigen::Vector3d::Zero();
  double yaw_rate_cmd = 0;
  /// Time left in the swing and the stance that follows, s.
  double swing_left = 0, stance_time = 0;
  /// Velocity-error gain (Raibert / capture correction), s.
  double velocity_gain = 0.03;
  /// Largest offset from the nominal foothold, forward and sideways in the heading frame, m.
  double max_dx = 0.18, max_dy = 0.12;
};

/// Where a swing foot should land (world frame; z from `ground`): under the hip at mid-stance,
///   p = base + v_cmd * swing_left + Rz(yaw + yaw_rate * (swing_left + stance / 2)) shoulder
///       + v * stance / 2 + k (v - v_cmd) + (h / 2g) v x w_cmd,
/// with `shoulder_base` the nominal foot position under the hip (base frame, x and y used).
Eigen::Vector3d PlanFoothold(const FootholdInput& in, const Eigen::Vector3d& shoulder_base,
                             const GroundPlane& ground);

}  // namespace stuntsim
