#pragma once

#include <array>
#include <string>

#include <Eigen/Core>

#include "stuntsim/controllers/quadruped/gait.h"
#include "stuntsim/controllers/quadruped/leg_kinematics.h"
#include "stuntsim/controllers/quadruped/state_estimator.h"
#include "stuntsim/controllers/robot_info.h"
#include "stuntsim/controllers/robot_state.h"

namespace stuntsim {

/// What the quadruped controllers know about the robot at one tick: orientation and rates from
/// the IMU, leg kinematics from the joint encoders, contacts from the foot switches, and base
/// position and velocity from the Kalman filter (or, in ground-truth mode, from the simulator).
/// World frame unless a name says otherwise.
struct BodyState {
  /// Base orientation (body to world) and its Z-Y-X Euler angles (roll, pitch, yaw), rad.
  Eigen::Matrix3d rot = Eigen::Matrix3d::Identity();
  Eigen::Vector3d rpy = Eigen::Vector3d::Zero();
  /// Angular velocity, body and world frame, rad/s.
  Eigen::Vector3d angvel_body = Eigen::Vector3d::Zero(), angvel = Eigen::Vector3d::Zero();
  /// Base origin position (m) and velocity (m/s), estimated or true.
  Eigen::Vector3d pos = Eigen::Vector3d::Zero(), vel = Eigen::Vector3d::Zero();
  /// Centre of mass minus base origin, world frame, m (from the joint configuration).
  Eigen::Vector3d com_offset = Eigen::Vector3d::Zero();
  /// Per leg: joint angles and rates (abduction, pitch, knee), rad and rad/s.
  std::array<Eigen::Vector3d, kQuadLegs> q{}, dq{};
  /// Per leg: d(foot)/d(joints), world frame (the leg's three Jacobian columns), m/rad.
  std::array<Eigen::Matrix3d, kQuadLegs> jacobian{};
  /// Per leg: the joint-space mass matrix block (3 x 3, kg m^2) and the gravity and Coriolis
  /// torques (3, N m) of the leg's joints, from the rigid-body model.
  std::array<Eigen::Matrix3d, kQuadLegs> leg_inertia{};
  std::array<Eigen::Vector3d, kQuadLegs> leg_bias{};
  /// Per leg: foot minus base position and its rate from the legs alone, world frame.
  std::array<Eigen::Vector3d, kQuadLegs> foot_rel{}, foot_rel_vel{};
  /// Per leg: velocity of the foot's ground contact point relative to the base, world frame: the
  /// site velocity plus the rolling of the foot sphere or wheel (w_foot x (0, 0, -radius), the
  /// wheel's spin included in w_foot). Zero relative
  /// to the ground in stance, so -contact_rel_vel is the base velocity (the estimator's input).
  std::array<Eigen::Vector3d, kQuadLegs> contact_rel_vel{};
  /// Per leg: the axes of its three joints, world frame (unit columns: abduction, pitch, knee).
  std::array<Eigen::Matrix3d, kQuadLegs> joint_axes{};
  /// Per leg with a wheel (wheel-legged robots): the wheel's angle (rad) and rate (rad/s), and
  /// its spin axis, world frame (unit); zero for a leg without one.
  std::array<double, kQuadLegs> wheel_q{}, wheel_dq{};
  std::array<Eigen::Vector3d, kQuadLegs> wheel_axis{};
  /// Per leg: foot position and velocity, world frame (pos + foot_rel, vel + foot_rel_vel).
  std::array<Eigen::Vector3d, kQuadLegs> foot_pos{}, foot_vel{};
  /// Per leg: velocity of the contact point, world frame (vel + contact_rel_vel); ~0 in stance.
  std::array<Eigen::Vector3d, kQuadLegs> contact_vel{};
  /// Per leg: joint torques last applied (abduction, pitch, knee), N*m.
  std::array<Eigen::Vector3d, kQuadLegs> tau{};
  /// Per leg: ground force on the foot estimated from the joint torques, world frame, N:
  /// f = (J')^+ r, r the external joint torque: quasi-static r = bias + passive - tau from
  /// ReadSensors, then the momentum observer of BodyStateBuilder::ObserveFootForces.
  std::array<Eigen::Vector3d, kQuadLegs> foot_force{};
  /// Foot switch states as reported (late or missed touch-downs included).
  std::array<bool, kQuadLegs> contact_sensor{};
  /// Contact per foot: the foot switch, or, where a ContactEstimator runs (locomotion), the
  /// fused estimate; `contact_probability` its confidence, 0..1 (1 when the switch is on).
  std::array<bool, kQuadLegs> contact{};
  std::array<double, kQuadLegs> contact_probability{};
  /// Gravity's direction in the body frame (unit; (0, 0, -1) when upright).
  Eigen::Vector3d down_body = Eigen::Vector3d(0, 0, -1);
  /// Simulation time, s.
  double time = 0;
};

/// Fills BodyState from the robot's sensors, running the base estimator or reading ground truth.
class BodyStateBuilder {
 public:
  /// `use_ground_truth`: take base position and velocity from RobotState (the simulator)
  /// instead of the Kalman filter.
  explicit BodyStateBuilder(bool use_ground_truth) : ground_truth_(use_ground_truth) {}

  /// Identifies the leg kinematics from `state` and starts the estimator. Throws
  /// std::invalid_argument if the robot is not a 4-leg, 3-joint-per-leg quadruped of the
  /// supported structure.
  void Reset(const RobotInfo& robot, const RobotState& state);
  /// Reads sensors and kinematics into `out` (position and velocity from the last estimate).
  void ReadSensors(const RobotInfo& robot, const RobotState& state, BodyState& out) const;
  /// Generalized-momentum observer of the external joint torques r per leg (De Luca et al.,
  /// 2003): r = K (M dq - integral(tau - bias - passive + r) dt), a first-order estimate
  /// (time constant kObserverTime) of J' f that, unlike the quasi-static one, is not fooled by
  /// the leg's own acceleration (a swing foot jerked downward reads 50-150 N quasi-statically)
  /// and needs no differentiated joint rates. Replaces out.foot_force. `dt` in s; the first call
  /// after Reset starts it.
  void ObserveFootForces(double dt, BodyState& out);
  /// Time constant of the force observer, s.
  static constexpr double kObserverTime = 0.006;
  /// Advances the estimator with per-foot `trust` (0..1) and fills out.pos, vel, foot_pos, foot_vel.
  void Estimate(const RobotState& state, double dt, const std::array<double, kQuadLegs>& trust,
                BodyState& out);
  /// Restarts the estimator from the current kinematics (after a fall or when standing up).
  void Restart(const BodyState& body);

  bool ground_truth() const { return ground_truth_; }
  /// Identified leg kinematics per leg (base frame).
  const LegKinematics& leg(int l) const { return legs_[l]; }
  /// Foot position of leg `l` at the robot's home pose, base frame, m (under the hip).
  const Eigen::Vector3d& home_foot(int l) const { return home_foot_[l]; }
  /// Height of the base over the feet (site centres) at the home pose, m.
  double home_height() const { return home_height_; }
  /// Radius of the feet (site at the sphere's centre), m: the home base height above ground minus
  /// the foot depth the kinematics give at the home pose.
  double foot_radius() const { return foot_radius_; }
  /// `q` (abduction, pitch, knee of leg `l`, rad) clamped into the joints' position limits.
  Eigen::Vector3d ClampToLimits(int l, const Eigen::Vector3d& q) const {
    return q.cwiseMax(q_min_[l]).cwiseMin(q_max_[l]);
  }
  /// Joint indices (controller order) of leg `l`: abduction, pitch, knee.
  const std::array<int, 3>& joints(int l) const { return joints_[l]; }
  /// Joint index (controller order) of leg `l`'s wheel, or -1.
  int wheel_joint(int l) const { return wheel_joints_[l]; }
  /// Motor of joint `i` (0 abduction, 1 pitch, 2 knee) of leg `l`.
  const MotorLimits& motor(int l, int i) const { return motors_[l][i]; }
  /// Torque the passive joint dynamics (damping and friction loss, PassiveTorque) of leg `l`
  /// take at joint rates `dq` (rad/s), N*m: added to a feed-forward so the links get what the
  /// controller meant.
  Eigen::Vector3d PassiveTorques(int l, const Eigen::Vector3d& dq) const;
  /// Largest scale s in [0, 1] such that `fixed` + s * `scaled` (leg `l`'s joint torques, N*m)
  /// lies inside every joint's torque-speed envelope at rates `dq`, both bounds moved inwards by
  /// (1 - `margin`) times the peak torque.
  /// 1 if the whole torque fits; 0 if even `fixed` alone does not. Joints without a motor model
  /// (peak torque 0) do not limit it.
  double EnvelopeScale(int l, const Eigen::Vector3d& dq, const Eigen::Vector3d& fixed,
                       const Eigen::Vector3d& scaled, double margin) const;
  StateEstimator& estimator() { return estimator_; }

 private:
  bool ground_truth_ = false;
  std::array<LegKinematics, kQuadLegs> legs_{};
  std::array<std::array<int, 3>, kQuadLegs> joints_{};
  std::array<std::array<int, 3>, kQuadLegs> dofs_{};
  std::array<int, kQuadLegs> wheel_joints_{}, wheel_dofs_{};  // -1: no wheel
  std::array<int, kQuadLegs> feet_{};
  double foot_radius_ = 0;
  std::array<Eigen::Vector3d, kQuadLegs> home_foot_{};
  double home_height_ = 0;
  std::array<Eigen::Vector3d, kQuadLegs> q_min_{}, q_max_{};
  std::array<std::array<MotorLimits, 3>, kQuadLegs> motors_{};
  std::array<std::array<JointInfo, 3>, kQuadLegs> passive_{};  // damping and friction loss only
  std::array<Eigen::Vector3d, kQuadLegs> momentum_{}, residual_{};  // force observer, N*m*s, N*m
  bool observer_started_ = false;
  StateEstimator estimator_;
};

/// Tuning of ContactEstimator.
struct ContactEstimatorParams {
  /// Vertical ground force (N) at which the load evidence is 0.5 (0 at half, 1 at 1.5 times).
  double load = 25.0;
  /// Foot height over the ground estimate (m) at which the height evidence is 0.5 (1 at or
  /// below half of it, 0 at 1.5 times).
  double height = 0.03;
  /// Downward foot speed (m/s) at which the "stopped descending" evidence is 0.5 (1 at or
  /// below half of it, 0 at 1.5 times).
  double descent = 0.25;
  /// Ticks in a row the fused evidence must exceed 0.5 before a foot the switch does not
  /// report counts as in contact (one noisy tick is not a touch-down).
  int confirm_ticks = 3;
};

/// What one tick says about one foot's contact.
struct ContactEvidence {
  /// Foot switch (may be late, or miss a touch-down for a while; it does not fire in the air).
  bool sensor = false;
  /// Gait-schedule prior: 1 in a scheduled stance or late enough in a swing for an early
  /// touch-down, 0 early in a swing (a foot moving up is not in contact whatever the load).
  double expected = 0;
  /// Foot height over the estimated ground, m; its vertical velocity (world), m/s.
  double height = 0, vz = 0;
  /// Estimated vertical ground force on the foot (BodyState::foot_force z), N.
  double load = 0;
};

/// Per-foot contact estimate fusing the gait schedule, the foot's height and vertical velocity
/// from leg kinematics and the leg load from joint torques with the foot switch (a simple form
/// of Bledt et al., "Contact Model Fusion for Event-Based Locomotion in Unstructured
/// Terrains", ICRA 2018). The switch has no false positives here, so it is believed when it
/// fires, and once it has reported a stance it decides the rest of it; until then, a foot the
/// schedule expects down that stopped descending near the ground and carries load is in contact. Evidence is fused as the smallest of the three
/// kinematic and load terms times the schedule prior (every cue must agree).
class ContactEstimator {
 public:
  void set_params(const ContactEstimatorParams& params) { params_ = params; }
  const ContactEstimatorParams& params() const { return params_; }
  /// Forgets the confirmation counters and touch-downs (every foot as the switch says from now on).
  void Reset() {
    confirmed_.fill(0);
    latched_.fill(false);
    sensed_.fill(false);
  }
  /// One tick for `leg`: returns the fused contact (the switch once it has reported since the
  /// prior was last 0; before that, a touch-down confirmed by the evidence, held until the prior
  /// is 0 again or the evidence falls below 0.1); `probability` (if given) receives this
  /// tick's evidence, 0..1.
  bool Update(int leg, const ContactEvidence& evidence, double* probability = nullptr);
  /// Fused evidence (0..1) of one tick, before confirmation.
  double Probability(const ContactEvidence& evidence) const;

 private:
  ContactEstimatorParams params_;
  std::array<int, kQuadLegs> confirmed_{};     // ticks in a row with evidence above 0.5
  std::array<bool, kQuadLegs> latched_{};      // touched down since the prior last said swing
  std::array<bool, kQuadLegs> sensed_{};       // the switch has reported since then
};

/// Z-Y-X Euler angles (roll, pitch, yaw) of a rotation matrix, rad.
Eigen::Vector3d RollPitchYaw(const Eigen::Matrix3d& rot);
/// Rotation from Z-Y-X Euler angles (roll, pitch, yaw).
Eigen::Matrix3d RotationFromRpy(const Eigen::Vector3d& rpy);

}  // namespace stuntsim
