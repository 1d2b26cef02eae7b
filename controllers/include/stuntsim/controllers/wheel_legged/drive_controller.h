#pragma once

#include <array>

#include <Eigen/Core>

#include "stuntsim/controllers/commands.h"
#include "stuntsim/controllers/motor.h"
#include "stuntsim/controllers/quadruped/body_state.h"
#include "stuntsim/controllers/quadruped/convex_mpc.h"
#include "stuntsim/controllers/quadruped/foothold_planner.h"
#include "stuntsim/controllers/quadruped/leg_control.h"

namespace stuntsim {

/// Tuning of the drive controller.
struct DriveParams {
  /// The convex MPC over the four wheel contacts. Rubber tyres grip better than the quadruped's
  /// worst case (mu 0.4): holding still on a 25 deg slope needs tan(25 deg) = 0.47 in the
  /// world-frame friction pyramid, so 0.6 here.
  ConvexMpcParams mpc = [] {
    ConvexMpcParams p;
    p.mu = 0.6;
    // No yaw terms: the legs cannot turn the body on wheels that slide sideways; the wheels
    // steer it (skid steering, DriveParams::yaw_kp). With them the MPC raised the normal forces
    // to widen the friction cones for the sideways forces it wanted, lifting and rolling the body.
    p.weights = {20, 20, 0, 10, 10, 200, 0.5, 0.5, 0, 10, 10, 4};
    return p;
  }();
  /// Friction coefficient the MPC may count on across each wheel (it rolls along the rest).
  double mu_across = 0.05;
  /// Scale on the composite inertia (as LocomotionParams::inertia_scale).
  double inertia_scale = 0.7;
  /// Control ticks between MPC solves. The heavy wheels at the leg ends make a fast roll mode:
  /// a force held for 10 ticks drove a 25 Hz roll chatter (roll rate +-8 rad/s); 4 ticks left
  /// +-2 rad/s, 2 ticks none.
  int mpc_every = 2;
  LegGains legs;
  /// Command limits: forward and backward speed (m/s), yaw rate (rad/s), and slew rates
  /// (m/s^2, rad/s^2). The wheel motors' no-load speed is 30.1 rad/s, 2.7 m/s at 0.09 m.
  double max_speed = 2.5, max_reverse = 1.0, max_yaw_rate = 1.0;
  double max_accel = 1.5, max_yaw_accel = 3.0;
  /// Largest lead of the desired position over the body, m, and of the desired yaw, rad.
  double max_position_error = 0.15, max_yaw_error = 0.3;
  /// Body height command range relative to the nominal height, m.
  double min_height = -0.1, max_height = 0.03;
  /// Fraction of the ground slope the body pitches and rolls with, 0..1.
  double slope_follow = 0.5;
  /// Fraction of the centripetal lean (atan(v w / g), into the turn) the body rolls with.
  /// Perturbed 1 rad/s turns at 1 m/s, 16 seeds: 8 passed upright, 11 with the lean.
  double turn_lean = 1.0;
  /// How far the body crouches in a turn (m), fully at a centripetal acceleration (speed x yaw
  /// rate) of `crouch_accel` (m/s^2), in proportion below. Perturbed 1 rad/s turns at 1 m/s, 50
  /// seeds: 32 passed (9 fell) without it, 42 (none fell) with 0.05 m.
  double turn_crouch = 0.05, crouch_accel = 1.0;
  /// Integral gain (1/s) and limit (rad) of a correction of the roll and pitch references.
  double tilt_ki = 1.0, tilt_int_max = 0.2;
  /// Fraction of the uphill shift that puts the centre of mass over the middle of the wheels on
  /// a slope (the feet move downhill under the body by this times h sin(slope)), and its
  /// largest value, m.
  double slope_shift = 1.0, max_slope_shift = 0.08;
  /// Spring and damper holding each wheel under its hip in the body's x and y (the MPC decides
  /// the vertical), N/m and N s/m.
  Eigen::Vector3d posture_kp = Eigen::Vector3d(600, 1500, 0);
  Eigen::Vector3d posture_kd = Eigen::Vector3d(20, 30, 0);
  /// Turning at `tuck_yaw_rate` (rad/s) or faster, the wheels draw in by `turn_tuck` of their
  /// distance ahead of or behind the centre (less wheelbase to skid sideways), in proportion
  /// below it.
  double turn_tuck = 0.7, tuck_yaw_rate = 1.5;  // 0.47 of the distance at 1 rad/s
  /// Wheel speed feedback, N m s/rad, toward the rolling speed of the command.
  double wheel_kd = 6.0;
  /// Heading feedback of the skid steering: yaw rate added per radian of heading error, 1/s.
  double yaw_kp = 2.0;
  /// Traction: a wheel's drive torque is kept under traction_mu * its load * radius, and cut
  /// back once its slip (rolling speed minus ground speed) exceeds slip_limit, m/s.
  double traction_mu = 0.8, slip_limit = 0.15;
  /// Brakes (wheel position hold) when the command and the body are still: command under
  /// `hold_command`, speed under `hold_speed` (m/s); stiffness N m/rad.
  double hold_command = 0.02, hold_speed = 0.1, hold_kp = 30.0;
};

/// What the drive controller measured at the last tick, per wheel (legs FL FR RL RR).
struct WheelTelemetry {
  /// Wheel speed, rad/s; rolling speed (radius times wheel speed) and the wheel centre's ground
  /// speed along the rolling direction, m/s; slip = rolling - ground, m/s.
  std::array<double, 4> speed{}, rolling{}, ground{}, slip{};
  /// Drive torque asked of the wheel, N m; its load (ground force along the normal), N.
  std::array<double, 4> torque{}, load{};
  /// True while the brakes hold the wheels.
  bool braking = false;
};

/// Adds to leg `l`'s joint torques (out.tau_ff) what holds its calf against the wheel motor's
/// reaction while the motor turns the wheel with `wheel_torque` (N m about the wheel's axis):
/// joint i gets wheel_torque * (axis_i . wheel axis). Without it a driving, braking or locked
/// wheel twists its leg (the stance force law sees only the ground force at the wheel centre),
/// the left and right legs the opposite ways when steering, and the body rolls.
void AddWheelReaction(const BodyState& body, int l, const BodyStateBuilder& kin, double wheel_torque,
                      JointCommand& out);

/// The torque joint `j`'s impedance command `c` asks for at position `q` and rate `dq`, before
/// the motor's envelope: tau_ff + kp (q_des - q) + kd (dq_des - dq), N m.
double ImpedanceTorque(const JointCommand& c, int j, double q, double dq);

/// Driving on four wheels: the legs hold body height, roll and pitch with force-based stance
/// control (the quadruped's convex MPC over the four wheel contacts, tau = -J' f) while the
/// wheels drive. Each wheel's MPC force along its rolling direction becomes its drive torque
/// (torque = radius * force, so the torque is shared by the wheels' loads), plus feedback toward
/// the rolling speed the velocity command asks of that wheel (skid steering: the yaw rate turns
/// into a left-right speed difference). Traction control limits each wheel's torque by its
/// load and cuts it when the wheel slips. On a slope the body pitches with part of the slope and
/// the wheels move downhill under it so the centre of mass stays over their middle. With no
/// command and no motion the wheels brake (position hold). Moving sideways (vy) is not possible
/// on fixed wheels and is ignored.
class DriveController {
 public:
  /// `kin` gives the legs' kinematics and wheels (kept by pointer: it must outlive this).
  void Reset(const DriveParams& params, const RobotInfo& robot, const BodyStateBuilder& kin);
  /// Takes over from a stand with every wheel on the ground.
  void Start(const BodyState& body);
  /// One control tick of `dt` seconds.
  void Compute(const BodyState& body, const OperatorCommand& command, double dt, JointCommand& out);

  /// True when the command is zero and the body has stopped (the brakes hold).
  bool stopped() const { return telemetry_.braking; }
  /// Filtered command: forward speed (m/s) and yaw rate (rad/s).
  double speed_command() const { return vx_; }
  double yaw_rate_command() const { return yaw_rate_; }
  const WheelTelemetry& telemetry() const { return telemetry_; }
  const GroundPlane& ground() const { return ground_; }
  /// Base height over the wheel centres at the home pose, m.
  double nominal_height() const { return nominal_height_; }
  /// Number of MPC solves that did not return kSolved.
  int mpc_failures() const { return mpc_failures_; }

 private:
  void UpdateCommand(const BodyState& body, const OperatorCommand& command, double dt);
  void SolveMpc(const BodyState& body);
  // Where leg `l`'s wheel centre should be relative to the base, body frame (x, y used).
  Eigen::Vector3d PostureTarget(const BodyState& body, int l) const;
  void WheelCommand(const BodyState& body, int l, JointCommand& out);

  DriveParams params_;
  const BodyStateBuilder* kin_ = nullptr;
  ConvexMpc mpc_;
  GroundPlane ground_;
  Eigen::Vector3d ground_normal_ = Eigen::Vector3d::UnitZ();  // world, of the ground plane
  std::array<Eigen::Vector3d, kQuadLegs> shoulder_{};  // home wheel centre, base frame
  double nominal_height_ = 0.3;
  double wheel_radius_ = 0.09;
  std::array<MotorLimits, kQuadLegs> wheel_motor_{};
  int ticks_since_mpc_ = 1 << 20;
  int mpc_failures_ = 0;

  double vx_ = 0, yaw_rate_ = 0, height_cmd_ = 0;
  Eigen::Vector3d pos_des_ = Eigen::Vector3d::Zero(), vel_des_ = Eigen::Vector3d::Zero();
  double yaw_des_ = 0;
  Eigen::Vector2d tilt_ref_ = Eigen::Vector2d::Zero();  // roll, pitch, rad
  Eigen::Vector2d tilt_int_ = Eigen::Vector2d::Zero();  // roll, pitch correction, rad
  std::array<double, kQuadLegs> hold_q_{};              // wheel angles held by the brakes
  std::array<double, kQuadLegs> off_time_{};            // s each contact switch has been off
  std::array<bool, kQuadLegs> down_{};                  // wheel counts as on the ground
  WheelTelemetry telemetry_;
};

}  // namespace stuntsim
