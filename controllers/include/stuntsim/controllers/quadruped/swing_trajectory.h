#pragma once

#include <Eigen/Core>

namespace stuntsim {

/// A foot's swing from lift-off to touch-down, world frame.
///
/// Horizontal motion follows the cubic Bezier 3u^2 - 2u^3 from start to end (zero velocity at
/// both ends) with u = (s - lift) / (1 - 2 lift) clamped to 0..1 (lift = the lift phase), so the foot first
/// rises and last descends vertically (clearing step edges). Height rises on the same cubic
/// from the start height to the apex at s = 0.5 and falls on it to the end height, where
/// apex = max(start z, end z) + height. s = t / duration.
class SwingTrajectory {
 public:
  /// Default fraction of the swing at each end during which the foot moves only vertically.
  static constexpr double kLiftPhase = 0.1;

  /// Sets lift-off and touch-down points (m), the apex height above the higher of them (m) and
  /// the lift phase (0..0.4). A shorter lift phase spreads the horizontal motion over more of
  /// the swing: lower peak foot speed and acceleration (the joints' motors limit both).
  void Set(const Eigen::Vector3d& start, const Eigen::Vector3d& end, double height,
           double lift_phase = kLiftPhase);
  /// Moves the touch-down point (replanned during the swing), keeping start and height.
  void set_end(const Eigen::Vector3d& end) { end_ = end; }

  /// Position (m), velocity (m/s) and acceleration (m/s^2) at phase `s` (clamped to 0..1) of a
  /// swing lasting `duration` seconds.
  void Evaluate(double s, double duration, Eigen::Vector3d* pos, Eigen::Vector3d* vel,
                Eigen::Vector3d* acc) const;

  const Eigen::Vector3d& start() const { return start_; }
  const Eigen::Vector3d& end() const { return end_; }
  /// Apex height z, m.
  double apex() const;

 private:
  Eigen::Vector3d start_ = Eigen::Vector3d::Zero(), end_ = Eigen::Vector3d::Zero();
  double height_ = 0;
  double lift_phase_ = kLiftPhase;
};

}  // namespace stuntsim
