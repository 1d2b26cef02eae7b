#include "stuntsim/controllers/humanoid/support_polygon.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace stuntsim {
namespace {

double Cross(const Eigen::Vector2d& o, const Eigen::Vector2d& a, const Eigen::Vector2d& b) {
  return (a.x() - o.x()) * (b.y() - o.y()) - (a.y() - o.y()) * (b.x() - o.x());
}

// Nearest point to p on the segment a-b.
Eigen::Vector2d NearestOnSegment(const Eigen::Vector2d& a, const Eigen::Vector2d& b,
                                 const Eigen::Vector2d& p) {
  const Eigen::Vector2d ab = b - a;
  const double len2 = ab.squaredNorm();
  const double s = len2 > 0 ? std::clamp((p - a).dot(ab) / len2, 0.0, 1.0) : 0.0;
  return a + s * ab;
}

}  // namespace

void SupportPolygon::Build(const std::array<Eigen::Vector3d, 2>& pos,
                           const std::array<Eigen::Matrix3d, 2>& rot, const std::array<bool, 2>& stance,
                           const Sole& sole) {
  std::array<Eigen::Vector2d, 8> points;
  int n = 0;
  for (int k = 0; k < 2; ++k) {
    if (!stance[k]) continue;
    for (double x : {sole.front, -sole.back}) {
      for (double y : {sole.half_width, -sole.half_width}) {
        points[n++] = (pos[k] + rot[k] * Eigen::Vector3d(x, y, 0)).head<2>();
      }
    }
  }
  // Andrew's monotone chain.
  auto less = [](const Eigen::Vector2d& a, const Eigen::Vector2d& b) {
    return a.x() < b.x() || (a.x() == b.x() && a.y() < b.y());
  };
  for (int i = 1; i < n; ++i) {  // insertion sort: at most 8 points
    for (int j = i; j > 0 && less(points[j], points[j - 1]); --j) std::swap(points[j], points[j - 1]);
  }
  std::array<Eigen::Vector2d, 16> chain;
  int k = 0;
  for (int i = 0; i < n; ++i) {
    while (k >= 2 && Cross(chain[k - 2], chain[k - 1], points[i]) <= 0) --k;
    chain[k++] = points[i];
  }
  for (int i = n - 2, lower = k + 1; i >= 0; --i) {
    while (k >= lower && Cross(chain[k - 2], chain[k - 1], points[i]) <= 0) --k;
    chain[k++] = points[i];
  }
  count_ = n == 0 ? 0 : std::max(1, k - 1);
  for (int i = 0; i < count_; ++i) hull_[i] = chain[i];
}

double SupportPolygon::SignedDistance(const Eigen::Vector2d& p) const {
  if (count_ == 0) return std::numeric_limits<double>::infinity();
  bool inside = count_ >= 3;
  double nearest = std::numeric_limits<double>::infinity();
  for (int i = 0; i < count_; ++i) {
    const Eigen::Vector2d& a = hull_[i];
    const Eigen::Vector2d& b = hull_[(i + 1) % count_];
    if (Cross(a, b, p) < 0) inside = false;
    nearest = std::min(nearest, (NearestOnSegment(a, b, p) - p).norm());
  }
  return inside ? -nearest : nearest;
}

Eigen::Vector2d SupportPolygon::Project(const Eigen::Vector2d& p) const {
  if (count_ == 0 || SignedDistance(p) <= 0) return p;
  Eigen::Vector2d best = hull_[0];
  double best_d = std::numeric_limits<double>::infinity();
  for (int i = 0; i < count_; ++i) {
    const Eigen::Vector2d q = NearestOnSegment(hull_[i], hull_[(i + 1) % count_], p);
    const double d = (q - p).squaredNorm();
    if (d < best_d) best_d = d, best = q;
  }
  return best;
}

Eigen::Vector2d SupportPolygon::Centre() const {
  Eigen::Vector2d c = Eigen::Vector2d::Zero();
  for (int i = 0; i < count_; ++i) c += hull_[i];
  return count_ > 0 ? Eigen::Vector2d(c / count_) : c;
}

}  // namespace stuntsim
