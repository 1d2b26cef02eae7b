// quadruped_mpc on a high-damping variant of the quadruped (joint damping 2 N*m*s/rad and friction
// loss 0.2 N*m, as MuJoCo Menagerie's Go2; the shipped model has damping 0.1): with the passive
// torques in its feed-forward it bounds at 0.8 m/s and trots at 1 m/s holding the speed; without
// them it does not (docs/quadruped.md, "Passive joint dynamics").
//
// The variant exists for this test only. It is generated into a temporary asset folder from the
// shipped assets/robots/quadruped files (so it cannot drift from the real model), and
// STUNTSIM_ASSETS points at that folder; every other asset is a symbolic link to the real one.
// Its own test binary, since STUNTSIM_ASSETS is process-wide.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "sim_test_util.h"
#include "stuntsim/controllers/quadruped/quadruped_controller.h"
#include "stuntsim/controllers/registry.h"
#include "stuntsim/sim/assets.h"
#include "stuntsim/sim/scenario.h"
#include "stuntsim/sim/scenario_runner.h"
#include "stuntsim/sim/simulation.h"

namespace stuntsim {
namespace {

namespace fs = std::filesystem;

// Passive joint dynamics of the variant (Menagerie unitree_go2 figures).
constexpr const char* kDamping = "2";
constexpr const char* kFrictionLoss = "0.2";
// Bounds on the mean |vx error| (m/s) over [3, 8] s and on the distance covered in those 5 s (m).
// Measured with the feed-forward: bound 0.135 m/s and 4.08 m (of 4.0 asked), trot 0.043 m/s and
// 5.08 m (of 5.0); without it: bound 0.341 m/s and 2.29 m, trot 0.142 m/s and 4.29 m.
constexpr double kBoundSpeedError = 0.2, kBoundMinDistance = 3.4;
constexpr double kTrotSpeedError = 0.08, kTrotMinDistance = 4.6;
// Registered here only: quadruped_mpc without the passive feed-forward.
constexpr const char* kNoFeedForward = "quadruped_mpc_no_passive_ff";

std::string ReadText(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Replaces the one match of `pattern` in `text`; fails the test if there is not exactly one.
std::string ReplaceOnce(const std::string& text, const std::string& pattern, const std::string& with,
                        const std::string& what) {
  const std::regex re(pattern);
  const auto n = std::distance(std::sregex_iterator(text.begin(), text.end(), re), std::sregex_iterator());
  EXPECT_EQ(n, 1) << what << ": expected one match of /" << pattern << "/ in the shipped file";
  return std::regex_replace(text, re, with, std::regex_constants::format_first_only);
}

class QuadrupedDampedTest : public MujocoTest {
 protected:
  static void SetUpTestSuite() {
    const fs::path real = AssetRoot();
    const fs::path root = fs::path(testing::TempDir()) / "stuntsim_damped_assets";
    fs::remove_all(root);
    fs::create_directories(root / "robots");
    for (const auto& entry : fs::directory_iterator(real)) {
      if (entry.path().filename() != "robots") fs::create_directory_symlink(entry.path(), root / entry.path().filename());
    }
    for (const auto& entry : fs::directory_iterator(real / "robots")) {
      fs::create_directory_symlink(entry.path(), root / "robots" / entry.path().filename());
    }
    const fs::path src = real / "robots" / "quadruped", dst = root / "robots" / "quadruped_damped";
    fs::create_directories(dst);
    std::string toml = ReadText(src / "robot.toml");
    toml = ReplaceOnce(toml, R"(\nname = "quadruped")", "\nname = \"quadruped_damped\"", "robot.toml name");
    toml = ReplaceOnce(toml, R"(\nmodel = "quadruped.xml")", "\nmodel = \"quadruped_damped.xml\"", "robot.toml model");
    std::ofstream(dst / "robot.toml") << toml;
    // The default joint of class go2 carries every leg joint's damping.
    std::string xml = ReadText(src / "quadruped.xml");
    xml = ReplaceOnce(xml, R"(<joint damping="[0-9.]+")",
                      std::string("<joint damping=\"") + kDamping + "\" frictionloss=\"" + kFrictionLoss + "\"",
                      "quadruped.xml default joint");
    std::ofstream(dst / "quadruped_damped.xml") << xml;
    setenv("STUNTSIM_ASSETS", root.c_str(), 1);

    ControllerRegistry& registry = ControllerRegistry::Global();
    if (!registry.Find(kNoFeedForward)) {
      registry.Register({kNoFeedForward, "quadruped_mpc without the passive-torque feed-forward (test only)",
                         {"quadruped"}, QuadrupedController::Behaviors(), [] {
                           LocomotionParams params;
                           params.legs.passive_feedforward = false;
                           return std::make_unique<QuadrupedController>(false, params);
                         }});
    }
  }
  static void TearDownTestSuite() { unsetenv("STUNTSIM_ASSETS"); }

  // Runs `gait` at `vx` m/s for 8 s on the damped model with `controller`; the check
  // "speed" is the mean |vx error| over [3, 8] s (the command reaches vx by about 1 s).
  static ScenarioResult RunGait(const std::string& controller, const std::string& gait, double vx) {
    std::ostringstream text;
    text << "description = \"" << gait << " on the damped quadruped\"\n"
         << "robot = \"quadruped_damped\"\ncontroller = \"" << controller << "\"\nduration = 8.0\n"
         << "[[events]]\ntime = 0.0\nbehavior = \"" << gait << "\"\nvx = " << vx << "\n"
         << "[[checks]]\nname = \"stayed_up\"\nmetric = \"fell\"\nmax = 0\n"
         << "[[checks]]\nname = \"speed\"\nmetric = \"velocity_error\"\ncomponent = \"vx\"\n"
         << "window = [3.0, 8.0]\nmax = 1000\n"
         << "[[checks]]\nname = \"distance\"\nmetric = \"displacement\"\naxis = \"forward\"\n"
         << "window = [3.0, 8.0]\nmin = -1000\n";
    return RunScenario(ParseScenario(text.str(), "damped_" + gait + ".toml"));
  }

  static double Check(const ScenarioResult& r, const std::string& name) {
    for (const CheckResult& c : r.checks) {
      if (c.name == name) return c.value;
    }
    ADD_FAILURE() << "no check " << name;
    return 0;
  }
};

TEST_F(QuadrupedDampedTest, ModelHasTheDamping) {
  const Scenario s = ParseScenario("robot = \"quadruped_damped\"\ncontroller = \"quadruped_mpc\"\nduration = 0.1\n",
                                   "damped_model.toml");
  const ScenarioResult r = RunScenario(s);
  ASSERT_TRUE(r.passed) << r.failure;
  // What the controller is told (JointInfo) is the variant's damping and friction loss.
  Simulation sim([] {
    SimulationOptions o;
    o.robot = "quadruped_damped";
    o.controller = "quadruped_mpc";
    return o;
  }());
  for (const JointInfo& j : sim.world().info().joints) {
    EXPECT_DOUBLE_EQ(j.damping, 2.0) << j.name;
    EXPECT_DOUBLE_EQ(j.frictionloss, 0.2) << j.name;
    // The leg mass matrix the swing feed-forward uses (BodyState::leg_inertia, from qM) holds
    // the armature: the controller adds none of its own.
    EXPECT_GT(j.armature, 0.0) << j.name;
    EXPECT_GE(sim.state().dynamics.mass_matrix(j.dof, j.dof), j.armature) << j.name;
  }
}

// Without the feed-forward the same bounds fail: that is what the feed-forward is worth (if a
// later change makes the controller hold speed without it, this test says so).
TEST_F(QuadrupedDampedTest, BoundHoldsSpeedWithPassiveFeedForward) {
  const ScenarioResult with = RunGait("quadruped_mpc", "bound", 0.8);
  const ScenarioResult without = RunGait(kNoFeedForward, "bound", 0.8);
  std::printf("bound 0.8 m/s, damped model: with feed-forward |vx err| %.3f m/s, %.2f m in 5 s%s; "
              "without %.3f m/s, %.2f m%s\n",
              Check(with, "speed"), Check(with, "distance"), with.passed ? "" : " (failed)", Check(without, "speed"),
              Check(without, "distance"), without.passed ? "" : " (failed)");
  EXPECT_TRUE(with.passed) << with.failure;
  EXPECT_LT(Check(with, "speed"), kBoundSpeedError);
  EXPECT_GT(Check(with, "distance"), kBoundMinDistance);
  EXPECT_TRUE(!without.passed || Check(without, "speed") > kBoundSpeedError ||
              Check(without, "distance") < kBoundMinDistance)
      << "the feed-forward no longer makes a difference: revisit this test";
}

TEST_F(QuadrupedDampedTest, TrotHoldsSpeedWithPassiveFeedForward) {
  const ScenarioResult with = RunGait("quadruped_mpc", "trot", 1.0);
  const ScenarioResult without = RunGait(kNoFeedForward, "trot", 1.0);
  std::printf("trot 1 m/s, damped model: with feed-forward |vx err| %.3f m/s, %.2f m in 5 s%s; "
              "without %.3f m/s, %.2f m%s\n",
              Check(with, "speed"), Check(with, "distance"), with.passed ? "" : " (failed)", Check(without, "speed"),
              Check(without, "distance"), without.passed ? "" : " (failed)");
  EXPECT_TRUE(with.passed) << with.failure;
  EXPECT_LT(Check(with, "speed"), kTrotSpeedError);
  EXPECT_GT(Check(with, "distance"), kTrotMinDistance);
  EXPECT_TRUE(!without.passed || Check(without, "speed") > kTrotSpeedError ||
              Check(without, "distance") < kTrotMinDistance)
      << "the feed-forward no longer makes a difference: revisit this test";
}

}  // namespace
}  // namespace stuntsim
