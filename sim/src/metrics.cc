#include "stuntsim/sim/metrics.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <stdexcept>

namespace stuntsim {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kRadToDeg = 180.0 / kPi;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kTimeEps = 1e-9;  // s: window edges are inclusive

// Rows [begin, end) of `t` inside the window [t0, t1].
struct Window {
  size_t begin = 0, end = 0;
  size_t size() const { return end - begin; }
  bool empty() const { return begin >= end; }
};

Window FindWindow(const Trajectory& t, double t0, double t1) {
  Window w;
  while (w.begin < t.size() && t.sample(w.begin).time < t0 - kTimeEps) ++w.begin;
  w.end = w.begin;
  while (w.end < t.size() && t.sample(w.end).time <= t1 + kTimeEps) ++w.end;
  return w;
}

// min / max / mean / final of value(row) over the window.
double SeriesStat(const Trajectory& t, Window w, const std::string& stat,
                  const std::function<double(size_t)>& value) {
  if (w.empty()) return kNaN;
  if (stat == "final") return value(w.end - 1);
  double min = INFINITY, max = -INFINITY, sum = 0;
  for (size_t r = w.begin; r < w.end; ++r) {
    const double v = value(r);
    min = std::min(min, v);
    max = std::max(max, v);
    sum += v;
  }
  if (stat == "min") return min;
  if (stat == "max") return max;
  if (stat == "mean") return sum / static_cast<double>(w.size());
  throw std::invalid_argument("unknown stat '" + stat + "' (expected min, max, mean or final)");
}

int AxisIndex(const std::string& axis) {
  if (axis == "x") return 0;
  if (axis == "y") return 1;
  if (axis == "z") return 2;
  throw std::invalid_argument("unknown axis '" + axis + "' (expected x, y or z)");
}

int SiteIndex(const std::vector<std::string>& sites, const std::string& name) {
  const auto it = std::find(sites.begin(), sites.end(), name);
  if (it == sites.end()) throw std::invalid_argument("unknown site '" + name + "'");
  return static_cast<int>(it - sites.begin());
}

double BaseHeight(const TrajectorySample& s) { return s.base_pos_world.z() - s.ground_height; }

bool Fallen(const Trajectory& t, size_t r) {
  const TrajectorySample& s = t.sample(r);
  return s.non_foot_contact || BaseHeight(s) < t.layout().fall_height;
}

double Fell(const Trajectory& t, Window w) {
  if (w.empty()) return kNaN;
  for (size_t r = w.begin; r < w.end; ++r) {
    if (Fallen(t, r)) return 1.0;
  }
  return 0.0;
}

double VelocityError(const Trajectory& t, Window w, const std::string& component) {
  if (w.empty()) return kNaN;
  double sum_vx = 0, sum_vy = 0, sum_wz = 0, sum_linear = 0;
  for (size_t r = w.begin; r < w.end; ++r) {
    const TrajectorySample& s = t.sample(r);
    const double yaw = HeadingRad(s.base_quat_world);
    const double c = std::cos(yaw), sn = std::sin(yaw);
    const Eigen::Vector3d& v = s.base_linvel_world;
    const double e_vx = c * v.x() + sn * v.y() - s.cmd_vx;
    const double e_vy = -sn * v.x() + c * v.y() - s.cmd_vy;
    const double e_wz = (s.base_quat_world * s.base_angvel_body).z() - s.cmd_yaw_rate;
    sum_vx += std::abs(e_vx);
    sum_vy += std::abs(e_vy);
    sum_wz += std::abs(e_wz);
    sum_linear += std::hypot(e_vx, e_vy);
  }
  const double n = static_cast<double>(w.size());
  if (component == "vx") return sum_vx / n;
  if (component == "vy") return sum_vy / n;
  if (component == "yaw_rate") return sum_wz / n;
  if (component == "linear") return sum_linear / n;
  if (component == "all") return (sum_vx + sum_vy + sum_wz) / n;
  throw std::invalid_argument("unknown component '" + component + "'");
}

double Displacement(const Trajectory& t, Window w, const std::string& axis) {
  if (w.empty()) return kNaN;
  const TrajectorySample& a = t.sample(w.begin);
  const Eigen::Vector3d d = t.sample(w.end - 1).base_pos_world - a.base_pos_world;
  if (axis == "distance") return std::hypot(d.x(), d.y());
  if (axis == "forward") {
    const double yaw = HeadingRad(a.base_quat_world);
    return std::cos(yaw) * d.x() + std::sin(yaw) * d.y();
  }
  return d[AxisIndex(axis)];
}

double RotationDeg(const Trajectory& t, Window w, const std::string& axis) {
  if (w.size() < 2) return kNaN;
  const int k = AxisIndex(axis);
  double angle = 0;
  for (size_t r = w.begin + 1; r < w.end; ++r) {
    const TrajectorySample& a = t.sample(r - 1);
    const TrajectorySample& b = t.sample(r);
    angle += 0.5 * (a.base_angvel_body[k] + b.base_angvel_body[k]) * (b.time - a.time);
  }
  return angle * kRadToDeg;
}

bool InFlight(const Trajectory& t, size_t r) {
  return !t.sample(r).non_foot_contact && t.foot_contact(r).maxCoeff() < 0.5;
}

double LandedOnFeet(const Trajectory& t, Window w, const MetricSpec& spec) {
  if (w.empty()) return kNaN;
  if (t.nfeet() == 0) return 0.0;
  // The first run of flight rows lasting at least min_flight_time, up to the landing row.
  size_t landing = w.end;
  for (size_t r = w.begin; r < w.end && landing == w.end;) {
    if (!InFlight(t, r)) {
      ++r;
      continue;
    }
    size_t e = r;
    while (e < w.end && InFlight(t, e)) ++e;
    if (e < w.end && t.sample(e).time - t.sample(r).time >= spec.min_flight_time - kTimeEps) landing = e;
    r = e;
  }
  if (landing == w.end) return 0.0;  // no flight, or still in the air at the window's end
  if (t.sample(landing).non_foot_contact) return 0.0;  // touched down on something else first
  const double until = t.sample(landing).time + spec.stable_time;
  if (t.sample(w.end - 1).time < until - kTimeEps) return 0.0;  // window ends too early to tell
  for (size_t r = landing; r < w.end && t.sample(r).time <= until + kTimeEps; ++r) {
    if (Fallen(t, r) || TiltDeg(t.sample(r).base_quat_world) > spec.stable_tilt_deg) return 0.0;
  }
  return 1.0;
}

double MaxTorqueRatio(const Trajectory& t, Window w) {
  if (w.empty()) return kNaN;
  double ratio = 0;
  for (size_t r = w.begin; r < w.end; ++r) {
    const auto tau = t.tau(r);
    for (int j = 0; j < t.nj(); ++j) {
      const double limit = t.layout().tau_max[j];
      if (limit > 0) ratio = std::max(ratio, std::abs(tau[j]) / limit);
    }
  }
  return ratio;
}

// Largest overshoot of any joint past its range, rad (0 inside).
double JointLimitViolation(const Trajectory& t, Window w) {
  if (w.empty()) return kNaN;
  const TrajectoryLayout& l = t.layout();
  double worst = 0;
  for (size_t r = w.begin; r < w.end; ++r) {
    const auto q = t.q(r);
    for (int j = 0; j < t.nj(); ++j) worst = std::max({worst, l.q_min[j] - q[j], q[j] - l.q_max[j]});
  }
  return worst;
}

double MaxJointSpeedRatio(const Trajectory& t, Window w) {
  if (w.empty()) return kNaN;
  double ratio = 0;
  for (size_t r = w.begin; r < w.end; ++r) {
    const auto dq = t.dq(r);
    for (int j = 0; j < t.nj(); ++j) ratio = std::max(ratio, std::abs(dq[j]) / t.layout().max_speed[j]);
  }
  return ratio;
}

double TorqueSaturationFraction(const Trajectory& t, Window w) {
  if (w.empty()) return kNaN;
  size_t saturated = 0;
  for (size_t r = w.begin; r < w.end; ++r) saturated += t.sample(r).torque_saturated;
  return static_cast<double>(saturated) / static_cast<double>(w.size());
}

// Largest mechanical power tau * dq of one joint ("joint"), or of all joints together ("total":
// the sum of the joints' positive powers, what the motors must deliver; braking joints do not
// pay for the others), W.
double PeakPower(const Trajectory& t, Window w, const std::string& scope) {
  if (w.empty()) return kNaN;
  if (scope != "joint" && scope != "total") throw std::invalid_argument("unknown component '" + scope + "'");
  double peak = 0;
  for (size_t r = w.begin; r < w.end; ++r) {
    const auto tau = t.tau(r), dq = t.dq(r);
    double total = 0;
    for (int j = 0; j < t.nj(); ++j) {
      const double p = tau[j] * dq[j];
      peak = std::max(peak, scope == "joint" ? std::abs(p) : 0.0);
      total += std::max(p, 0.0);
    }
    if (scope == "total") peak = std::max(peak, total);
  }
  return peak;
}

}  // namespace

std::string& MetricSpec::Choice(const std::string& choice_key) {
  if (choice_key == "stat") return stat;
  if (choice_key == "axis") return axis;
  if (choice_key == "component") return component;
  throw std::invalid_argument("no metric parameter '" + choice_key + "' takes a choice");
}

const std::vector<MetricInfo>& Metrics() {
  static const std::vector<MetricInfo> metrics = {
      {"fell", "0/1", {}, "", {}},
      {"base_height", "m", {"stat"}, "stat", {"", "min", "max", "mean", "final"}},
      {"base_tilt_deg", "deg", {"stat"}, "stat", {"max", "min", "mean", "final"}},
      {"velocity_error", "m/s, rad/s", {"component"}, "component", {"all", "vx", "vy", "yaw_rate", "linear"}},
      {"displacement", "m", {"axis"}, "axis", {"distance", "x", "y", "z", "forward"}},
      {"final_position", "m", {"axis"}, "axis", {"", "x", "y", "z"}},
      {"final_yaw_deg", "deg", {}, "", {}},
      {"rotation_deg", "deg", {"axis"}, "axis", {"", "x", "y", "z"}},
      {"landed_on_feet", "0/1", {"min_flight_time", "stable_time", "stable_tilt_deg"}, "", {}},
      {"max_torque_ratio", "1", {}, "", {}},
      {"joint_limit_violation_rad", "rad", {}, "", {}},
      {"max_joint_speed_ratio", "1", {}, "", {}},
      {"torque_saturation_fraction", "1", {}, "", {}},
      {"peak_power_w", "W", {"component"}, "component", {"joint", "total"}},
      {"foot_speed", "m/s", {"site", "stat"}, "stat", {"max", "min", "mean", "final"}},
      {"hand_speed", "m/s", {"site", "stat"}, "stat", {"max", "min", "mean", "final"}},
      {"realtime_factor", "1", {}, "", {}, false},
  };
  return metrics;
}

const MetricInfo* FindMetric(const std::string& name) {
  for (const MetricInfo& m : Metrics()) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

std::string MetricNames() {
  std::string names;
  for (const MetricInfo& m : Metrics()) names += (names.empty() ? "" : ", ") + m.name;
  return names;
}

double TiltDeg(const Eigen::Quaterniond& q) {
  const double cos_tilt = q.toRotationMatrix()(2, 2);
  return std::acos(std::clamp(cos_tilt, -1.0, 1.0)) * kRadToDeg;
}

double HeadingRad(const Eigen::Quaterniond& q) {
  const Eigen::Matrix3d r = q.toRotationMatrix();
  return std::atan2(r(1, 0), r(0, 0));
}

double ComputeMetric(const MetricSpec& spec, const Trajectory& t) {
  const Window w = FindWindow(t, spec.t0, spec.t1);
  const std::string& m = spec.metric;
  if (m == "fell") return Fell(t, w);
  if (m == "base_height") {
    return SeriesStat(t, w, spec.stat, [&](size_t r) { return BaseHeight(t.sample(r)); });
  }
  if (m == "base_tilt_deg") {
    return SeriesStat(t, w, spec.stat, [&](size_t r) { return TiltDeg(t.sample(r).base_quat_world); });
  }
  if (m == "velocity_error") return VelocityError(t, w, spec.component);
  if (m == "displacement") return Displacement(t, w, spec.axis);
  if (m == "final_position") return w.empty() ? kNaN : t.sample(w.end - 1).base_pos_world[AxisIndex(spec.axis)];
  if (m == "final_yaw_deg") return w.empty() ? kNaN : HeadingRad(t.sample(w.end - 1).base_quat_world) * kRadToDeg;
  if (m == "rotation_deg") return RotationDeg(t, w, spec.axis);
  if (m == "landed_on_feet") return LandedOnFeet(t, w, spec);
  if (m == "max_torque_ratio") return MaxTorqueRatio(t, w);
  if (m == "joint_limit_violation_rad") return JointLimitViolation(t, w);
  if (m == "max_joint_speed_ratio") return MaxJointSpeedRatio(t, w);
  if (m == "torque_saturation_fraction") return TorqueSaturationFraction(t, w);
  if (m == "peak_power_w") return PeakPower(t, w, spec.component);
  if (m == "foot_speed") {
    const int f = SiteIndex(t.layout().feet, spec.site);
    return SeriesStat(t, w, spec.stat, [&](size_t r) { return t.foot_speed(r)[f]; });
  }
  if (m == "hand_speed") {
    const int h = SiteIndex(t.layout().hands, spec.site);
    return SeriesStat(t, w, spec.stat, [&](size_t r) { return t.hand_speed(r)[h]; });
  }
  throw std::invalid_argument("metric '" + m + "' cannot be computed from a trajectory (known: " +
                              MetricNames() + ")");
}

std::vector<std::pair<std::string, double>> SummaryMetrics(const Trajectory& t) {
  std::vector<std::pair<std::string, MetricSpec>> specs;
  auto add = [&specs](std::string label, std::string metric, std::string stat = "",
                      std::string axis = "", std::string component = "", std::string site = "") {
    MetricSpec s;
    s.metric = std::move(metric);
    s.stat = std::move(stat);
    s.axis = std::move(axis);
    s.component = std::move(component);
    s.site = std::move(site);
    specs.emplace_back(std::move(label), std::move(s));
  };
  add("fell", "fell");
  for (const char* stat : {"min", "max", "final"}) add(std::string("base_height.") + stat, "base_height", stat);
  add("base_tilt_deg.max", "base_tilt_deg", "max");
  add("velocity_error.all", "velocity_error", "", "", "all");
  add("displacement.distance", "displacement", "", "distance");
  for (const char* axis : {"x", "y", "z"}) add(std::string("final_position.") + axis, "final_position", "", axis);
  add("final_yaw_deg", "final_yaw_deg");
  for (const char* axis : {"x", "y", "z"}) add(std::string("rotation_deg.") + axis, "rotation_deg", "", axis);
  add("landed_on_feet", "landed_on_feet");
  add("max_torque_ratio", "max_torque_ratio");
  add("joint_limit_violation_rad", "joint_limit_violation_rad");
  add("max_joint_speed_ratio", "max_joint_speed_ratio");
  add("torque_saturation_fraction", "torque_saturation_fraction");
  add("peak_power_w.joint", "peak_power_w", "", "", "joint");
  add("peak_power_w.total", "peak_power_w", "", "", "total");
  for (const std::string& site : t.layout().feet) add("foot_speed." + site + ".max", "foot_speed", "max", "", "", site);
  for (const std::string& site : t.layout().hands) add("hand_speed." + site + ".max", "hand_speed", "max", "", "", site);

  std::vector<std::pair<std::string, double>> out;
  out.reserve(specs.size());
  for (const auto& [label, spec] : specs) out.emplace_back(label, ComputeMetric(spec, t));
  return out;
}

}  // namespace stuntsim
