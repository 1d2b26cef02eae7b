#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace stuntsim {

/// A name from robot.toml with where it was written, so a name that the model lacks can be
/// reported as "<file>:<line>: <key>: ...".
struct NamedRef {
  std::string name;
  /// "<file>:<line>: <key>"
  std::string where;
};

/// A leg in robot.toml.
struct LegDescription {
  std::string name;
  std::vector<NamedRef> joints;
  /// Foot site, and the geoms that count as the foot in contacts (default: the geom named
  /// like the foot site).
  NamedRef foot;
  std::vector<NamedRef> foot_geoms;
  /// Wheel joint, empty name if none.
  NamedRef wheel;
};

/// An arm in robot.toml.
struct ArmDescription {
  std::string name;
  std::vector<NamedRef> joints;
  NamedRef hand;
};

/// assets/robots/<name>/robot.toml: the roles of a model's bodies, sites and joints.
struct RobotDescription {
  /// Path of the robot.toml.
  std::string file;
  std::string name;
  /// "quadruped", "humanoid" or "wheel_legged".
  std::string kind;
  /// Absolute path of the MJCF file.
  std::string model_path;
  NamedRef base_body, imu_site, home_keyframe;
  std::string default_controller;
  /// Base height under which the robot counts as fallen, m.
  double fall_height = 0;
  /// Actuated joints in controller order.
  std::vector<NamedRef> joints;
  /// Default PD gains per joint (controller order).
  std::vector<double> kp, kd;
  /// [motors]: per joint (controller order) the peak torque (N*m), the knee speed up to which it
  /// is available and the no-load (maximum) speed (rad/s). See MotorLimits.
  std::vector<double> peak_torque, knee_speed, max_speed;
  /// "<file>:<line>: motors.peak_torque", for a peak torque the model's ctrlrange cannot give.
  std::string peak_torque_where;
  std::vector<LegDescription> legs;
  std::vector<ArmDescription> arms;
};

/// Parses and checks a robot.toml (names are resolved against the model later, in World).
/// Throws InputError naming the file, line and key.
RobotDescription LoadRobotDescription(const std::string& path);
/// LoadRobotDescription on TOML `text`; `source` stands for the file (messages; the model path is
/// relative to its folder).
RobotDescription ParseRobotDescription(std::string_view text, const std::string& source);

}  // namespace stuntsim
