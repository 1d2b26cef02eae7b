#pragma once

#include <memory>
#include <string>
#include <vector>

#include "stuntsim/controllers/registry.h"
#include "stuntsim/sim/simulation.h"

namespace stuntsim {

/// What the viewer has loaded: the choices the pickers show.
struct SessionChoice {
  /// Folder name under assets/robots.
  std::string robot = "quadruped";
  /// Terrain kind (TerrainKinds()).
  std::string terrain = "flat";
  /// Registered controller; empty for the robot's default controller.
  std::string controller;
  /// Behaviour to request; empty for the controller's own choice.
  std::string behavior;
};

/// Builds the Simulation for `choice` (robot, terrain, controller); throws InputError (or
/// std::invalid_argument from the registry) naming the bad field.
std::unique_ptr<Simulation> MakeSimulation(const SessionChoice& choice);

/// After `sim` was made from `choice`: names the controller it actually runs and drops a
/// behaviour that controller does not offer.
void SettleChoice(const Simulation& sim, SessionChoice* choice);

/// Throws InputError unless `behavior` is empty or one of the behaviours the registry lists
/// for `controller`. `field` names the input in the message (e.g. "--behavior").
void CheckBehavior(const std::string& controller, const std::string& behavior, const std::string& field);

/// The registered controllers that can drive a robot of `kind`, in registration order.
std::vector<const ControllerEntry*> ControllersFor(const std::string& kind);

/// Kind ("quadruped", ...) of the robot called `robot`, read from its robot.toml.
std::string RobotKind(const std::string& robot);

/// The choice to load when the user picks another robot: the current controller is kept if it
/// drives the new robot's kind, else the new robot's default is used; the behaviour is kept if
/// the controller keeps it.
SessionChoice ChoiceForRobot(const SessionChoice& current, const std::string& robot);

/// The choice to load when the user picks another controller (the behaviour kept if offered).
SessionChoice ChoiceForController(const SessionChoice& current, const std::string& controller);

}  // namespace stuntsim
