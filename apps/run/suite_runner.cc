#include "suite_runner.h"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>

#include "progress.h"
#include "stuntsim/sim/errors.h"
#include "stuntsim/sim/parallel.h"
#include "stuntsim/sim/scenario_report.h"
#include "stuntsim/sim/scenario_runner.h"
#include "video_recorder.h"
#include "watchdog.h"

namespace stuntsim {
namespace {

struct Outcome {
  ScenarioResult result;
  /// Set when the scenario could not run because of bad input.
  std::string input_error;
  bool done = false;
};

std::string OutPath(const SuiteOptions& options, const std::string& name, const char* extension) {
  return (std::filesystem::path(options.out_dir) / (name + extension)).string();
}

void WriteOutputs(const SuiteOptions& options, const ScenarioResult& r) {
  WriteTextFile(OutPath(options, r.name, ".json"), ResultJson(r));
  const std::string csv = OutPath(options, r.name, ".csv");
  std::ofstream out(csv);
  if (r.trajectory) WriteTrajectoryCsv(out, *r.trajectory, options.csv_rate_hz);
  out.close();
  if (!out) throw InputError(csv + ": cannot write the file");
}

Outcome RunOne(const Scenario& scenario, const SuiteOptions& options, ProgressBoard& board, Watchdog& watchdog,
               int index) {
  Outcome o;
  std::string error;  // an exception RunScenario does not turn into a result
  try {
    ProgressObserver progress(board);
    WatchdogObserver watch(watchdog, index);
    std::vector<ScenarioObserver*> observers = {&progress, &watch};
    std::unique_ptr<VideoRecorder> video;
    if (options.video) {
      video = std::make_unique<VideoRecorder>(OutPath(options, scenario.name, ".mp4"));
      observers.push_back(video.get());
    }
    o.result = RunScenario(scenario, observers, options.limits);
    if (!options.out_dir.empty()) WriteOutputs(options, o.result);
  } catch (const InputError& e) {
    o.input_error = error = e.what();
  } catch (const std::exception& e) {
    error = e.what();
  }
  if (error.empty()) return o;
  o.result.name = scenario.name;
  o.result.file = scenario.file;
  o.result.robot = scenario.robot;
  o.result.passed = false;
  o.result.error = true;
  o.result.failure = (o.input_error.empty() ? "" : "bad input: ") + error;
  return o;
}

// The result of a scenario that never finished: what is known when the watchdog fires.
ScenarioResult HungResult(const Scenario& s, double sim_time, double wall, double timeout) {
  ScenarioResult r = ResultHeader(s);
  r.sim_seconds = sim_time;
  r.wall_seconds = wall;
  r.error = true;
  char text[200];
  std::snprintf(text, sizeof(text),
                "hung: a physics step did not return for %.1f s of wall time (watchdog at 2 x --timeout %g s); "
                "last simulated time %.3f s",
                wall, timeout, sim_time);
  r.failure = text;
  return r;
}

std::string ResultText(const Outcome& o, const SuiteOptions& options) {
  const ScenarioResult& r = o.result;
  if (!o.input_error.empty()) return "BAD INPUT " + r.name + ": " + o.input_error + "\n";
  std::string text;
  for (const std::string& line : ResultLines(r)) text += line + "\n";
  char timing[160];
  std::snprintf(timing, sizeof(timing), "     %s: %.2f s simulated in %.2f s (%.1fx real time), hash %016llx\n",
                r.name.c_str(), r.sim_seconds, r.wall_seconds, r.realtime_factor,
                static_cast<unsigned long long>(r.state_hash));
  text += timing;
  // One line per refused behaviour switch (the first few; all of them are in the JSON).
  constexpr size_t kMaxRefusalLines = 5;
  for (size_t i = 0; i < r.refusals.size() && i < kMaxRefusalLines; ++i) {
    const RefusalEvent& e = r.refusals[i];
    char when[64];
    std::snprintf(when, sizeof(when), " at t=%.3f s", e.time);
    text += "     " + r.name + ": refused '" + e.requested + "'" + when + ": " + e.refusal + "\n";
  }
  if (r.refusals.size() > kMaxRefusalLines) {
    text += "     " + r.name + ": " + std::to_string(r.refusals.size() - kMaxRefusalLines) +
            " more refusals (listed in the JSON)\n";
  }
  if (options.print_metrics) {
    for (const auto& [label, value] : r.metrics) text += "     " + label + " = " + FormatNumber(value) + "\n";
  }
  return text;
}

}  // namespace

int RunSuite(const std::vector<Scenario>& scenarios, const SuiteOptions& options) {
  const int n = static_cast<int>(scenarios.size());
  if (!options.out_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(options.out_dir, ec);
    if (!std::filesystem::is_directory(options.out_dir)) {
      std::fprintf(stderr, "stuntsim-run: --out %s: cannot create the folder\n", options.out_dir.c_str());
      return 2;
    }
  }
  const auto start = std::chrono::steady_clock::now();
  std::vector<Outcome> outcomes(n);
  {
    ProgressBoard board(isatty(STDOUT_FILENO) != 0, n);
    std::mutex mutex;
    int printed = 0;
    // A scenario stuck inside a step: report it with the finished ones and end the process.
    Watchdog watchdog(n, 2 * options.limits.timeout, [&](int hung, double sim_time, double wall) {
      std::lock_guard<std::mutex> lock(mutex);
      const ScenarioResult r = HungResult(scenarios[hung], sim_time, wall, options.limits.timeout);
      board.Print("FAIL " + r.name + ": error at t=" + FormatNumber(sim_time) + " s: " + r.failure + "\n");
      std::fprintf(stderr, "stuntsim-run: scenario '%s' (%s) hung; the other scenarios still running are abandoned; "
                   "exit code %d\n", r.name.c_str(), r.file.c_str(), kExitHung);
      std::vector<const ScenarioResult*> results;
      for (const Outcome& o : outcomes) {
        if (o.done) results.push_back(&o.result);
      }
      results.push_back(&r);
      try {
        if (!options.out_dir.empty()) WriteTextFile(OutPath(options, r.name, ".json"), ResultJson(r));
        if (!options.junit_path.empty()) WriteTextFile(options.junit_path, JunitXml(results, options.suite_name));
      } catch (const std::exception& e) {
        std::fprintf(stderr, "stuntsim-run: %s\n", e.what());
      }
      std::fflush(stdout);
      std::fflush(stderr);
      std::_Exit(kExitHung);
    });
    ParallelFor(n, options.jobs, [&](int i) {
      Outcome o = RunOne(scenarios[i], options, board, watchdog, i);
      std::lock_guard<std::mutex> lock(mutex);
      outcomes[i] = std::move(o);
      outcomes[i].done = true;
      // Results are printed in the scenarios' order, as soon as all earlier ones are done.
      for (; printed < n && outcomes[printed].done; ++printed) board.Print(ResultText(outcomes[printed], options));
    });
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  int passed = 0, failed = 0, bad = 0;
  std::string failures;
  for (const Outcome& o : outcomes) {
    if (!o.input_error.empty()) {
      ++bad;
      std::fprintf(stderr, "stuntsim-run: %s\n", o.input_error.c_str());
    } else if (o.result.passed) {
      ++passed;
    } else {
      ++failed;
      for (const std::string& line : ResultLines(o.result)) failures += "  " + line + "\n";
    }
  }
  std::printf("%d scenario%s: %d passed, %d failed%s in %.2f s (--jobs %d)\n", n, n == 1 ? "" : "s", passed, failed,
              bad ? (", " + std::to_string(bad) + " bad input").c_str() : "", wall, options.jobs);
  if (!failures.empty()) std::printf("Failures:\n%s", failures.c_str());

  std::vector<const ScenarioResult*> results;
  for (const Outcome& o : outcomes) results.push_back(&o.result);
  if (!options.out_dir.empty()) {
    try {
      WriteTextFile(OutPath(options, "suite_summary", ".csv"), SummaryCsv(results));
    } catch (const InputError& e) {
      std::fprintf(stderr, "stuntsim-run: %s\n", e.what());
      return 2;
    }
  }
  if (!options.junit_path.empty()) {
    try {
      WriteTextFile(options.junit_path, JunitXml(results, options.suite_name));
    } catch (const InputError& e) {
      std::fprintf(stderr, "stuntsim-run: %s\n", e.what());
      return 2;
    }
  }
  std::fflush(stdout);
  return bad ? 2 : failed ? 1 : 0;
}

}  // namespace stuntsim
