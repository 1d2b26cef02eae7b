// stuntsim-optimize's pipeline on a small budget: the cross-entropy search lowers the cost of a
// real motion's settings, the file it writes loads and replays, and a seed fixes the result.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "optimizer.h"
#include "stuntsim/controllers/quadruped/acrobatic_motion.h"
#include "stuntsim/sim/errors.h"

namespace stuntsim {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

OptimizeRequest SmallJump(const fs::path& out) {
  OptimizeRequest r;
  r.motion = "jump_up";
  r.out_path = out.string();
  r.iterations = 3;
  r.samples = 10;
  r.jobs = 2;
  r.verify_trials = 0;
  return r;
}

TEST(Optimize, ThreeIterationsLowerTheCostAndWriteAMotionThatLoads) {
  const fs::path dir = fs::temp_directory_path() / "stuntsim_optimize_test";
  fs::create_directories(dir);
  const OptimizeReport report = OptimizeMotion(SmallJump(dir / "a.toml"), nullptr);
  ASSERT_EQ(report.history.size(), 3u);
  EXPECT_LT(report.best_cost, report.initial_cost - 0.05) << "initial " << report.initial_cost;
  for (size_t i = 1; i < report.history.size(); ++i) EXPECT_LE(report.history[i], report.history[i - 1]);

  const AcrobaticMotion m = LoadAcrobaticMotion(report.out_path);
  EXPECT_EQ(m.name, "jump_up");
  EXPECT_EQ(m.iterations, 3);
  EXPECT_NEAR(m.cost, report.best_cost, 1e-6 * (1 + report.best_cost));
  EXPECT_FALSE(m.parameters.empty());
  EXPECT_NE(m.settings_text.find("motion = \"jump_up\""), std::string::npos);
  EXPECT_GT(m.takeoff_time, 0.1);  // the recorded lift-off of the best candidate's rollout
  EXPECT_GT(m.landing_time, m.takeoff_time);
  // The replay of the written file is the rollout the file's expected trajectory came from.
  EXPECT_GT(report.nominal.rise, 0.05);
}

TEST(Optimize, TheSameSeedWritesTheSameFile) {
  const fs::path dir = fs::temp_directory_path() / "stuntsim_optimize_test";
  fs::create_directories(dir);
  OptimizeRequest a = SmallJump(dir / "seed_a.toml"), b = SmallJump(dir / "seed_b.toml");
  a.iterations = b.iterations = 1;
  a.jobs = 1;  // one thread and two: the order of evaluation must not matter
  OptimizeMotion(a, nullptr);
  OptimizeMotion(b, nullptr);
  EXPECT_EQ(ReadFile(dir / "seed_a.toml"), ReadFile(dir / "seed_b.toml"));
}

TEST(Optimize, RefusesSettingsForAnotherMotionOrWithAMissingParameter) {
  const fs::path dir = fs::temp_directory_path() / "stuntsim_optimize_test";
  fs::create_directories(dir);
  OptimizeRequest r = SmallJump(dir / "bad.toml");
  r.motion = "backflip";
  r.settings_path = DefaultSettingsPath("quadruped", "jump_up");
  EXPECT_THROW(OptimizeMotion(r, nullptr), InputError);

  std::string text = ReadFile(r.settings_path);
  const size_t at = text.find("name = \"rear.land_calf\"");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 23, "name = \"rear.land_calff\"");
  const fs::path bad = dir / "missing_param.toml";
  std::ofstream(bad) << text;
  r.motion = "jump_up";
  r.settings_path = bad.string();
  try {
    OptimizeMotion(r, nullptr);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("'rear.land_calf' is missing"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace stuntsim
