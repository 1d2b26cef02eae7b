// Bad model and robot description files give clear errors naming the file and the field.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "sim_test_util.h"
#include "stuntsim/sim/assets.h"
#include "stuntsim/sim/errors.h"
#include "stuntsim/sim/terrain.h"
#include "stuntsim/sim/world.h"

namespace stuntsim {
namespace {

const std::string kData = STUNTSIM_TEST_DATA;

// Runs `f`, expects an InputError and returns its message.
template <typename F>
std::string InputErrorOf(F f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected an InputError";
  return {};
}

TEST(ModelLoading, MissingFileNamesThePath) {
  const std::string msg = InputErrorOf([] { LoadModel("/nonexistent/robot.xml"); });
  EXPECT_NE(msg.find("/nonexistent/robot.xml"), std::string::npos) << msg;
  EXPECT_NE(msg.find("not found"), std::string::npos) << msg;
}

TEST(ModelLoading, MalformedXmlGivesFileAndMujocoMessage) {
  const std::string msg = InputErrorOf([] { LoadModel(kData + "/bad_models/malformed.xml"); });
  EXPECT_NE(msg.find("malformed.xml"), std::string::npos) << msg;
  EXPECT_NE(msg.find("MuJoCo cannot load"), std::string::npos) << msg;
  EXPECT_NE(msg.find("Line number=4"), std::string::npos) << "MuJoCo's parser message should say where: " << msg;
}

TEST(ModelLoading, ModelMujocoRejectsGivesItsMessage) {
  const std::string msg = InputErrorOf([] { LoadModel(kData + "/bad_models/rejected.xml"); });
  EXPECT_NE(msg.find("rejected.xml"), std::string::npos) << msg;
}

TEST(ModelLoading, UnknownRobotListsTheKnownOnes) {
  const std::string msg = InputErrorOf([] { World::Create("quadrupedd", TerrainSpec{}); });
  EXPECT_NE(msg.find("unknown robot 'quadrupedd'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("quadruped"), std::string::npos) << msg;
}

TEST(ModelLoading, RobotTomlNamingAMissingJointNamesFileKeyAndName) {
  const std::string file = kData + "/robot_missing_joint/robot.toml";
  const std::string msg = InputErrorOf([&] { World::Create(LoadRobotDescription(file), TerrainSpec{}); });
  EXPECT_NE(msg.find(file + ":9: joints[2]"), std::string::npos) << msg;
  EXPECT_NE(msg.find("joint 'FL_knee' does not exist"), std::string::npos) << msg;
  EXPECT_NE(msg.find("FL_calf"), std::string::npos) << "should list the model's joints: " << msg;
}

TEST(ModelLoading, RobotTomlWithATypoNamesTheKey) {
  const std::string file = kData + "/robot_typo/robot.toml";
  const std::string msg = InputErrorOf([&] { LoadRobotDescription(file); });
  EXPECT_NE(msg.find(file + ":8: fall_hieght: unknown key (did you mean 'fall_height'?)"), std::string::npos) << msg;
}

// The quadruped's robot.toml with its [motors] table replaced by `motors`, in a temporary folder.
std::string QuadrupedWithMotors(const std::string& name, const std::string& motors) {
  std::ifstream in(AssetRoot() / "robots" / "quadruped" / "robot.toml");
  std::string toml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t begin = toml.find("[motors]"), end = toml.find("[[legs]]");
  toml.replace(begin, end - begin, motors);
  const std::string model = (AssetRoot() / "robots" / "quadruped" / "quadruped.xml").string();
  toml.replace(toml.find("\"quadruped.xml\""), 15, "\"" + model + "\"");
  const std::string dir = testing::TempDir() + "/stuntsim_motors_" + name;
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/robot.toml") << toml;
  return dir + "/robot.toml";
}

TEST(ModelLoading, MotorsAreRequiredAndChecked) {
  std::string file = QuadrupedWithMotors("missing", "");
  std::string msg = InputErrorOf([&] { LoadRobotDescription(file); });
  EXPECT_NE(msg.find("motors: missing: every actuated joint needs"), std::string::npos) << msg;

  file = QuadrupedWithMotors("knee", "[motors]\npeak_torque = 20\nknee_speed = 30\nmax_speed = 30\n");
  msg = InputErrorOf([&] { LoadRobotDescription(file); });
  EXPECT_NE(msg.find("knee_speed: expected 0 < knee_speed < max_speed (rad/s) (joint FL_hip)"), std::string::npos) << msg;

  file = QuadrupedWithMotors("count", "[motors]\npeak_torque = [20, 20]\nknee_speed = 20\nmax_speed = 30\n");
  msg = InputErrorOf([&] { LoadRobotDescription(file); });
  EXPECT_NE(msg.find("peak_torque"), std::string::npos) << msg;

  // 50 N*m on every joint: above the hips' ctrlrange of 23.7 N*m, which MuJoCo would clamp silently.
  file = QuadrupedWithMotors("ctrl", "[motors]\npeak_torque = 50\nknee_speed = 20\nmax_speed = 30\n");
  msg = InputErrorOf([&] { World::Create(LoadRobotDescription(file), TerrainSpec{}); });
  EXPECT_NE(msg.find("motors.peak_torque: joint 'FL_hip': peak torque 50"), std::string::npos) << msg;
  EXPECT_NE(msg.find("ctrlrange"), std::string::npos) << msg;

  // The real description's figures reach RobotInfo.
  const auto world = World::Create("quadruped", TerrainSpec{});
  const JointInfo& calf = world->info().joints[2];
  EXPECT_DOUBLE_EQ(calf.motor.peak_torque, 45.43);
  EXPECT_DOUBLE_EQ(calf.motor.max_speed, 15.7);
  EXPECT_DOUBLE_EQ(calf.tau_max, 45.43);
  EXPECT_GT(calf.armature, 0.0);  // from the MJCF
  EXPECT_GT(calf.damping, 0.0);
}

TEST(ModelLoading, MalformedTomlNamesLine) {
  const std::string dir = testing::TempDir() + "/stuntsim_bad_toml";
  std::filesystem::create_directories(dir);
  {
    std::ofstream(dir + "/robot.toml") << "name = \"x\"\nkind = [unclosed\n";
  }
  const std::string msg = InputErrorOf([&] { LoadRobotDescription(dir + "/robot.toml"); });
  EXPECT_NE(msg.find("robot.toml:2: malformed TOML"), std::string::npos) << msg;
}

TEST(ModelLoading, NoMujocoLogFileInTheWorkingDirectory) {
  const auto cwd = std::filesystem::current_path();
  const std::string dir = testing::TempDir() + "/stuntsim_log_cwd";
  std::filesystem::create_directories(dir);
  std::filesystem::current_path(dir);
  // Too few contacts for a box on a plane: MuJoCo warns (contact list full).
  const std::string xml =
      "<mujoco><size nconmax='1'/><worldbody><geom type='plane' size='1 1 1'/>"
      "<body pos='0 0 0.05'><freejoint/><geom type='box' size='.1 .1 .1'/></body></worldbody></mujoco>";
  ModelPtr model = LoadModelFromString(xml, "contacts.xml");
  DataPtr data(mj_makeData(model.get()));
  for (int i = 0; i < 10; ++i) mj_step(model.get(), data.get());
  EXPECT_GT(data->warning[mjWARN_CONTACTFULL].number, 0);
  EXPECT_FALSE(std::filesystem::exists(dir + "/MUJOCO_LOG.TXT"));
  std::filesystem::current_path(cwd);
}

}  // namespace
}  // namespace stuntsim
