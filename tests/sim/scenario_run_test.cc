// Scenario runs with physics, through RunScenario as stuntsim-run uses it: determinism (also
// across threads), events reaching the simulation, run-time failures reported, not thrown, and
// model-dependent names checked with the scenario file's line.

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "stuntsim/sim/assets.h"
#include "stuntsim/sim/errors.h"
#include "stuntsim/sim/parallel.h"
#include "stuntsim/sim/scenario.h"
#include "stuntsim/sim/scenario_report.h"
#include "stuntsim/sim/scenario_runner.h"

namespace stuntsim {
namespace {

namespace fs = std::filesystem;

std::string WriteFile(const std::string& name, const std::string& text) {
  const fs::path dir = fs::path(testing::TempDir()) / "stuntsim_scenario_run_test";
  fs::create_directories(dir);
  const std::string path = (dir / name).string();
  std::ofstream(path) << text;
  return path;
}

Scenario Asset(const std::string& name) { return LoadScenario((AssetRoot() / "scenarios" / (name + ".toml")).string()); }

// Everything deterministic in a result: hash, checks, metrics and every trajectory row.
void ExpectIdentical(const ScenarioResult& a, const ScenarioResult& b) {
  EXPECT_EQ(a.state_hash, b.state_hash);
  EXPECT_EQ(a.passed, b.passed);
  EXPECT_EQ(a.sim_seconds, b.sim_seconds);
  ASSERT_EQ(a.checks.size(), b.checks.size());
  for (size_t i = 0; i < a.checks.size(); ++i) EXPECT_EQ(a.checks[i].value, b.checks[i].value) << a.checks[i].name;
  ASSERT_EQ(a.metrics.size(), b.metrics.size());
  for (size_t i = 0; i < a.metrics.size(); ++i) {
    EXPECT_EQ(a.metrics[i].first, b.metrics[i].first);
    if (!std::isnan(a.metrics[i].second)) {
      EXPECT_EQ(a.metrics[i].second, b.metrics[i].second) << a.metrics[i].first;
    }
  }
  ASSERT_TRUE(a.trajectory && b.trajectory);
  ASSERT_EQ(a.trajectory->size(), b.trajectory->size());
  for (size_t r = 0; r < a.trajectory->size(); ++r) {
    const TrajectorySample &x = a.trajectory->sample(r), &y = b.trajectory->sample(r);
    ASSERT_EQ(x.time, y.time);
    ASSERT_EQ(x.base_pos_world, y.base_pos_world) << "row " << r;
    ASSERT_EQ(x.base_linvel_world, y.base_linvel_world) << "row " << r;
    ASSERT_EQ(a.trajectory->q(r), b.trajectory->q(r)) << "row " << r;
    ASSERT_EQ(a.trajectory->tau(r), b.trajectory->tau(r)) << "row " << r;
  }
}

TEST(ScenarioRunTest, SameScenarioTwiceIsBitIdentical) {
  const Scenario s = Asset("quadruped_push_stand");
  const ScenarioResult a = RunScenario(s), b = RunScenario(s);
  EXPECT_TRUE(a.passed) << a.failure;
  ExpectIdentical(a, b);
  // The hash is not trivially constant: a stronger push gives another trajectory.
  Scenario pushed_harder = s;
  pushed_harder.events[0].push->impulse.y() += 1.0;
  EXPECT_NE(RunScenario(pushed_harder).state_hash, a.state_hash);
}

TEST(ScenarioRunTest, OneThreadOrTwoGiveTheSameResults) {
  const std::vector<Scenario> scenarios = {Asset("quadruped_push_stand"), Asset("wheel_legged_push_stand"),
                                           Asset("quadruped_hop_landing"), Asset("quadruped_stand_hills")};
  std::vector<ScenarioResult> serial(scenarios.size()), parallel(scenarios.size());
  ParallelFor(static_cast<int>(scenarios.size()), 1, [&](int i) { serial[i] = RunScenario(scenarios[i]); });
  ParallelFor(static_cast<int>(scenarios.size()), 2, [&](int i) { parallel[i] = RunScenario(scenarios[i]); });
  for (size_t i = 0; i < scenarios.size(); ++i) {
    SCOPED_TRACE(scenarios[i].name);
    ExpectIdentical(serial[i], parallel[i]);
  }
}

TEST(ScenarioRunTest, RecordsOneRowPerControlTickWithTheCommandInForce) {
  const Scenario s = LoadScenario(WriteFile("command.toml", R"(
robot = "quadruped"
controller = "stand"
duration = 1.0
[[events]]
time = 0.0
behavior = "stand"
[[events]]
time = 0.5
vx = 0.3
yaw_rate = 0.1
)"));
  const ScenarioResult r = RunScenario(s);
  ASSERT_FALSE(r.error) << r.failure;
  const Trajectory& t = *r.trajectory;
  ASSERT_EQ(t.size(), 500u);  // 1 s at the stand controller's 500 Hz
  EXPECT_EQ(t.sample(0).time, 0.0);
  EXPECT_NEAR(t.sample(499).time, 0.998, 1e-9);
  EXPECT_EQ(t.BehaviorName(t.sample(0).cmd_behavior), "stand");
  EXPECT_EQ(t.BehaviorName(t.sample(0).active_behavior), "stand");
  for (size_t i = 0; i < t.size(); ++i) {
    const bool after = t.sample(i).time >= 0.5 - 1e-9;
    ASSERT_EQ(t.sample(i).cmd_vx, after ? 0.3 : 0.0) << "t = " << t.sample(i).time;
    ASSERT_EQ(t.sample(i).cmd_yaw_rate, after ? 0.1 : 0.0);
  }
  EXPECT_NEAR(r.sim_seconds, 1.0, 1e-9);
}

TEST(ScenarioRunTest, RefusedBehaviourSwitchIsInTheResultJsonAndCsv) {
  // quadruped_mpc refuses `sit` while trotting ("switch to stand and stop first").
  const Scenario s = LoadScenario(WriteFile("refusal.toml", R"(
robot = "quadruped"
controller = "quadruped_mpc"
duration = 2.0
[[events]]
time = 0.0
behavior = "stand"
[[events]]
time = 0.6
behavior = "trot"
[[events]]
time = 1.5
behavior = "sit"
)"));
  const ScenarioResult r = RunScenario(s);
  ASSERT_FALSE(r.error) << r.failure;
  EXPECT_EQ(r.trajectory->BehaviorName(r.trajectory->sample(r.trajectory->size() - 1).active_behavior), "trot");
  ASSERT_EQ(r.refusals.size(), 1u);
  const RefusalEvent& e = r.refusals[0];
  EXPECT_NEAR(e.time, 1.5, 0.003);
  EXPECT_EQ(e.requested, "sit");
  EXPECT_NE(e.refusal.find("sit refused while in trot"), std::string::npos) << e.refusal;

  const nlohmann::json json = nlohmann::json::parse(ResultJson(r));
  ASSERT_EQ(json["refusals"].size(), 1u) << json.dump(2);
  EXPECT_EQ(json["refusals"][0]["requested"], "sit");
  EXPECT_EQ(json["refusals"][0]["refusal"], e.refusal);
  EXPECT_NEAR(json["refusals"][0]["time"].get<double>(), e.time, 1e-12);

  // CSV, every tick and decimated: the text once, on the row where the refusal starts (the
  // first written row after it), in the last column.
  for (double rate : {0.0, 100.0}) {
    std::ostringstream csv;
    WriteTrajectoryCsv(csv, *r.trajectory, rate);
    const std::string text = csv.str();
    const std::string cell = ",\"" + e.refusal + "\"\n";
    const size_t at = text.find(cell);
    ASSERT_NE(at, std::string::npos) << "rate " << rate;
    EXPECT_EQ(text.find(cell, at + 1), std::string::npos) << "the refusal is written once";
    EXPECT_NE(text.substr(0, text.find('\n')).rfind(",refusal"), std::string::npos);
    const size_t row = text.rfind('\n', at) + 1;
    EXPECT_NEAR(std::stod(text.substr(row, text.find(',', row) - row)), 1.5, 0.011) << "rate " << rate;
  }
}

TEST(ScenarioRunTest, AnImpulseChangesTheBaseVelocityByImpulseOverMass) {
  const Scenario s = LoadScenario(WriteFile("impulse.toml", R"(
robot = "quadruped"
controller = "stand"
duration = 1.2
[[events]]
time = 1.0
push = { body = "base", impulse = [0.0, 2.0, 0.0] }
)"));
  const ScenarioResult r = RunScenario(s);
  const Trajectory& t = *r.trajectory;
  size_t before = 0;
  while (t.sample(before + 1).time < 1.0 - 1e-9) ++before;
  const double dv = t.sample(before + 2).base_linvel_world.y() - t.sample(before).base_linvel_world.y();
  // The base alone is lighter than the robot, the legs drag: the change lies between 2/m_total
  // and 2/m_base. The quadruped weighs about 15 kg, its trunk about 6-9 kg.
  EXPECT_GT(dv, 2.0 / 20.0);
  EXPECT_LT(dv, 2.0 / 5.0);
  EXPECT_NEAR(t.sample(before).base_linvel_world.y(), 0.0, 1e-3) << "no sideways motion before the push";
}

TEST(ScenarioRunTest, DivergenceFailsTheScenarioWithTheReason) {
  const Scenario s = LoadScenario(WriteFile("diverge.toml", R"(
robot = "quadruped"
controller = "stand"
duration = 2.0
[[events]]
time = 0.5
push = { body = "base", impulse = [0.0, 0.0, 100000.0] }
[[checks]]
metric = "fell"
max = 0
)"));
  ScenarioResult r;
  ASSERT_NO_THROW(r = RunScenario(s));
  EXPECT_FALSE(r.passed);
  EXPECT_TRUE(r.error);
  EXPECT_NE(r.failure.find("diverged"), std::string::npos) << r.failure;
  EXPECT_LT(r.sim_seconds, 1.0);
  EXPECT_GT(r.sim_seconds, 0.49);
  ASSERT_EQ(r.checks.size(), 3u);  // still evaluated over what was recorded (with the 2 default checks)
  const std::vector<std::string> lines = ResultLines(r);
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0].rfind("FAIL diverge: error at t=", 0), 0u) << lines[0];
}

TEST(ScenarioRunTest, FailedChecksAreListed) {
  const Scenario s = LoadScenario(WriteFile("too_tall.toml", R"(
robot = "quadruped"
controller = "stand"
duration = 0.5
[[checks]]
name = "tall"
metric = "base_height"
stat = "min"
min = 1.0
[[checks]]
metric = "fell"
max = 0
)"));
  const ScenarioResult r = RunScenario(s);
  EXPECT_FALSE(r.passed);
  EXPECT_FALSE(r.error);
  EXPECT_EQ(r.failure, "1 of 4 checks failed: tall");  // the file's 2 and the 2 default motor checks
  const std::vector<std::string> lines = ResultLines(r);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].rfind("FAIL too_tall: tall: base_height = 0.2", 0), 0u) << lines[0];
  EXPECT_NE(lines[0].find(", expected >= 1"), std::string::npos) << lines[0];
}

TEST(ScenarioRunTest, UnknownBodyOrKeyframeNamesTheScenarioLine) {
  const std::string body_file = WriteFile("bad_body.toml", R"(robot = "quadruped"
controller = "stand"
duration = 1.0
[[events]]
time = 0.5
push = { body = "tail", impulse = [1.0, 0.0, 0.0] }
)");
  try {
    RunScenario(LoadScenario(body_file));
    ADD_FAILURE() << "expected an InputError";
  } catch (const InputError& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.rfind(body_file + ":6: events[0].push.body: body 'tail' does not exist", 0), 0u) << message;
  }
  const std::string key_file = WriteFile("bad_keyframe.toml", R"(robot = "quadruped"
controller = "stand"
duration = 1.0
[spawn]
keyframe = "upside_down"
)");
  try {
    RunScenario(LoadScenario(key_file));
    ADD_FAILURE() << "expected an InputError";
  } catch (const InputError& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.rfind(key_file + ":5: spawn.keyframe: keyframe 'upside_down' does not exist", 0), 0u)
        << message;
  }
}

// An observer sees every step and its exception fails the scenario instead of escaping.
class CountingObserver : public ScenarioObserver {
 public:
  void OnStart(const Scenario&, const Simulation& sim) override { start_time = sim.time(); }
  void OnStep(const Simulation& sim) override {
    ++steps;
    if (throw_at > 0 && sim.time() >= throw_at) throw std::runtime_error("observer gave up");
  }
  void OnFinish(const Simulation&) override { finished = true; }
  double start_time = -1, throw_at = 0;
  int steps = 0;
  bool finished = false;
};

TEST(ScenarioRunTest, ObserversSeeEveryStep) {
  const Scenario s = LoadScenario(WriteFile("observed.toml", "robot = \"quadruped\"\ncontroller = \"stand\"\nduration = 0.5\n"));
  CountingObserver counter;
  RunScenario(s, {&counter});
  EXPECT_EQ(counter.start_time, 0.0);
  EXPECT_EQ(counter.steps, 250);
  EXPECT_TRUE(counter.finished);
  CountingObserver thrower;
  thrower.throw_at = 0.2;
  const ScenarioResult r = RunScenario(s, {&thrower});
  EXPECT_TRUE(r.error);
  EXPECT_EQ(r.failure, "observer gave up");
}

}  // namespace
}  // namespace stuntsim
