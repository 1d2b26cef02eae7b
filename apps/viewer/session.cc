#include "session.h"

#include <algorithm>

#include "stuntsim/sim/assets.h"
#include "stuntsim/sim/errors.h"
#include "stuntsim/sim/robot_description.h"

namespace stuntsim {
namespace {

bool Offers(const std::string& controller, const std::string& behavior) {
  const ControllerEntry* entry = ControllerRegistry::Global().Find(controller);
  return entry != nullptr && std::find(entry->behaviors.begin(), entry->behaviors.end(), behavior) !=
                                 entry->behaviors.end();
}

}  // namespace

std::unique_ptr<Simulation> MakeSimulation(const SessionChoice& choice) {
  SimulationOptions options;
  options.robot = choice.robot;
  options.terrain.kind = choice.terrain;
  options.controller = choice.controller;
  return std::make_unique<Simulation>(options);
}

void SettleChoice(const Simulation& sim, SessionChoice* choice) {
  choice->controller = sim.controller_name();
  if (!Offers(choice->controller, choice->behavior)) choice->behavior.clear();
}

void CheckBehavior(const std::string& controller, const std::string& behavior, const std::string& field) {
  if (behavior.empty() || Offers(controller, behavior)) return;
  const ControllerEntry* entry = ControllerRegistry::Global().Find(controller);
  std::string known;
  if (entry != nullptr) {
    for (const std::string& b : entry->behaviors) known += (known.empty() ? "" : ", ") + b;
  }
  throw InputError(field + ": '" + behavior + "' is not a behaviour of controller '" + controller +
                   "' (known: " + known + ")");
}

std::vector<const ControllerEntry*> ControllersFor(const std::string& kind) {
  std::vector<const ControllerEntry*> out;
  for (const ControllerEntry& e : ControllerRegistry::Global().entries()) {
    if (e.Supports(kind)) out.push_back(&e);
  }
  return out;
}

std::string RobotKind(const std::string& robot) {
  return LoadRobotDescription(RobotDescriptionPath(robot).string()).kind;
}

SessionChoice ChoiceForRobot(const SessionChoice& current, const std::string& robot) {
  SessionChoice next = current;
  next.robot = robot;
  const ControllerEntry* entry = ControllerRegistry::Global().Find(current.controller);
  if (entry == nullptr || !entry->Supports(RobotKind(robot))) next.controller.clear();
  return next;
}

SessionChoice ChoiceForController(const SessionChoice& current, const std::string& controller) {
  SessionChoice next = current;
  next.controller = controller;
  if (!Offers(controller, current.behavior)) next.behavior.clear();
  return next;
}

}  // namespace stuntsim
