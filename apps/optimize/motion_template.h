#pragma once

#include <string>
#include <vector>

#include <Eigen/Core>

#include "optimize_settings.h"
#include "stuntsim/controllers/quadruped/acrobatic_motion.h"
#include "stuntsim/controllers/robot_info.h"

namespace stuntsim {

/// The one motion template every quadruped flip and jump is searched in: crouch, push (each leg
/// group with its own duration, end pose and feed-forward torques), tuck in flight, open to the
/// landing pose. Turns a parameter vector (OptimizeSettings::params order) into a stored motion
/// whose frames are the joint targets, torques and gains the player tracks.
class MotionTemplate {
 public:
  /// Checks that `settings` has exactly the parameters this template needs for its groups;
  /// throws InputError naming the settings file and the missing or unknown parameter.
  /// `right_side[l]`: leg l is on the robot's right (its abduction is mirrored).
  MotionTemplate(const OptimizeSettings& settings, const RobotInfo& robot,
                 const std::array<bool, kQuadLegs>& right_side);

  /// The parameter names the template needs for `groups` (global ones, then per group).
  static std::vector<std::string> ParameterNames(const std::vector<std::string>& groups);

  /// The motion for parameters `x` (without expected base trajectory or take-off figures: the
  /// player then skips the take-off check and plays the flight by the clock).
  AcrobaticMotion Build(const Eigen::VectorXd& x) const;

 private:
  struct Pose {
    double hip = 0, thigh = 0, calf = 0;
  };
  double Get(const Eigen::VectorXd& x, const std::string& name) const;
  Eigen::Vector3d Leg(const Pose& pose, int leg) const;

  const OptimizeSettings& settings_;
  std::vector<std::string> group_names_;  // distinct groups in leg order
  std::array<int, kQuadLegs> group_of_{};
  std::array<Eigen::Vector3d, kQuadLegs> home_{}, q_min_{}, q_max_{};
  std::array<bool, kQuadLegs> right_{};
};

}  // namespace stuntsim
