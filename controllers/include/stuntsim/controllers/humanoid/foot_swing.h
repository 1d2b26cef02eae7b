#pragma once

#include <Eigen/Core>

namespace stuntsim {

/// A swing foot's reference at one instant, world frame.
struct SwingSample {
  Eigen::Vector3d pos = Eigen::Vector3d::Zero();  ///< m
  Eigen::Vector3d vel = Eigen::Vector3d::Zero();  ///< m/s
  Eigen::Vector3d acc = Eigen::Vector3d::Zero();  ///< m/s^2
  double yaw = 0, yaw_rate = 0, yaw_acc = 0;      ///< rad, rad/s, rad/s^2
};

/// A humanoid foot's swing from lift-off to touch-down. Horizontal position and heading follow a
/// minimum-jerk profile inside [lift, 1 - land] of the phase (the foot rises before it travels
/// and comes down vertically). Height = start + (end - start) * minimum-jerk(s) + apex bump
/// 64 s^3 (1 - s)^3 * height; the end point may be moved during the swing (step adjustment).
/// Zero velocity and acceleration at both ends.
class FootSwing {
 public:
  /// Starts a swing of `duration` s from `start` (m, heading `start_yaw` rad) to `end`
  /// (`end_yaw`), rising `height` m above the straight line between them. `lift` and `land` are
  /// the fractions of the phase at its start and end without horizontal motion.
  void Start(const Eigen::Vector3d& start, double start_yaw, const Eigen::Vector3d& end, double end_yaw,
             double height, double duration, double lift = 0.1, double land = 0.1);
  /// Moves the touch-down point (and heading).
  void SetEnd(const Eigen::Vector3d& end, double end_yaw);
  /// Reference at time `t` since lift-off (clamped to the duration), s.
  SwingSample Evaluate(double t) const;

  double duration() const { return duration_; }
  const Eigen::Vector3d& end() const { return end_; }
  double end_yaw() const { return end_yaw_; }

 private:
  Eigen::Vector3d start_ = Eigen::Vector3d::Zero(), end_ = Eigen::Vector3d::Zero();
  double start_yaw_ = 0, end_yaw_ = 0, height_ = 0, duration_ = 1;
  double lift_ = 0.1, land_ = 0.1;
};

}  // namespace stuntsim
