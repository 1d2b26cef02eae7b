#pragma once

#include <array>

#include <Eigen/Core>

#include "stuntsim/controllers/commands.h"
#include "stuntsim/controllers/quadruped/body_state.h"
#include "stuntsim/controllers/quadruped/convex_mpc.h"
#include "stuntsim/controllers/quadruped/foothold_planner.h"
#include "stuntsim/controllers/quadruped/gait_scheduler.h"
#include "stuntsim/controllers/quadruped/leg_control.h"
#include "stuntsim/controllers/quadruped/swing_trajectory.h"

namespace stuntsim {

/// Tuning of the locomotion controller.
struct LocomotionParams {
  ConvexMpcParams mpc;
  /// Scale on the robot's composite inertia for the MPC model. The legs carry half the mass,
  /// and in stance they do not turn with the body, so the inertia the stance forces act on is
  /// smaller than the composite one; overestimating it makes the MPC overshoot.
  double inertia_scale = 0.7;
  /// Control ticks between MPC solves (also re-solved at every lift-off and touch-down).
  int mpc_every = 12;
  LegGains legs;
  /// Slew limits of the velocity command, m/s^2 and rad/s^2.
  double max_accel = 1.0, max_yaw_accel = 4.0;
  /// Largest distance the desired position may lead the body, m (and yaw, rad).
  double max_position_error = 0.08, max_yaw_error = 0.25;
  /// Body height command range relative to the nominal height, m.
  double min_height = -0.12, max_height = 0.05;
  /// Pose-mode orientation limits (roll, pitch, yaw), rad.
  double max_pose_angle = 0.35;
  /// Swing apex height range, m.
  double min_step_height = 0.03, max_step_height = 0.16;
  /// Integral gains (1/s) and limits of the slow corrections of the height (m) and of roll and
  /// pitch (rad) references that remove the steady offsets the rigid-body model leaves (the legs
  /// carry half the mass).
  double height_ki = 1.0, height_int_max = 0.05;
  double tilt_ki = 2.0, tilt_int_max = 0.3;
  /// Standing, the tilt correction decays with this time constant instead of integrating, s.
  double stand_int_decay = 1.0;
  /// Fraction of the ground slope the body pitches and rolls with, 0..1.
  double slope_follow = 0.7;
  /// Standing, a base speed above this (m/s) starts balance steps (a trot in place) until the
  /// body has been slower than `step_settle_speed` for `step_settle_time` seconds.
  double step_trigger_speed = 0.25, step_settle_speed = 0.08, step_settle_time = 1.0;
  /// Largest offset of a foothold from under the hip, forward and sideways, m (a foot placed
  /// further forward lays the shin nearly flat at touch-down).
  double foothold_max_dx = 0.18, foothold_max_dy = 0.12;
  /// Swing lift phase (SwingTrajectory) at low speed, shrinking linearly to `fast_lift_phase`
  /// between `lift_phase_speed` and twice that speed (m/s): fast steps are long, and a lift
  /// phase squeezing them into less of the swing asks the motors for more speed and torque than
  /// they have; fast gaits do not climb steps.
  double lift_phase = 0.1, fast_lift_phase = 0.02, lift_phase_speed = 1.0;
  /// Swing progress after which the foothold is frozen.
  double foothold_freeze = 0.8;
  /// A foot whose swing ended without contact keeps moving down at this speed (m/s) for at most
  /// `landing_window` seconds before the stance force is applied anyway.
  double landing_speed = 0.4, landing_window = 0.08;
  /// Depth below the estimated ground the swing aims its touch-down at, m.
  double touchdown_depth = 0.006;
  /// The swing target runs this far ahead of the clock, s (makes up for the tracking lag).
  double swing_lead = 0.0;
  /// Contact estimation (foot switch fused with schedule, kinematics and leg load).
  ContactEstimatorParams contact;
  /// Estimator trust of a contact the switch does not (yet) report, times its probability.
  /// Perturbed seeds 1-10, friction-0.4 trot, before the switch decided the rest of a reported
  /// stance: 1.0 passed 2 of 10 (the kinematics do not see a foot slipping sideways), 0.5
  /// passed 6, 0 passed 4; now 0.5 passes 9.
  double unsensed_contact_trust = 0.5;
};

/// Stand and gaits: gait scheduler, convex MPC for the stance forces, Raibert footholds and
/// Bezier swings, mapped to joint commands leg by leg. Stand (the "stand" gait) is pose mode:
/// roll, pitch, yaw and height commands move the body over fixed feet.
class LocomotionController {
 public:
  /// Sizes everything. `kin` gives the legs' kinematics (kept by pointer: it must outlive this);
  /// the robot's home pose sets the nominal footprint and standing height, its mass and
  /// inertia the MPC model.
  void Reset(const LocomotionParams& params, const RobotInfo& robot, const BodyStateBuilder& kin);

  /// Takes over with every foot on the ground, running `gait` (holds the current pose).
  void Start(const BodyState& body, const GaitSpec& gait);
  /// Switches gait while running (phase-matched at a good moment within one period; swings in
  /// flight finish).
  void SetGait(const GaitSpec& gait);

  /// One control tick of `dt` seconds.
  void Compute(const BodyState& body, const OperatorCommand& command, double dt, JointCommand& out);

  /// Replaces body.contact (the foot switches) by the fused contact estimate and fills
  /// body.contact_probability. Call once per tick before ContactTrust and Compute.
  void EstimateContacts(BodyState& body);
  /// Per-foot trust (0..1) for the state estimator: in contact and well inside a stance.
  std::array<double, kQuadLegs> ContactTrust(const BodyState& body) const;

  const GaitScheduler& scheduler() const { return scheduler_; }
  const ConvexMpc& mpc() const { return mpc_; }
  const GroundPlane& ground() const { return ground_; }
  /// Standing height of the base over the ground at the home pose, m.
  double nominal_height() const { return nominal_height_; }
  /// True while standing has turned into balance steps after a push.
  bool balance_stepping() const { return balance_stepping_; }
  /// True when every foot is down and no swing is in flight.
  bool AllFeetDown() const;
  /// Filtered velocity command in the heading frame (vx, vy, yaw rate).
  const Eigen::Vector3d& velocity_command() const { return cmd_filtered_; }
  /// Number of MPC solves that did not return kSolved.
  int mpc_failures() const { return mpc_failures_; }

 private:
  void UpdateCommand(const BodyState& body, const OperatorCommand& command, double dt);
  void ApplyGaitWeights(const GaitSpec& gait);
  // Starts or ends balance steps while standing, from the body's speed.
  void UpdateBalanceStepping(const BodyState& body, double dt);
  void SolveMpc(const BodyState& body);
  Eigen::Vector3d Foothold(const BodyState& body, int leg) const;
  // True while `leg`'s stance has begun by the schedule but the foot has not touched yet.
  bool Landing(const BodyState& body, int leg) const;

  LocomotionParams params_;
  const BodyStateBuilder* kin_ = nullptr;
  GaitScheduler scheduler_;
  ContactEstimator contacts_;
  ConvexMpc mpc_;
  GroundPlane ground_;
  std::array<SwingTrajectory, kQuadLegs> swings_{};
  std::array<bool, kQuadLegs> was_landing_{};
  std::array<Eigen::Vector3d, kQuadLegs> shoulder_{};  // nominal foot under each hip, base frame
  double nominal_height_ = 0.27;

  // Command state.
  Eigen::Vector3d cmd_filtered_ = Eigen::Vector3d::Zero();  // vx, vy (heading frame), yaw rate
  Eigen::Vector3d vel_des_world_ = Eigen::Vector3d::Zero();
  Eigen::Vector3d pos_des_ = Eigen::Vector3d::Zero();       // base origin, world
  double yaw_des_ = 0, stand_yaw_ = 0;
  Eigen::Vector3d pose_rpy_ = Eigen::Vector3d::Zero();      // pose-mode roll, pitch, yaw offset
  double height_cmd_ = 0, step_height_ = 0.08;
  double height_int_ = 0;                                   // m
  Eigen::Vector2d tilt_int_ = Eigen::Vector2d::Zero();      // roll, pitch, rad
  Eigen::Vector2d tilt_ref_ = Eigen::Vector2d::Zero();      // roll, pitch reference, rad
  bool standing_ = true;
  bool balance_stepping_ = false;
  double settled_time_ = 0;  // s the body has been slow while balance stepping
  int ticks_since_mpc_ = 1 << 20;
  int mpc_failures_ = 0;
};

}  // namespace stuntsim
