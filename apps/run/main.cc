// stuntsim-run: headless simulation from the command line.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>

#include "stuntsim/controllers/registry.h"
#include "stuntsim/sim/assets.h"
#include "stuntsim/sim/errors.h"
#include "stuntsim/sim/simulation.h"

namespace stuntsim {
namespace {

int List() {
  std::printf("robots:\n");
  for (const std::string& robot : ListRobots()) std::printf("  %s\n", robot.c_str());
  std::printf("terrains:\n");
  for (const std::string& terrain : TerrainKinds()) std::printf("  %s\n", terrain.c_str());
  std::printf("controllers:\n");
  for (const ControllerEntry& e : ControllerRegistry::Global().entries()) {
    std::string kinds, behaviors;
    for (const std::string& k : e.robot_kinds) kinds += (kinds.empty() ? "" : ", ") + k;
    for (const std::string& b : e.behaviors) behaviors += (behaviors.empty() ? "" : ", ") + b;
    std::printf("  %-16s %s\n  %-16s robots: %s; behaviours: %s\n", e.name.c_str(), e.description.c_str(),
                "", kinds.empty() ? "any" : kinds.c_str(), behaviors.c_str());
  }
  return 0;
}

int RunOne(const SimulationOptions& options, double seconds, const std::string& behavior) {
  Simulation sim(options);
  OperatorCommand command;
  command.behavior = behavior;
  sim.set_command(command);
  const RobotInfo& info = sim.world().info();
  double min_height = INFINITY, max_height = -INFINITY, max_tilt_deg = 0;
  bool fell = false;
  const auto start = std::chrono::steady_clock::now();
  const int64_t steps = std::llround(seconds / sim.timestep());
  for (int64_t i = 0; i < steps; ++i) {
    sim.Step();
    const RobotState& s = sim.state();
    const double height = s.base_pos_world.z() - sim.world().terrain().HeightAt(s.base_pos_world.x(), s.base_pos_world.y());
    min_height = std::min(min_height, height);
    max_height = std::max(max_height, height);
    const double tilt = std::acos(std::clamp(s.base_rot_world(2, 2), -1.0, 1.0)) * 180 / M_PI;
    max_tilt_deg = std::max(max_tilt_deg, tilt);
    fell |= height < info.fall_height || sim.NonFootGroundContact();
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const RobotState& s = sim.state();
  std::printf("robot %s on %s, controller %s (%s), %.2f s simulated in %.2f s (%.1fx real time)\n",
              info.name.c_str(), options.terrain.kind.c_str(), sim.controller_name().c_str(),
              sim.controller().active_behavior().c_str(), sim.time(), wall, sim.time() / std::max(wall, 1e-9));
  std::printf("  base height %.3f m (min %.3f, max %.3f, home %.3f); max tilt %.1f deg; final position (%.2f, %.2f)\n",
              s.base_pos_world.z(), min_height, max_height, info.home_base_height, max_tilt_deg,
              s.base_pos_world.x(), s.base_pos_world.y());
  std::printf("  %s\n", fell ? "FELL: a body other than the feet touched the ground or the base dropped below "
                               "the fall height" : "stayed up");
  if (!sim.controller().refusal().empty()) std::printf("  refused: %s\n", sim.controller().refusal().c_str());
  return fell ? 1 : 0;
}

}  // namespace
}  // namespace stuntsim

int main(int argc, char** argv) {
  using namespace stuntsim;
  CLI::App app{"StuntSim headless runner"};
  bool list = false;
  SimulationOptions options;
  double seconds = 5.0;
  std::string behavior;
  std::vector<std::string> plugins;
  app.add_flag("--list", list, "List robots, terrains, controllers and their behaviours");
  app.add_option("--robot", options.robot, "Robot name (folder under assets/robots)");
  app.add_option("--controller", options.controller, "Controller name (default: the robot's)");
  app.add_option("--terrain", options.terrain.kind, "flat, slope, stairs or hills");
  app.add_option("--seed", options.terrain.seed, "Terrain seed");
  app.add_option("--keyframe", options.keyframe, "Start keyframe (default: home)");
  app.add_option("--behavior", behavior, "Behaviour to request");
  app.add_option("--seconds", seconds, "Simulated seconds")->check(CLI::PositiveNumber);
  app.add_option("--plugin", plugins, "Shared library registering controllers (repeatable)");
  CLI11_PARSE(app, argc, argv);
  try {
    for (const std::string& plugin : plugins) LoadControllerPlugin(plugin, ControllerRegistry::Global());
    if (list) return List();
    return RunOne(options, seconds, behavior);
  } catch (const SimulationError& e) {
    std::fprintf(stderr, "stuntsim-run: simulation failed: %s\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stuntsim-run: error: %s\n", e.what());
    return 2;
  }
}
