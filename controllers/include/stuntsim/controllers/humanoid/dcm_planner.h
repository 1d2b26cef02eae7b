#pragma once

#include <Eigen/Core>
#include <array>

namespace stuntsim {

class SupportPolygon;

/// Gravity, m/s^2.
inline constexpr double kGravity = 9.81;

/// Natural frequency of the linear inverted pendulum of height `com_height` (m): sqrt(g / z), 1/s.
double LipmOmega(double com_height);

/// Divergent component of motion (capture point) xi = c + c_dot / omega, horizontal, m.
Eigen::Vector2d Dcm(const Eigen::Vector2d& com, const Eigen::Vector2d& com_vel, double omega);

/// Output of the DCM tracking law.
struct DcmCommand {
  /// Commanded centroidal moment pivot (CoP on flat ground), world x-y, m.
  Eigen::Vector2d cmp = Eigen::Vector2d::Zero();
  /// Horizontal CoM acceleration the LIPM gives for that CMP: omega^2 (c - cmp), m/s^2.
  Eigen::Vector2d com_acc = Eigen::Vector2d::Zero();
};

/// DCM tracking (Englsberger, Ott, Albu-Schaeffer, T-RO 2015): with xi_dot = omega (xi - r), the
/// CMP r = xi - xi_ref_dot / omega + (gain / omega) (xi - xi_ref) makes the DCM error decay as
/// exp(-gain t). The CMP is projected into `support` when given (ankle strategy saturates at the
/// sole edge; the rest is left to the hips and to stepping).
DcmCommand DcmFeedback(const Eigen::Vector2d& com, const Eigen::Vector2d& com_vel, double omega,
                       const Eigen::Vector2d& dcm_ref, const Eigen::Vector2d& dcm_ref_vel, double gain,
                       const SupportPolygon* support);

/// DCM reference at one instant, world x-y.
struct DcmSample {
  Eigen::Vector2d dcm = Eigen::Vector2d::Zero();      ///< m
  Eigen::Vector2d dcm_vel = Eigen::Vector2d::Zero();  ///< m/s
  Eigen::Vector2d vrp = Eigen::Vector2d::Zero();      ///< virtual repellent point, m
};

/// A DCM trajectory for a piecewise-linear VRP (constant on a stance foot in single support,
/// moving linearly from foot to foot in double support), solved in closed form by backward
/// recursion from a final rest point (Englsberger et al. 2015, with linear VRP segments):
///
///   r(t) = r0 + rdot t on a segment of length T, rdot = (r1 - r0) / T,
///   xi(t) = r(t) + rdot / omega + exp(omega (t - T)) (xi_T - r1 - rdot / omega),
///
/// so xi_0 = r0 + rdot / omega + exp(-omega T) (xi_T - r1 - rdot / omega), and xi at the end of
/// the last segment equals its end point. Fixed capacity; no allocation.
class DcmPlan {
 public:
  static constexpr int kMaxSegments = 64;

  /// Empties the plan.
  void Clear() { count_ = 0; }
  /// Appends a VRP segment from `start` to `end` (m) lasting `duration` > 0 s. Returns false when full.
  bool Add(const Eigen::Vector2d& start, const Eigen::Vector2d& end, double duration);
  /// Runs the backward recursion for pendulum frequency `omega` (1/s).
  void Solve(double omega);
  /// Sample at time `t` (s) from the plan's start; after the end the DCM rests at the last point.
  DcmSample Evaluate(double t) const;

  int size() const { return count_; }
  /// Total duration, s.
  double duration() const;
  /// DCM at the start of segment i (after Solve), m.
  const Eigen::Vector2d& dcm_at_start(int i) const { return start_dcm_[i]; }
  /// DCM at the end of segment i (after Solve), m.
  Eigen::Vector2d dcm_at_end(int i) const { return i + 1 < count_ ? start_dcm_[i + 1] : end_[i]; }

 private:
  std::array<Eigen::Vector2d, kMaxSegments> start_, end_, start_dcm_;
  std::array<double, kMaxSegments> duration_{};
  int count_ = 0;
  double omega_ = 3.5;
};

}  // namespace stuntsim
