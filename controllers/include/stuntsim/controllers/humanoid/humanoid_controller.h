#pragma once

#include <Eigen/Core>
#include <string>
#include <vector>

#include "stuntsim/controllers/controller.h"
#include "stuntsim/controllers/humanoid/base_estimator.h"
#include "stuntsim/controllers/humanoid/body_reference.h"
#include "stuntsim/controllers/humanoid/get_up.h"
#include "stuntsim/controllers/humanoid/motion_library.h"
#include "stuntsim/controllers/humanoid/motion_player.h"
#include "stuntsim/controllers/humanoid/stand_balance.h"
#include "stuntsim/controllers/humanoid/torque_output.h"
#include "stuntsim/controllers/humanoid/walking_generator.h"
#include "stuntsim/controllers/humanoid/whole_body_qp.h"

namespace stuntsim {

/// The humanoid's top-level controller (registered as humanoid_wbc): a state machine of behaviours
/// over one whole-body QP. Every behaviour fills a BodyReference; BuildTargets turns it into task
/// accelerations; WholeBodyQp gives torques; TorqueOutput writes the joint command.
///
/// Behaviours: stand (with pose commands and push recovery: ankle, hip, then stepping), walk
/// (velocity commands; "stand" stops) and one move per file in the motion folder (jab, cross, hook,
/// uppercut, front_kick, side_kick, combo, wave, bow, ...) and get_up (from lying on the back or
/// front; see GetUp), which hands over to stand once the centre of mass is over the level feet;
/// stand then rises from the squat (walk and moves are refused until it is up). A fallen robot is
/// held limp until get_up is asked for. Request() is the one transition function; it
/// refuses unsafe switches with a reason.
class HumanoidController : public Controller {
 public:
  /// Behaviour names: stand, walk, get_up and the moves found in `motion_directory`.
  static std::vector<std::string> Behaviors(const std::string& motion_directory = DefaultMotionDirectory());

  /// Moves are read from `motion_directory` at every Reset. The base state (pose, velocities,
  /// centre of mass) comes from HumanoidBaseEstimator, or with `use_ground_truth` from the
  /// simulator (humanoid_wbc_truth).
  explicit HumanoidController(std::string motion_directory = DefaultMotionDirectory(),
                              bool use_ground_truth = false);

  void Reset(const RobotInfo& robot, const RobotState& state) override;
  void Compute(const RobotInfo& robot, const RobotState& state, const OperatorCommand& command,
               JointCommand& out) override;
  std::string active_behavior() const override { return active_; }
  std::string refusal() const override { return refusal_; }

  /// The last QP solution (torques, accelerations, contact wrenches) and its targets.
  const WbcSolution& solution() const { return solution_; }
  const WbcTargets& targets() const { return targets_; }
  const WholeBodyQp& qp() const { return qp_; }
  /// QP solves that failed since Reset (the joint PD fallback ran instead).
  int failed_solves() const { return failed_solves_; }
  /// Recovery steps started from standing since Reset.
  int recovery_steps() const { return recovery_steps_; }
  const WalkingGenerator& walking() const { return walk_; }
  const MotionLibrary& motions() const { return motions_; }
  const GetUp& get_up() const { return get_up_; }
  /// The state estimator whose view every behaviour reads.
  const HumanoidBaseEstimator& estimator() const { return estimator_; }

 private:
  enum class Mode { kStand, kWalk, kMotion, kFallen, kGetUp };

  // The transition function: acts on a new behaviour request or sets refusal_.
  void Request(const std::string& behavior, const RobotInfo& robot, const RobotState& state,
               const OperatorCommand& command);
  void EnterStand(const RobotInfo& robot, const RobotState& state);
  void EnterFallen(const RobotState& state);
  // True when the pelvis is upright enough to balance (tilt below kFallTilt) and high enough.
  bool OnFeet(const RobotInfo& robot, const RobotState& state) const;
  // Fills reference_ for the current mode; may change mode.
  void UpdateMode(const RobotInfo& robot, const RobotState& state, const OperatorCommand& command);

  std::string motion_directory_;
  HumanoidBaseEstimator estimator_;
  MotionLibrary motions_;
  WholeBodyQp qp_;
  WbcTargets targets_;
  WbcSolution solution_;
  BodyReference reference_;
  TaskGains gains_;
  TorqueOutput output_;
  StandBalance stand_;
  WalkingGenerator walk_;
  WalkParams walk_params_;
  MotionPlayer player_;
  MotionParams motion_params_;
  GetUp get_up_;
  Mode mode_ = Mode::kStand;
  bool recovering_ = false;  // walking because of a push, not a request
  bool rising_ = false;      // standing up from get_up's squat (body height below the usual range)
  OperatorCommand rise_command_;  // pose command while rising
  std::string active_ = "stand";
  std::string last_request_;
  std::string refusal_;
  Eigen::VectorXd home_;    // home joint positions (nj), rad
  Eigen::VectorXd limp_q_;  // joint positions held softly while fallen (nj), rad
  int failed_solves_ = 0;
  int recovery_steps_ = 0;
  double dt_ = 0.002;
};

}  // namespace stuntsim
