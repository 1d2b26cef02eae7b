#pragma once

#include <Eigen/Core>
#include <array>

#include "stuntsim/controllers/commands.h"
#include "stuntsim/controllers/humanoid/body_reference.h"
#include "stuntsim/controllers/humanoid/support_polygon.h"
#include "stuntsim/controllers/robot_info.h"
#include "stuntsim/controllers/robot_state.h"

namespace stuntsim {

/// Limits and gains of standing balance.
struct StandParams {
  /// CoM height above the mean sole height when standing, m.
  double com_height = 0.72;
  /// Allowed body_height command range, m, and pose ranges (rad).
  double height_min = -0.22, height_max = 0.03;
  double pitch_max = 0.45, roll_max = 0.2, yaw_max = 0.6;
  /// Rate limits of the pose targets: m/s and rad/s.
  double height_rate = 0.25, angle_rate = 0.8;
  /// DCM feedback gain, 1/s.
  double dcm_gain = 4.0;
  /// The DCM this far outside the support polygon (m) asks for a recovery step.
  double step_margin = 0.01;
};

/// Standing on both feet with pose commands (body height, roll, pitch, yaw of the pelvis) and push
/// recovery by the ankle strategy (DCM feedback; the CMP is limited to the support polygon) and
/// the hip strategy (the CoM task outweighs the pelvis orientation and angular momentum tasks, so
/// the QP rotates the trunk when the soles' wrench saturates). When the DCM leaves the support
/// polygon it reports that a step is needed (see needs_step()).
class StandBalance {
 public:
  /// Starts from `state`: the pose targets begin at the current pelvis pose. `home` is the posture
  /// held (nj, rad); the first Start allocates, later ones do not.
  void Start(const RobotInfo& robot, const RobotState& state, const StandParams& params,
             const Eigen::VectorXd& home);
  /// Fills `ref` for this tick (both feet in stance). `omega` is the LIPM frequency, 1/s.
  void Update(const RobotInfo& robot, const RobotState& state, const OperatorCommand& command, double dt,
              BodyReference* ref);

  /// True when the measured DCM is outside the support polygon by more than step_margin.
  bool needs_step() const { return needs_step_; }
  /// Measured DCM at the last update, world x-y, m.
  const Eigen::Vector2d& dcm() const { return dcm_; }
  const SupportPolygon& support() const { return support_; }
  const StandParams& params() const { return params_; }
  double omega() const { return omega_; }
  /// Rate-limited body height target (CoM relative to standing), m.
  double height() const { return height_; }

 private:
  StandParams params_;
  SupportPolygon support_;
  double height_ = 0, roll_ = 0, pitch_ = 0, yaw_ = 0;  // rate-limited pose targets
  double omega_ = 3.6;
  bool needs_step_ = false;
  Eigen::Vector2d dcm_ = Eigen::Vector2d::Zero();
  Eigen::VectorXd home_;  // home joint positions (nj), rad
};

/// Pose of the feet: site positions and orientations (world) and the mean heading, rad.
struct FeetPose {
  std::array<Eigen::Vector3d, 2> pos;
  std::array<Eigen::Matrix3d, 2> rot;
  double heading = 0;
  /// Midpoint of the soles, m.
  Eigen::Vector3d Mid() const { return 0.5 * (pos[0] + pos[1]); }
};
/// Reads the feet's pose from the state.
FeetPose ReadFeet(const RobotState& state);

}  // namespace stuntsim
