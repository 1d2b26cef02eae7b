#include "stuntsim/controllers/quadruped/leg_kinematics.h"

#include <algorithm>
#include <cmath>

namespace stuntsim {

Eigen::Vector3d LegKinematics::Forward(const Eigen::Vector3d& q) const {
  const double x = -thigh * std::sin(q[1]) - calf * std::sin(q[1] + q[2]);
  const double z = -thigh * std::cos(q[1]) - calf * std::cos(q[1] + q[2]);
  const double c = std::cos(q[0]), s = std::sin(q[0]);
  return hip + Eigen::Vector3d(x, c * lateral - s * z, s * lateral + c * z);
}

Eigen::Matrix3d LegKinematics::Jacobian(const Eigen::Vector3d& q) const {
  const double s1 = std::sin(q[1]), c1 = std::cos(q[1]);
  const double s12 = std::sin(q[1] + q[2]), c12 = std::cos(q[1] + q[2]);
  const double z = -thigh * c1 - calf * c12;
  const double dx_dq1 = -thigh * c1 - calf * c12, dx_dq2 = -calf * c12;
  const double dz_dq1 = thigh * s1 + calf * s12, dz_dq2 = calf * s12;
  const double c = std::cos(q[0]), s = std::sin(q[0]);
  Eigen::Matrix3d j;
  j << 0, dx_dq1, dx_dq2,
       -s * lateral - c * z, -s * dz_dq1, -s * dz_dq2,
       c * lateral - s * z, c * dz_dq1, c * dz_dq2;
  return j;
}

Eigen::Vector3d LegKinematics::Inverse(const Eigen::Vector3d& foot) const {
  const Eigen::Vector3d d = foot - hip;
  const double reach_max = (thigh + calf) * 0.999;
  const double reach_min = std::abs(thigh - calf) + 0.02;
  // Abduction: in the y-z plane the foot is at distance sqrt(lateral^2 + z'^2) from the axis.
  double r2 = d.y() * d.y() + d.z() * d.z();
  r2 = std::max(r2, lateral * lateral + 1e-6);
  double zp = -std::sqrt(r2 - lateral * lateral);
  const double q0 = std::atan2(d.z(), d.y()) - std::atan2(zp, lateral);
  // Sagittal two-link problem on (x, z').
  double xp = d.x();
  double dist = std::hypot(xp, zp);
  const double clamped = std::clamp(dist, reach_min, reach_max);
  if (dist > 1e-9) {
    xp *= clamped / dist;
    zp *= clamped / dist;
  }
  dist = clamped;
  const double cos_knee = std::clamp((dist * dist - thigh * thigh - calf * calf) / (2 * thigh * calf), -1.0, 1.0);
  const double q2 = -std::acos(cos_knee);
  const double alpha = std::atan2(-xp, -zp);
  const double q1 = alpha - std::atan2(calf * std::sin(q2), thigh + calf * std::cos(q2));
  return Eigen::Vector3d(std::remainder(q0, 2 * M_PI), q1, q2);
}

bool LegKinematics::Identify(const Eigen::Vector3d& hip_base, const Eigen::Vector3d& q,
                             const Eigen::Vector3d& foot_base, double knee_column_norm) {
  hip = hip_base;
  const Eigen::Vector3d d = foot_base - hip_base;
  const double c = std::cos(q[0]), s = std::sin(q[0]);
  // Undo the abduction: d' = Rx(q0)' d.
  const double yp = c * d.y() + s * d.z(), zp = -s * d.y() + c * d.z();
  lateral = yp;
  calf = knee_column_norm;
  const double dist2 = d.x() * d.x() + zp * zp;
  const double disc = dist2 - calf * calf * std::sin(q[2]) * std::sin(q[2]);
  if (!(disc > 0) || calf <= 0) return false;
  thigh = -calf * std::cos(q[2]) + std::sqrt(disc);
  if (!(thigh > 0)) return false;
  return (Forward(q) - foot_base).norm() < 2e-3;
}

}  // namespace stuntsim
