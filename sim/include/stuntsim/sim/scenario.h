#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "stuntsim/controllers/commands.h"
#include "stuntsim/sim/check.h"
#include "stuntsim/sim/impedance.h"
#include "stuntsim/sim/perturbation.h"
#include "stuntsim/sim/terrain.h"

namespace stuntsim {

/// A push on a named body: an impulse over one physics step, or a force held for a duration.
struct PushSpec {
  /// Body name in the robot's model (resolved when the scenario runs).
  std::string body;
  /// True: `impulse` (N*s, world frame) over one physics step. False: `force` (N, world frame)
  /// at the body's centre of mass for `duration` (s).
  bool is_impulse = true;
  Eigen::Vector3d impulse = Eigen::Vector3d::Zero();
  Eigen::Vector3d force = Eigen::Vector3d::Zero();
  double duration = 0;
  /// "<file>:<line>: events[i].push.body", for an error about the body name.
  std::string where;
};

/// Something that happens at a given time: a behaviour switch, operator command fields set,
/// a push. All of them apply at the first control tick at or after `time`.
struct ScenarioEvent {
  /// Simulation time, s (0 <= time <= duration; events are in time order).
  double time = 0;
  /// Behaviour to request (OperatorCommand::behavior), if set.
  std::optional<std::string> behavior;
  /// Command fields to set (vx, vy, yaw_rate, body_height, step_height, roll, pitch, yaw), in
  /// OperatorCommand's units (m/s, rad/s, m, rad). Fields not named keep their value.
  std::vector<std::pair<double OperatorCommand::*, double>> set;
  std::optional<PushSpec> push;
  /// "<file>:<line>" of the event.
  std::string where;

  /// Writes this event's behaviour and fields into `command`.
  void ApplyTo(OperatorCommand& command) const;
};

/// A scenario file (assets/scenarios/*.toml; format in docs/scenarios.md).
struct Scenario {
  /// Path of the file it was read from.
  std::string file;
  /// Unique name (default: the file name without .toml).
  std::string name;
  std::string description;
  /// Robot folder under assets/robots, and its kind ("quadruped", ...).
  std::string robot, robot_kind;
  /// Registered controller (the robot's default when the file names none).
  std::string controller;
  /// Terrain; terrain.seed is the scenario's `seed` (or --seed).
  TerrainSpec terrain;
  /// Spawn: keyframe (empty: the robot's home), position on the terrain (m), heading (rad).
  std::string keyframe;
  std::string keyframe_where;
  double x = 0, y = 0, yaw = 0;
  /// Simulated time, s.
  double duration = 0;
  std::vector<ScenarioEvent> events;
  std::vector<CheckSpec> checks;
  /// Seeded model errors, sensor noise and command latency ([perturb]; all zero: none).
  Perturbation perturbation;
  /// `actuator = "ideal"`: the old peak-torque clamp instead of the motor envelope.
  ActuatorModel actuator = ActuatorModel::kEnvelope;
};

/// Reads and validates a scenario file: every key known, every type and range right, the robot,
/// controller, behaviours, metrics and sites known, times in order and within the duration.
/// The DefaultChecks are appended, except where the file checks the same metric: a check that
/// is looser than the default (a higher max, none, or a shorter window) needs a `reason`.
/// Body and keyframe names need the compiled model and are checked when the scenario runs.
/// Throws InputError "<file>:<line>: <field>: <what was expected>".
Scenario LoadScenario(const std::string& path);
/// LoadScenario on TOML `text`; `source` stands for the file (messages, the default name).
Scenario ParseScenario(std::string_view text, const std::string& source);

}  // namespace stuntsim
