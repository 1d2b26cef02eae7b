// GUI tests of stuntsim-viewer: a user's session under Xvfb (real clicks and keys through
// xdotool, or the --script path), judged by the viewer's state dump and kept screenshots.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "gui_harness.h"
#include "stuntsim/controllers/registry.h"
#include "stuntsim/sim/assets.h"
#include "stuntsim/sim/world.h"

namespace stuntsim::gui_test {
namespace {

// Generous: the machine may be busy; the viewer exits by itself well before.
constexpr double kRunTimeout = 60.0;

double HomeHeight(const std::string& robot) {
  return World::Create(robot, TerrainSpec())->info().home_base_height;
}

bool HasRobot(const std::string& robot) {
  const std::vector<std::string> robots = ListRobots();
  return std::find(robots.begin(), robots.end(), robot) != robots.end();
}

double Horizontal(const nlohmann::json& dump) {
  return std::hypot(dump["base_position"][0].get<double>(), dump["base_position"][1].get<double>());
}

class ViewerGuiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const VirtualDisplay& x = VirtualDisplay::Get();
    if (x.display().empty()) GTEST_SKIP() << "no virtual display: " << x.why_not();
    display_ = x.display();
  }

  // Runs the viewer to its end with `args`; expects exit code 0.
  void Run(const std::vector<std::string>& args, const std::string& log) {
    const ProcessResult r = RunViewer(args, display_, kRunTimeout, log);
    ASSERT_FALSE(r.timed_out) << "viewer did not exit; stderr:\n" << r.stderr_text;
    ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  }

  // Runs a script; returns the path of the artifacts it names with `prefix`.
  void RunScript(const std::string& name, const std::string& script, std::vector<std::string> extra = {}) {
    const std::string path = WriteArtifact(name + ".script", script);
    std::vector<std::string> args = {"--script", path, "--quit-after", "40"};
    args.insert(args.end(), extra.begin(), extra.end());
    Run(args, name + ".log");
  }

  nlohmann::json Dump(const std::string& name) {
    std::optional<nlohmann::json> dump = ReadJson(ArtifactPath(name));
    EXPECT_TRUE(dump.has_value()) << "no state dump " << ArtifactPath(name);
    return dump.value_or(nlohmann::json::object());
  }

  std::string display_;
};

TEST_F(ViewerGuiTest, QuadrupedStandsAtHomeHeight) {
  Run({"--robot", "quadruped", "--screenshot", ArtifactPath("stand.png"), "--screenshot-after", "3", "--state-dump",
       ArtifactPath("stand.json")},
      "stand.log");
  const nlohmann::json d = Dump("stand.json");
  EXPECT_EQ(d["robot"], "quadruped");
  EXPECT_EQ(d["behavior"], "stand");
  EXPECT_FALSE(d["fell"].get<bool>());
  EXPECT_GE(d["sim_time"].get<double>(), 2.5);
  EXPECT_NEAR(d["height"].get<double>(), HomeHeight("quadruped"), 0.04);
  EXPECT_LT(Horizontal(d), 0.05);
  EXPECT_GT(std::filesystem::file_size(ArtifactPath("stand.png")), 20000u);
}

TEST_F(ViewerGuiTest, ScriptSwitchesRobotThroughThePicker) {
  if (!HasRobot("wheel_legged")) GTEST_SKIP() << "assets/robots/wheel_legged is missing";
  RunScript("switch",
            "wait 1\n"
            "click robot:wheel_legged   # the robot picker's radio button\n"
            "wait 2.5\n"
            "screenshot " + ArtifactPath("switch.png") + "\n"
            "dump " + ArtifactPath("switch.json") + "\n"
            "quit\n");
  const nlohmann::json d = Dump("switch.json");
  EXPECT_EQ(d["robot"], "wheel_legged");
  EXPECT_FALSE(d["fell"].get<bool>());
  EXPECT_NEAR(d["height"].get<double>(), HomeHeight("wheel_legged"), 0.05);
  EXPECT_LT(d["sim_time"].get<double>(), 4.0);  // a fresh simulation
}

TEST_F(ViewerGuiTest, RealClickOnPushButtonMovesTheBase) {
  const std::string map = ArtifactPath("push_widgets.json"), dump = ArtifactPath("push.json");
  std::filesystem::remove(map);
  // A 25 N*s push (the slider set by a script line; the click itself is real).
  const std::string script = WriteArtifact("push.script", "set slider:impulse 25\n");
  Process viewer({ViewerPath(), "--script", script, "--widget-map", map, "--state-dump", dump, "--quit-after", "30"},
                 display_, ArtifactPath("push.log"));
  const auto push = WaitForWidget(map, "Push", 15);
  ASSERT_TRUE(push.has_value()) << "the Push button never appeared in " << map;
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // standing up
  ASSERT_TRUE(ClickAt(push->first, push->second, display_)) << "xdotool failed";
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  // Quit with the real key binding (Ctrl+Q) over the 3D view.
  ASSERT_EQ(RunCommand("xdotool search --name '^StuntSim$' mousemove --window %1 640 400 key ctrl+q", display_), 0);
  const ProcessResult r = viewer.Wait(20);
  ASSERT_FALSE(r.timed_out) << "Ctrl+Q did not close the viewer";
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  const nlohmann::json d = Dump("push.json");
  // The default push direction is the robot's left (+y at spawn).
  EXPECT_GT(d["base_position"][1].get<double>(), 0.1) << d.dump();
}

TEST_F(ViewerGuiTest, CtrlDragLiftsTheRobot) {
  const std::string map = ArtifactPath("drag_widgets.json");
  std::filesystem::remove(map);
  // The script samples the state while the test holds the drag.
  const std::string script = WriteArtifact("drag.script", "wait 4.5\n"
                                                          "dump " + ArtifactPath("drag_mid.json") + "\n"
                                                          "screenshot " + ArtifactPath("drag_mid.png") + "\n");
  Process viewer({ViewerPath(), "--script", script, "--widget-map", map, "--quit-after", "30"}, display_,
                 ArtifactPath("drag.log"));
  const auto view = WaitForWidget(map, "view:3d", 15);
  ASSERT_TRUE(view.has_value());
  std::this_thread::sleep_for(std::chrono::milliseconds(2000));
  // The follow camera looks at the robot's centre of mass: the middle of the 3D view is its trunk.
  const std::string move = "xdotool search --name '^StuntSim$' mousemove --window %1 --sync " +
                           std::to_string(view->first) + " " + std::to_string(view->second);
  ASSERT_EQ(RunCommand(move, display_), 0);
  ASSERT_EQ(RunCommand("xdotool keydown ctrl mousedown 1", display_), 0);
  for (int i = 0; i < 20; ++i) {
    RunCommand("xdotool mousemove_relative -- 0 -6", display_);
    std::this_thread::sleep_for(std::chrono::milliseconds(40));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));  // the script dumps meanwhile
  RunCommand("xdotool mouseup 1 keyup ctrl", display_);
  ASSERT_EQ(RunCommand("xdotool key ctrl+q", display_), 0);
  const ProcessResult r = viewer.Wait(20);
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  const nlohmann::json d = Dump("drag_mid.json");
  EXPECT_GT(d["height"].get<double>(), HomeHeight("quadruped") + 0.03) << d.dump();
}

TEST_F(ViewerGuiTest, ResetRestoresTheStartPose) {
  RunScript("reset",
            "wait 1.5\n"
            "set slider:impulse 25\n"
            "click Push\n"
            "wait 1.5\n"
            "dump " + ArtifactPath("reset_before.json") + "\n"
            "click Reset\n"
            "wait 1.5\n"
            "dump " + ArtifactPath("reset_after.json") + "\n"
            "quit\n");
  const nlohmann::json before = Dump("reset_before.json"), after = Dump("reset_after.json");
  EXPECT_GT(Horizontal(before), 0.05) << "the push did not move the robot: " << before.dump();
  EXPECT_LT(Horizontal(after), 0.02) << after.dump();
  EXPECT_NEAR(after["height"].get<double>(), HomeHeight("quadruped"), 0.04);
  EXPECT_NEAR(after["yaw"].get<double>(), 0.0, 0.02);
  EXPECT_FALSE(after["fell"].get<bool>());
  EXPECT_LT(after["sim_time"].get<double>(), before["sim_time"].get<double>());
}

TEST_F(ViewerGuiTest, PauseStopsSimulationTime) {
  RunScript("pause",
            "wait 1\n"
            "click Pause\n"
            "wait 0.3\n"
            "dump " + ArtifactPath("pause_a.json") + "\n"
            "wait 1\n"
            "dump " + ArtifactPath("pause_b.json") + "\n"
            "press p\n"
            "wait 1\n"
            "dump " + ArtifactPath("pause_c.json") + "\n"
            "quit\n");
  const double a = Dump("pause_a.json")["sim_time"], b = Dump("pause_b.json")["sim_time"],
               c = Dump("pause_c.json")["sim_time"];
  EXPECT_DOUBLE_EQ(a, b);
  EXPECT_GT(c, b + 0.5);  // P resumed it
}

TEST_F(ViewerGuiTest, SlowMotionRunsAtAQuarterOfRealTime) {
  RunScript("slow",
            "click speed:1/4\n"
            "wait 2.5\n"
            "dump " + ArtifactPath("slow.json") + "\n"
            "quit\n");
  const nlohmann::json d = Dump("slow.json");
  EXPECT_NEAR(d["real_time_factor"].get<double>(), 0.25, 0.05) << d.dump();
}

TEST_F(ViewerGuiTest, RecordsAnMp4) {
  const std::string video = ArtifactPath("record.mp4");
  std::filesystem::remove(video);
  Run({"--record", video, "--quit-after", "2.5"}, "record.log");
  ASSERT_TRUE(std::filesystem::exists(video));
  EXPECT_GT(std::filesystem::file_size(video), 10000u);
}

TEST_F(ViewerGuiTest, ScriptClickOnAMissingWidgetExitsWithCode2) {
  const std::string path = WriteArtifact("missing.script", "wait 0.5\nclick behavior:moonwalk\n");
  const ProcessResult r = RunViewer({"--script", path, "--quit-after", "30"}, display_, kRunTimeout, "missing.log");
  EXPECT_EQ(r.exit_code, 2) << r.stderr_text;
  EXPECT_NE(r.stderr_text.find("missing.script:2: click: no widget named 'behavior:moonwalk'"), std::string::npos)
      << r.stderr_text;
}

// Once the quadruped locomotion controller is registered: trot, hold W for 3 s, and the robot
// has walked at least a metre forward.
TEST_F(ViewerGuiTest, TrotWithWHeldWalksForward) {
  const ControllerEntry* mpc = ControllerRegistry::Global().Find("quadruped_mpc");
  if (mpc == nullptr) GTEST_SKIP() << "controller quadruped_mpc is not registered yet";
  if (std::find(mpc->behaviors.begin(), mpc->behaviors.end(), "trot") == mpc->behaviors.end()) {
    GTEST_SKIP() << "quadruped_mpc offers no 'trot' behaviour";
  }
  const std::string map = ArtifactPath("trot_widgets.json"), dump = ArtifactPath("trot.json");
  std::filesystem::remove(map);
  Process viewer({ViewerPath(), "--controller", "quadruped_mpc", "--widget-map", map, "--state-dump", dump,
                  "--quit-after", "40"},
                 display_, ArtifactPath("trot.log"));
  const auto trot = WaitForWidget(map, "behavior:trot", 15);
  ASSERT_TRUE(trot.has_value()) << "no trot button in " << map;
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  ASSERT_TRUE(ClickAt(trot->first, trot->second, display_));
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // the gait starts
  // Hold W for 3 s with the pointer over the 3D view (keyboard focus follows the pointer).
  ASSERT_EQ(RunCommand("xdotool search --name '^StuntSim$' mousemove --window %1 640 400 keydown w", display_), 0);
  std::this_thread::sleep_for(std::chrono::seconds(3));
  RunCommand("xdotool keyup w", display_);
  // The screenshot key writes stuntsim_<date>-<time>.png into the viewer's folder (artifacts).
  const auto pngs = [] {
    int n = 0;
    for (const auto& e : std::filesystem::directory_iterator(std::filesystem::path(ArtifactPath("x")).parent_path())) {
      n += e.path().filename().string().rfind("stuntsim_", 0) == 0 && e.path().extension() == ".png";
    }
    return n;
  };
  const int pngs_before = pngs();
  RunCommand("xdotool key F12", display_);
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  EXPECT_GT(pngs(), pngs_before) << "F12 wrote no screenshot";
  ASSERT_EQ(RunCommand("xdotool key ctrl+q", display_), 0);
  const ProcessResult r = viewer.Wait(20);
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  const nlohmann::json d = Dump("trot.json");
  EXPECT_EQ(d["behavior"], "trot");
  EXPECT_FALSE(d["fell"].get<bool>());
  EXPECT_GE(d["base_position"][0].get<double>(), 1.0) << d.dump();
}

// Bad input: one clear line naming the field (file and line for scripts), exit code 2, before
// any window opens (so no display is needed).
TEST(ViewerBadInputTest, ExitsWithCode2AndOneClearLine) {
  struct Case {
    std::vector<std::string> args;
    std::string expected;
  };
  const Case cases[] = {
      {{"--robot", "unicorn"}, "--robot: unknown robot 'unicorn'"},
      {{"--terrain", "lava"}, "--terrain: unknown terrain 'lava'"},
      {{"--controller", "nope"}, "--controller: unknown controller 'nope'"},
      {{"--behavior", "moonwalk"}, "--behavior: 'moonwalk' is not a behaviour"},
      {{"--quit-after", "-1"}, "--quit-after: expected seconds >= 0"},
      {{"--script", "/nonexistent/demo.script"}, "--script: cannot read"},
      {{"--script", WriteArtifact("bad_line.script", "wait 1\nhold w soon\n")},
       "bad_line.script:2: hold: expected seconds"},
      {{"--script", WriteArtifact("bad_key.script", "press hyper\n")}, "bad_key.script:1: press: unknown key 'hyper'"},
      {{"--script", WriteArtifact("bad_cmd.script", "# demo\n\njump 3\n")}, "bad_cmd.script:3: unknown command 'jump'"},
      {{"--script", WriteArtifact("bad_quote.script", "click \"Push\n")}, "bad_quote.script:1: unterminated quote"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.expected);
    const ProcessResult r = RunViewer(c.args, "", 30, "bad_input.log");
    EXPECT_EQ(r.exit_code, 2) << r.stderr_text;
    EXPECT_NE(r.stderr_text.find(c.expected), std::string::npos) << r.stderr_text;
    EXPECT_EQ(std::count(r.stderr_text.begin(), r.stderr_text.end(), '\n'), 1) << r.stderr_text;
  }
}

}  // namespace
}  // namespace stuntsim::gui_test
