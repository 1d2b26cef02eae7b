#pragma once

#include <array>
#include <string>

#include <Eigen/Core>

#include "stuntsim/controllers/commands.h"
#include "stuntsim/controllers/quadruped/acrobatic_motion.h"
#include "stuntsim/controllers/quadruped/body_state.h"

namespace stuntsim {

/// Tuning of AcrobaticsPlayer's checks and landing.
struct AcrobaticsParams {
  /// Lift-off counts from this long before the motion's expected lift-off, and every foot must
  /// be off the ground this long after it, s.
  double takeoff_window = 0.08;
  /// Ticks in a row with no foot switch on that count as lift-off.
  int airborne_ticks = 3;
  /// At lift-off, the measured rate about the motion's axis and the vertical speed must reach
  /// these fractions of the expected ones, or the flip is not attempted.
  double min_rate_ratio = 0.6, min_vz_ratio = 0.6;
  /// In flight the legs follow the measured rotation (attitude-indexed playback), lagging the
  /// clock by at most this much (the legs open even if the body turns slowly), s.
  double max_flight_lag = 0.08;
  /// Speed governor: a joint driven faster than this fraction of its motor's no-load speed
  /// toward its target is held there by damping alone (no stiffness, no feed-forward), so an
  /// extension at full power does not overshoot the motor's speed.
  double governor_speed = 0.85;
  /// Landing: joint gains (times robot.toml's) of the compliant legs at touch-down.
  double landing_kp_scale = 0.6, landing_kd_scale = 1.2;
  /// Landing ends (hand-over to the stand) once all four feet have been down this long, or
  /// this long after the first touch-down at the latest, s.
  double settle_time = 0.08, max_landing_time = 0.4;
};

/// Phases of a played acrobatic motion.
enum class AcrobaticPhase {
  kPush,     ///< On the ground: crouch and push, tracked by the clock.
  kFlight,   ///< Airborne after a good lift-off: legs follow the measured rotation.
  kAbort,    ///< The take-off went wrong: legs to the landing pose, no tuck.
  kLanding,  ///< Touched down: compliant legs carrying the weight until all feet are down.
  kDone,     ///< Landed; the stand controller takes over.
};

/// Short name of a phase ("push", "flight", ...).
const char* ToString(AcrobaticPhase phase);

/// Tracks a stored AcrobaticMotion: joint impedance around the motion's joint targets plus its
/// feed-forward torques, with feedback on timing (lift-off detected from the feet, the flight
/// indexed by the body's measured rotation rather than the clock) and a take-off check that
/// aborts into a landing posture instead of a blind flip. Landing is compliant joint impedance
/// with the body's weight shared over the feet in contact (tau = -J' f); the caller then hands
/// the robot to its force-based stand.
class AcrobaticsPlayer {
 public:
  void set_params(const AcrobaticsParams& params) { params_ = params; }
  const AcrobaticsParams& params() const { return params_; }
  /// `kin` must outlive this.
  void Reset(const RobotInfo& robot, const BodyStateBuilder& kin);
  /// Starts `motion` (kept by pointer: it must outlive the run) from the present state.
  void Start(const AcrobaticMotion* motion, const BodyState& body);
  /// One tick of `dt` seconds.
  void Compute(const BodyState& body, double dt, JointCommand& out);

  AcrobaticPhase phase() const { return phase_; }
  bool done() const { return phase_ == AcrobaticPhase::kDone; }
  /// Why the take-off was aborted, or empty.
  const std::string& abort_reason() const { return abort_reason_; }
  /// Motion time being played (s) and the rotation measured since Start about its axis (rad).
  double motion_time() const { return motion_time_; }
  double rotation() const { return rotation_; }
  const AcrobaticMotion* motion() const { return motion_; }

 private:
  void Abort(const std::string& why, AcrobaticPhase next);
  // The first foot is down: compliant landing from now on.
  void TouchDown();
  // Landing pose with compliant gains and the weight shared over the feet in contact.
  void Land(const BodyState& body, JointCommand& out) const;

  AcrobaticsParams params_;
  const BodyStateBuilder* kin_ = nullptr;
  double mass_ = 0;
  std::array<std::array<double, 3>, kQuadLegs> kp_{}, kd_{};
  const AcrobaticMotion* motion_ = nullptr;
  AcrobaticPhase phase_ = AcrobaticPhase::kDone;
  std::string abort_reason_;
  double clock_ = 0, motion_time_ = 0, rotation_ = 0;
  double touchdown_time_ = 0, all_down_time_ = 0;
  int airborne_ticks_ = 0;
  bool by_attitude_ = false;  // the motion's AttitudeIndexed(), fixed for a run
};

}  // namespace stuntsim
