// stuntsim-robustness: robustness figures, reported rather than only checked: the largest lateral
// push each robot survives standing and in its main gait, and each scenario's success rate over
// seeded trials with perturbations. Writes the "## Robustness figures" section of
// docs/robustness.md (only that section). Format of the figures: docs/robustness.md.
#include <CLI/CLI.hpp>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "push_search.h"
#include "robustness_report.h"
#include "stuntsim/sim/assets.h"
#include "stuntsim/sim/errors.h"
#include "stuntsim/sim/parallel.h"
#include "stuntsim/sim/scenario_suite.h"
#include "trials.h"

#ifndef STUNTSIM_BUILD_TYPE
#define STUNTSIM_BUILD_TYPE "unknown"
#endif

namespace stuntsim {
namespace {

// Assumed real-time factor of one job for the up-front estimate (docs/performance.md: the
// controllers run 23-33x real time on the development machine).
constexpr double kAssumedRealtimeFactor = 25;
// Push runs per search case, about (1 unpushed, doubling, bisection, the half check).
constexpr int kAssumedRunsPerCase = 11;

std::string Machine() {
  std::string cpu = "unknown CPU";
  std::ifstream info("/proc/cpuinfo");
  for (std::string line; std::getline(info, line);) {
    if (line.rfind("model name", 0) == 0) {
      cpu = line.substr(line.find(':') + 2);
      break;
    }
  }
  utsname u{};
  uname(&u);
  return cpu + ", " + std::to_string(std::thread::hardware_concurrency()) + " cores, " + u.sysname + " " + u.release;
}

std::string NowUtc() {
  const std::time_t now = std::time(nullptr);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
  return text;
}

// Prints "<what>: done/total simulated s" at most every 20 s of wall time (and at the end).
class Progress {
 public:
  explicit Progress(std::string what) : what_(std::move(what)), start_(Clock::now()), last_(start_) {}
  void operator()(double done, double total) {
    const auto now = Clock::now();
    if (done < total && now - last_ < std::chrono::seconds(20)) return;
    last_ = now;
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    std::printf("  %s: %.0f/%.0f simulated s, %.0f s elapsed, about %.0f s to go\n", what_.c_str(), done, total,
                elapsed, done > 0 ? elapsed * (total - done) / done : 0.0);
    std::fflush(stdout);
  }

 private:
  using Clock = std::chrono::steady_clock;
  std::string what_;
  Clock::time_point start_, last_;
};

std::vector<PushModeResult> RunPushSearches(const std::vector<PushMode>& modes, int jobs, int* runs,
                                            double* sim_seconds) {
  struct Job {
    size_t mode;
    double direction, time;
  };
  std::vector<PushModeResult> results;
  std::vector<Job> jobs_list;
  for (size_t m = 0; m < modes.size(); ++m) {
    results.push_back({modes[m], {}});
    for (double time : modes[m].push_times) {
      for (double direction : {1.0, -1.0}) jobs_list.push_back({m, direction, time});
    }
  }
  std::vector<PushCase> cases(jobs_list.size());
  std::vector<std::string> errors(jobs_list.size());
  std::mutex mutex;
  PushSearchOptions options;
  ParallelFor(static_cast<int>(jobs_list.size()), jobs, [&](int i) {
    const Job& j = jobs_list[i];
    try {
      cases[i] = SearchPush(modes[j.mode], j.direction, j.time, options);
    } catch (const std::exception& e) {
      errors[i] = e.what();
    }
    std::lock_guard<std::mutex> lock(mutex);
    const PushCase& c = cases[i];
    std::printf("  push %s %s %+g y at %.2f s: survived %.1f, fell %.1f N*s (%d runs)%s\n",
                modes[j.mode].robot.c_str(), modes[j.mode].mode.c_str(), j.direction, j.time, c.survived, c.fell,
                c.runs, c.error.empty() ? "" : (" " + c.error).c_str());
    std::fflush(stdout);
  });
  for (size_t i = 0; i < jobs_list.size(); ++i) {
    if (!errors[i].empty()) throw InputError("push search: " + errors[i]);
    results[jobs_list[i].mode].cases.push_back(cases[i]);
    *runs += cases[i].runs;
    const PushMode& m = modes[jobs_list[i].mode];
    *sim_seconds += cases[i].runs * (jobs_list[i].time + m.observe);  // upper bound: falls may end early
  }
  return results;
}

}  // namespace
}  // namespace stuntsim

int main(int argc, char** argv) {
  using namespace stuntsim;
  CLI::App app{"StuntSim robustness figures: largest lateral push survived per robot and mode, and each "
               "scenario's success rate over seeded perturbed trials; writes the '## Robustness figures' "
               "section of a Markdown file (exit 0 written, 2 bad input)."};
  std::vector<std::string> paths, only, push_robots;
  TrialOptions trial_options;
  trial_options.jobs = 0;
  int64_t first_seed = 1;
  std::string out = "docs/robustness.md";
  bool dry_run = false;
  app.add_option("scenarios", paths, "Scenario files or folders (default: the assets' scenarios/)");
  app.add_option("--trials", trial_options.trials, "Perturbed trials per scenario (0: no success-rate table)")
      ->check(CLI::Range(0, 100000));
  app.add_option("--jobs,-j", trial_options.jobs, "Runs in parallel (0: one per core)")->check(CLI::NonNegativeNumber);
  app.add_option("--only", only, "Only the scenarios with this name or glob (repeatable)");
  app.add_option("--push", push_robots, "Push searches only for this robot (repeatable; 'none': no push table)");
  app.add_option("--seed", first_seed, "First trial seed (trial i uses seed + i)")->check(CLI::NonNegativeNumber);
  app.add_option("--out", out, "Markdown file whose '## Robustness figures' section is replaced (created if missing)");
  app.add_flag("--dry-run", dry_run, "Print what would run and the estimated cost, run nothing");
  CLI11_PARSE(app, argc, argv);
  try {
    const auto start = std::chrono::steady_clock::now();
    if (trial_options.jobs == 0) trial_options.jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    trial_options.first_seed = static_cast<uint64_t>(first_seed);
    if (paths.empty()) paths.push_back((AssetRoot() / "scenarios").string());
    std::vector<Scenario> scenarios;
    if (trial_options.trials > 0) scenarios = FilterScenarios(LoadScenarios(ExpandScenarioPaths(paths)), only);

    std::vector<PushMode> modes;
    const bool no_push = std::find(push_robots.begin(), push_robots.end(), "none") != push_robots.end();
    std::vector<std::string> robots = ListRobots();
    for (const std::string& r : push_robots) {
      if (r != "none" && std::find(robots.begin(), robots.end(), r) == robots.end()) {
        throw InputError("--push: unknown robot '" + r + "'");
      }
    }
    if (!no_push) {
      for (const PushMode& m : DefaultPushModes()) {
        if (push_robots.empty() || std::find(push_robots.begin(), push_robots.end(), m.robot) != push_robots.end()) {
          modes.push_back(m);
        }
      }
    }
    const std::filesystem::path out_dir = std::filesystem::absolute(out).parent_path();
    if (!std::filesystem::is_directory(out_dir)) throw InputError("--out " + out + ": the folder does not exist");

    // The cost, up front.
    double trial_seconds = 0, push_seconds = 0;
    int push_cases = 0;
    for (const Scenario& s : scenarios) trial_seconds += s.duration * (trial_options.trials + 1);
    for (const PushMode& m : modes) {
      for (double t : m.push_times) push_seconds += 2 * kAssumedRunsPerCase * (t + m.observe), push_cases += 2;
    }
    const double estimate = (trial_seconds + push_seconds) / kAssumedRealtimeFactor / trial_options.jobs;
    std::printf("stuntsim-robustness: %d push search cases (~%.0f simulated s), %zu scenarios x (%d trials + 1 "
                "unperturbed) (%.0f simulated s); about %.1f min with --jobs %d at ~%.0fx real time per job\n",
                push_cases, push_seconds, scenarios.size(), trial_options.trials, trial_seconds, estimate / 60,
                trial_options.jobs, kAssumedRealtimeFactor);
    std::fflush(stdout);
    if (dry_run) return 0;

    RunInfo info;
    for (int i = 0; i < argc; ++i) info.command += (i ? " " : "") + std::string(argv[i]);
    info.date_utc = NowUtc();
    info.build_type = STUNTSIM_BUILD_TYPE;
    info.machine = Machine();
    info.perturbation = Perturbation::Standard(0).Describe();
    info.trials = trial_options.trials;
    info.jobs = trial_options.jobs;
    info.first_seed = trial_options.first_seed;

    std::vector<PushModeResult> pushes;
    if (!modes.empty()) {
      std::printf("push searches:\n");
      pushes = RunPushSearches(modes, trial_options.jobs, &info.runs, &info.sim_seconds);
    }
    std::vector<TrialSummary> trials;
    if (!scenarios.empty()) {
      std::printf("trials:\n");
      Progress progress("trials");
      trials = RunTrials(scenarios, trial_options, std::ref(progress));
      for (const TrialSummary& t : trials) {
        info.runs += t.trials + 1;
        info.sim_seconds += t.sim_seconds;
        std::printf("  %-32s %3d/%d passed, %d fell%s%s\n", t.name.c_str(), t.passed, t.trials, t.fell,
                    t.MostCommonFailure().empty() ? "" : ", most common failure: ",
                    t.MostCommonFailure().c_str());
      }
    }
    info.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    UpdateRobustnessFile(out, RobustnessSection(info, pushes, trials));
    std::printf("wrote the '%s' section of %s (%.1f min, %d runs)\n", kRobustnessHeading, out.c_str(),
                info.wall_seconds / 60, info.runs);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stuntsim-robustness: error: %s\n", e.what());
    return 2;
  }
}
