#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <Eigen/Geometry>

namespace stuntsim {

/// What a Trajectory records besides the fixed per-sample fields: names and limits of the
/// joints and end-effector sites, and the robot's fall height. MuJoCo-free.
struct TrajectoryLayout {
  /// Actuated joints in controller order (nj).
  std::vector<std::string> joints;
  /// Torque limit of each joint (nj), N*m; 0 means unlimited (ignored by max_torque_ratio).
  std::vector<double> tau_max;
  /// Position range of each joint (nj), rad (+-inf for wheels; missing entries are filled with
  /// +-inf), for joint_limit_violation_rad.
  std::vector<double> q_min, q_max;
  /// Motor no-load speed of each joint (nj), rad/s (inf, the default: unlimited), for
  /// max_joint_speed_ratio.
  std::vector<double> max_speed;
  /// Foot (or wheel contact) site names, RobotInfo::feet order.
  std::vector<std::string> feet;
  /// Hand site names, RobotInfo::hands order.
  std::vector<std::string> hands;
  /// Base height above the terrain under which the robot counts as fallen, m.
  double fall_height = 0;
};

/// The fixed-size part of one recorded control tick. The state is the one the controller saw
/// at `time`; the torques (Trajectory::tau) are those applied during the following step.
struct TrajectorySample {
  /// Simulation time, s.
  double time = 0;
  /// Base position (m) and orientation, world frame.
  Eigen::Vector3d base_pos_world = Eigen::Vector3d::Zero();
  Eigen::Quaterniond base_quat_world = Eigen::Quaterniond::Identity();
  /// Base linear velocity, world frame, m/s.
  Eigen::Vector3d base_linvel_world = Eigen::Vector3d::Zero();
  /// Base angular velocity, base frame, rad/s.
  Eigen::Vector3d base_angvel_body = Eigen::Vector3d::Zero();
  /// Terrain surface height under the base origin, m (base height = base_pos_world.z() - this).
  double ground_height = 0;
  /// True when a robot geom other than a foot or wheel touched the terrain.
  bool non_foot_contact = false;
  /// Commanded forward / lateral velocity in the heading frame (m/s) and yaw rate (rad/s).
  double cmd_vx = 0, cmd_vy = 0, cmd_yaw_rate = 0;
  /// Requested and running behaviour: indices into Trajectory::behaviors(), -1 for none.
  int cmd_behavior = -1, active_behavior = -1;
  /// True when a motor limit cut some joint's torque during this control tick.
  bool torque_saturated = false;
  /// Controller::refusal() after this tick: index into Trajectory::refusals(), -1 when empty.
  int refusal = -1;
};

/// A requested behaviour switch the controller refused, as recorded in a Trajectory.
struct RefusalEvent {
  /// Simulation time of the first row that shows it, s.
  double time = 0;
  /// Behaviour requested by the command in force (OperatorCommand::behavior).
  std::string requested;
  /// The controller's reason (Controller::refusal()).
  std::string refusal;
};

/// A recorded run: one row per control tick, buffered in memory (contiguous arrays, no
/// per-row allocation once reserved) so recording costs little next to a physics step.
/// Besides the TrajectorySample each row holds joint q (rad), dq (rad/s) and applied tau (N*m)
/// (nj each), foot contact flags (0/1) and foot speeds (m/s, world frame) per foot, and hand
/// speeds (m/s) per hand.
class Trajectory {
 public:
  explicit Trajectory(TrajectoryLayout layout);

  /// Reserves room for `rows` samples.
  void Reserve(size_t rows);
  /// Appends `sample` with zeroed joint and site columns (fill them through the mutable
  /// accessors); returns the new row index.
  size_t Append(const TrajectorySample& sample);
  /// Index of behaviour `name` in behaviors(), adding it if new; -1 for an empty name.
  int BehaviorIndex(const std::string& name);
  /// Index of refusal text `text` in refusals(), adding it if new; -1 for an empty text.
  int RefusalIndex(const std::string& text);

  size_t size() const { return samples_.size(); }
  bool empty() const { return samples_.empty(); }
  const TrajectorySample& sample(size_t row) const { return samples_[row]; }
  TrajectorySample& sample(size_t row) { return samples_[row]; }
  const TrajectoryLayout& layout() const { return layout_; }
  /// Behaviour names seen, in order of first appearance.
  const std::vector<std::string>& behaviors() const { return behaviors_; }
  /// Name of behaviour `index`, "" for -1.
  const std::string& BehaviorName(int index) const;
  /// Refusal texts seen, in order of first appearance.
  const std::vector<std::string>& refusals() const { return refusals_; }
  /// Refusal text `index`, "" for -1.
  const std::string& RefusalText(int index) const;
  /// True when row `row` starts a refusal: its refusal is not empty and differs from the
  /// previous row's, or the requested behaviour changed (a new request refused with the same
  /// words). Row 0 starts one when it has a refusal.
  bool RefusalStarts(size_t row) const;
  /// One event per row that starts a refusal, in time order.
  std::vector<RefusalEvent> RefusalEvents() const;

  using Row = Eigen::Map<Eigen::VectorXd>;
  using ConstRow = Eigen::Map<const Eigen::VectorXd>;
  /// Joint positions (nj), rad.
  Row q(size_t row) { return Columns(row, 0, nj()); }
  ConstRow q(size_t row) const { return Columns(row, 0, nj()); }
  /// Joint velocities (nj), rad/s.
  Row dq(size_t row) { return Columns(row, nj(), nj()); }
  ConstRow dq(size_t row) const { return Columns(row, nj(), nj()); }
  /// Applied joint torques (nj), N*m.
  Row tau(size_t row) { return Columns(row, 2 * nj(), nj()); }
  ConstRow tau(size_t row) const { return Columns(row, 2 * nj(), nj()); }
  /// Foot contact flags (nfeet), 1 in contact, 0 not.
  Row foot_contact(size_t row) { return Columns(row, 3 * nj(), nfeet()); }
  ConstRow foot_contact(size_t row) const { return Columns(row, 3 * nj(), nfeet()); }
  /// Foot site speeds (nfeet), world frame, m/s.
  Row foot_speed(size_t row) { return Columns(row, 3 * nj() + nfeet(), nfeet()); }
  ConstRow foot_speed(size_t row) const { return Columns(row, 3 * nj() + nfeet(), nfeet()); }
  /// Hand site speeds (nhands), world frame, m/s.
  Row hand_speed(size_t row) { return Columns(row, 3 * nj() + 2 * nfeet(), nhands()); }
  ConstRow hand_speed(size_t row) const { return Columns(row, 3 * nj() + 2 * nfeet(), nhands()); }

  int nj() const { return static_cast<int>(layout_.joints.size()); }
  int nfeet() const { return static_cast<int>(layout_.feet.size()); }
  int nhands() const { return static_cast<int>(layout_.hands.size()); }

 private:
  Row Columns(size_t row, int offset, int count) { return Row(columns_.data() + row * stride_ + offset, count); }
  ConstRow Columns(size_t row, int offset, int count) const {
    return ConstRow(columns_.data() + row * stride_ + offset, count);
  }

  TrajectoryLayout layout_;
  size_t stride_ = 0;  // doubles per row in columns_
  std::vector<TrajectorySample> samples_;
  std::vector<double> columns_;  // row-major: q, dq, tau, foot contact, foot speed, hand speed
  std::vector<std::string> behaviors_;
  std::vector<std::string> refusals_;
};

}  // namespace stuntsim
