// The JSON, CSV and JUnit XML writers on hand-made results.

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "stuntsim/sim/errors.h"
#include "stuntsim/sim/scenario_report.h"

namespace stuntsim {
namespace {

std::shared_ptr<Trajectory> SmallTrajectory(double seconds, double dt) {
  TrajectoryLayout layout;
  layout.joints = {"hip", "knee"};
  layout.tau_max = {10, 10};
  layout.feet = {"foot"};
  auto traj = std::make_shared<Trajectory>(layout);
  const int behavior = traj->BehaviorIndex("stand");
  for (int i = 0; i < static_cast<int>(std::lround(seconds / dt)); ++i) {
    TrajectorySample s;
    s.time = i * dt;
    s.base_pos_world = Eigen::Vector3d(0.5 * s.time, 0, 0.3);
    s.ground_height = 0.1;
    s.cmd_vx = 0.5;
    s.cmd_behavior = s.active_behavior = behavior;
    const size_t row = traj->Append(s);
    traj->q(row) << 1.5, -2.5;
    traj->tau(row) << 3, 4;
    traj->foot_contact(row)[0] = i % 2;
  }
  return traj;
}

ScenarioResult Passed() {
  ScenarioResult r;
  r.name = "quadruped_stand_flat";
  r.file = "assets/scenarios/quadruped_stand_flat.toml";
  r.robot = "quadruped";
  r.controller = "stand";
  r.terrain = "flat";
  r.seed = 3;
  r.passed = true;
  r.duration = r.sim_seconds = 2.0;
  r.state_hash = 0x00ab'cdef'0123'4567ull;
  r.wall_seconds = 0.1;
  r.realtime_factor = 20;
  CheckResult c;
  c.name = "stayed_up";
  c.metric = "fell";
  c.value = 0;
  c.max = 0;
  c.passed = true;
  r.checks.push_back(c);
  r.metrics = {{"fell", 0.0}, {"rotation_deg.y", std::numeric_limits<double>::quiet_NaN()}};
  return r;
}

ScenarioResult FailedCheck() {
  ScenarioResult r = Passed();
  r.name = "humanoid_<push> & \"shove\"";
  r.robot = "humanoid";
  r.passed = false;
  r.failure = "1 of 2 checks failed: tilt";
  CheckResult c;
  c.name = "tilt";
  c.metric = "base_tilt_deg";
  c.value = 34.25;
  c.min = 0;
  c.max = 30;
  c.message = "base_tilt_deg = 34.25, expected in [0, 30]";
  r.checks.push_back(c);
  return r;
}

ScenarioResult Diverged() {
  ScenarioResult r = Passed();
  r.name = "wheel_legged_kick";
  r.robot = "wheel_legged";
  r.passed = false;
  r.error = true;
  r.sim_seconds = 0.5;
  r.failure = "simulation diverged at t=0.5 s: base speed above 100 m/s";
  r.checks.clear();
  return r;
}

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}

TEST(ResultJsonTest, HasEveryFieldAndNullForNaN) {
  const nlohmann::json j = nlohmann::json::parse(ResultJson(FailedCheck()));
  EXPECT_EQ(j["name"], "humanoid_<push> & \"shove\"");
  EXPECT_EQ(j["passed"], false);
  EXPECT_EQ(j["failure"], "1 of 2 checks failed: tilt");
  EXPECT_EQ(j["robot"], "humanoid");
  EXPECT_EQ(j["seed"], 3);
  EXPECT_EQ(j["state_hash"], "00abcdef01234567");
  ASSERT_EQ(j["checks"].size(), 2u);
  const nlohmann::json& tilt = j["checks"][1];
  EXPECT_EQ(tilt["name"], "tilt");
  EXPECT_EQ(tilt["metric"], "base_tilt_deg");
  EXPECT_DOUBLE_EQ(tilt["value"].get<double>(), 34.25);
  EXPECT_DOUBLE_EQ(tilt["min"].get<double>(), 0);
  EXPECT_DOUBLE_EQ(tilt["max"].get<double>(), 30);
  EXPECT_EQ(tilt["passed"], false);
  EXPECT_TRUE(j["checks"][0]["min"].is_null()) << "an absent bound is null";
  EXPECT_EQ(j["metrics"]["fell"], 0.0);
  EXPECT_TRUE(j["metrics"]["rotation_deg.y"].is_null());
  // Timing is kept apart so that comparing everything else compares deterministic values.
  EXPECT_DOUBLE_EQ(j["timing"]["wall_seconds"].get<double>(), 0.1);
  EXPECT_DOUBLE_EQ(j["timing"]["realtime_factor"].get<double>(), 20);
  EXPECT_FALSE(j["metrics"].contains("realtime_factor"));
}

// A run on the ideal actuator says so everywhere; an overridden default check shows its reason.
TEST(ResultReportTest, IdealActuatorAndOverrideReasonsAreShown) {
  ScenarioResult r = Passed();
  r.actuator = "ideal";
  CheckResult speed;
  speed.name = "joint_speed";
  speed.metric = "max_joint_speed_ratio";
  speed.value = 1.1;
  speed.max = 1.2;
  speed.passed = true;
  speed.reason = "a free wheel spins past its motor";
  r.checks.push_back(speed);
  const std::vector<std::string> lines = ResultLines(r);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0], "PASS quadruped_stand_flat [ideal actuator] (override joint_speed: a free wheel spins past its motor)");
  const nlohmann::json j = nlohmann::json::parse(ResultJson(r));
  EXPECT_EQ(j["actuator"], "ideal");
  EXPECT_EQ(j["checks"][1]["reason"], "a free wheel spins past its motor");
  const std::string xml = JunitXml({&r}, "suite");
  EXPECT_NE(xml.find("<property name=\"actuator\" value=\"ideal\"/>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("actuator: ideal"), std::string::npos) << xml;
  EXPECT_NE(xml.find("(a free wheel spins past its motor)"), std::string::npos) << xml;
  r.actuator = "envelope";
  EXPECT_EQ(ResultLines(r)[0].find("ideal"), std::string::npos);
  // The summary CSV: one row per result, the motor metrics as columns.
  r.metrics = {{"max_joint_speed_ratio", 0.75}, {"torque_saturation_fraction", 0.125}};
  const std::string csv = SummaryCsv({&r});
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "name,robot,controller,actuator,passed,fell,base_height.min,base_tilt_deg.max,velocity_error.all,"
            "max_torque_ratio,joint_limit_violation_rad,max_joint_speed_ratio,torque_saturation_fraction,"
            "peak_power_w.joint,peak_power_w.total");
  EXPECT_NE(csv.find("\nquadruped_stand_flat,quadruped,stand,envelope,1,,,,,,,0.75,0.125,,\n"), std::string::npos) << csv;
}

TEST(TrajectoryCsvTest, HeaderMatchesRowsAndDecimates) {
  const auto traj = SmallTrajectory(1.0, 0.002);
  std::ostringstream all, decimated;
  WriteTrajectoryCsv(all, *traj, 0);
  WriteTrajectoryCsv(decimated, *traj, 100);
  std::istringstream in(all.str());
  std::string header, first;
  std::getline(in, header);
  std::getline(in, first);
  EXPECT_EQ(header.rfind("time,base_x,base_y,base_z,base_qw", 0), 0u) << header;
  EXPECT_NE(header.find(",q_hip,q_knee,dq_hip,dq_knee,tau_hip,tau_knee,contact_foot"), std::string::npos) << header;
  EXPECT_EQ(Count(header, ","), Count(first, ",")) << first;
  EXPECT_EQ(first.rfind("0.000000,0,0,0.3,1,0,0,0,", 0), 0u) << first;
  EXPECT_NE(first.find(",0.2,0,stand,0.5,0,0,stand,1.5,-2.5,0,0,3,4,0"), std::string::npos) << first;
  EXPECT_EQ(Count(all.str(), "\n"), 1u + 500u);
  EXPECT_EQ(Count(decimated.str(), "\n"), 1u + 100u);  // 100 rows per simulated second
  EXPECT_NE(decimated.str().find("\n0.010000,"), std::string::npos);
  EXPECT_EQ(decimated.str().find("\n0.002000,"), std::string::npos);
}

TEST(TrajectoryCsvTest, RefusalOnTheRowWhereItStartsQuoted) {
  auto traj = SmallTrajectory(1.0, 0.002);
  // Refused from 0.301 s (a tick the 100 Hz CSV skips) to the end; the same words for a new
  // request at 0.6 s are a new refusal.
  const int text = traj->RefusalIndex("sit refused: \"moving\", wait");
  const int trot = traj->BehaviorIndex("trot");
  for (size_t i = 0; i < traj->size(); ++i) {
    TrajectorySample& s = traj->sample(i);
    if (s.time > 0.301) s.refusal = text;
    if (s.time > 0.6 - 1e-9) s.cmd_behavior = trot;
  }
  const std::vector<RefusalEvent> events = traj->RefusalEvents();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_NEAR(events[0].time, 0.302, 1e-9);
  EXPECT_EQ(events[0].requested, "stand");
  EXPECT_NEAR(events[1].time, 0.6, 1e-9);
  EXPECT_EQ(events[1].requested, "trot");
  EXPECT_EQ(events[1].refusal, "sit refused: \"moving\", wait");
  const std::string cell = ",\"sit refused: \"\"moving\"\", wait\"\n";
  for (double rate : {0.0, 100.0}) {
    std::ostringstream out;
    WriteTrajectoryCsv(out, *traj, rate);
    const std::string csv = out.str();
    EXPECT_EQ(Count(csv, cell), 2u) << "rate " << rate;
    EXPECT_NE(csv.find(rate > 0 ? "\n0.310000," : "\n0.302000,"), std::string::npos);
    const size_t first = csv.find(cell);
    const size_t row = csv.rfind('\n', first) + 1;
    EXPECT_EQ(csv.substr(row, 9), rate > 0 ? "0.310000," : "0.302000,") << "rate " << rate;
    EXPECT_NE(csv.find("\n0.600000,"), std::string::npos);
    // Other rows end with an empty cell.
    EXPECT_NE(csv.find(",0,\n"), std::string::npos);
  }
  ScenarioResult r = Passed();
  r.refusals = events;
  const nlohmann::json j = nlohmann::json::parse(ResultJson(r));
  ASSERT_EQ(j["refusals"].size(), 2u);
  EXPECT_EQ(j["refusals"][1]["requested"], "trot");
  EXPECT_EQ(j["refusals"][1]["refusal"], events[1].refusal);
  EXPECT_EQ(nlohmann::json::parse(ResultJson(Passed()))["refusals"], nlohmann::json::array());
}

TEST(JunitXmlTest, OneTestcasePerScenarioWithFailuresAndErrors) {
  const ScenarioResult a = Passed(), b = FailedCheck(), c = Diverged();
  const std::string xml = JunitXml({&a, &b, &c}, "stuntsim-run.shard-0-of-2");
  EXPECT_EQ(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites", 0), 0u);
  EXPECT_NE(xml.find("<testsuite name=\"stuntsim-run.shard-0-of-2\" tests=\"3\" failures=\"1\" errors=\"1\""),
            std::string::npos)
      << xml;
  EXPECT_EQ(Count(xml, "<testcase "), 3u);
  EXPECT_EQ(Count(xml, "</testcase>"), 3u);
  EXPECT_EQ(Count(xml, "<failure "), 1u);
  EXPECT_EQ(Count(xml, "<error "), 1u);
  EXPECT_NE(xml.find("classname=\"stuntsim.quadruped\" name=\"quadruped_stand_flat\""), std::string::npos);
  // Escaped name, and the failed check on one line with value and bounds.
  EXPECT_NE(xml.find("name=\"humanoid_&lt;push&gt; &amp; &quot;shove&quot;\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<failure message=\"1 of 2 checks failed: tilt\" type=\"CheckFailed\">"), std::string::npos);
  EXPECT_NE(xml.find("tilt: base_tilt_deg = 34.25, expected in [0, 30]"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<error message=\"simulation diverged at t=0.5 s: base speed above 100 m/s\" "
                     "type=\"SimulationError\">"),
            std::string::npos)
      << xml;
  EXPECT_EQ(xml.find("<shove>"), std::string::npos);

  // Well-formed, if xmllint is there to say so.
  if (std::system("command -v xmllint > /dev/null 2>&1") != 0) GTEST_SKIP() << "xmllint not installed";
  const std::string path = testing::TempDir() + "/stuntsim_junit_test.xml";
  WriteTextFile(path, xml);
  EXPECT_EQ(std::system(("xmllint --noout " + path).c_str()), 0) << xml;
}

TEST(JunitXmlTest, EmptySuiteIsValid) {
  const std::string xml = JunitXml({}, "empty");
  EXPECT_NE(xml.find("tests=\"0\" failures=\"0\" errors=\"0\""), std::string::npos);
  EXPECT_EQ(Count(xml, "<testcase "), 0u);
}

TEST(WriteTextFileTest, CreatesFoldersAndReportsFailure) {
  const std::string dir = testing::TempDir() + "/stuntsim_report_test/a/b";
  WriteTextFile(dir + "/x.txt", "hello");
  std::ifstream in(dir + "/x.txt");
  std::string text;
  std::getline(in, text);
  EXPECT_EQ(text, "hello");
  EXPECT_THROW(WriteTextFile("/proc/stuntsim/cannot.txt", "x"), InputError);
}

}  // namespace
}  // namespace stuntsim
