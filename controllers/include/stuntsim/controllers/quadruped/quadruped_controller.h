#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "stuntsim/controllers/controller.h"
#include "stuntsim/controllers/quadruped/acrobatic_motion.h"
#include "stuntsim/controllers/quadruped/acrobatics_player.h"
#include "stuntsim/controllers/quadruped/body_state.h"
#include "stuntsim/controllers/quadruped/locomotion_controller.h"
#include "stuntsim/controllers/quadruped/posture_controller.h"
#include "stuntsim/controllers/quadruped/recovery_controller.h"
#include "stuntsim/controllers/registry.h"

namespace stuntsim {

/// The quadruped's top-level controller: a state machine of behaviours over the locomotion
/// (stand and the six gaits, convex MPC), posture (sit, lie down, stand up), recovery (roll
/// over, then stand up) and acrobatics (flips and jumps played from assets/motions/quadruped,
/// landing into the stand) controllers. One transition function, Request(), decides every switch
/// and refuses unsafe ones with a message in refusal().
///
/// Sensors used: IMU (orientation, gyro, accelerometer), joint encoders, foot switches and the
/// kinematic/dynamic model; base position and velocity come from a Kalman filter, or from the
/// simulator's ground truth when constructed with `use_ground_truth`.
class QuadrupedController : public Controller {
 public:
  /// Behaviour names accepted in OperatorCommand::behavior.
  static const std::vector<std::string>& Behaviors();
  /// The acrobatic behaviours (a subset of Behaviors()): each plays the motion file of its name.
  static const std::vector<std::string>& AcrobaticBehaviors();
  /// Largest horizontal speed (m/s, a walk), ground slope (rad) and body tilt (rad) from which
  /// an acrobatic behaviour starts.
  static constexpr double kFlipMaxSpeed = 0.5, kFlipMaxSlope = 0.1745, kFlipMaxTilt = 0.1745;

  /// `params`: the locomotion controller's tuning (the defaults are what "quadruped_mpc" runs);
  /// `recovery`: the fall recovery's roll-over.
  explicit QuadrupedController(bool use_ground_truth, const LocomotionParams& params = LocomotionParams(),
                               const RecoveryParams& recovery = RecoveryParams());

  void Reset(const RobotInfo& robot, const RobotState& state) override;
  void Compute(const RobotInfo& robot, const RobotState& state, const OperatorCommand& command,
               JointCommand& out) override;
  double period() const override { return kPeriod; }
  std::string active_behavior() const override { return active_; }
  std::string refusal() const override { return refusal_; }

  /// Control period, s.
  static constexpr double kPeriod = 0.002;
  /// Tilt of the body's up axis from vertical beyond which the robot counts as fallen, rad.
  static constexpr double kFallTilt = 1.0;

  /// The sensed and estimated state of the last tick.
  const BodyState& body() const { return body_; }
  /// The legs' kinematics, joints and motors as identified at Reset.
  const BodyStateBuilder& kinematics() const { return builder_; }
  const LocomotionController& locomotion() const { return locomotion_; }
  const AcrobaticsPlayer& acrobatics() const { return acrobatics_; }
  /// Uses `motion` for the acrobatic behaviour of its name from now on, instead of the file
  /// (stuntsim-optimize evaluates candidates this way). Kept across Reset.
  void SetMotion(const AcrobaticMotion& motion);
  /// True while the robot is standing or moving on its feet under the locomotion controller.
  bool on_feet() const { return mode_ == Mode::kLocomotion; }

 private:
  enum class Mode { kLocomotion, kPosture, kRecover, kFallen, kAcrobatics };

  // The transition function: decides a request for `behavior`; sets refusal_ if refused.
  void Request(const std::string& behavior);
  // Starts the locomotion controller in `gait` from the current (standing) state.
  void StartLocomotion(const std::string& gait);
  void EnterFallen();
  // Guards and starts (or defers) the acrobatic behaviour `name`; sets refusal_ if refused.
  void RequestAcrobatics(const std::string& name);
  // Why the robot cannot start a flip now, or empty (the standing checks of the guard).
  std::string FlipBlocker() const;
  // The motion for `name`: SetMotion's, else the file (loaded on first use), else nullptr with
  // the reason in refusal_.
  const AcrobaticMotion* Motion(const std::string& name);
  // True if the body is upright (tilt below kFallTilt).
  bool Upright() const;
  // Base height over the lowest foot (legs' kinematics), m.
  double HeightOverFeet() const;

  bool ground_truth_;
  LocomotionParams params_;
  RecoveryParams recovery_params_;
  BodyStateBuilder builder_;
  LocomotionController locomotion_;
  PostureController posture_;
  RecoveryController recovery_;
  AcrobaticsPlayer acrobatics_;
  std::map<std::string, AcrobaticMotion> motions_;  // by behaviour name
  std::map<std::string, std::string> motion_errors_;
  std::set<std::string> overridden_;  // names given by SetMotion
  BodyState body_;
  Mode mode_ = Mode::kLocomotion;
  std::string active_ = "stand";
  std::string last_request_;
  std::string pending_;  // request waiting for a transient motion (standing up) to finish
  std::string refusal_;
  Eigen::VectorXd fallen_q_;  // joint angles held softly while fallen (nj)
  double speed_ = 0;          // low-passed horizontal speed, m/s
};

/// Registers "quadruped_mpc" (Kalman filter state estimate) and "quadruped_mpc_truth" (the
/// simulator's ground-truth base position and velocity).
void RegisterQuadrupedControllers(ControllerRegistry& registry);

}  // namespace stuntsim
