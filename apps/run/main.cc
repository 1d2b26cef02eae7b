// stuntsim-run: headless simulation from the command line: scenario files (regression suites,
// CI shards) or a single run from flags.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "stuntsim/controllers/registry.h"
#include "stuntsim/sim/assets.h"
#include "stuntsim/sim/check.h"
#include "stuntsim/sim/errors.h"
#include "stuntsim/sim/robot_description.h"
#include "stuntsim/sim/scenario_suite.h"
#include "stuntsim/sim/shard.h"
#include "stuntsim/sim/simulation.h"
#include "suite_runner.h"

namespace stuntsim {
namespace {

std::string Join(const std::vector<std::string>& items) {
  std::string s;
  for (const std::string& item : items) s += (s.empty() ? "" : ", ") + item;
  return s;
}

int List() {
  std::printf("robots:\n");
  for (const std::string& robot : ListRobots()) std::printf("  %s\n", robot.c_str());
  std::printf("terrains:\n");
  for (const std::string& terrain : TerrainKinds()) std::printf("  %s\n", terrain.c_str());
  std::printf("controllers:\n");
  for (const ControllerEntry& e : ControllerRegistry::Global().entries()) {
    std::printf("  %-16s %s\n  %-16s robots: %s; behaviours: %s\n", e.name.c_str(), e.description.c_str(), "",
                e.robot_kinds.empty() ? "any" : Join(e.robot_kinds).c_str(), Join(e.behaviors).c_str());
  }
  const std::filesystem::path folder = AssetRoot() / "scenarios";
  if (std::filesystem::is_directory(folder)) {
    std::printf("scenarios (%s):\n", folder.c_str());
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
      if (entry.path().extension() == ".toml") names.push_back(entry.path().stem().string());
    }
    std::sort(names.begin(), names.end());
    for (const std::string& name : names) std::printf("  %s\n", name.c_str());
  }
  return 0;
}

// Throws InputError unless `value` is a finite number > 0 (>= 0 with `zero_ok`).
void CheckFinite(const std::string& option, double value, bool zero_ok) {
  if (!std::isfinite(value) || value < 0 || (!zero_ok && value == 0)) {
    throw InputError(option + ": expected a finite number " + (zero_ok ? ">= 0" : "> 0") + ", got " +
                     FormatNumber(value));
  }
}

// The single run the flags describe, as a scenario with one check: the robot did not fall.
Scenario ScenarioFromFlags(const SimulationOptions& options, double seconds, const std::string& behavior) {
  Scenario s;
  s.file = "(command line)";
  s.robot = options.robot;
  std::string robot_path;
  try {
    robot_path = RobotDescriptionPath(options.robot).string();
  } catch (const InputError& e) {
    throw InputError(std::string("--robot: ") + e.what());
  }
  const RobotDescription robot = LoadRobotDescription(robot_path);  // errors name robot.toml and the key
  s.robot_kind = robot.kind;
  s.controller = options.controller.empty() ? robot.default_controller : options.controller;
  const ControllerEntry* entry = ControllerRegistry::Global().Find(s.controller);
  if (!entry) {
    try {
      ControllerRegistry::Global().Create(s.controller);  // throws, listing the names
    } catch (const std::exception& e) {
      throw InputError(std::string(options.controller.empty() ? robot_path + ": default_controller: " : "--controller: ") +
                       e.what());
    }
  }
  if (!entry->Supports(robot.kind)) {
    throw InputError("--controller: '" + s.controller + "' does not drive a " + robot.kind + " robot");
  }
  s.terrain = options.terrain;
  ValidateTerrain(s.terrain, "--terrain");
  s.name = s.robot + "_" + s.terrain.kind;
  s.keyframe = options.keyframe;
  s.keyframe_where = "--keyframe";
  s.duration = seconds;
  if (!behavior.empty()) {
    if (std::find(entry->behaviors.begin(), entry->behaviors.end(), behavior) == entry->behaviors.end()) {
      throw InputError("--behavior: controller '" + s.controller + "' has no behaviour '" + behavior +
                       "' (it offers: " + Join(entry->behaviors) + ")");
    }
    ScenarioEvent e;
    e.behavior = behavior;
    s.events.push_back(e);
  }
  CheckSpec stayed_up;
  stayed_up.name = "stayed_up";
  stayed_up.metric.metric = "fell";
  stayed_up.metric.t1 = seconds;
  stayed_up.max = 0;
  s.checks.push_back(stayed_up);
  return s;
}

// The scenarios the arguments select, in name order.
std::vector<Scenario> SelectScenarios(const std::vector<std::string>& paths, const std::vector<std::string>& only,
                                      const std::optional<Shard>& shard) {
  std::vector<Scenario> all = FilterScenarios(LoadScenarios(ExpandScenarioPaths(paths)), only);
  if (!shard) return all;
  std::vector<std::string> names;
  for (const Scenario& s : all) names.push_back(s.name);
  std::vector<Scenario> selected;
  for (size_t i : ShardIndices(names, *shard)) selected.push_back(all[i]);
  std::printf("shard %d/%d (%s): %zu of %zu scenarios\n", shard->index, shard->count, shard->source.c_str(),
              selected.size(), all.size());
  return selected;
}

}  // namespace
}  // namespace stuntsim

int main(int argc, char** argv) {
  using namespace stuntsim;
  CLI::App app{"StuntSim headless runner: run scenario files (exit 0 all pass, 1 a check or run failed, "
               "2 bad input, 3 a scenario hung), or one robot from flags."};
  bool list = false;
  SimulationOptions options;
  double seconds = 5.0;
  std::string behavior, shard;
  std::vector<std::string> plugins, paths, only;
  int64_t seed = 0, perturb_seed = 0;
  bool perturb = false;
  SuiteOptions suite;
  suite.limits.tick_budget = 1.0;
  suite.limits.timeout = 600.0;
  app.add_option("scenarios", paths, "Scenario files, folders of them, or quoted glob patterns");
  app.add_flag("--list", list, "List robots, terrains, controllers and their behaviours, and scenarios");
  app.add_option("--jobs,-j", suite.jobs, "Scenarios run in parallel (0: one per core)");
  app.add_option("--shard", shard, "Run shard I/N of the scenarios (0-based I), or 'auto' from the CI's environment");
  // Repeatable options take one value each, so `--plugin lib.so scenario.toml` does not read the
  // scenario as a second plugin.
  app.add_option("--only", only, "Run only the scenarios with this name or glob (repeatable)")->allow_extra_args(false);
  app.add_option("--out", suite.out_dir, "Folder for <name>.json, <name>.csv (and <name>.mp4)");
  app.add_option("--junit", suite.junit_path, "Write a JUnit XML report to this file");
  app.add_flag("--video", suite.video, "Record <out>/<name>.mp4 per scenario (640x480, 30 fps)");
  app.add_option("--csv-rate", suite.csv_rate_hz, "Trajectory CSV rows per simulated second (0: every control tick)");
  app.add_option("--seed", seed, "Terrain seed (overrides each scenario's seed)");
  app.add_flag("--perturb", perturb, "Robustness trial: apply the standard perturbation (friction and mass +-10 %, "
               "sensor noise, 1-2 ticks of latency) to scenarios without a [perturb] table");
  app.add_option("--perturb-seed", perturb_seed, "Seed of the perturbation draws (replaces each scenario's)");
  app.add_option("--plugin", plugins, "Shared library registering controllers (repeatable)")->allow_extra_args(false);
  // Single run without scenario files.
  auto* robot = app.add_option("--robot", options.robot, "Single run: robot name (folder under assets/robots)");
  auto* controller = app.add_option("--controller", options.controller, "Single run: controller (default: the robot's)");
  auto* terrain = app.add_option("--terrain", options.terrain.kind, "Single run: flat, slope, stairs or hills");
  auto* keyframe = app.add_option("--keyframe", options.keyframe, "Single run: start keyframe (default: home)");
  auto* behave = app.add_option("--behavior", behavior, "Single run: behaviour to request");
  auto* secs = app.add_option("--seconds", seconds, "Single run: simulated seconds");
  app.add_option("--tick-budget", suite.limits.tick_budget,
                 "Wall-clock seconds a controller tick may take before the scenario fails (0: no limit)")
      ->capture_default_str();
  app.add_option("--timeout", suite.limits.timeout,
                 "Wall-clock seconds a scenario may run before it fails (0: no limit); one stuck inside a "
                 "step ends the process with exit code 3 at twice this")
      ->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // Bad input is exit code 2 (CLI11's own codes would be 105, 109, ...).
    std::fprintf(stderr, "stuntsim-run: error: %s\n", e.what());
    return 2;
  }
  try {
    // Numbers are checked here, not with CLI11 validators: those let NaN through and print
    // the range as 0 to 1.8e308 in full.
    if (suite.jobs < 0) throw InputError("--jobs: expected 0 (one per core) or more, got " + std::to_string(suite.jobs));
    if (seed < 0) throw InputError("--seed: expected an integer >= 0, got " + std::to_string(seed));
    if (perturb_seed < 0) throw InputError("--perturb-seed: expected an integer >= 0, got " + std::to_string(perturb_seed));
    CheckFinite("--seconds", seconds, false);
    CheckFinite("--csv-rate", suite.csv_rate_hz, true);
    CheckFinite("--tick-budget", suite.limits.tick_budget, true);
    CheckFinite("--timeout", suite.limits.timeout, true);
    for (const std::string& plugin : plugins) {
      try {
        LoadControllerPlugin(plugin, ControllerRegistry::Global());
      } catch (const std::exception& e) {
        throw InputError(std::string("--plugin: ") + e.what());
      }
    }
    if (list) return List();
    if (suite.jobs == 0) suite.jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    const bool seed_given = app.count("--seed") > 0;
    std::vector<Scenario> scenarios;
    if (paths.empty()) {
      if (!shard.empty() || !only.empty()) throw InputError("--shard and --only need scenario files");
      if (seed_given) options.terrain.seed = static_cast<uint64_t>(seed);
      scenarios.push_back(ScenarioFromFlags(options, seconds, behavior));
      suite.print_metrics = true;
    } else {
      for (const CLI::Option* o : {robot, controller, terrain, keyframe, behave, secs}) {
        if (o->count()) throw InputError(o->get_name() + " is for a single run; a scenario file sets it");
      }
      std::optional<Shard> selected_shard;
      if (!shard.empty()) {
        selected_shard = ParseShard(shard);
        suite.suite_name += ".shard-" + std::to_string(selected_shard->index) + "-of-" +
                            std::to_string(selected_shard->count);
      }
      scenarios = SelectScenarios(paths, only, selected_shard);
      if (seed_given) {
        for (Scenario& s : scenarios) s.terrain.seed = static_cast<uint64_t>(seed);
      }
    }
    for (Scenario& s : scenarios) {
      if (perturb && !s.perturbation.Active()) s.perturbation = Perturbation::Standard(s.perturbation.seed);
      if (app.count("--perturb-seed")) s.perturbation.seed = static_cast<uint64_t>(perturb_seed);
    }
    if (suite.video && suite.out_dir.empty()) throw InputError("--video needs --out DIR for the MP4 files");
    return RunSuite(scenarios, suite);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stuntsim-run: error: %s\n", e.what());
    return 2;
  }
}
