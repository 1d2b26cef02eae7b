// stuntsim-optimize: finds acrobatic motions by trajectory optimization against the robot's own
// MuJoCo model and writes them to assets/motions/<robot>/ (docs/acrobatics.md).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>

#include "optimizer.h"
#include "stuntsim/controllers/quadruped/quadruped_controller.h"
#include "stuntsim/sim/errors.h"

int main(int argc, char** argv) {
  using namespace stuntsim;
  CLI::App app{"StuntSim motion optimizer: finds flips and jumps by sampling-based trajectory optimization "
               "(cross-entropy method over MuJoCo rollouts of the real controller) and writes them to "
               "assets/motions/<robot>/<motion>.toml. Exit 0 when every written motion lands in its replay, "
               "1 when one does not, 2 on bad input."};
  std::vector<std::string> motions;
  OptimizeRequest base;
  int64_t seed = -1;
  app.add_option("motions", motions, "Motions to find (backflip, frontflip, sideflip_left, sideflip_right, jump_up, "
                                     "jump_forward, spin_jump), or 'all'")
      ->required();
  app.add_option("--robot", base.robot, "Robot folder under assets/robots")->capture_default_str();
  app.add_option("--settings", base.settings_path,
                 "Settings file (one motion only; default assets/motions/<robot>/optimize/<motion>.toml, else "
                 "the quadruped's)");
  app.add_option("--out", base.out_path, "Output file (one motion only; default assets/motions/<robot>/<motion>.toml)");
  app.add_option("--iterations", base.iterations, "Override the settings' iteration count");
  app.add_option("--samples", base.samples, "Override the settings' candidates per iteration");
  app.add_option("--seed", seed, "Override the settings' seed");
  app.add_option("--jobs,-j", base.jobs, "Worker threads (0: one per core; default: the settings')");
  app.add_option("--start", base.start_from, "Start from the parameters stored in this motion file");
  app.add_option("--verify", base.verify_trials, "Perturbed replays of each written motion to report")
      ->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "stuntsim-optimize: error: %s\n", e.what());
    return 2;
  }
  try {
    for (const auto& [flag, value] : {std::pair<const char*, int64_t>{"--iterations", base.iterations},
                                      {"--samples", base.samples}, {"--jobs", base.jobs},
                                      {"--verify", base.verify_trials}, {"--seed", seed}}) {
      if (app.count(flag) > 0 && value < 0)
        throw InputError(std::string(flag) + ": expected an integer >= 0, got " + std::to_string(value));
    }
    if (motions.size() == 1 && motions[0] == "all") motions = QuadrupedController::AcrobaticBehaviors();
    if (motions.size() > 1 && (!base.settings_path.empty() || !base.out_path.empty()))
      throw InputError("--settings and --out take one motion; got " + std::to_string(motions.size()));
    base.seed = seed;
    int failed = 0;
    for (const std::string& name : motions) {
      OptimizeRequest request = base;
      request.motion = name;
      const OptimizeReport report = OptimizeMotion(request, stdout);
      if (!report.nominal.landed) {
        std::fprintf(stderr, "stuntsim-optimize: %s: the written motion does not land in its replay\n", name.c_str());
        ++failed;
      }
    }
    return failed ? 1 : 0;
  } catch (const InputError& e) {
    std::fprintf(stderr, "stuntsim-optimize: error: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stuntsim-optimize: error: %s\n", e.what());
    return 2;
  }
}
