#pragma once

#include <Eigen/Core>
#include <array>
#include <vector>

#include "stuntsim/controllers/humanoid/body_reference.h"
#include "stuntsim/controllers/humanoid/dcm_planner.h"
#include "stuntsim/controllers/humanoid/motion.h"
#include "stuntsim/controllers/humanoid/support_polygon.h"
#include "stuntsim/controllers/robot_info.h"
#include "stuntsim/controllers/robot_state.h"

namespace stuntsim {

/// Gains and weights of move tracking.
struct MotionParams {
  /// CoM height above the soles when the move's body_height is 0, m.
  double com_height = 0.72;
  /// DCM feedback gain, 1/s.
  double dcm_gain = 4.0;
  /// Task weights: hands, waist (torso yaw), CoM, pelvis orientation.
  double hand_weight = 1.0, torso_weight = 1.0, com_weight = 1000.0, base_weight = 10.0;
  /// CoM target over a single support foot: shift from the sole centre towards the other foot, m.
  double support_inset = 0.01;
  /// The free foot is aimed this far below the ground when it comes down, m, and keeps lowering
  /// at this speed (m/s) after its segment until it touches.
  double landing_depth = 0.01, landing_speed = 0.2;
  /// Scale of the free foot's orientation weight while it flies between two foot targets (a kick).
  double kick_foot_rot_weight = 0.1;
};

/// Plays a keyframed move through the whole-body QP: hands and the free foot follow minimum-jerk
/// segments between keyframes in the move frame, the waist follows torso_yaw, the pelvis its
/// angles. The CoM moves over the supporting foot (or feet) along a DCM plan whose VRP moves
/// linearly from one key's support point to the next (so the DCM never overshoots the foot), held
/// by DCM feedback with the CMP inside the support polygon. Start() may allocate only up to the capacity
/// reserved by Reserve(); Update() does not allocate.
class MotionPlayer {
 public:
  /// Reserves room for moves of up to `max_keys` keyframes.
  void Reserve(int max_keys);
  /// Starts `motion` (which must outlive the play) from `state`; the move frame is the pelvis
  /// position now with the heading of the feet.
  void Start(const RobotInfo& robot, const RobotState& state, const Motion& motion,
             const MotionParams& params);
  /// Advances by `dt` (s) and fills `ref`. `home` is the posture (nj) for untracked joints.
  void Update(const RobotInfo& robot, const RobotState& state, const Eigen::VectorXd& home, double dt,
              BodyReference* ref);
  /// True when the move's time is over and both feet are down.
  bool done() const { return done_; }
  /// Time since Start, s.
  double time() const { return time_; }
  const Motion* motion() const { return motion_; }
  /// Foot that is off the ground now, or -1.
  int free_foot_in_air() const;

 private:
  // Index i of the segment [keys_[i], keys_[i+1]] containing t (the last key after the end).
  int Segment(double t) const;
  // CoM target (x, y, world) for a support.
  Eigen::Vector2d ComTarget(Support support) const;
  // Move frame -> world.
  Eigen::Vector3d ToWorld(const Eigen::Vector3d& p) const { return origin_ + frame_ * p; }

  const Motion* motion_ = nullptr;
  MotionParams params_;
  std::vector<MotionKey> keys_;  // the move's keys after an implicit key at t = 0 from the state
  std::array<bool, 2> uses_hand_ = {false, false};
  bool uses_torso_ = false, uses_pelvis_ = false;
  Eigen::Vector3d origin_ = Eigen::Vector3d::Zero();
  Eigen::Matrix3d frame_ = Eigen::Matrix3d::Identity();  // heading rotation of the move frame
  double heading_ = 0;
  std::array<Eigen::Vector3d, 2> foothold_;  // where the feet stand (world)
  std::array<Eigen::Matrix3d, 2> foot_rot_;
  std::array<bool, 2> down_ = {true, true};       // foot on the ground (stance)
  std::array<int, 2> landed_segment_ = {-1, -1};  // segment in which the foot touched down early
  double time_ = 0, omega_ = 3.6;
  int waist_ = -1;
  bool done_ = false;
  SupportPolygon support_;
  DcmPlan plan_;  // CoM shifts: the VRP moves linearly between the keys' support points
};

}  // namespace stuntsim
