// Fault injection end to end: stuntsim-run with the test-only fault controllers
// (libstuntsim_fault_controllers.so) reports each fault as a failed scenario (console, JSON,
// JUnit), keeps running the others and exits 1; a scenario over --timeout fails; one that
// hangs inside a step ends the process with exit code 3 and the reports written so far.
// No test asserts a speed: every fault is 10x or more over the limit it trips.

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "gui_harness.h"

namespace stuntsim::gui_test {
namespace {

namespace fs = std::filesystem;

// Bound on a whole run: the faults trip within seconds; this only catches a hang.
constexpr double kRunBound = 120.0;

std::string Scenario(const std::string& name) {
  const std::string folder = name.rfind("cli_", 0) == 0 ? "/scenarios_cli/" : "/scenarios_faults/";
  return std::string(STUNTSIM_TEST_DATA) + folder + name + ".toml";
}

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class FaultRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    out_ = ArtifactPath(::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(out_);
    fs::create_directories(out_);
  }

  // Runs stuntsim-run with the fault plugin; stdout and stderr together in `output`.
  ProcessResult Run(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {STUNTSIM_RUN_EXE, "--plugin", STUNTSIM_FAULT_PLUGIN};
    argv.insert(argv.end(), args.begin(), args.end());
    Process p(argv, "", out_ + "/output.log", {}, /*merge_stdout=*/true);
    ProcessResult r = p.Wait(kRunBound);
    std::printf("exit %d in %.2f s\n%s", r.exit_code, r.seconds, r.stderr_text.c_str());
    EXPECT_FALSE(r.timed_out) << "stuntsim-run still running after " << kRunBound << " s (killed)";
    EXPECT_EQ(r.signal, 0) << "stuntsim-run ended by signal " << r.signal;
    return r;
  }

  nlohmann::json Json(const std::string& name) {
    std::ifstream in(out_ + "/" + name + ".json");
    EXPECT_TRUE(in.good()) << "missing " << out_ << "/" << name << ".json";
    return in ? nlohmann::json::parse(in) : nlohmann::json::object();
  }

  std::string out_;
};

void ExpectHas(const std::string& text, const std::string& what) {
  EXPECT_NE(text.find(what), std::string::npos) << "expected '" << what << "' in:\n" << text;
}

// `--plugin libfoo.so` from the plugin's own folder (stuntsim-run starts in the artifacts folder,
// where the test copies the plugin): the bare name is the file there, not a library to search.
TEST_F(FaultRunTest, APluginLoadsByItsBareNameFromTheWorkingDirectory) {
  const fs::path copy = fs::path(ArtifactPath("")) / "libbare_name_plugin.so";
  fs::copy_file(STUNTSIM_FAULT_PLUGIN, copy, fs::copy_options::overwrite_existing);
  Process p({STUNTSIM_RUN_EXE, "--plugin", "libbare_name_plugin.so", "--list"}, "", out_ + "/output.log", {}, true);
  const ProcessResult r = p.Wait(kRunBound);
  EXPECT_EQ(r.exit_code, 0) << r.stderr_text;
  ExpectHas(r.stderr_text, "fault_nan");
}

// Without --plugin, an unknown controller's message says how a user's own one loads.
TEST_F(FaultRunTest, AnUnknownControllerHintsAtPluginWhenNoneWasGiven) {
  Process p({STUNTSIM_RUN_EXE, "--robot", "quadruped", "--controller", "fault_nan", "--seconds", "0.1"}, "",
            out_ + "/output.log", {}, true);
  const ProcessResult r = p.Wait(kRunBound);
  EXPECT_EQ(r.exit_code, 2) << r.stderr_text;
  ExpectHas(r.stderr_text, "unknown controller 'fault_nan'");
  ExpectHas(r.stderr_text, "--plugin <path/to/lib.so>");
}

TEST_F(FaultRunTest, EachFaultFailsItsScenarioWithTheReasonAndTheOthersRun) {
  const ProcessResult r = Run({Scenario("fault_nan"), Scenario("fault_inf"), Scenario("fault_throw"),
                               Scenario("fault_slow"), Scenario("cli_passes"), Scenario("cli_diverges"),
                               "--tick-budget", "0.2", "--jobs", "2", "--out", out_, "--junit", out_ + "/junit.xml"});
  EXPECT_EQ(r.exit_code, 1) << "a fault is a verdict (1), not bad input (2)";
  const std::string& out = r.stderr_text;
  // Console: which controller, what, and when (the faults start at t = 0.5 s).
  ExpectHas(out, "FAIL fault_nan: error at t=0.5 s: controller 'fault_nan' returned a non-finite tau_ff for joint "
                 "FL_hip at t=0.500 s");
  ExpectHas(out, "FAIL fault_inf: error at t=0.5 s: controller 'fault_inf' returned a non-finite tau_ff for joint "
                 "FL_hip at t=0.500 s");
  ExpectHas(out, "FAIL fault_throw: error at t=0.5 s: controller 'fault_throw' failed at t=0.500000 s: injected "
                 "fault: Compute threw on purpose");
  ExpectHas(out, "FAIL fault_slow: error at t=0.5 s: controller 'fault_slow' took ");
  ExpectHas(out, " s at t=0.500 s, over the tick budget of 0.2 s");
  ExpectHas(out, "FAIL cli_diverges: error at t=");
  ExpectHas(out, "PASS cli_passes");
  ExpectHas(out, "6 scenarios: 1 passed, 5 failed");
  // JSON: failed with the reason and the time reached.
  for (const char* name : {"fault_nan", "fault_inf", "fault_throw", "fault_slow"}) {
    SCOPED_TRACE(name);
    const nlohmann::json j = Json(name);
    EXPECT_EQ(j.value("passed", true), false);
    EXPECT_EQ(j.value("error", false), true);
    ExpectHas(j.value("failure", ""), std::string("controller '") + name + "'");
    ExpectHas(j.value("failure", ""), "t=0.500");
    EXPECT_NEAR(j.value("sim_seconds", 0.0), 0.5, 0.003);
  }
  EXPECT_EQ(Json("cli_passes").value("passed", false), true);
  // JUnit: the five failures are errors with the reason; all six are listed.
  const std::string junit = Read(out_ + "/junit.xml");
  ExpectHas(junit, "tests=\"6\" failures=\"0\" errors=\"5\"");
  ExpectHas(junit, "controller &apos;fault_nan&apos; returned a non-finite tau_ff");
  ExpectHas(junit, "controller &apos;fault_throw&apos; failed at t=0.500000 s");
  ExpectHas(junit, "over the tick budget of 0.2 s");
}

TEST_F(FaultRunTest, ScenarioOverTheTimeoutFails) {
  // Ten minutes of simulated time cannot finish in 1 s of wall time (that would be 600x real
  // time; the runner manages about 20-40x); each step takes microseconds,
  // so the check between steps ends it long before the watchdog (at 2 s) would.
  const ProcessResult r = Run({Scenario("long_stand"), Scenario("cli_passes"), "--timeout", "1", "--out", out_});
  EXPECT_EQ(r.exit_code, 1);
  ExpectHas(r.stderr_text, "FAIL long_stand: error at t=");
  ExpectHas(r.stderr_text, " s: timed out after 1.0 s of wall time (limit 1 s) at t=");
  ExpectHas(r.stderr_text, "PASS cli_passes");
  ExpectHas(Json("long_stand").value("failure", ""), "timed out after");
}

TEST_F(FaultRunTest, HangingControllerEndsTheRunWithCode3AndReports) {
  const ProcessResult r = Run({Scenario("fault_hang"), Scenario("cli_passes"), "--timeout", "1", "--jobs", "2",
                               "--out", out_, "--junit", out_ + "/junit.xml"});
  EXPECT_EQ(r.exit_code, 3) << "the watchdog's exit code";
  ExpectHas(r.stderr_text, "FAIL fault_hang: error at t=0.5");
  ExpectHas(r.stderr_text, "hung: a physics step did not return for ");
  ExpectHas(r.stderr_text, "stuntsim-run: scenario 'fault_hang' (" + Scenario("fault_hang") + ") hung");
  ExpectHas(r.stderr_text, "PASS cli_passes");
  const std::string junit = Read(out_ + "/junit.xml");
  ExpectHas(junit, "name=\"fault_hang\"");
  ExpectHas(junit, "name=\"cli_passes\"");
  ExpectHas(junit, "errors=\"1\"");
  EXPECT_EQ(Json("fault_hang").value("error", false), true);
}

}  // namespace
}  // namespace stuntsim::gui_test
