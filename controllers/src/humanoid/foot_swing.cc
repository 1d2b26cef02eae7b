#include "stuntsim/controllers/humanoid/foot_swing.h"

#include <algorithm>

#include "stuntsim/controllers/humanoid/task_space.h"

namespace stuntsim {

void FootSwing::Start(const Eigen::Vector3d& start, double start_yaw, const Eigen::Vector3d& end,
                      double end_yaw, double height, double duration, double lift, double land) {
  start_ = start;
  lift_ = std::clamp(lift, 0.0, 0.45);
  land_ = std::clamp(land, 0.0, 0.45);
  start_yaw_ = start_yaw;
  height_ = height;
  duration_ = std::max(duration, 1e-3);
  SetEnd(end, end_yaw);
}

void FootSwing::SetEnd(const Eigen::Vector3d& end, double end_yaw) {
  end_ = end;
  end_yaw_ = start_yaw_ + WrapAngle(end_yaw - start_yaw_);
}

SwingSample FootSwing::Evaluate(double t) const {
  SwingSample out;
  t = std::clamp(t, 0.0, duration_);
  // Horizontal: minimum jerk inside the travel window.
  const double travel = (1.0 - lift_ - land_) * duration_;
  const Blend h = MinimumJerk(t - lift_ * duration_, travel);
  out.pos.head<2>() = start_.head<2>() + h.s * (end_ - start_).head<2>();
  out.vel.head<2>() = h.ds * (end_ - start_).head<2>();
  out.acc.head<2>() = h.dds * (end_ - start_).head<2>();
  out.yaw = start_yaw_ + h.s * (end_yaw_ - start_yaw_);
  out.yaw_rate = h.ds * (end_yaw_ - start_yaw_);
  out.yaw_acc = h.dds * (end_yaw_ - start_yaw_);
  // Vertical: minimum jerk from start to end height plus the bump 64 s^3 (1 - s)^3.
  const Blend v = MinimumJerk(t, duration_);
  const double s = t / duration_, u = 1.0 - s, T = duration_;
  const double bump = 64.0 * s * s * s * u * u * u;
  const double bump_d = 192.0 * s * s * u * u * (1.0 - 2.0 * s) / T;
  const double bump_dd = 384.0 * s * u * (1.0 - 5.0 * s + 5.0 * s * s) / (T * T);
  const double dz = end_.z() - start_.z();
  out.pos.z() = start_.z() + v.s * dz + height_ * bump;
  out.vel.z() = v.ds * dz + height_ * bump_d;
  out.acc.z() = v.dds * dz + height_ * bump_dd;
  return out;
}

}  // namespace stuntsim
