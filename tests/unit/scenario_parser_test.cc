// The scenario file parser and suite helpers: a table of bad files (tests/data/scenarios_bad),
// each of which must give an InputError naming the file, the line and the field; good files
// parsed field by field. No physics: only TOML and the robot descriptions.

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "stuntsim/sim/assets.h"
#include "stuntsim/sim/errors.h"
#include "stuntsim/sim/scenario.h"
#include "stuntsim/sim/scenario_suite.h"

namespace stuntsim {
namespace {

namespace fs = std::filesystem;

// A bad file's expectation: its header "# expect-field: <field>" and "# expect-text: <text>",
// and the line marked "# <-".
struct Expectation {
  std::string field, text;
  int line = 0;
};

Expectation ReadExpectation(const fs::path& path) {
  Expectation e;
  std::ifstream in(path);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    const std::string field_tag = "# expect-field:", text_tag = "# expect-text: ";
    if (line.rfind(field_tag, 0) == 0) {
      e.field = line.substr(field_tag.size());
      if (!e.field.empty() && e.field[0] == ' ') e.field.erase(0, 1);
    }
    if (line.rfind(text_tag, 0) == 0) e.text = line.substr(text_tag.size());
    if (line.find("# <-") != std::string::npos) e.line = n;
  }
  return e;
}

std::string Message(const std::string& path) {
  try {
    LoadScenario(path);
  } catch (const InputError& e) {
    return e.what();
  } catch (const std::exception& e) {
    return std::string("not an InputError: ") + e.what();
  }
  return "no error";
}

// Writes `text` to a fresh file in the test's temporary folder and returns its path.
std::string WriteFile(const std::string& name, const std::string& text) {
  const fs::path path = fs::path(testing::TempDir()) / "stuntsim_scenario_parser_test" / name;
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
  return path.string();
}

TEST(ScenarioParserTest, EveryBadFileNamesTheFileLineAndField) {
  const fs::path dir = fs::path(STUNTSIM_TEST_DATA) / "scenarios_bad";
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 35u);
  for (const fs::path& file : files) {
    SCOPED_TRACE(file.filename().string());
    const Expectation e = ReadExpectation(file);
    ASSERT_GT(e.line, 0) << "the bad file marks no line with '# <-'";
    ASSERT_FALSE(e.text.empty());
    const std::string message = Message(file.string());
    const std::string prefix =
        file.string() + ":" + std::to_string(e.line) + ": " + (e.field.empty() ? "" : e.field + ": ");
    EXPECT_EQ(message.rfind(prefix, 0), 0u) << "expected the message to start with '" << prefix << "'\n  got: " << message;
    EXPECT_NE(message.find(e.text), std::string::npos) << "expected '" << e.text << "' in: " << message;
  }
}

TEST(ScenarioParserTest, MissingFileIsAnInputError) {
  EXPECT_NE(Message("/no/such/scenario.toml").find("/no/such/scenario.toml: file not found"), std::string::npos);
}

TEST(ScenarioParserTest, ReadsEveryField) {
  const std::string path = WriteFile("full.toml", R"(
description = "all the fields"
robot = "quadruped"
controller = "stand"
duration = 3.0
seed = 7

[terrain]
kind = "stairs"
step_rise = 0.05
step_count = 4
friction = 0.8

[spawn]
x = 0.5
y = -0.25
yaw_deg = 90
keyframe = "home"

[[events]]
time = 0.0
behavior = "stand"

[[events]]
time = 0.5
vx = 0.3
yaw_rate = -0.2
body_height = -0.05

[[events]]
time = 0.5
push = { body = "base", impulse = [1.0, 2.0, 3.0] }

[[events]]
time = 1.0
push = { body = "FL_calf", force = [0.0, 10.0, 0.0], duration = 0.25 }

[[checks]]
metric = "fell"
max = 0

[[checks]]
name = "tilt_window"
metric = "base_tilt_deg"
window = [1.0, 2.5]
min = -1
max = 10

[[checks]]
metric = "velocity_error"
component = "vx"
max = 0.1

[[checks]]
metric = "foot_speed"
site = "RL_foot"
stat = "mean"
max = 0.5

[[checks]]
metric = "landed_on_feet"
stable_time = 0.25
min = 1
)");
  const Scenario s = LoadScenario(path);
  EXPECT_EQ(s.name, "full");  // the file name without .toml
  EXPECT_EQ(s.file, path);
  EXPECT_EQ(s.description, "all the fields");
  EXPECT_EQ(s.robot, "quadruped");
  EXPECT_EQ(s.robot_kind, "quadruped");
  EXPECT_EQ(s.controller, "stand");
  EXPECT_DOUBLE_EQ(s.duration, 3.0);
  EXPECT_EQ(s.terrain.kind, "stairs");
  EXPECT_DOUBLE_EQ(s.terrain.step_rise, 0.05);
  EXPECT_EQ(s.terrain.step_count, 4);
  EXPECT_DOUBLE_EQ(s.terrain.friction, 0.8);
  EXPECT_DOUBLE_EQ(s.terrain.step_run, TerrainSpec().step_run);  // untouched default
  EXPECT_EQ(s.terrain.seed, 7u);
  EXPECT_DOUBLE_EQ(s.x, 0.5);
  EXPECT_DOUBLE_EQ(s.y, -0.25);
  EXPECT_NEAR(s.yaw, M_PI / 2, 1e-12);
  EXPECT_EQ(s.keyframe, "home");
  EXPECT_NE(s.keyframe_where.find("full.toml:18: spawn.keyframe"), std::string::npos) << s.keyframe_where;

  ASSERT_EQ(s.events.size(), 4u);
  OperatorCommand command;
  s.events[0].ApplyTo(command);
  EXPECT_EQ(command.behavior, "stand");
  s.events[1].ApplyTo(command);
  EXPECT_DOUBLE_EQ(command.vx, 0.3);
  EXPECT_DOUBLE_EQ(command.yaw_rate, -0.2);
  EXPECT_DOUBLE_EQ(command.body_height, -0.05);
  EXPECT_DOUBLE_EQ(command.vy, 0.0);
  EXPECT_EQ(command.behavior, "stand");  // fields not named keep their value
  ASSERT_TRUE(s.events[2].push);
  EXPECT_TRUE(s.events[2].push->is_impulse);
  EXPECT_EQ(s.events[2].push->impulse, Eigen::Vector3d(1, 2, 3));
  EXPECT_NE(s.events[2].push->where.find("full.toml:32: events[2].push.body"), std::string::npos)
      << s.events[2].push->where;
  ASSERT_TRUE(s.events[3].push);
  EXPECT_FALSE(s.events[3].push->is_impulse);
  EXPECT_EQ(s.events[3].push->body, "FL_calf");
  EXPECT_EQ(s.events[3].push->force, Eigen::Vector3d(0, 10, 0));
  EXPECT_DOUBLE_EQ(s.events[3].push->duration, 0.25);

  ASSERT_EQ(s.checks.size(), 7u);  // the file's 5, then the 2 default motor checks
  EXPECT_EQ(s.checks[5].metric.metric, "joint_limit_violation_rad");
  EXPECT_EQ(s.checks[6].metric.metric, "max_joint_speed_ratio");
  EXPECT_EQ(s.checks[0].name, "fell");  // default name: the metric
  EXPECT_DOUBLE_EQ(s.checks[0].metric.t0, 0.0);
  EXPECT_DOUBLE_EQ(s.checks[0].metric.t1, 3.0);  // default window: the whole run
  EXPECT_FALSE(s.checks[0].min);
  EXPECT_EQ(s.checks[0].max, 0.0);
  EXPECT_EQ(s.checks[1].name, "tilt_window");
  EXPECT_EQ(s.checks[1].metric.stat, "max");  // base_tilt_deg's default statistic
  EXPECT_DOUBLE_EQ(s.checks[1].metric.t0, 1.0);
  EXPECT_DOUBLE_EQ(s.checks[1].metric.t1, 2.5);
  EXPECT_EQ(s.checks[1].min, -1.0);
  EXPECT_EQ(s.checks[2].metric.component, "vx");
  EXPECT_EQ(s.checks[3].metric.site, "RL_foot");
  EXPECT_EQ(s.checks[3].metric.stat, "mean");
  EXPECT_DOUBLE_EQ(s.checks[4].metric.stable_time, 0.25);
  EXPECT_DOUBLE_EQ(s.checks[4].metric.stable_tilt_deg, MetricSpec().stable_tilt_deg);
}

TEST(ScenarioParserTest, DefaultsForAMinimalFile) {
  const Scenario s = LoadScenario(WriteFile("minimal.toml", "robot = \"wheel_legged\"\nduration = 1\n"));
  EXPECT_EQ(s.controller, "wheel_legged");  // the robot's default_controller
  EXPECT_EQ(s.terrain.kind, "flat");
  EXPECT_EQ(s.terrain.seed, 1u);
  EXPECT_TRUE(s.keyframe.empty());
  EXPECT_TRUE(s.events.empty());
  ASSERT_EQ(s.checks.size(), 2u);  // the default motor checks only
  EXPECT_EQ(s.checks[0].name, "joint_range");
  EXPECT_EQ(s.checks[0].max, 0.05);
  EXPECT_DOUBLE_EQ(s.checks[0].metric.t1, 1.0);
  EXPECT_EQ(s.checks[1].name, "joint_speed");
  EXPECT_EQ(s.checks[1].max, 1.0);
  EXPECT_EQ(s.actuator, ActuatorModel::kEnvelope);
}

TEST(ScenarioParserTest, DefaultChecksAreReplacedOnlyWithAReason) {
  const std::string head = "robot = \"quadruped\"\nduration = 2\n";
  // Tighter: replaces the default, no reason needed.
  Scenario s = LoadScenario(WriteFile("tight.toml", head + "[[checks]]\nmetric = \"max_joint_speed_ratio\"\nmax = 0.8\n"));
  ASSERT_EQ(s.checks.size(), 2u);
  EXPECT_EQ(s.checks[0].max, 0.8);
  EXPECT_EQ(s.checks[1].metric.metric, "joint_limit_violation_rad");
  // Looser without a reason: refused, naming the check and the default.
  for (const std::string& check : {std::string("max = 1.2\n"), std::string("max = 0.9\nwindow = [1, 2]\n")}) {
    try {
      LoadScenario(WriteFile("loose.toml", head + "[[checks]]\nmetric = \"max_joint_speed_ratio\"\n" + check));
      ADD_FAILURE() << "a looser check without a reason must be refused: " << check;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("loosens the default check joint_speed"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("loose.toml:4"), std::string::npos) << e.what();
    }
  }
  // Looser with a reason: accepted and carried into the result.
  s = LoadScenario(WriteFile("reason.toml", head + "[[checks]]\nmetric = \"joint_limit_violation_rad\"\nmax = 0.1\n"
                                                   "reason = \"the stop is the brake\"\n"));
  ASSERT_EQ(s.checks.size(), 2u);
  EXPECT_EQ(s.checks[0].reason, "the stop is the brake");
}

TEST(ScenarioParserTest, ActuatorIsEnvelopeOrIdeal) {
  const std::string head = "robot = \"quadruped\"\nduration = 1\n";
  EXPECT_EQ(LoadScenario(WriteFile("ideal.toml", head + "actuator = \"ideal\"\n")).actuator, ActuatorModel::kIdeal);
  try {
    LoadScenario(WriteFile("typo.toml", head + "actuator = \"idael\"\n"));
    ADD_FAILURE() << "an unknown actuator must be refused";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("typo.toml:3: actuator"), std::string::npos) << e.what();
  }
}

TEST(ScenarioParserTest, EveryAssetScenarioLoads) {
  const fs::path dir = AssetRoot() / "scenarios";
  int count = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".toml") continue;
    SCOPED_TRACE(entry.path().string());
    const Scenario s = LoadScenario(entry.path().string());
    EXPECT_EQ(s.name, entry.path().stem().string());
    EXPECT_FALSE(s.checks.empty()) << "a regression scenario without checks tests nothing";
    ++count;
  }
  EXPECT_GE(count, 12);
}

TEST(ScenarioSuiteTest, ExpandsFoldersGlobsAndFiles) {
  const std::string a = WriteFile("suite/b_second.toml", "robot = \"quadruped\"\nduration = 1\n");
  const std::string b = WriteFile("suite/a_first.toml", "robot = \"quadruped\"\nduration = 1\n");
  WriteFile("suite/notes.txt", "not a scenario");
  const std::string dir = fs::path(a).parent_path().string();
  EXPECT_EQ(ExpandScenarioPaths({dir}), (std::vector<std::string>{b, a}));
  EXPECT_EQ(ExpandScenarioPaths({dir + "/*_first.toml", a}), (std::vector<std::string>{b, a}));
  EXPECT_EQ(ExpandScenarioPaths({a, dir}), (std::vector<std::string>{a, b}));  // a once
  EXPECT_THROW(ExpandScenarioPaths({dir + "/missing.toml"}), InputError);
  EXPECT_THROW(ExpandScenarioPaths({dir + "/zz*.toml"}), InputError);

  const std::vector<Scenario> all = LoadScenarios(ExpandScenarioPaths({dir}));
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].name, "a_first");
  EXPECT_EQ(FilterScenarios(all, {"b_*"}).size(), 1u);
  EXPECT_EQ(FilterScenarios(all, {"a_first", "b_second"}).size(), 2u);
  EXPECT_EQ(FilterScenarios(all, {}).size(), 2u);
  try {
    FilterScenarios(all, {"a_first", "c_third"});
    ADD_FAILURE() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("--only c_third"), std::string::npos) << e.what();
  }
}

TEST(ScenarioSuiteTest, DuplicateNamesNameBothFiles) {
  const std::string a = WriteFile("dup/one.toml", "name = \"same\"\nrobot = \"quadruped\"\nduration = 1\n");
  const std::string b = WriteFile("dup/two.toml", "name = \"same\"\nrobot = \"quadruped\"\nduration = 1\n");
  try {
    LoadScenarios({a, b});
    ADD_FAILURE() << "expected an InputError";
  } catch (const InputError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(a), std::string::npos) << message;
    EXPECT_NE(message.find(b), std::string::npos) << message;
    EXPECT_NE(message.find("'same'"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace stuntsim
