// Drives a Simulation from one's own program: register hello_sway, run 3 s, print the height.
#include <cstdio>

#include <stuntsim/controllers/registry.h>
#include <stuntsim/sim/simulation.h>

extern "C" void stuntsim_register_controllers(stuntsim::ControllerRegistry& registry);

int main() {
  stuntsim_register_controllers(stuntsim::ControllerRegistry::Global());
  stuntsim::SimulationOptions options;
  options.robot = "quadruped";
  options.controller = "hello_sway";
  stuntsim::Simulation sim(options);
  sim.StepFor(3.0);
  const auto& state = sim.state();
  std::printf("t=%.2f s base height %.3f m roll rate %.3f rad/s\n", sim.time(), state.base_pos_world.z(),
              state.base_angvel_body.x());
  return sim.NonFootGroundContact() ? 1 : 0;
}
