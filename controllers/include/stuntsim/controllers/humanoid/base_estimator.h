#pragma once

#include <array>

#include <Eigen/Core>

#include "stuntsim/controllers/estimation/leg_odometry_filter.h"
#include "stuntsim/controllers/robot_info.h"
#include "stuntsim/controllers/robot_state.h"

namespace stuntsim {

/// Tuning of the humanoid's base estimator.
struct BaseEstimatorParams {
  /// Foot trust ramps: seconds to full trust after touch-down, to none after lift-off.
  double ramp_in = 0.03, ramp_out = 0.01;
  /// Ramp-in of the vertical components, s: a landing sole rebounds about 1 mm from its impact
  /// over 60 ms (MuJoCo) and must not anchor the height before: with 0.03 s the height estimate
  /// sank 2 mm/s while walking (and the walk ran 7 % fast), with 0.15 s 0.8 mm/s. Horizontally
  /// the landing sole is still at once, and push recovery needs it: a 0.15 s ramp on all axes
  /// dropped humanoid_push_walk_side from 12 to 7 of 12 perturbed trials.
  double ramp_in_vertical = 0.15;
  /// Normal force (fraction of body weight) at which a contact foot gets full trust; below it
  /// trust scales with the load (a foot rolling onto its toe carries little and moves).
  double full_load = 0.15;
  /// Normal force (fraction of body weight) below which a touching foot is not trusted at all
  /// (debounces the touch sensor's flicker at lift-off and touch-down).
  double min_load = 0.03;
  /// Sole angular speed (rad/s, low-passed) at which trust halves: a stance sole that spins about
  /// its normal or rolls onto an edge moves its centre, so its kinematics mislead (MuJoCo's box
  /// contacts have no torsional friction; a pushed robot's stance foot yaws by up to 1 rad/s).
  double spin_scale = 0.3;
  /// Time constant of the sole angular-velocity low-pass, s (joint-rate noise is ~0.1 rad/s).
  double spin_filter = 0.01;
  /// Sole half length and half width around the foot site, m (the shipped humanoid's 0.20 x
  /// 0.07 m sole). The contact point the filter tracks is the lowest part of the sole: its
  /// centre when flat, an edge or corner when the foot rolls (heel strike, toe-off), which stays
  /// put while the centre rises. Zeros: the site itself.
  double sole_half_length = 0.10, sole_half_width = 0.035;
  /// Height scale of the soft minimum that picks the lowest sole corners, m.
  double sole_softmin = 0.001;
  /// Time constant of the ground normal estimate (the mean normal of the trusted soles), s. The
  /// lowest sole part is measured along it, not along the vertical: on a slope a flat sole's
  /// downhill edge is the lowest in the world, and it lifts when the foot rolls onto the other edge.
  double ground_filter = 0.3;
  /// How far a sole sinks into the ground under the full body weight, m; under a load F it sinks
  /// sole_sink * sqrt(F / weight) (fits MuJoCo's soft contact here: 0.26, 0.47, 0.73 mm at 57,
  /// 143, 346 N). A sole taking or shedding the load moves while it is trusted; the filter tracks
  /// the ground under it instead. 0: off.
  double sole_sink = 0.00073;
  /// Kalman filter noise for the two sole contact points.
  EstimatorNoise noise;
};

/// The humanoid's view of its own state from its sensors only: the IMU (orientation, gyro,
/// accelerometer), the joint encoders and the foot touch/force sensors.
///
/// Update() returns a RobotState whose ground-truth fields are replaced by estimates:
/// - base_rot_world, base_quat_world: the IMU orientation turned to the pelvis frame (the IMU
///   site's fixed rotation on the pelvis, read from the model at Reset);
/// - base_angvel_body / _world and qvel[3..5]: the gyro, pelvis frame;
/// - base_pos_world, base_linvel_world / _body and qvel[0..2]: LegOdometryFilter<2> (IMU
///   acceleration prediction, stance-sole kinematics correction, trust ramped with contact and
///   load); world x, y start at 0 at Reset and z at 0 under the lowest sole;
/// - dynamics.com_pos_world / com_vel_world: the estimated base plus the centre-of-mass offset
///   from joint kinematics (base frame), and the CoM Jacobian times the estimated qvel;
/// - feet and hands pos_world / linvel_world: the estimated base plus pos_base, and the site
///   Jacobians times the estimated qvel.
/// Joint readings, contact flags and forces, Jacobians, mass matrix and bias are passed through
/// (they are functions of the sensed joints and the IMU attitude; in this simulator the IMU's
/// framequat equals the pelvis attitude, so no re-rotation is needed).
///
/// In ground-truth mode Update() returns the sensed state unchanged. Update() does not allocate.
class HumanoidBaseEstimator {
 public:
  static constexpr int kFeet = 2;
  using Filter = LegOdometryFilter<kFeet>;

  /// `use_ground_truth`: pass the simulator's state through instead of estimating.
  explicit HumanoidBaseEstimator(bool use_ground_truth = false) : ground_truth_(use_ground_truth) {}

  void set_params(const BaseEstimatorParams& params);
  const BaseEstimatorParams& params() const { return params_; }
  bool ground_truth() const { return ground_truth_; }

  /// Sizes the view like `sensed`, reads the IMU mounting and starts the filter at rest with the
  /// feet where the legs put them. Throws std::invalid_argument without 2 feet.
  void Reset(const RobotInfo& robot, const RobotState& sensed);
  /// One estimator step of `dt` seconds; returns the estimated view (valid until the next call).
  const RobotState& Update(const RobotInfo& robot, const RobotState& sensed, double dt);
  /// The last view (after Reset: the initial estimate).
  const RobotState& view() const { return ground_truth_ ? *passthrough_ : view_; }

  /// Per foot (RobotInfo::feet order) trust of the stance kinematics, 0..1: horizontal and
  /// vertical.
  double trust(int foot) const { return trust_[foot]; }
  double trust_vertical(int foot) const { return trust_z_[foot]; }
  const Filter& filter() const { return filter_; }

 private:
  // Fills the IMU-derived part of view_ (attitude, rates, qvel) and the feet's kinematic offsets
  // (`dt` > 0: also the rate of the soles' sinking).
  void ReadImuAndLegs(const RobotState& sensed, double dt);
  // The tracked contact point in the sole frame (m) for a sole at `sole_rot` (world).
  Eigen::Vector3d ContactPoint(const Eigen::Matrix3d& sole_rot) const;
  // Updates ground_normal_ from the trusted soles.
  void UpdateGroundNormal(double dt);
  // Fills positions and velocities of view_ from the base estimate.
  void FillView(const RobotState& sensed);

  bool ground_truth_ = false;
  BaseEstimatorParams params_;
  Filter filter_;
  RobotState view_;
  const RobotState* passthrough_ = &view_;
  Eigen::Matrix3d imu_to_base_ = Eigen::Matrix3d::Identity();  // IMU frame to pelvis frame
  double weight_ = 1;                                           // body weight, N
  Filter::FootArray foot_rel_{}, foot_rel_vel_{};               // sole minus pelvis, world
  Filter::TrustArray ramp_{}, trust_{};                         // contact ramp, trust
  Filter::TrustArray ramp_z_{}, trust_z_{};                     // the same, vertical
  Filter::FootArray foot_angvel_{};                             // low-passed, world, rad/s
  Filter::FootArray sole_angvel_{};                             // this tick, world, rad/s
  std::array<double, kFeet> sink_{};                            // sole sinking, m
  std::array<Eigen::Matrix3d, kFeet> sole_rot_;                 // sole orientation (world, IMU attitude)
  Eigen::Vector3d ground_normal_ = Eigen::Vector3d::UnitZ();    // world
};

}  // namespace stuntsim
