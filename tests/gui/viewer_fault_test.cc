// The viewer when the simulation faults: the test-only fault controllers (tests/faults, loaded
// with --plugin) make Step throw at t = 0.5 s; the physics thread must stop stepping, the fault
// banner must show the reason, and Reset (the key, or the button) must recover, all under Xvfb.
// A tick that never returns must be reported and must not keep the viewer from going on.

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "gui_harness.h"

namespace stuntsim::gui_test {
namespace {

class ViewerFaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const VirtualDisplay& x = VirtualDisplay::Get();
    if (x.display().empty()) GTEST_SKIP() << "no virtual display: " << x.why_not();
    display_ = x.display();
  }
  std::string display_;
};

// Real input: wait for the banner in the widget map, click the "hold" behaviour (so the
// controller does not fault again), press Backspace, and the simulation runs past the fault.
TEST_F(ViewerFaultTest, ThrowingControllerShowsTheBannerAndBackspaceRecovers) {
  const std::string map = ArtifactPath("fault_widgets.json"), dump = ArtifactPath("fault_end.json");
  std::filesystem::remove(map);
  std::filesystem::remove(dump);
  Process viewer({ViewerPath(), "--plugin", STUNTSIM_FAULT_PLUGIN, "--controller", "fault_throw", "--widget-map", map,
                  "--state-dump", dump, "--quit-after", "60"},
                 display_, ArtifactPath("fault.log"));
  ASSERT_TRUE(WaitForWidget(map, "banner:fault", 30).has_value()) << "no fault banner in " << map;
  const auto hold = WaitForWidget(map, "behavior:hold", 5);
  ASSERT_TRUE(hold.has_value()) << "no hold button in " << map;
  ASSERT_TRUE(ClickAt(hold->first, hold->second, display_));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  // Keyboard focus follows the pointer: put it over the 3D view, then Backspace.
  ASSERT_EQ(RunCommand("xdotool search --name '^StuntSim$' mousemove --window %1 640 400 key BackSpace", display_), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  const std::optional<nlohmann::json> widgets = ReadJson(map);
  ASSERT_TRUE(widgets.has_value());
  EXPECT_FALSE((*widgets)["widgets"].contains("banner:fault")) << "the banner is still shown after the reset";
  ASSERT_EQ(RunCommand("xdotool key ctrl+q", display_), 0);
  const ProcessResult r = viewer.Wait(20);
  ASSERT_FALSE(r.timed_out) << r.stderr_text;
  ASSERT_EQ(r.signal, 0) << r.stderr_text;
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  const std::optional<nlohmann::json> d = ReadJson(dump);
  ASSERT_TRUE(d.has_value()) << "no state dump";
  EXPECT_EQ((*d)["error"], "") << d->dump();
  EXPECT_EQ((*d)["behavior"], "hold");
  EXPECT_GT((*d)["sim_time"].get<double>(), 0.6) << "did not run past the fault time after the reset";
}

// Scripted: NaN torques stop the simulation at t = 0.5 s with the reason; the Reset button
// recovers.
TEST_F(ViewerFaultTest, NanTorquesStopTheSimulationAndTheResetButtonRecovers) {
  const std::string script = WriteArtifact("fault_nan.script",
                                           "wait 2.5\n"
                                           "dump " + ArtifactPath("fault_nan_stopped.json") + "\n"
                                           "wait 0.5\n"
                                           "dump " + ArtifactPath("fault_nan_still.json") + "\n"
                                           "click behavior:hold\n"
                                           "click Reset\n"
                                           "wait 2.5\n"
                                           "dump " + ArtifactPath("fault_nan_after.json") + "\n"
                                           "quit\n");
  for (const char* f : {"fault_nan_stopped.json", "fault_nan_still.json", "fault_nan_after.json"}) {
    std::filesystem::remove(ArtifactPath(f));
  }
  const ProcessResult r = RunViewer({"--plugin", STUNTSIM_FAULT_PLUGIN, "--controller", "fault_nan", "--script", script,
                                     "--quit-after", "60"},
                                    display_, 90, "fault_nan.log");
  ASSERT_FALSE(r.timed_out) << r.stderr_text;
  ASSERT_EQ(r.signal, 0) << r.stderr_text;
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  const std::optional<nlohmann::json> stopped = ReadJson(ArtifactPath("fault_nan_stopped.json")),
                                      still = ReadJson(ArtifactPath("fault_nan_still.json")),
                                      after = ReadJson(ArtifactPath("fault_nan_after.json"));
  ASSERT_TRUE(stopped && still && after);
  const std::string error = (*stopped)["error"];
  EXPECT_NE(error.find("controller 'fault_nan' returned a non-finite tau_ff for joint FL_hip at t=0.500 s"),
            std::string::npos)
      << error;
  EXPECT_NEAR((*stopped)["sim_time"].get<double>(), 0.5, 0.003);
  EXPECT_EQ((*still)["sim_time"], (*stopped)["sim_time"]) << "the physics thread kept stepping after the fault";
  EXPECT_EQ((*after)["error"], "") << after->dump();
  EXPECT_GT((*after)["sim_time"].get<double>(), 0.6);
  EXPECT_FALSE((*after)["fell"].get<bool>());
}

// A tick that never returns: the banner says the simulation is not responding, picking another
// controller abandons the stuck thread and runs the new one, and the viewer still quits cleanly.
TEST_F(ViewerFaultTest, HangingControllerIsReportedAndAnotherControllerCanBePicked) {
  const std::string script = WriteArtifact("fault_hang.script",
                                           "wait 5\n"
                                           "dump " + ArtifactPath("fault_hang_stuck.json") + "\n"
                                           "click controller:stand\n"
                                           "wait 2\n"
                                           "dump " + ArtifactPath("fault_hang_after.json") + "\n"
                                           "quit\n");
  for (const char* f : {"fault_hang_stuck.json", "fault_hang_after.json"}) std::filesystem::remove(ArtifactPath(f));
  const ProcessResult r = RunViewer({"--plugin", STUNTSIM_FAULT_PLUGIN, "--controller", "fault_hang", "--script", script,
                                     "--quit-after", "60"},
                                    display_, 90, "fault_hang.log");
  ASSERT_FALSE(r.timed_out) << "the viewer did not quit with a stuck controller thread\n" << r.stderr_text;
  ASSERT_EQ(r.signal, 0) << r.stderr_text;
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  EXPECT_NE(r.stderr_text.find("controller 'fault_hang' has not returned from a tick; abandoning its thread"),
            std::string::npos)
      << r.stderr_text;
  const std::optional<nlohmann::json> stuck = ReadJson(ArtifactPath("fault_hang_stuck.json")),
                                      after = ReadJson(ArtifactPath("fault_hang_after.json"));
  ASSERT_TRUE(stuck && after);
  EXPECT_GT((*stuck)["stalled_seconds"].get<double>(), 3.0) << stuck->dump();
  EXPECT_LT((*stuck)["sim_time"].get<double>(), 0.501);
  EXPECT_EQ((*after)["controller"], "stand");
  EXPECT_EQ((*after)["error"], "");
  EXPECT_LT((*after)["stalled_seconds"].get<double>(), 1.0) << after->dump();
  EXPECT_GT((*after)["sim_time"].get<double>(), 0.5);
}

}  // namespace
}  // namespace stuntsim::gui_test
