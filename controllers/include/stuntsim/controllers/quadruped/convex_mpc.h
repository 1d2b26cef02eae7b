#pragma once

#include <array>
#include <vector>

#include <Eigen/Core>

#include "stuntsim/controllers/qp/dense_qp.h"
#include "stuntsim/controllers/quadruped/gait.h"

namespace stuntsim {

/// Tuning of the convex MPC.
struct ConvexMpcParams {
  /// Prediction steps and their length, s.
  int horizon = 10;
  double dt = 0.025;
  /// Friction coefficient the foot forces are kept within (pyramid |fx|, |fy| <= mu fz),
  /// dimensionless. The controller cannot see the ground's friction, so this is the lowest
  /// friction it is meant to walk on: 0.4 (wet tiles, smooth floors), below the 0.6-1.0 of
  /// rubber feet on dry ground; 0.6 let a 1 m/s trot on friction 0.4 slip and fall, 0.45 still
  /// slipped (docs/quadruped.md, "Friction"). Raise it only for ground known to grip better.
  double mu = 0.4;
  /// Normal force bounds per stance foot, N.
  double f_min = 0.0, f_max = 250.0;
  /// State weights: roll, pitch, yaw, x, y, z, wx, wy, wz, vx, vy, vz.
  std::array<double, 12> weights = {10, 10, 10, 20, 20, 200, 0.2, 0.2, 0.3, 8, 8, 2};
  /// Weight on the squared deviation of the foot forces from the weight shared equally by the
  /// feet in contact at that step (so the regularization does not bias the body height), 1/N^2.
  double force_weight = 1e-6;
};

/// The state the MPC starts from. World frame; roll-pitch-yaw is the Z-Y-X Euler angle set.
struct MpcState {
  /// Roll, pitch, yaw, rad.
  Eigen::Vector3d rpy = Eigen::Vector3d::Zero();
  /// Centre of mass position (m) and velocity (m/s).
  Eigen::Vector3d com_pos = Eigen::Vector3d::Zero();
  Eigen::Vector3d com_vel = Eigen::Vector3d::Zero();
  /// Angular velocity, world frame, rad/s.
  Eigen::Vector3d angvel = Eigen::Vector3d::Zero();
  /// Base orientation (body to world), for the world inertia.
  Eigen::Matrix3d rot = Eigen::Matrix3d::Identity();
  /// Foot positions relative to the centre of mass, per leg, m.
  std::array<Eigen::Vector3d, kQuadLegs> foot_rel{};
};

/// Single-rigid-body convex MPC (Di Carlo et al., IROS 2018).
///
/// State x = (roll, pitch, yaw, p, omega, v) plus gravity; input u_k = the 12 ground reaction
/// forces (world frame, N) on the body at step k, held over dt. With the inertia turned by the
/// yaw only and the feet fixed over the horizon, A and B are constant, so the prediction matrix
/// is block-Toeplitz: block (i, j) = A^(i-j) B. A^k has a closed form (A = exp(Ac dt) with
/// Ac^3 = 0). The condensed Hessian blocks H(j, k) = sum_t G_(t+k-j)' Q G_t (G_d = A^d B) are
/// running sums over the horizon, so building costs O(N^2) 12x12 products. Only the forces of
/// feet in contact at a step are variables; each has a friction pyramid and f_min <= fz <= f_max.
/// All storage is sized in Reset(); Solve() does not allocate. The number of variables changes
/// with the contact pattern, and the QP solver's workspace is sized per problem size, so there
/// is one solver per possible number of force blocks (1..4N), each warmed in Reset().
class ConvexMpc {
 public:
  /// Sizes every buffer for `params` and the body's `mass` (kg) and `inertia_body` (kg m^2,
  /// about the centre of mass, body frame), and warms the QP solver at the largest size.
  void Reset(const ConvexMpcParams& params, double mass, const Eigen::Matrix3d& inertia_body);

  /// Replaces the state weights (as ConvexMpcParams::weights) without reallocating.
  void set_weights(const std::array<double, 12>& weights);

  /// Desired states x_1..x_N (12 x horizon), columns as the weights; fill before Solve().
  Eigen::MatrixXd& reference() { return reference_; }
  /// Planned contact per leg and step (4 x horizon; nonzero = in contact); fill before Solve().
  Eigen::Matrix<unsigned char, kQuadLegs, Eigen::Dynamic>& contact() { return contact_; }

  /// Turns `leg`'s friction pyramid to the heading `yaw` (rad, world) with `mu_across` (<= mu)
  /// across it: a wheel's force across its rolling direction is what it does not control. Kept
  /// until changed; Reset() restores world axes and mu.
  void SetFrictionFrame(int leg, double yaw, double mu_across);

  /// Builds and solves the QP from `x0`. Returns the solver status; on failure the forces are
  /// those of the last success (zero for feet not in contact at step 0).
  QpStatus Solve(const MpcState& x0);

  /// Force on the body from the ground at `leg` for the first step, world frame, N.
  const Eigen::Vector3d& force(int leg) const { return force_[leg]; }
  /// The whole planned force sequence, 12 x horizon (zero where a foot is not in contact).
  const Eigen::MatrixXd& planned_forces() const { return planned_; }
  /// Predicted states x_1..x_N under the planned forces (12 x horizon).
  const Eigen::MatrixXd& predicted() const { return predicted_; }
  /// Number of force variables and active-set iterations of the last solve.
  int num_variables() const { return num_vars_; }
  int iterations() const { return last_iterations_; }
  /// Wall-clock time of the last Solve() (build + QP), s.
  double last_solve_seconds() const { return last_seconds_; }
  const ConvexMpcParams& params() const { return params_; }

 private:
  void BuildDynamics(const MpcState& x0);
  void BuildCost(const MpcState& x0);
  void BuildQp();

  ConvexMpcParams params_;
  double mass_ = 1;
  Eigen::Matrix3d inertia_body_ = Eigen::Matrix3d::Identity();
  Eigen::Matrix<double, 12, 1> q_diag_ = Eigen::Matrix<double, 12, 1>::Ones();

  Eigen::MatrixXd reference_;                                // 12 x N
  Eigen::Matrix<unsigned char, kQuadLegs, Eigen::Dynamic> contact_;  // 4 x N
  Eigen::Matrix<double, 12, 12> b_, acb_;                    // B and Ac B
  std::vector<Eigen::Matrix<double, 12, 12>> g_, qg_;        // G_d = A^d B and Q G_d, d < N
  std::vector<Eigen::Matrix<double, 12, 12>> w_;             // W(delta, m), index delta * (N + 1) + m
  Eigen::MatrixXd error_;                                    // Q (x_free - ref), 12 x N
  Eigen::MatrixXd grad_full_;                                // 12 x N gradient per step
  std::vector<int> var_step_, var_leg_;                      // per 3-variable block

  std::vector<DenseQpSolver> solvers_;  // index: number of 3-force blocks
  std::vector<QpSolution> solutions_;
  int last_iterations_ = 0;
  Eigen::MatrixXd h_, c_, a_eq_;
  Eigen::VectorXd g_vec_, d_, lb_, ub_, b_eq_;
  int num_vars_ = 0, num_rows_ = 0;

  std::array<Eigen::Vector3d, kQuadLegs> force_{};
  std::array<Eigen::Vector2d, kQuadLegs> pyramid_along_{};  // horizontal unit, world
  std::array<double, kQuadLegs> mu_across_{};
  Eigen::MatrixXd planned_, predicted_;  // 12 x N
  double last_seconds_ = 0;
};

}  // namespace stuntsim
