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

CheckResult EvaluateCheck(const CheckSpec& check, const Trajectory& trajectory) {
  CheckResult r;
  r.name = check.name;
  r.metric = check.metric.metric;
  r.min = check.min;
  r.max = check.max;
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
