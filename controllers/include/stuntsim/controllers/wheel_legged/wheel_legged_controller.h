#pragma once

#include <array>
#include <string>
#include <vector>

#include "stuntsim/controllers/controller.h"
#include "stuntsim/controllers/quadruped/body_state.h"
#include "stuntsim/controllers/quadruped/quadruped_controller.h"
#include "stuntsim/controllers/registry.h"
#include "stuntsim/controllers/wheel_legged/drive_controller.h"

namespace stuntsim {

/// The wheel-legged robot's top-level controller. Two stacks share the robot:
///  - drive: DriveController, force-based stance on the four wheel contacts while the wheels
///    drive (forward speed and yaw rate; skid steering; traction control; brakes);
///  - legs: the quadruped controller itself (stand, walk, sit, lie_down, recover, its gait
///    scheduler and convex MPC, not a copy) with the wheels locked, for what wheels cannot do:
///    a step too high to roll over, getting up.
/// Switching between them happens standing still: a switch asked for while driving brakes to a
/// stop first, one asked for while walking stands first.
///
/// Sensors used: IMU, joint encoders (wheels included), foot switches, the kinematic and
/// dynamic model; base position and velocity from the leg-odometry Kalman filter (rolling
/// wheels are odometry too).
class WheelLeggedController : public Controller {
 public:
  /// Behaviour names accepted in OperatorCommand::behavior.
  static const std::vector<std::string>& Behaviors();
  /// Wheel lock while the legs walk or stand: stiffness N m/rad, damping N m s/rad.
  static constexpr double kLockKp = 100.0, kLockKd = 2.0;
  /// Largest speed at which the drive takes over from the legs (every wheel down), m/s.
  static constexpr double kDriveSwitchSpeed = 0.5;

  explicit WheelLeggedController(const DriveParams& params = DriveParams());

  void Reset(const RobotInfo& robot, const RobotState& state) override;
  void Compute(const RobotInfo& robot, const RobotState& state, const OperatorCommand& command,
               JointCommand& out) override;
  double period() const override { return QuadrupedController::kPeriod; }
  std::string active_behavior() const override;
  std::string refusal() const override;

  /// True while driving.
  bool driving() const { return mode_ == Mode::kDrive; }
  const DriveController& drive() const { return drive_; }
  const QuadrupedController& legs() const { return legs_; }
  /// The drive stack's state estimate of the last tick (while driving).
  const BodyState& body() const { return body_; }

 private:
  enum class Mode { kLegs, kDrive };

  // Decides a request (one per change of OperatorCommand::behavior).
  void Request(const std::string& behavior);
  // Hands the robot to the legs (quadruped stack) or to the drive.
  void StartLegs(const RobotInfo& robot, const RobotState& state);
  void StartDrive();
  // Holds every wheel at the angle it had when the legs took over.
  void LockWheels(JointCommand& out) const;

  DriveParams params_;
  QuadrupedController legs_;
  BodyStateBuilder builder_;
  DriveController drive_;
  BodyState body_;
  Mode mode_ = Mode::kLegs;
  bool switch_to_legs_ = false;  // a request waits for the drive to stop
  std::string last_request_, pending_, refusal_;
  std::string legs_request_;      // the behaviour passed to the legs' stack
  std::array<int, kQuadLegs> wheel_joints_{};
  std::array<double, kQuadLegs> lock_q_{};
};

/// Registers "wheel_legged".
void RegisterWheelLeggedControllers(ControllerRegistry& registry);

}  // namespace stuntsim
