#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "stuntsim/sim/scenario_runner.h"
#include "stuntsim/sim/trajectory.h"

namespace stuntsim {

/// One scenario's result as JSON (format in docs/scenarios.md): name, file, robot, passed,
/// failure, each check (value, min, max, passed, message), the summary metrics, state_hash
/// (hex), the refused behaviour switches (time, requested, refusal) and, apart under "timing",
/// the wall time and real-time factor. NaN values are null.
std::string ResultJson(const ScenarioResult& result);

/// Writes `trajectory` as CSV: a header row, then one row per control tick, or decimated to
/// `rate_hz` rows per simulated second when rate_hz > 0. Columns: time, base pose (position,
/// quaternion w x y z), base velocity (linear world, angular body), base height above the
/// terrain, non-foot contact, command (behaviour, vx, vy, yaw rate), running behaviour, joint
/// q, dq, tau per joint, contact per foot, refusal: Controller::refusal() (quoted) on the row
/// where a refusal starts (the first written row after it when decimating), empty otherwise.
void WriteTrajectoryCsv(std::ostream& out, const Trajectory& trajectory, double rate_hz);

/// JUnit XML of `results`: one <testsuite name="suite_name"> with one <testcase> per scenario
/// (classname "stuntsim.<robot>", time = wall seconds); a failed check list in <failure>, a
/// run-time error in <error>; the summary metrics in <system-out>.
std::string JunitXml(const std::vector<const ScenarioResult*>& results, const std::string& suite_name);

/// A CSV with one row per scenario: name, robot, controller, actuator, passed, then the summary
/// metrics common to every robot (fell, base height, tilt, velocity error, max_torque_ratio and
/// the motor metrics: joint_limit_violation_rad, max_joint_speed_ratio,
/// torque_saturation_fraction, peak_power_w.joint, peak_power_w.total). Empty cells for metrics a
/// result lacks (a run that failed before its first tick).
std::string SummaryCsv(const std::vector<const ScenarioResult*>& results);

/// Writes `content` to `path`, creating parent folders; throws InputError naming the path.
void WriteTextFile(const std::string& path, const std::string& content);

}  // namespace stuntsim
