#pragma once

#include <Eigen/Core>

#include "stuntsim/controllers/commands.h"
#include "stuntsim/controllers/robot_info.h"
#include "stuntsim/controllers/robot_state.h"

namespace stuntsim {

/// Getting up from lying on the back or on the front, as a sequence of contact states (Kanehiro
/// et al., ICRA 2003; Stueckler, Schwenk, Behnke 2006):
///
///   twist     (only on the back) the waist turns the pelvis face down, one leg swings across
///   roll      the waist untwists and an arm swings across: the chest follows, face down
///   brace     hands beside the chest, elbows bent, knees bent
///   pike      knees pulled under the hips: the pelvis rises, the chest stays low
///   kneel     hips extend to raise the chest over the knees, arms vertical: hands and knees
///   tuck      hips back over the heels, knees up, feet flat: a deep squat, hands still down
///   rise      lift the chest until the centre of mass is over the feet
///
/// Each phase tracks a target posture with joint impedance plus gravity compensation (the bias
/// forces of the dynamics the controller receives), on a minimum-jerk path from where the joints
/// were when the phase began. Phases end on measured state (chest orientation, pelvis height, the
/// centre of mass over the soles with both feet in contact), never on time alone; a phase that
/// does not reach its goal within its time-out starts over from the phase before it. When the
/// centre of mass is over the feet, ready() says the standing whole-body controller can take over.
/// Torques are clamped to kTorqueShare of each joint's limit. Start allocates; Update does not.
///
/// STATUS: experimental, it does not reach standing yet (docs/humanoid.md, "get_up"): from the
/// back the twist turns the pelvis past its side but the chest does not follow; from the front
/// the pike lifts the pelvis to about 0.24 m but the 25 N m arms do not lift the chest.
class GetUp {
 public:
  /// Phases in order; kDone means ready() is true.
  enum class Phase { kTwist, kRoll, kBrace, kPike, kKneel, kTuck, kRise, kDone };

  /// Share of each joint's torque limit the phases may use.
  static constexpr double kTorqueShare = 0.95;

  /// Starts from `state`: on the back it begins with kTwist, otherwise with kBrace.
  void Start(const RobotInfo& robot, const RobotState& state);
  /// Writes the joint command for this tick (torques in tau_ff, kp = kd = 0) and advances the phase.
  void Update(const RobotInfo& robot, const RobotState& state, double dt, JointCommand& out);

  Phase phase() const { return phase_; }
  /// Name of the current phase ("roll", "push_up", ...).
  const char* phase_name() const;
  /// True once the centre of mass is over the feet in a squat: hand over to standing.
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
};

}  // namespace stuntsim
