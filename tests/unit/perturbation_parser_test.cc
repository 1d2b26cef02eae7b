// The [perturb] table of a scenario file: every field read, every bad value an InputError naming
// the file, the line and the field. No physics.

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "stuntsim/sim/errors.h"
#include "stuntsim/sim/perturbation.h"
#include "stuntsim/sim/scenario.h"

namespace stuntsim {
namespace {

namespace fs = std::filesystem;

std::string Write(const std::string& name, const std::string& perturb_table) {
  const fs::path path = fs::path(testing::TempDir()) / "stuntsim_perturbation_parser_test" / (name + ".toml");
  fs::create_directories(path.parent_path());
  std::ofstream(path) << "robot = \"quadruped\"\nduration = 1.0\n\n[perturb]\n" << perturb_table;
  return path.string();
}

std::string Message(const std::string& path) {
  try {
    LoadScenario(path);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(PerturbationParserTest, ReadsEveryField) {
  const Scenario s = LoadScenario(Write("good", "seed = 42\nfriction = 0.1\nmass = 0.05\ngyro_noise = 0.01\n"
                                                "accel_noise = 0.2\njoint_pos_noise = 0.001\njoint_vel_noise = 0.03\n"
                                                "latency_ticks = [1, 3]\n"));
  const Perturbation& p = s.perturbation;
  EXPECT_EQ(p.seed, 42u);
  EXPECT_DOUBLE_EQ(p.friction, 0.1);
  EXPECT_DOUBLE_EQ(p.mass, 0.05);
  EXPECT_DOUBLE_EQ(p.gyro_noise, 0.01);
  EXPECT_DOUBLE_EQ(p.accel_noise, 0.2);
  EXPECT_DOUBLE_EQ(p.joint_pos_noise, 0.001);
  EXPECT_DOUBLE_EQ(p.joint_vel_noise, 0.03);
  EXPECT_EQ(p.latency_min_ticks, 1);
  EXPECT_EQ(p.latency_max_ticks, 3);
  EXPECT_TRUE(p.Active());

  const Scenario fixed = LoadScenario(Write("fixed_latency", "latency_ticks = 2\n"));
  EXPECT_EQ(fixed.perturbation.latency_min_ticks, 2);
  EXPECT_EQ(fixed.perturbation.latency_max_ticks, 2);
  EXPECT_FALSE(fixed.perturbation.ModelActive());
  EXPECT_FALSE(fixed.perturbation.NoiseActive());
}

TEST(PerturbationParserTest, AbsentTableMeansNoPerturbation) {
  const fs::path path = fs::path(testing::TempDir()) / "stuntsim_perturbation_parser_test" / "none.toml";
  fs::create_directories(path.parent_path());
  std::ofstream(path) << "robot = \"quadruped\"\nduration = 1.0\n";
  EXPECT_FALSE(LoadScenario(path.string()).perturbation.Active());
}

TEST(PerturbationParserTest, BadValuesNameTheFileLineAndField) {
  struct Case {
    const char* name;
    const char* table;
    int line;  // of the offending key: the table starts at line 4, its first key is line 5
    const char* field;
    const char* text;
  } cases[] = {
      {"friction_too_big", "friction = 1.5\n", 5, "perturb.friction", "expected a relative half-range 0 <= x < 1"},
      {"mass_negative", "seed = 1\nmass = -0.1\n", 6, "perturb.mass", "0 <= x < 1"},
      {"noise_negative", "gyro_noise = -1\n", 5, "perturb.gyro_noise", "standard deviation"},
      {"latency_fraction", "latency_ticks = 1.5\n", 5, "perturb.latency_ticks", "integer number of control ticks"},
      {"latency_reversed", "latency_ticks = [3, 1]\n", 5, "perturb.latency_ticks", "0 <= min <= max"},
      {"latency_not_whole", "latency_ticks = [1, 2.5]\n", 5, "perturb.latency_ticks", "whole control ticks"},
      {"seed_negative", "seed = -3\n", 5, "perturb.seed", "expected an integer >= 0"},
      {"typo", "fricton = 0.1\n", 5, "perturb.fricton", "did you mean 'friction'?"},
      {"wrong_type", "mass = \"ten\"\n", 5, "perturb.mass", "expected"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string path = Write(c.name, c.table);
    const std::string message = Message(path);
    const std::string prefix = path + ":" + std::to_string(c.line) + ": " + c.field + ": ";
    EXPECT_EQ(message.rfind(prefix, 0), 0u) << "expected '" << prefix << "...'\n  got: " << message;
    EXPECT_NE(message.find(c.text), std::string::npos) << "expected '" << c.text << "' in: " << message;
  }
}

TEST(PerturbationParserTest, NotATable) {
  const fs::path path = fs::path(testing::TempDir()) / "stuntsim_perturbation_parser_test" / "scalar.toml";
  std::ofstream(path) << "robot = \"quadruped\"\nduration = 1.0\nperturb = 0.1\n";
  const std::string message = Message(path.string());
  EXPECT_NE(message.find(":3: perturb: expected a table"), std::string::npos) << message;
}

TEST(PerturbationTest, StandardAndDescribe) {
  const Perturbation p = Perturbation::Standard(9);
  EXPECT_EQ(p.seed, 9u);
  EXPECT_TRUE(p.ModelActive());
  EXPECT_TRUE(p.NoiseActive());
  EXPECT_NO_THROW(ValidatePerturbation(p, "x"));
  EXPECT_EQ(Perturbation().Describe(), "none");
  EXPECT_NE(p.Describe().find("friction +-10 %"), std::string::npos) << p.Describe();
  EXPECT_NE(p.Describe().find("latency 1-2 control ticks"), std::string::npos) << p.Describe();
}

TEST(PerturbationTest, CommandDelayShiftsByTicks) {
  for (int ticks : {0, 1, 3}) {
    SCOPED_TRACE(ticks);
    CommandDelay delay;
    delay.Reset(ticks, 2);
    for (int k = 0; k < 10; ++k) {
      JointCommand c;
      c.Resize(2);
      c.tau_ff.setConstant(k + 1);
      const JointCommand& applied = delay.Push(c);
      // Until `ticks` commands have been pushed, the first one (1) is applied.
      EXPECT_EQ(applied.tau_ff[0], std::max(k - ticks, 0) + 1) << "tick " << k;
    }
  }
}

}  // namespace
}  // namespace stuntsim
