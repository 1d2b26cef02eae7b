#pragma once

#include <Eigen/Core>

namespace stuntsim {

/// Estimates the drift term Jdot * qvel of a task Jacobian by a backward difference over one
/// control tick: (J(t) - J(t - dt)) / dt * qvel(t). MuJoCo 2.2.2 has no mj_jacDot, and J depends
/// only on the configuration, so the difference is smooth even through contact events.
///
/// Sized once in Reset; Update does not allocate.
class JacobianRate {
 public:
  /// Sizes the stored Jacobian (rows x nv) and forgets the history.
  void Reset(int rows, int nv);
  /// Jdot * qvel (rows) for Jacobian `jacobian` (rows x nv) at `time` (s); zero on the first call
  /// after Reset or when time did not advance by a plausible tick (0 < dt < 0.05 s).
  /// `qvel`: MuJoCo generalized velocity (nv). The result is valid until the next Update.
  const Eigen::VectorXd& Update(const Eigen::Ref<const Eigen::MatrixXd>& jacobian,
                                const Eigen::VectorXd& qvel, double time);
  /// The last result (rows).
  const Eigen::VectorXd& drift() const { return drift_; }

 private:
  Eigen::MatrixXd previous_;  // J at the previous update (rows x nv)
  Eigen::VectorXd drift_;     // rows
  double previous_time_ = 0;
  bool valid_ = false;
};

}  // namespace stuntsim
