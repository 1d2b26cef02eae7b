#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "stuntsim/controllers/controller.h"
#include "stuntsim/sim/impedance.h"
#include "stuntsim/sim/perturbation.h"
#include "stuntsim/sim/state_reader.h"
#include "stuntsim/sim/world.h"

namespace stuntsim {

/// What to simulate.
struct SimulationOptions {
  /// Folder name under assets/robots.
  std::string robot = "quadruped";
  TerrainSpec terrain;
  /// Registered controller name; empty means the robot's default_controller.
  std::string controller;
  /// Keyframe to start from; empty means the robot's home keyframe.
  std::string keyframe;
  /// Spawn position on the terrain (m) and heading (rad).
  double x = 0, y = 0, yaw = 0;
  /// Seeded model errors, sensor noise and command latency (all zero: none).
  Perturbation perturbation;
  /// How joint torques are limited: the motors' torque-speed envelope (default) or the old
  /// peak-torque clamp ("ideal", for experiments; results say so).
  ActuatorModel actuator = ActuatorModel::kEnvelope;
};

/// One robot on one terrain driven by one controller. Owns its mjModel (through World) and
/// mjData; single-threaded; the same inputs give a bit-identical trajectory.
///
/// Each physics step: mj_step1 -> (every control period) read state, controller -> impedance
/// law at the physics rate -> pushes -> mj_step2 -> contact forces, divergence check.
class Simulation {
 public:
  /// Builds the world and the controller; throws InputError for bad names or files.
  explicit Simulation(const SimulationOptions& options);
  ~Simulation();

  /// Resets to `keyframe` (empty: the options' keyframe) at the spawn pose, and the controller.
  void Reset(const std::string& keyframe = "");
  /// Advances one physics step. Throws SimulationError on divergence or a controller fault.
  void Step();
  /// Advances by whole physics steps until `seconds` more have passed.
  void StepFor(double seconds);

  /// The operator command the controller sees from the next control tick on.
  void set_command(const OperatorCommand& command) { command_ = command; }
  const OperatorCommand& command() const { return command_; }

  /// Applies `force_world` (N) at the centre of mass of `body` for `duration` seconds.
  void Push(const std::string& body, const Eigen::Vector3d& force_world, double duration);
  /// Applies an impulse (N*s) to `body` over one physics step.
  void Impulse(const std::string& body, const Eigen::Vector3d& impulse_world);

  /// Robot state at the last control tick: the true state, without sensor noise.
  const RobotState& state() const { return state_; }
  /// What the controller saw at the last control tick: state() plus sensor noise (state()
  /// itself at reset: the controller starts from the true state).
  const RobotState& sensed_state() const { return noise_.active() ? sensed_ : state_; }
  /// The joint command the controller returned last, and the torques applied last (nj).
  const JointCommand& joint_command() const { return joint_command_; }
  /// The joint command applied in the current control tick: joint_command() from
  /// perturbation latency ticks ago (the same as joint_command() without latency).
  const JointCommand& applied_command() const { return *applied_command_; }
  const Eigen::VectorXd& applied_torque() const { return state_.joint_tau; }
  /// True when a motor limit cut some joint's torque in any physics step of the current control
  /// tick so far (up to the last Step).
  bool torque_saturated() const { return saturated_in_tick_; }
  /// True when a robot geom other than a foot or wheel touches the terrain now.
  bool NonFootGroundContact() const { return reader_.NonFootGroundContact(data_.get()); }

  double time() const { return data_->time; }
  double timestep() const { return world_->model()->opt.timestep; }
  const World& world() const { return *world_; }
  const mjModel* model() const { return world_->model(); }
  const mjData* data() const { return data_.get(); }
  Controller& controller() { return *controller_; }
  const Controller& controller() const { return *controller_; }
  const std::string& controller_name() const { return controller_name_; }
  const SimulationOptions& options() const { return options_; }
  /// Wall-clock seconds the last controller Compute took.
  double last_controller_seconds() const { return last_controller_seconds_; }
  /// Wall-clock seconds one controller Compute may take; 0 (default) means no limit. A tick
  /// over it makes Step throw SimulationError naming the controller, the time it took and the
  /// simulated time.
  void set_tick_budget(double seconds) { tick_budget_ = seconds; }

  /// FNV-1a hash of time, qpos, qvel and ctrl: equal hashes mean identical trajectories.
  uint64_t StateHash() const;

 private:
  struct ActivePush {
    int body;
    Eigen::Vector3d force;
    double until;
  };

  void RunController();
  void CheckDivergence() const;

  SimulationOptions options_;
  std::unique_ptr<World> world_;
  DataPtr data_;
  StateReader reader_;
  std::unique_ptr<Controller> controller_;
  std::string controller_name_;
  int control_every_ = 1;  // physics steps per control tick
  int64_t step_count_ = 0;
  OperatorCommand command_;
  JointCommand joint_command_;
  RobotState state_;
  std::vector<ActivePush> pushes_;
  SensorNoise noise_;
  RobotState sensed_;             // state_ plus noise, when noise is on
  std::vector<int> joint_dof_;    // qvel index of each joint, for the noise
  CommandDelay delay_;
  const JointCommand* applied_command_ = &joint_command_;
  double last_controller_seconds_ = 0;
  bool saturated_in_tick_ = false;
  double tick_budget_ = 0;
};

}  // namespace stuntsim
