#pragma once

#include <Eigen/Core>
#include <array>

#include "stuntsim/controllers/humanoid/body_reference.h"
#include "stuntsim/controllers/humanoid/dcm_planner.h"
#include "stuntsim/controllers/humanoid/foot_swing.h"
#include "stuntsim/controllers/humanoid/footstep_planner.h"
#include "stuntsim/controllers/humanoid/support_polygon.h"
#include "stuntsim/controllers/robot_info.h"
#include "stuntsim/controllers/robot_state.h"

namespace stuntsim {

/// Timing, limits and gains of walking.
struct WalkParams {
  /// Single-support and double-support durations, s; the first weight shift and the final
  /// settling double support, s.
  double single_support = 0.30, double_support = 0.06, start_duration = 0.40, finish_duration = 0.50;
  /// Single support of a recovery step (push while standing), s.
  double recovery_single_support = 0.26;
  /// When stopping, the DCM this far outside the feet (m) adds a step, at most max_extra_steps.
  double capture_margin = 0.0;
  int max_extra_steps = 6;
  /// CoM height above the support, m.
  double com_height = 0.66;
  /// Swing apex above the line from lift-off to touch-down, m (OperatorCommand::step_height
  /// overrides when > 0).
  double step_height = 0.07;
  /// Fractions of single support at lift-off and touch-down without horizontal swing motion.
  double swing_lift = 0.08, swing_land = 0.08;
  /// DCM feedback gain (double support and residual error), 1/s.
  double dcm_gain = 3.0;
  /// VRP offset on each sole: forward (m) and inward towards the other foot (m).
  double vrp_forward = 0.0, vrp_inset = 0.01;
  /// Command limits (vx m/s, vy m/s, yaw rate rad/s) and rate limits (per second).
  Eigen::Vector3d max_velocity = Eigen::Vector3d(1.0, 0.35, 1.0);
  Eigen::Vector3d min_velocity = Eigen::Vector3d(-0.5, -0.35, -1.0);
  Eigen::Vector3d max_accel = Eigen::Vector3d(1.0, 0.8, 2.0);
  /// Step adjustment: fraction of the predicted end-of-step DCM error added to the footstep, and
  /// the swing phase after which the target is frozen.
  double adjust_gain = 1.0, adjust_freeze = 0.75;
  /// Footsteps planned ahead of the current one.
  int horizon_steps = 3;
  /// Touch-down: contact after this swing phase ends the swing early; without contact the swing
  /// keeps lowering the foot at `reach_speed` (m/s) for at most `reach_time` (s).
  double early_contact_phase = 0.6, reach_speed = 0.3, reach_time = 0.15;
  /// Ground tilt under the stance sole (the plane that landing heights are extrapolated on and the
  /// tilt the swing sole copies): re-measured every tick while the stance sole touches, during this
  /// fraction of single support, when it is loaded and flat. The orientation at the first contact
  /// alone can be a heel or toe strike a few degrees off the ground, and the error then carries into
  /// the next footstep's height and tilt (a step-to-step loop that command latency made diverge).
  double tilt_track_phase = 0.5;
  /// Stepping down, the swing aims this far below the ground it expects (so it touches by the end
  /// of the step), m.
  double landing_depth = 0.015;
  /// Speed loop: low-pass time constant of the measured CoM velocity (s), integral gain (1/s) and
  /// the bound on the integral (x, y; m), so the correction is at most velocity_ki times it (m/s).
  double velocity_filter = 0.4, velocity_ki = 0.5;
  Eigen::Vector2d max_velocity_correction = Eigen::Vector2d(0.3, 0.3);
  /// Heading hold on the pelvis (IMU) yaw: sole slips must not add up into a turn.
  HeadingHoldParams heading;
  FootstepParams footsteps;
};

/// Phases of walking.
enum class WalkPhase {
  kStart,   ///< double support, weight moving onto the first stance foot
  kSingle,  ///< one foot swinging
  kDouble,  ///< double support between steps
  kFinish,  ///< final double support, DCM moving to the middle of the feet
  kDone,    ///< stopped; hand back to standing
};

/// Walking pattern generator and stabilizer: footsteps from the velocity command, a DCM
/// reference from the piecewise-linear VRP through them (DcmPlan), DCM tracking through the CoM
/// acceleration (CMP kept in the support polygon), step adjustment towards the capture point
/// (the swing target moves by the predicted end-of-step DCM error), swing trajectories and
/// touch-down detection. Start, stop and a single recovery step after a push are phases of the
/// same machine. Fixed-size state; Update does not allocate.
class WalkingGenerator {
 public:
  /// Starts walking from double support: the weight first moves onto the stance foot.
  /// `velocity` (vx, vy, yaw rate) picks which foot steps first.
  void Start(const RobotState& state, const WalkParams& params, const Eigen::Vector3d& velocity);
  /// Starts with an immediate step of `swing_foot` (recovery from a push), then stops.
  void StartRecovery(const RobotState& state, const WalkParams& params, int swing_foot);
  /// Finishes the current step, brings the other foot alongside and settles.
  void RequestStop();
  /// Advances by `dt` (s) and fills `ref` (CoM, pelvis, feet). `velocity` = commanded
  /// (vx, vy, yaw rate) in the heading frame; `step_height` > 0 overrides the default, m.
  void Update(const RobotState& state, const Eigen::Vector3d& velocity, double step_height, double dt,
              BodyReference* ref);

  WalkPhase phase() const { return phase_; }
  bool done() const { return phase_ == WalkPhase::kDone; }
  bool stopping() const { return steps_left_ >= 0; }
  /// Steps completed (touch-downs) since Start.
  int steps_taken() const { return steps_taken_; }
  /// Current footholds (world) of both feet; the swing foot's is where it lifted off.
  const Footstep& foothold(int foot) const { return feet_[foot]; }
  /// Target of the swinging foot after step adjustment.
  const Footstep& swing_target() const { return target_; }
  /// CoM velocity in the heading frame, low-passed, m/s.
  const Eigen::Vector2d& measured_velocity() const { return measured_velocity_; }
  /// Heading target of the heading hold and its error (target - pelvis heading), rad.
  const HeadingHold& heading_hold() const { return heading_hold_; }
  /// The DCM reference of the last update and the measured DCM, world x-y, m.
  const DcmSample& dcm_reference() const { return dcm_ref_; }
  const Eigen::Vector2d& dcm_measured() const { return dcm_meas_; }
  double omega() const { return omega_; }
  /// Foot swinging now, or -1 in double support.
  int swing_foot() const { return phase_ == WalkPhase::kSingle ? 1 - stance_ : -1; }

 private:
  // Phase changes.
  void BeginSingle(const RobotState& state);
  void Land(const RobotState& state);
  // Footstep `foot` lands in the stance foot's sole plane: z from the stance sole's normal.
  double GroundHeight(const Eigen::Vector2d& xy) const;
  // Height the swing aims for at `xy`: the ground, or a little below it when stepping down.
  double LandingHeight(const Eigen::Vector2d& xy) const;
  // VRP of a foothold (m, x-y).
  Eigen::Vector2d Vrp(const Footstep& step) const;
  // Plans the footsteps after `first` (the next foothold) into steps_ and builds the DCM plan
  // from now; returns the DCM at the end of the current phase.
  Eigen::Vector2d BuildPlan(const Footstep& first, double remaining);
  void UpdateVelocity(const Eigen::Vector3d& command, const RobotState& state, double dt);

  WalkParams params_;
  WalkPhase phase_ = WalkPhase::kDone;
  double phase_time_ = 0, phase_duration_ = 0;
  int stance_ = kRightFoot;  // stance foot (in kStart / kDouble: the foot taking the weight)
  int steps_left_ = -1;      // footsteps still to take, -1 = until a stop is requested
  int steps_taken_ = 0;
  int extra_steps_ = 0;                      // steps added while stopping because the DCM was not captured
  std::array<Footstep, 2> feet_;             // footholds
  std::array<Eigen::Matrix3d, 2> foot_rot_;  // sole orientation at each foothold (world)
  std::array<bool, 2> landed_ = {true, true};
  Footstep target_;  // swing target (adjusted)
  FootSwing swing_;
  std::array<Footstep, 8> steps_;  // planned footholds after the next one
  int step_count_ = 0;
  DcmPlan plan_;
  DcmSample dcm_ref_;
  Eigen::Vector2d dcm_meas_ = Eigen::Vector2d::Zero();
  Eigen::Vector2d vrp_from_ = Eigen::Vector2d::Zero();  // VRP at the start of a double support
  double z_from_ = 0;                                   // support height at the start of a double support, m
  Eigen::Vector3d velocity_ = Eigen::Vector3d::Zero();  // rate-limited command
  Eigen::Vector3d plan_velocity_ = Eigen::Vector3d::Zero();      // command plus speed correction
  Eigen::Vector2d measured_velocity_ = Eigen::Vector2d::Zero();  // low-passed, heading frame
  Eigen::Vector2d velocity_integral_ = Eigen::Vector2d::Zero();  // m
  HeadingHold heading_hold_;
  double omega_ = 3.7;
  double step_height_ = 0.07;
  SupportPolygon support_;
};

}  // namespace stuntsim
