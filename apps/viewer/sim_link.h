#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "stuntsim/controllers/commands.h"
#include "stuntsim/sim/world.h"

namespace stuntsim {

// The values that cross between the main (render) thread and the physics thread. They are
// only ever exchanged inside PhysicsThread::Exchange, under its one lock.

/// A mouse pull: a spring from a point on a body towards a reference position.
struct MousePull {
  bool active = false;
  /// Model body id (> 0).
  int body = -1;
  /// The grabbed point in the body's frame, m.
  double local_point[3] = {0, 0, 0};
  /// Where the mouse wants that point, world frame, m.
  double reference_world[3] = {0, 0, 0};
};

/// Continuous inputs: the latest values win.
struct SimControls {
  OperatorCommand command;
  bool paused = false;
  /// Simulation seconds per wall-clock second (1 real time, 0.1 slow motion).
  double speed = 1.0;
  MousePull pull;
};

/// One-shot requests: they accumulate until the physics thread takes them.
struct SimRequests {
  /// Physics steps to take while paused.
  int single_steps = 0;
  bool reset = false;
  /// Keyframe for the reset; empty for the simulation's start keyframe.
  std::string reset_keyframe;
  /// Impulses on the base, world frame, N*s.
  std::vector<Eigen::Vector3d> impulses;

  /// Adds `later` after these (a later reset replaces an earlier one).
  void Merge(SimRequests&& later);
  bool empty() const { return single_steps == 0 && !reset && impulses.empty(); }
};

/// One sample of the live plots, taken every kPlotSamplePeriod of simulation time.
struct PlotSample {
  double time = 0;
  /// Commanded and measured velocity in the heading frame, m/s and rad/s.
  float cmd_vx = 0, cmd_vy = 0, cmd_yaw_rate = 0;
  float vx = 0, vy = 0, yaw_rate = 0;
  /// Base height above the terrain, m.
  float height = 0;
  /// Largest |joint torque| / torque limit over the joints, 0..1.
  float max_torque_share = 0;
  /// Controller compute time, ms.
  float controller_ms = 0;
  /// Bit i set when foot i touches the ground.
  uint32_t contacts = 0;
  /// Wheeled robots: per wheel (in leg order, `wheels` of them), rim speed and slip (rim speed
  /// minus the wheel centre's ground speed), m/s, from the simulator (MeasureWheels).
  static constexpr int kMaxWheels = 4;
  int wheels = 0;
  float wheel_rim[kMaxWheels] = {}, wheel_slip[kMaxWheels] = {};
};

/// Simulation seconds between plot samples.
inline constexpr double kPlotSamplePeriod = 0.01;

/// The latest simulation status for the HUD, the panels and the state dump.
struct SimStatus {
  double time = 0;
  /// Simulation seconds per wall-clock second over the last half second (0 when paused).
  double real_time_factor = 0;
  /// Wall-clock seconds of the last controller compute.
  double controller_seconds = 0;
  std::string active_behavior;
  /// Controller::refusal() of the last behaviour switch, or empty.
  std::string refusal;
  /// Why the simulation stopped (divergence, controller fault), or empty.
  std::string error;
  /// Wall-clock seconds since the physics thread last published (about 0.004 normally; it
  /// grows while a controller tick does not return). Set by PhysicsThread::Exchange.
  double stalled_seconds = 0;
  /// True once the base dropped below the fall height or a non-foot body touched the ground,
  /// since the last reset.
  bool fell = false;
  bool paused = false;
  /// Base position, world frame, m; heading (yaw) in rad; base height above the terrain, m.
  Eigen::Vector3d base_position = Eigen::Vector3d::Zero();
  double yaw = 0;
  double height = 0;
  /// |torque| / limit per joint (nj), 0..1.
  std::vector<float> torque_share;
  uint64_t steps = 0;
};

/// What the main thread receives: a copy of the simulation's mjData to render from, the status,
/// and the plot samples taken since the previous exchange.
struct SimSnapshot {
  /// Allocated by the main thread for the current model; mj_copyData fills it.
  DataPtr data;
  SimStatus status;
  std::vector<PlotSample> new_samples;
};

}  // namespace stuntsim
