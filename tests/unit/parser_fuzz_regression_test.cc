// Inputs found with the parser fuzz targets (tests/fuzz, docs/robustness.md), fed to the parsers'
// text entry points: each must give the parser's documented error (InputError, MotionError) with
// the field named, never a crash, another exception or a silently wrong value.

#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "stuntsim/controllers/humanoid/motion.h"
#include "stuntsim/sim/assets.h"
#include "stuntsim/sim/errors.h"
#include "stuntsim/sim/robot_description.h"
#include "stuntsim/sim/scenario.h"

namespace stuntsim {
namespace {

std::string ReadText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The InputError message of ParseScenario(text), or what happened instead.
std::string ScenarioError(const std::string& text) {
  try {
    ParseScenario(text, "fuzz.toml");
  } catch (const InputError& e) {
    return e.what();
  } catch (const std::exception& e) {
    return std::string("not an InputError: ") + e.what();
  }
  return "no error";
}

std::string QuadrupedToml() { return (AssetRoot() / "robots" / "quadruped" / "robot.toml").string(); }

TEST(ParserTextEntryPointsTest, TextAndFileGiveTheSameResult) {
  const std::string scenario = (AssetRoot() / "scenarios" / "quadruped_push_trot.toml").string();
  const Scenario from_file = LoadScenario(scenario);
  const Scenario from_text = ParseScenario(ReadText(scenario), scenario);
  EXPECT_EQ(from_text.name, from_file.name);
  EXPECT_EQ(from_text.duration, from_file.duration);
  EXPECT_EQ(from_text.events.size(), from_file.events.size());
  EXPECT_EQ(from_text.checks.size(), from_file.checks.size());

  const RobotDescription d = ParseRobotDescription(ReadText(QuadrupedToml()), QuadrupedToml());
  EXPECT_EQ(d.model_path, LoadRobotDescription(QuadrupedToml()).model_path);
  EXPECT_EQ(d.joints.size(), 12u);
}

TEST(ParserTextEntryPointsTest, MalformedTextNamesTheSourceAndLine) {
  EXPECT_EQ(ScenarioError("robot = \"quadruped\"\nduration = [").rfind("fuzz.toml:2: malformed TOML", 0), 0u)
      << ScenarioError("robot = \"quadruped\"\nduration = [");
}

// toml++'s value<double>() is empty for an integer beyond 2^53; it was dereferenced (undefined
// behaviour: a garbage value accepted, or a libstdc++ assertion under the sanitizers).
TEST(ParserFuzzRegressionTest, IntegerBeyondDoublePrecisionInANumberField) {
  EXPECT_NE(ScenarioError("robot = \"quadruped\"\nduration = 9007199254740993\n").find("duration: expected a positive"),
            std::string::npos);
  const std::string window =
      "robot = \"quadruped\"\nduration = 4.0\n[[checks]]\nmetric = \"fell\"\nmax = 0\nwindow = [0, 9007199254740993]\n";
  EXPECT_NE(ScenarioError(window).find("checks[0].window: expected 0 <= t0 < t1"), std::string::npos)
      << ScenarioError(window);
  std::string robot = ReadText(QuadrupedToml());
  const size_t at = robot.find("\nfall_height = ");
  ASSERT_NE(at, std::string::npos);
  robot.insert(at + std::string("\nfall_height = ").size(), "9007199254740993 #");
  try {
    ParseRobotDescription(robot, QuadrupedToml());
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("fall_height: expected a value <= 2"), std::string::npos) << e.what();
  }
}

// An integer field beyond int was truncated silently (seed 2^32 + 1 became 1).
TEST(ParserFuzzRegressionTest, IntegerBeyondIntIsRejected) {
  EXPECT_NE(ScenarioError("robot = \"quadruped\"\nduration = 4.0\nseed = 4294967297\n").find("seed: expected an integer within"),
            std::string::npos);
  EXPECT_NE(ScenarioError("robot = \"quadruped\"\nduration = 4.0\n[terrain]\nkind = \"stairs\"\nstep_count = 4294967298\n")
                .find("terrain.step_count: expected an integer within"),
            std::string::npos);
}

// A robot name longer than the file system allows (found by scenario_fuzzer): fs::exists threw
// std::filesystem::error ("File name too long"), which escaped the parser.
TEST(ParserFuzzRegressionTest, RobotNameTooLongForTheFileSystem) {
  const std::string error = ScenarioError("robot = \"" + std::string(300, 'q') + "\"\nduration = 4.0\n");
  EXPECT_NE(error.find("robot: unknown robot 'qqq"), std::string::npos) << error;
}

// The same in robot.toml's model path and in a file path given to the parsers.
TEST(ParserFuzzRegressionTest, PathsTooLongForTheFileSystem) {
  std::string robot = ReadText(QuadrupedToml());
  const size_t at = robot.find("\nmodel = \"");
  ASSERT_NE(at, std::string::npos);
  robot.insert(at + std::string("\nmodel = \"").size(), std::string(300, 'm'));
  try {
    ParseRobotDescription(robot, QuadrupedToml());
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("model: model file"), std::string::npos) << e.what();
  }
  const std::string long_path = "/tmp/" + std::string(300, 's') + ".toml";
  EXPECT_THROW(LoadScenario(long_path), InputError);
  EXPECT_THROW(LoadRobotDescription(long_path), InputError);
}

TEST(ParserFuzzRegressionTest, MotionIntegerBeyondDoublePrecision) {
  try {
    ParseMotion("duration = 9007199254740993\n[[keyframes]]\ntime = 0.5\n", "fuzz.toml", "fuzz");
    ADD_FAILURE() << "no error";
  } catch (const MotionError& e) {
    EXPECT_NE(std::string(e.what()).find("duration: expected a number"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace stuntsim
