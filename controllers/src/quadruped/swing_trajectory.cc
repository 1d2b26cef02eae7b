#include "stuntsim/controllers/quadruped/swing_trajectory.h"

#include <algorithm>

namespace stuntsim {
namespace {

// Cubic Bezier blend b(s) = 3 s^2 - 2 s^3 and its first two derivatives in s.
void Blend(double s, double* b, double* db, double* ddb) {
  *b = s * s * (3 - 2 * s);
  *db = 6 * s * (1 - s);
  *ddb = 6 - 12 * s;
}

}  // namespace

void SwingTrajectory::Set(const Eigen::Vector3d& start, const Eigen::Vector3d& end, double height,
                          double lift_phase) {
  lift_phase_ = std::clamp(lift_phase, 0.0, 0.4);
  start_ = start;
  end_ = end;
  height_ = height;
}

double SwingTrajectory::apex() const { return std::max(start_.z(), end_.z()) + height_; }

void SwingTrajectory::Evaluate(double s, double duration, Eigen::Vector3d* pos, Eigen::Vector3d* vel,
                               Eigen::Vector3d* acc) const {
  s = std::clamp(s, 0.0, 1.0);
  const double inv_t = 1.0 / std::max(duration, 1e-6);
  double b, db, ddb;
  const double span = 1.0 - 2 * lift_phase_;
  const double u = std::clamp((s - lift_phase_) / span, 0.0, 1.0);
  Blend(u, &b, &db, &ddb);
  const bool moving = s > lift_phase_ && s < 1.0 - lift_phase_;
  const double du = moving ? inv_t / span : 0.0;
  Eigen::Vector3d p = start_ + b * (end_ - start_);
  Eigen::Vector3d v = (db * du) * (end_ - start_);
  Eigen::Vector3d a = (ddb * du * du) * (end_ - start_);
  // Vertical: two halves, each on the blend with phase 2s (rise) or 2s - 1 (fall).
  const double top = apex();
  const double z0 = s < 0.5 ? start_.z() : top, z1 = s < 0.5 ? top : end_.z();
  Blend(s < 0.5 ? 2 * s : 2 * s - 1, &b, &db, &ddb);
  p.z() = z0 + b * (z1 - z0);
  v.z() = 2 * db * inv_t * (z1 - z0);
  a.z() = 4 * ddb * inv_t * inv_t * (z1 - z0);
  if (pos) *pos = p;
  if (vel) *vel = v;
  if (acc) *acc = a;
}

}  // namespace stuntsim
