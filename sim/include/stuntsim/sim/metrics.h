#pragma once

#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "stuntsim/sim/trajectory.h"

namespace stuntsim {

/// One metric over a time window of a Trajectory, with the metric's own parameters. Every
/// metric is defined in docs/scenarios.md; the samples in the window are those with
/// t0 <= time <= t1.
struct MetricSpec {
  /// One of the names in Metrics().
  std::string metric;
  /// Window, s of simulation time.
  double t0 = 0, t1 = std::numeric_limits<double>::infinity();
  /// Statistic of a time series: "min", "max", "mean" or "final" (base_height, base_tilt_deg,
  /// foot_speed, hand_speed).
  std::string stat;
  /// displacement: "x", "y", "z", "distance", "forward"; final_position: "x", "y", "z";
  /// rotation_deg: body axis "x", "y", "z".
  std::string axis;
  /// velocity_error: "vx", "vy", "yaw_rate", "linear" or "all"; peak_power_w: "joint" or "total".
  std::string component;
  /// foot_speed / hand_speed: the site name (TrajectoryLayout::feet / hands).
  std::string site;
  /// landed_on_feet: shortest flight that counts (s), time the robot must then stay stable (s),
  /// and the tilt it must stay under meanwhile (deg).
  double min_flight_time = 0.05, stable_time = 0.5, stable_tilt_deg = 30;

  /// The field a MetricInfo::choice_key names: `stat`, `axis` or `component`.
  std::string& Choice(const std::string& choice_key);
};

/// Static description of a metric: what a scenario's check may say about it.
struct MetricInfo {
  std::string name;
  /// Unit of the value ("m", "deg", "0/1", ...).
  std::string unit;
  /// Keys a check on this metric accepts besides name/metric/window/min/max.
  std::vector<std::string> params;
  /// The parameter with a fixed set of values ("stat", "axis" or "component"), or empty.
  std::string choice_key;
  /// Allowed values of `choice_key`, the first being the default; an empty first entry means
  /// the key is required.
  std::vector<std::string> choices;
  /// False for metrics that are reported but may not be checked (realtime_factor).
  bool checkable = true;
};

/// Every metric, in documentation order.
const std::vector<MetricInfo>& Metrics();
/// The metric called `name`, or nullptr.
const MetricInfo* FindMetric(const std::string& name);
/// Names of all metrics, comma separated (for error messages).
std::string MetricNames();

/// Computes `spec` over `trajectory`. Returns NaN when the window holds no sample (or, for
/// velocity_error and rotation_deg, fewer than needed). Throws std::invalid_argument for an
/// unknown metric, parameter value or site (a scenario's parser rejects those first).
double ComputeMetric(const MetricSpec& spec, const Trajectory& trajectory);

/// The metrics every run reports over its whole duration, as (label, value) in a fixed order:
/// fell, base_height min/max/final, base_tilt_deg max, velocity_error, displacement, final
/// position and yaw, rotation about each body axis, landed_on_feet, max_torque_ratio, the motor
/// metrics (joint_limit_violation_rad, max_joint_speed_ratio, torque_saturation_fraction,
/// peak_power_w of one joint and in total) and the peak speed of every foot and hand site.
std::vector<std::pair<std::string, double>> SummaryMetrics(const Trajectory& trajectory);

/// Angle between the base z axis and the world vertical (roll and pitch combined), deg.
double TiltDeg(const Eigen::Quaterniond& base_quat_world);
/// Heading: yaw of the base x axis projected on the ground, rad in (-pi, pi].
double HeadingRad(const Eigen::Quaterniond& base_quat_world);

}  // namespace stuntsim
