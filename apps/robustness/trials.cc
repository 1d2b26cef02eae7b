#include "trials.h"

#include <algorithm>
#include <exception>
#include <mutex>

#include "stuntsim/sim/errors.h"
#include "stuntsim/sim/parallel.h"
#include "stuntsim/sim/scenario_runner.h"

namespace stuntsim {
namespace {

// What one run says about the scenario, without its trajectory (kept small: thousands of runs).
struct RunOutcome {
  bool passed = false, fell = false, error = false, warnings = false;
  std::vector<std::string> failed_checks;
  double sim_seconds = 0;
  std::string input_error;
};

RunOutcome RunOnce(const Scenario& scenario) {
  RunOutcome o;
  try {
    const ScenarioResult r = RunScenario(scenario);
    o.passed = r.passed;
    o.error = r.error;
    o.warnings = !r.mujoco_warnings.empty();
    o.sim_seconds = r.sim_seconds;
    for (const auto& [label, value] : r.metrics) {
      if (label == "fell") o.fell = value > 0;
    }
    o.fell = o.fell || r.error;
    for (const CheckResult& c : r.checks) {
      if (!c.passed) o.failed_checks.push_back(c.name);
    }
  } catch (const InputError& e) {
    o.input_error = e.what();
  } catch (const std::exception&) {
    o.error = o.fell = true;
  }
  return o;
}

}  // namespace

std::string TrialSummary::MostCommonFailure() const {
  const auto most = std::max_element(failure_counts.begin(), failure_counts.end(),
                                     [](const auto& a, const auto& b) { return a.second < b.second; });
  if (most == failure_counts.end()) return "";
  return most->first + " (" + std::to_string(most->second) + ")";
}

std::vector<TrialSummary> RunTrials(const std::vector<Scenario>& scenarios, const TrialOptions& options,
                                    const std::function<void(double, double)>& progress) {
  const int n = static_cast<int>(scenarios.size()), per = options.trials + 1;  // run 0: nominal
  const int total = n * per;
  std::vector<RunOutcome> outcomes(total);
  std::mutex mutex;
  double done = 0, total_seconds = 0;
  for (const Scenario& s : scenarios) total_seconds += s.duration * per;
  // Longest scenarios first, so the last runs to finish are short ones (better use of --jobs).
  std::vector<int> order(total);
  for (int i = 0; i < total; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    return scenarios[a / per].duration > scenarios[b / per].duration;
  });
  ParallelFor(total, options.jobs, [&](int k) {
    const int i = order[k];
    Scenario s = scenarios[i / per];
    const int trial = i % per;
    if (trial > 0) {
      const uint64_t seed = options.first_seed + static_cast<uint64_t>(trial - 1);
      if (s.perturbation.Active()) {
        s.perturbation.seed = seed;
      } else {
        s.perturbation = Perturbation::Standard(seed);
      }
    }
    RunOutcome o = RunOnce(s);
    std::lock_guard<std::mutex> lock(mutex);
    outcomes[i] = std::move(o);
    done += s.duration;
    if (progress) progress(done, total_seconds);
  });

  std::vector<TrialSummary> summaries;
  for (int s = 0; s < n; ++s) {
    TrialSummary t;
    t.name = scenarios[s].name;
    t.robot = scenarios[s].robot;
    t.controller = scenarios[s].controller;
    for (int trial = 0; trial < per; ++trial) {
      const RunOutcome& o = outcomes[s * per + trial];
      if (!o.input_error.empty()) throw InputError(o.input_error);
      t.sim_seconds += o.sim_seconds;
      if (trial == 0) {
        t.nominal_passed = o.passed;
        continue;
      }
      ++t.trials;
      t.passed += o.passed;
      t.fell += o.fell;
      t.errors += o.error;
      if (o.passed) continue;
      if (t.failed_seeds.size() < 5) t.failed_seeds.push_back(options.first_seed + static_cast<uint64_t>(trial - 1));
      if (o.error) ++t.failure_counts["error"];
      if (o.warnings) ++t.failure_counts["MuJoCo warning"];
      // After an error the checks with no samples only repeat it; count the checks otherwise.
      if (!o.error) {
        for (const std::string& c : o.failed_checks) ++t.failure_counts[c];
      }
    }
    summaries.push_back(std::move(t));
  }
  return summaries;
}

}  // namespace stuntsim
