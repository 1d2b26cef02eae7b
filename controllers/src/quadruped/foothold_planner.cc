#include "stuntsim/controllers/quadruped/foothold_planner.h"

#include <algorithm>
#include <cmath>

#include <Eigen/Cholesky>

namespace stuntsim {
namespace {

constexpr double kGravity = 9.81;
// Steepest ground slope the plane fit reports (rise per run); beyond this it is not trusted.
constexpr double kMaxSlope = 0.6;

}  // namespace

void GroundPlane::Reset(const std::array<Eigen::Vector3d, kQuadLegs>& feet) {
  feet_ = feet;
  Fit();
}

void GroundPlane::Touch(int leg, const Eigen::Vector3d& foot) {
  feet_[leg] = foot;
  Fit();
}

void GroundPlane::Fit() {
  // Least squares on [1 x y] c = z, with a small ridge on the slopes so that collinear feet
  // (or a tiny footprint) give a level plane.
  Eigen::Matrix3d a = Eigen::Matrix3d::Zero();
  Eigen::Vector3d b = Eigen::Vector3d::Zero();
  Eigen::Vector2d mean = Eigen::Vector2d::Zero();
  for (const Eigen::Vector3d& f : feet_) mean += f.head<2>() / kQuadLegs;
  for (const Eigen::Vector3d& f : feet_) {
    const Eigen::Vector3d row(1, f.x() - mean.x(), f.y() - mean.y());
    a += row * row.transpose();
    b += row * f.z();
  }
  a(1, 1) += 1e-3;
  a(2, 2) += 1e-3;
  Eigen::Vector3d c = a.ldlt().solve(b);
  c[1] = std::clamp(c[1], -kMaxSlope, kMaxSlope);
  c[2] = std::clamp(c[2], -kMaxSlope, kMaxSlope);
  // Back to world coordinates: z = c0 + c1 (x - mx) + c2 (y - my).
  c_ = Eigen::Vector3d(c[0] - c[1] * mean.x() - c[2] * mean.y(), c[1], c[2]);
}

Eigen::Vector2d GroundPlane::SlopeAlong(double yaw) const {
  const double cy = std::cos(yaw), sy = std::sin(yaw);
  return Eigen::Vector2d(c_[1] * cy + c_[2] * sy, -c_[1] * sy + c_[2] * cy);
}

Eigen::Vector3d PlanFoothold(const FootholdInput& in, const Eigen::Vector3d& shoulder_base,
                             const GroundPlane& ground) {
  const double ahead = in.swing_left + 0.5 * in.stance_time;
  const double turn = in.yaw + in.yaw_rate_cmd * ahead;
  const Eigen::Vector2d shoulder(std::cos(turn) * shoulder_base.x() - std::sin(turn) * shoulder_base.y(),
                                 std::sin(turn) * shoulder_base.x() + std::cos(turn) * shoulder_base.y());
  const Eigen::Vector2d nominal = in.pos.head<2>() + in.vel_cmd.head<2>() * in.swing_left + shoulder;
  const Eigen::Vector2d v = in.vel.head<2>(), v_cmd = in.vel_cmd.head<2>();
  Eigen::Vector2d offset = v * (0.5 * in.stance_time) + in.velocity_gain * (v - v_cmd);
  // Centripetal term: lean the footprint into the turn.
  offset += (0.5 * in.height / kGravity) * Eigen::Vector2d(v.y() * in.yaw_rate_cmd, -v.x() * in.yaw_rate_cmd);
  // Limit in the heading frame.
  const double cy = std::cos(in.yaw), sy = std::sin(in.yaw);
  double fwd = cy * offset.x() + sy * offset.y(), side = -sy * offset.x() + cy * offset.y();
  fwd = std::clamp(fwd, -in.max_dx, in.max_dx);
  side = std::clamp(side, -in.max_dy, in.max_dy);
  const Eigen::Vector2d xy = nominal + Eigen::Vector2d(cy * fwd - sy * side, sy * fwd + cy * side);
  return Eigen::Vector3d(xy.x(), xy.y(), ground.HeightAt(xy.x(), xy.y()));
}

}  // namespace stuntsim
