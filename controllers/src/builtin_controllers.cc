// The built-in controllers, one entry each (the list the viewer and the runner offer).
#include <memory>

#include "stuntsim/controllers/registry.h"
#include "stuntsim/controllers/stand_controller.h"

namespace stuntsim {

void RegisterBuiltinControllers(ControllerRegistry& registry) {
  registry.Register({"stand", "joint PD that rises smoothly to the home pose and holds it", {},
                     {"stand"}, [] { return std::make_unique<StandController>(); }});
}

}  // namespace stuntsim
