#include "stuntsim/controllers/humanoid/jacobian_rate.h"

namespace stuntsim {

void JacobianRate::Reset(int rows, int nv) {
  previous_.setZero(rows, nv);
  drift_.setZero(rows);
  valid_ = false;
}

const Eigen::VectorXd& JacobianRate::Update(const Eigen::Ref<const Eigen::MatrixXd>& jacobian,
                                            const Eigen::VectorXd& qvel, double time) {
  const double dt = time - previous_time_;
  if (valid_ && dt > 1e-9 && dt < 0.05) {
    previous_ -= jacobian;  // J(t - dt) - J(t)
    drift_.noalias() = previous_ * qvel;
    drift_ *= -1.0 / dt;
  } else {
    drift_.setZero();
  }
  previous_ = jacobian;
  previous_time_ = time;
  valid_ = true;
  return drift_;
}

}  // namespace stuntsim
