// Move files: parsing (carry-forward rules, support), errors that name file, line and field, and
// the library (load by name, combos expanded, a bad file does not hide the good ones).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "stuntsim/controllers/humanoid/motion.h"
#include "stuntsim/controllers/humanoid/motion_library.h"

namespace stuntsim {
namespace {

namespace fs = std::filesystem;

constexpr char kKick[] = R"(# a kick
description = "test kick"
duration = 2.0
support = "both"

[[keyframes]]
time = 0.3
left_hand = [0.2, 0.1, 0.3]
torso_yaw = 0.2

[[keyframes]]
time = 0.8
support = "left"

[[keyframes]]
time = 1.2
right_foot = [0.5, -0.09, -0.1]
pelvis_pitch = -0.1

[[keyframes]]
time = 1.8
support = "both"
body_height = -0.05
)";

// The error message ParseMotion throws for `text`, or "" when it parses.
std::string ErrorOf(const std::string& text) {
  try {
    ParseMotion(text, "moves/bad.toml", "bad");
  } catch (const MotionError& e) {
    return e.what();
  }
  return "";
}

TEST(MotionParserTest, ParsesKeysWithCarryForward) {
  const Motion m = ParseMotion(kKick, "moves/kick.toml", "kick");
  EXPECT_EQ(m.name, "kick");
  EXPECT_EQ(m.description, "test kick");
  EXPECT_DOUBLE_EQ(m.duration, 2.0);
  ASSERT_EQ(m.keys.size(), 4u);
  EXPECT_EQ(m.keys[0].support, Support::kBoth);
  EXPECT_EQ(m.keys[1].support, Support::kLeft);
  EXPECT_EQ(m.keys[2].support, Support::kLeft);  // inherited
  EXPECT_EQ(m.keys[3].support, Support::kBoth);
  // Hands and torso carry forward; a channel never given is not tracked.
  EXPECT_TRUE(m.keys[3].has_hand[0]);
  EXPECT_DOUBLE_EQ(m.keys[3].hand[0].z(), 0.3);
  EXPECT_FALSE(m.keys[3].has_hand[1]);
  EXPECT_TRUE(m.keys[2].has_torso_yaw);
  EXPECT_DOUBLE_EQ(m.keys[2].torso_yaw, 0.2);
  // Feet do not carry forward.
  EXPECT_TRUE(m.keys[2].has_foot[1]);
  EXPECT_FALSE(m.keys[3].has_foot[1]);
  EXPECT_DOUBLE_EQ(m.keys[3].pelvis_rpy.y(), -0.1);
  EXPECT_TRUE(m.keys[3].has_height);
  EXPECT_FALSE(m.keys[2].has_height);
}

TEST(MotionParserTest, BadFilesNameFileLineAndField) {
  const std::string base = "duration = 1.0\n[[keyframes]]\ntime = 0.5\n";
  EXPECT_EQ(ErrorOf(base), "");
  EXPECT_EQ(
      ErrorOf(base + "left_hnd = [0, 0, 0]\n"),
      "moves/bad.toml:4: keyframes[0].left_hnd: unknown field (known: body_height, left_foot, left_hand, "
      "pelvis_pitch, pelvis_roll, pelvis_yaw, right_foot, right_hand, support, time, torso_yaw)");
  EXPECT_EQ(ErrorOf(base + "left_hand = [0, 0]\n"),
            "moves/bad.toml:4: keyframes[0].left_hand: expected an array of 3 numbers [x, y, z] (m)");
  EXPECT_EQ(ErrorOf(base + "[[keyframes]]\ntime = 0.2\n"),
            "moves/bad.toml:5: keyframes[1].time: keyframes must be in strictly increasing time order");
  EXPECT_EQ(ErrorOf("duration = 1.0\n[[keyframes]]\ntime = 1.5\n"),
            "moves/bad.toml:3: keyframes[0].time: must not be after the move's duration (1.000000 s)");
  EXPECT_EQ(ErrorOf(base + "right_foot = [0.3, 0, -0.2]\n"),
            "moves/bad.toml:4: keyframes[0].right_foot: the right foot carries the robot here (support = "
            "\"both\"); "
            "only the free foot can have a target");
  EXPECT_EQ(
      ErrorOf(base + "support = \"middle\"\n"),
      "moves/bad.toml:4: keyframes[0].support: expected \"both\", \"left\" or \"right\", got \"middle\"");
  EXPECT_EQ(ErrorOf(base + "torso_yaw = 9\n"),
            "moves/bad.toml:4: keyframes[0].torso_yaw: expected a finite number in [-1.6, 1.6], got 9");
  EXPECT_EQ(ErrorOf("[[keyframes]]\ntime = 0.5\n"), "moves/bad.toml:1: duration: missing (required)");
  EXPECT_EQ(ErrorOf("duration = 1.0\n"),
            "moves/bad.toml:1: keyframes: expected at least one [[keyframes]] table");
  EXPECT_EQ(ErrorOf("duration = 1.0\nspeed = 3\n[[keyframes]]\ntime = 0.5\n"),
            "moves/bad.toml:2: speed: unknown field (known: description, duration, keyframes, name, "
            "sequence, support)");
  EXPECT_EQ(
      ErrorOf("duration = \n"),
      "moves/bad.toml:1: malformed TOML: Error while parsing key-value pair: expected value, saw '\\n'");
  EXPECT_EQ(
      ErrorOf("sequence = [\"jab\"]\nduration = 2.0\n"),
      "moves/bad.toml:1: sequence: a sequence (combo) takes no keyframes, duration or support: its moves "
      "bring their own");
}

class MotionLibraryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("stuntsim_motion_test_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    Write("kick.toml", kKick);
    Write("wave.toml", "duration = 1.0\n[[keyframes]]\ntime = 0.5\nright_hand = [0.1, -0.2, 0.6]\n");
    Write("combo.toml", "sequence = [\"wave\", \"kick\", \"wave\"]\n");
    Write("broken.toml", "duration = 1.0\n[[keyframes]]\ntime = 0.5\nleft_hand = \"up\"\n");
    Write("loop.toml", "sequence = [\"broken\"]\n");
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Write(const std::string& name, const std::string& text) { std::ofstream(dir_ / name) << text; }

  fs::path dir_;
};

TEST_F(MotionLibraryTest, LoadsByNameExpandsCombosAndReportsBadFiles) {
  EXPECT_EQ(MotionLibrary::ListNames(dir_.string()),
            (std::vector<std::string>{"broken", "combo", "kick", "loop", "wave"}));
  MotionLibrary library;
  library.LoadAll(dir_.string());
  ASSERT_NE(library.Find("kick"), nullptr);
  const Motion* combo = library.Find("combo");
  ASSERT_NE(combo, nullptr);
  EXPECT_DOUBLE_EQ(combo->duration, 1.0 + 2.0 + 1.0);
  ASSERT_EQ(combo->keys.size(), 1u + 4u + 1u);
  EXPECT_DOUBLE_EQ(combo->keys[1].time, 1.0 + 0.3);  // the kick's keys follow the first wave
  EXPECT_DOUBLE_EQ(combo->keys[5].time, 3.0 + 0.5);
  EXPECT_EQ(library.Find("broken"), nullptr);
  EXPECT_EQ(library.error("broken"),
            (dir_ / "broken.toml").string() +
                ":4: keyframes[0].left_hand: expected an array of 3 numbers [x, y, z] (m)");
  EXPECT_EQ(library.Find("loop"), nullptr);
  EXPECT_NE(library.error("loop").find("sequence: move 'broken' is not available"), std::string::npos);
  EXPECT_NE(library.error("dance").find("no move 'dance'"), std::string::npos);
}

TEST(MotionAssetsTest, EveryShippedMoveParses) {
  MotionLibrary library;
  library.LoadAll(STUNTSIM_ASSETS_DIR "/motions");
  const std::vector<std::string> names = MotionLibrary::ListNames(STUNTSIM_ASSETS_DIR "/motions");
  for (const char* move :
       {"jab", "cross", "hook", "uppercut", "front_kick", "side_kick", "combo", "wave", "bow"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), move), names.end()) << move;
  }
  for (const std::string& name : names) EXPECT_NE(library.Find(name), nullptr) << library.error(name);
}

}  // namespace
}  // namespace stuntsim
