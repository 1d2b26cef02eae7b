#pragma once

#include <array>
#include <string>
#include <vector>

namespace stuntsim {

/// Number of legs of a quadruped; legs are in RobotInfo::legs order (FL, FR, RL, RR).
inline constexpr int kQuadLegs = 4;

/// A periodic gait as data: every leg runs the same stance/swing cycle, shifted by its offset.
/// Leg phase = frac(t / period + offset[leg]); the leg is in stance while phase < duty.
struct GaitSpec {
  /// Behaviour name ("stand", "walk", "trot", "pace", "bound", "pronk", "gallop").
  std::string name;
  /// Cycle period, s.
  double period = 0.36;
  /// Stance fraction of the cycle (1 = always in stance), 0..1.
  double duty = 0.5;
  /// Phase offset per leg (FL, FR, RL, RR), fraction of the period, 0..1.
  std::array<double, kQuadLegs> offset{};
  /// Default swing apex height above the lift-off/touch-down line, m.
  double step_height = 0.08;
  /// Largest forward speed the gait accepts, m/s (commands beyond are limited to it).
  double max_vx = 1.0;
  /// Largest lateral speed, m/s, and yaw rate, rad/s.
  double max_vy = 0.5, max_yaw_rate = 1.5;
  /// Shortening of the period with speed above 1 m/s, per m/s: the period used is
  /// period * clamp(1 - shorten_per_mps * (|v| - 1), 0.75, 1); 0 keeps the period fixed.
  double shorten_per_mps = 0.0;
  /// Fraction of the horizontal velocity error added to the foothold (Raibert gain), s.
  double velocity_gain = 0.03;
  /// Lateral foot placement: the foot's offset from its abduction joint as a fraction of the
  /// leg's hip-pitch offset (1: under the hip; below 1 narrower, for gaits that rock sideways).
  double stance_width = 1.0;
  /// MPC weight on roll and pitch rates for this gait (0: keep ConvexMpcParams::weights); gaits
  /// with all feet in flight together need the body's spin damped before take-off.
  double tilt_rate_weight = 0.0;

  /// Stance time, s.
  double stance_time() const { return duty * period; }
  /// Swing time, s (0 for standing).
  double swing_time() const { return (1.0 - duty) * period; }
};

/// The built-in gait table (data: see the table in gait.cc for the values and their sources).
const std::vector<GaitSpec>& QuadrupedGaits();

/// The gait called `name`, or nullptr.
const GaitSpec* FindGait(const std::string& name);

}  // namespace stuntsim
