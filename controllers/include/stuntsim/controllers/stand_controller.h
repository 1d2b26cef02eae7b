#pragma once

#include <Eigen/Core>

#include "stuntsim/controllers/controller.h"

namespace stuntsim {

/// Joint PD that ramps smoothly (minimum-jerk) from the pose at reset to the home pose and holds
/// it. Works on every robot; wheels hold the angle they had at reset.
class StandController : public Controller {
 public:
  /// Time to go from the reset pose to home, s.
  static constexpr double kRampSeconds = 1.0;

  void Reset(const RobotInfo& robot, const RobotState& state) override;
  void Compute(const RobotInfo& robot, const RobotState& state, const OperatorCommand& command,
               JointCommand& out) override;
  bool uses_dynamics() const override { return false; }
  std::string active_behavior() const override { return "stand"; }
  std::string refusal() const override { return refusal_; }

 private:
  Eigen::VectorXd q_start_;  // joint positions at reset (nj), rad
  Eigen::VectorXd q_home_;   // target (nj), rad
  double t_start_ = 0;       // s
  std::string refusal_;
};

}  // namespace stuntsim
