#include "stuntsim/controllers/humanoid/dcm_planner.h"

#include <algorithm>
#include <cmath>

#include "stuntsim/controllers/humanoid/support_polygon.h"

namespace stuntsim {

double LipmOmega(double com_height) { return std::sqrt(kGravity / com_height); }

Eigen::Vector2d Dcm(const Eigen::Vector2d& com, const Eigen::Vector2d& com_vel, double omega) {
  return com + com_vel / omega;
}

DcmCommand DcmFeedback(const Eigen::Vector2d& com, const Eigen::Vector2d& com_vel, double omega,
                       const Eigen::Vector2d& dcm_ref, const Eigen::Vector2d& dcm_ref_vel, double gain,
                       const SupportPolygon* support) {
  const Eigen::Vector2d xi = Dcm(com, com_vel, omega);
  DcmCommand out;
  out.cmp = xi - dcm_ref_vel / omega + (gain / omega) * (xi - dcm_ref);
  if (support != nullptr && support->size() > 0) out.cmp = support->Project(out.cmp);
  out.com_acc = omega * omega * (com - out.cmp);
  return out;
}

bool DcmPlan::Add(const Eigen::Vector2d& start, const Eigen::Vector2d& end, double duration) {
  if (count_ >= kMaxSegments || !(duration > 0)) return false;
  start_[count_] = start;
  end_[count_] = end;
  duration_[count_] = duration;
  ++count_;
  return true;
}

void DcmPlan::Solve(double omega) {
  omega_ = omega;
  if (count_ == 0) return;
  Eigen::Vector2d xi_end = end_[count_ - 1];
  for (int i = count_ - 1; i >= 0; --i) {
    const Eigen::Vector2d rate = (end_[i] - start_[i]) / duration_[i];
    const Eigen::Vector2d lead = rate / omega;
    start_dcm_[i] = start_[i] + lead + std::exp(-omega * duration_[i]) * (xi_end - end_[i] - lead);
    xi_end = start_dcm_[i];
  }
}

double DcmPlan::duration() const {
  double total = 0;
  for (int i = 0; i < count_; ++i) total += duration_[i];
  return total;
}

DcmSample DcmPlan::Evaluate(double t) const {
  DcmSample s;
  if (count_ == 0) return s;
  if (t < 0) t = 0;
  for (int i = 0; i < count_; ++i) {
    if (t <= duration_[i] || i == count_ - 1) {
      const double tau = std::min(t, duration_[i]);
      const Eigen::Vector2d rate = (end_[i] - start_[i]) / duration_[i];
      const Eigen::Vector2d lead = rate / omega_;
      const Eigen::Vector2d xi_end = dcm_at_end(i);
      const double e = std::exp(omega_ * (tau - duration_[i]));
      if (t > duration_[i]) {  // past the end: at rest on the final point
        s.vrp = end_[i];
        s.dcm = xi_end;
        return s;
      }
      s.vrp = start_[i] + rate * tau;
      s.dcm = s.vrp + lead + e * (xi_end - end_[i] - lead);
      s.dcm_vel = rate + omega_ * e * (xi_end - end_[i] - lead);
      return s;
    }
    t -= duration_[i];
  }
  return s;
}

}  // namespace stuntsim
