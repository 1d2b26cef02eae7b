#pragma once

#include <Eigen/Core>
#include <array>
#include <vector>

#include "stuntsim/controllers/commands.h"
#include "stuntsim/controllers/robot_info.h"
#include "stuntsim/controllers/robot_state.h"

namespace stuntsim {

/// Getting up from lying on the back or on the front, as a sequence of contact states (Kanehiro
/// et al., ICRA 2003; Stueckler, Schwenk, Behnke 2006):
///
///   twist     (on the back) the waist turns the pelvis face down, one leg swings across
///   roll      the waist untwists and an arm pushes: the chest follows, face down
///   brace     hands beside the chest, elbows bent, knees bent
///   push_up   the hands push (Cartesian, through the hand Jacobians): a push-up on the knees
///   kneel     thighs swing under the hips: on hands and knees
///   tuck      a quick swing pulls the feet in under the body: deep squat, hands still down
///   rock      the hands push the body back until the soles are level under the centre of mass
///
/// Each phase tracks a target posture with joint impedance plus gravity compensation (the bias
/// forces of the dynamics the controller receives), on a minimum-jerk path from where the joints
/// were when the phase began; pushing phases drive the hands in Cartesian space instead. Phases
/// end on measured state (pelvis and chest orientation, pelvis height over the hands, foot
/// contacts and sole orientation, the centre of mass over the soles), never on time alone; a
/// phase that does not reach its goal within its time-out starts over from an earlier one. When
/// the centre of mass is over the level feet, ready() says standing balance can take over (it
/// rises from the squat). Torques are clamped to kTorqueShare of each joint's limit. Start
/// allocates; Update does not.
class GetUp {
 public:
  /// Phases in order; kDone means ready() is true.
  enum class Phase { kTwist, kRoll, kBrace, kPushUp, kKneel, kTuck, kRock, kDone };

  /// Share of each joint's torque limit the phases may use.
  static constexpr double kTorqueShare = 0.95;

  /// Starts from `state`: on the back it begins with kTwist, otherwise with kBrace.
  void Start(const RobotInfo& robot, const RobotState& state);
  /// Writes the joint command for this tick (torques in tau_ff, kp = kd = 0) and advances the phase.
  void Update(const RobotInfo& robot, const RobotState& state, double dt, JointCommand& out);

  Phase phase() const { return phase_; }
  /// Name of the current phase ("roll", "push_up", ...).
  const char* phase_name() const;
  /// True once the centre of mass is over the level feet in a squat: hand over to standing.
  bool ready() const { return phase_ == Phase::kDone; }
  /// Phases restarted after a time-out since Start.
  int retries() const { return retries_; }
  /// Side the robot rolls towards (+1 right, -1 left), chosen at Start from the pelvis's tilt.
  int roll_side() const { return roll_side_; }

 private:
  void Enter(Phase phase, const RobotState& state);
  // True when the measured state has reached the current phase's goal.
  bool GoalReached(const RobotInfo& robot, const RobotState& state) const;
  // The phase to start over from when the current one times out.
  Phase RetryPhase() const;

  Phase phase_ = Phase::kBrace;
  double phase_time_ = 0;          // s since the phase began
  int retries_ = 0;
  int roll_side_ = 1;
  Eigen::VectorXd q_start_;        // joints when the phase began (nj), rad
  Eigen::VectorXd q_target_;       // the phase's posture (nj), rad
  Eigen::VectorXd hand_tau_;       // arm torques of the Cartesian hand push (nj), N m
  std::vector<bool> is_arm_;       // per joint (nj)
  std::array<Eigen::Vector3d, 2> hand_start_;  // hands when the phase began, pelvis frame, m
};

}  // namespace stuntsim
