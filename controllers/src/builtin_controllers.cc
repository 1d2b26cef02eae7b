// The built-in controllers, one entry each (the list the viewer and the runner offer).
#include <memory>

#include "stuntsim/controllers/humanoid/humanoid_controller.h"
#include "stuntsim/controllers/quadruped/quadruped_controller.h"
#include "stuntsim/controllers/registry.h"
#include "stuntsim/controllers/stand_controller.h"
#include "stuntsim/controllers/wheel_legged/wheel_legged_controller.h"

namespace stuntsim {

void RegisterBuiltinControllers(ControllerRegistry& registry) {
  registry.Register({"stand", "joint PD that rises smoothly to the home pose and holds it", {},
                     {"stand"}, [] { return std::make_unique<StandController>(); }});
  RegisterQuadrupedControllers(registry);  // quadruped_mpc and quadruped_mpc_truth
  RegisterWheelLeggedControllers(registry);  // wheel_legged
  registry.Register({"humanoid_wbc", "humanoid: whole-body QP (task-space inverse dynamics) on a Kalman-filter state estimate, DCM balance, push recovery and walking, moves from assets/motions, get_up from the back or front", {"humanoid"}, HumanoidController::Behaviors(), [] { return std::make_unique<HumanoidController>(); }});
  registry.Register({"humanoid_wbc_truth", "humanoid_wbc with the simulator's ground-truth base pose, velocity and centre of mass", {"humanoid"}, HumanoidController::Behaviors(), [] { return std::make_unique<HumanoidController>(DefaultMotionDirectory(), true); }});
}

}  // namespace stuntsim
