#pragma once

#include <Eigen/Core>

namespace stuntsim {

/// Foot indices (RobotInfo::feet order).
inline constexpr int kLeftFoot = 0;
inline constexpr int kRightFoot = 1;

/// A foothold: which foot, where its sole centre goes (world, m) and its heading (rad).
struct Footstep {
  int foot = kLeftFoot;
  Eigen::Vector3d pos = Eigen::Vector3d::Zero();
  double yaw = 0;
};

/// Limits of the footstep planner (per step, in the heading frame of the stance foot).
struct FootstepParams {
  /// Nominal distance between the sole centres across the walking direction, m.
  double width = 0.18;
  /// Smallest lateral distance between the feet (keeps the legs apart), m.
  double min_width = 0.08;
  /// Largest lateral distance between the feet, m.
  double max_width = 0.45;
  /// Forward / backward reach of a step relative to the stance foot, m.
  double max_forward = 0.40, max_backward = 0.22;
  /// Largest heading change per step, rad.
  double max_turn = 0.35;
};

/// Plans footsteps from a velocity command, walking a "centre line" between the feet:
/// the centre starts half a width inside the stance foot; every step (duration `step_period` s)
/// it advances by (vx, vy) * period rotated into its heading and turns by yaw_rate * period; the
/// step's foot lands half a width to its side of the centre. Each footstep is then clamped to
/// the reach limits relative to the foot before it. Feet alternate starting with `first_foot`.
///
/// `velocity` = (vx, vy, yaw_rate) in the heading frame, m/s and rad/s. Writes `count` footsteps
/// to `out` (an array of at least `count`); returns `count`.
int PlanFootsteps(const FootstepParams& params, const Footstep& stance, int first_foot,
                  const Eigen::Vector3d& velocity, double step_period, int count, Footstep* out);

/// Clamps `step` (a foot of the other side than `stance`) into the reach limits around `stance`:
/// forward/backward reach and lateral width in the stance foot's heading frame, turn limit.
Footstep ClampFootstep(const FootstepParams& params, const Footstep& stance, const Footstep& step);

/// Gains of HeadingHold.
struct HeadingHoldParams {
  /// Yaw rate added to the footsteps per rad of heading error, 1/s.
  double gain = 1.0;
  /// Largest yaw rate correction, rad/s.
  double max_rate = 0.25;
  /// The target is kept within this of the measured heading (no wind-up when the footsteps cannot
  /// turn as fast as commanded), rad.
  double max_error = 0.35;
};

/// Absolute heading hold for walking. The footsteps are planned relative to the stance foot's yaw,
/// so a sole that slips or twists on touch-down turns every later step with it and the turns add
/// up. This keeps a heading target (the heading at the start plus the integral of the commanded
/// yaw rate) and returns a yaw rate correction, proportional to the error of the measured (IMU)
/// heading, to add to the footsteps' yaw rate.
class HeadingHold {
 public:
  /// Starts holding `heading` (rad).
  void Reset(double heading);
  /// Advances the target by `yaw_rate` (rad/s) over `dt` (s); returns the yaw rate correction
  /// (rad/s) for the measured `heading` (rad).
  double Update(const HeadingHoldParams& params, double heading, double yaw_rate, double dt);
  /// Heading target, rad (wrapped).
  double target() const { return target_; }
  /// Target minus measured heading at the last update, rad.
  double error() const { return error_; }

 private:
  double target_ = 0;
  double error_ = 0;
};

}  // namespace stuntsim
