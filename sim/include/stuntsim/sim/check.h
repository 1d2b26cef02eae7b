#pragma once

#include <optional>
#include <string>
#include <vector>

#include "stuntsim/sim/metrics.h"
#include "stuntsim/sim/trajectory.h"

namespace stuntsim {

/// A scenario's check: a metric over a window that must lie within [min, max] (either bound
/// may be absent, not both).
struct CheckSpec {
  /// Name shown in reports, unique within the scenario.
  std::string name;
  MetricSpec metric;
  std::optional<double> min, max;
  /// "<file>:<line>" of the check in its scenario file ("default" for a default check).
  std::string where;
  /// Why the check says what it says; required when it replaces a default check with a looser
  /// one. Shown in every report.
  std::string reason;
};

/// The checks every scenario gets unless it overrides them with a reason (DefaultChecks's
/// metrics): no joint more than 0.05 rad past its range, none faster than its motor.
std::vector<CheckSpec> DefaultChecks(double duration);

/// The outcome of one check.
struct CheckResult {
  std::string name;
  std::string metric;
  /// Measured value (NaN when the window held no samples).
  double value = 0;
  std::optional<double> min, max;
  bool passed = false;
  /// Why it failed (empty when it passed), e.g. "base_tilt_deg = 34.2, expected <= 30".
  std::string message;
  /// The check's written reason (CheckSpec::reason), empty if none.
  std::string reason;
};

/// Computes the check's metric over `trajectory` and compares it with the bounds. A NaN
/// value fails ("no samples in the window").
CheckResult EvaluateCheck(const CheckSpec& check, const Trajectory& trajectory);

/// "in [a, b]", ">= a" or "<= b".
std::string FormatBounds(const std::optional<double>& min, const std::optional<double>& max);

/// A number for messages and reports: up to 6 significant digits, "nan" for NaN.
std::string FormatNumber(double value);

}  // namespace stuntsim
