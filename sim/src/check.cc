#include "stuntsim/sim/check.h"

#include <cmath>
#include <cstdio>

namespace stuntsim {

std::string FormatNumber(double value) {
  if (std::isnan(value)) return "nan";
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.6g", value);
  return buffer;
}

std::string FormatBounds(const std::optional<double>& min, const std::optional<double>& max) {
  if (min && max) return "in [" + FormatNumber(*min) + ", " + FormatNumber(*max) + "]";
  if (min) return ">= " + FormatNumber(*min);
  if (max) return "<= " + FormatNumber(*max);
  return "(no bounds)";
}

std::vector<CheckSpec> DefaultChecks(double duration) {
  auto check = [duration](const char* name, const char* metric, double max, const char* reason) {
    CheckSpec c;
    c.name = name;
    c.metric.metric = metric;
    c.metric.t0 = 0;
    c.metric.t1 = duration;
    c.max = max;
    c.where = "default";
    c.reason = reason;
    return c;
  };
  return {check("joint_range", "joint_limit_violation_rad", 0.05, "default: no joint past its range by more than 0.05 rad"),
          check("joint_speed", "max_joint_speed_ratio", 1.0, "default: no joint faster than its motor's no-load speed")};
}

CheckResult EvaluateCheck(const CheckSpec& check, const Trajectory& trajectory) {
  CheckResult r;
  r.name = check.name;
  r.metric = check.metric.metric;
  r.min = check.min;
  r.max = check.max;
  r.reason = check.reason;
  r.value = ComputeMetric(check.metric, trajectory);
  if (std::isnan(r.value)) {
    r.message = r.metric + ": no samples in the window [" + FormatNumber(check.metric.t0) + ", " +
                FormatNumber(check.metric.t1) + "] s";
    return r;
  }
  r.passed = (!r.min || r.value >= *r.min) && (!r.max || r.value <= *r.max);
  if (!r.passed) r.message = r.metric + " = " + FormatNumber(r.value) + ", expected " + FormatBounds(r.min, r.max);
  return r;
}

}  // namespace stuntsim
