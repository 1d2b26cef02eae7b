#pragma once

#include <array>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "stuntsim/controllers/humanoid/motion.h"  // MotionError: any bad motion file
#include "stuntsim/controllers/quadruped/gait.h"

namespace stuntsim {

/// One sample of a stored acrobatic motion. Legs in the order FL, FR, RL, RR (the order of
/// robot.toml's [[legs]]); per leg (abduction, pitch, knee).
struct AcrobaticFrame {
  /// Time since the motion started, s.
  double time = 0;
  /// Joint targets (rad) and feed-forward torques (N*m).
  std::array<Eigen::Vector3d, kQuadLegs> q{}, tau{};
  /// Scales on the robot.toml joint gains (kp, kd).
  double kp_scale = 1, kd_scale = 1;
  /// Contact schedule: which feet are expected on the ground.
  std::array<bool, kQuadLegs> contact{};
  /// Expected base state from the optimizer's rollout: height change and forward travel since
  /// the start (m, in the start heading's frame), and the rotation about the motion's axis
  /// integrated from the body rate since the start (rad, signed).
  double base_z = 0, base_x = 0, rotation = 0;
};

/// A motion found by stuntsim-optimize and tracked online by AcrobaticsPlayer: joint
/// trajectories, feed-forward torques and gains sampled at a fixed step, the contact schedule,
/// the expected base trajectory, the take-off the player checks, and where it came from.
struct AcrobaticMotion {
  std::string name;
  std::string description;
  /// Body axis of the rotation: 0 roll (x), 1 pitch (y), 2 yaw (z).
  int axis = 1;
  /// Rotation about `axis` from start to landing, rad (signed; a backflip is -2 pi about y).
  double rotation = 0;
  /// Step between frames, s.
  double dt = 0.01;
  /// Expected lift-off of the last foot and first touch-down, s since the start.
  double takeoff_time = 0, landing_time = 0;
  /// Expected base velocity (world z, m/s) and body angular rate (rad/s) at lift-off.
  double takeoff_vz = 0;
  Eigen::Vector3d takeoff_angvel_body = Eigen::Vector3d::Zero();
  std::vector<AcrobaticFrame> frames;
  /// Provenance: the optimizer's settings file text, seed, iterations, final cost and the
  /// template parameters found (name, value).
  std::vector<std::pair<std::string, double>> parameters;
  std::string settings_text;
  std::string settings_file;
  long seed = 0;
  int iterations = 0;
  double cost = 0;

  double duration() const { return frames.empty() ? 0.0 : frames.back().time; }
  /// The frame at time `t`, joint targets and torques interpolated linearly; `dq` receives the
  /// slope of the joint targets (rad/s). `t` is clamped to [0, duration()].
  AcrobaticFrame At(double t, std::array<Eigen::Vector3d, kQuadLegs>* dq = nullptr) const;
  /// True when the frames carry an expected rotation to play the flight by (a motion written by
  /// stuntsim-optimize); a bare candidate is played by the clock.
  bool AttitudeIndexed() const;
  /// The motion time at which the expected rotation first reaches `rotation` at or after `from`
  /// (s), or duration() if it never does. For a motion with no rotation it returns `from`.
  double TimeAtRotation(double rotation, double from) const;
};

/// Name of a body axis (0 "x", 1 "y", 2 "z").
const char* AxisName(int axis);

/// Parses a motion from TOML `text`; `source` names it in messages. Throws MotionError
/// ("<file>:<line>: <field>: <what was expected>").
AcrobaticMotion ParseAcrobaticMotion(std::string_view text, const std::string& source);
/// Reads and parses the file at `path`. Throws MotionError.
AcrobaticMotion LoadAcrobaticMotion(const std::string& path);
/// The motion as TOML text (ParseAcrobaticMotion reads it back exactly to 9 significant digits).
std::string FormatAcrobaticMotion(const AcrobaticMotion& motion);

/// Folder of robot `robot`'s acrobatic motions: <DefaultMotionDirectory()>/<robot>
/// (assets/motions/quadruped for the Go2-class quadruped).
std::string DefaultAcrobaticMotionDirectory(const std::string& robot);

}  // namespace stuntsim
