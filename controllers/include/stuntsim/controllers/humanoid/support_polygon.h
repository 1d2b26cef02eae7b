#pragma once

#include <Eigen/Core>
#include <array>

namespace stuntsim {

/// Convex hull of the stance soles on the ground plane (x, y, world frame). Fixed capacity,
/// no allocation.
class SupportPolygon {
 public:
  /// Sole half-extents about the foot site, m: x from -back to +front, |y| <= half_width.
  struct Sole {
    double front = 0.10, back = 0.10, half_width = 0.035;
  };

  /// Builds the hull of the soles of the stance feet. `pos` and `rot` are the foot sites'
  /// world positions and orientations. With no stance foot the polygon is empty.
  void Build(const std::array<Eigen::Vector3d, 2>& pos, const std::array<Eigen::Matrix3d, 2>& rot,
             const std::array<bool, 2>& stance, const Sole& sole);
  /// Number of hull vertices (0 when no foot is in stance).
  int size() const { return count_; }
  /// Vertex i, counter-clockwise.
  const Eigen::Vector2d& vertex(int i) const { return hull_[i]; }
  /// Signed distance from `p` to the boundary: negative inside, positive outside, m.
  double SignedDistance(const Eigen::Vector2d& p) const;
  /// The point of the polygon nearest to `p` (p itself when inside).
  Eigen::Vector2d Project(const Eigen::Vector2d& p) const;
  /// Centroid of the vertices.
  Eigen::Vector2d Centre() const;

 private:
  std::array<Eigen::Vector2d, 8> hull_;
  int count_ = 0;
};

}  // namespace stuntsim
