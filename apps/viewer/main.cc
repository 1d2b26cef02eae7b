// stuntsim-viewer: play with the robots in a window (GLFW + MuJoCo + Dear ImGui).
// The app boundary: every exception ends here as one line on stderr and an exit code
// (2: bad input, 1: a failure while running).
#include <cstdio>
#include <stdexcept>

#include <CLI/CLI.hpp>

#include "app.h"
#include "script.h"
#include "session.h"
#include "stuntsim/controllers/registry.h"
#include "stuntsim/sim/errors.h"
#include "viewer_options.h"

namespace stuntsim {
namespace {

int RunViewer(const ViewerOptions& options) {
  for (const std::string& plugin : options.plugins) {
    try {
      LoadControllerPlugin(plugin, ControllerRegistry::Global());
    } catch (const std::exception& e) {
      throw InputError(std::string("--plugin: ") + e.what());  // bad input (exit 2), not a failure
    }
  }
  ValidateViewerOptions(options);
  Script script = options.script.empty() ? Script() : LoadScript(options.script);
  ViewerOptions settled = options;
  std::unique_ptr<Simulation> sim = MakeSimulation(settled.choice);
  SettleChoice(*sim, &settled.choice);
  CheckBehavior(settled.choice.controller, options.choice.behavior, "--behavior");
  App app(settled, std::move(sim), std::move(script));
  return app.Run();
}

}  // namespace
}  // namespace stuntsim

int main(int argc, char** argv) {
  CLI::App cli{"StuntSim viewer: robots in a window. F1 in the window lists the keys."};
  stuntsim::ViewerOptions options;
  stuntsim::AddViewerOptions(cli, options);
  try {
    cli.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return cli.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "stuntsim-viewer: error: %s\n", e.what());
    return 2;
  }
  try {
    return stuntsim::RunViewer(options);
  } catch (const stuntsim::InputError& e) {
    std::fprintf(stderr, "stuntsim-viewer: error: %s\n", e.what());
    return 2;
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "stuntsim-viewer: error: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stuntsim-viewer: failed: %s\n", e.what());
    return 1;
  }
}
