#include "stuntsim/controllers/quadruped/convex_mpc.h"

#include <chrono>
#include <cmath>
#include <limits>

#include <Eigen/LU>

namespace stuntsim {
namespace {

constexpr double kGravity = 9.81;

Eigen::Matrix3d Skew(const Eigen::Vector3d& v) {
  Eigen::Matrix3d s;
  s << 0, -v.z(), v.y(), v.z(), 0, -v.x(), -v.y(), v.x(), 0;
  return s;
}

}  // namespace

void ConvexMpc::Reset(const ConvexMpcParams& params, double mass, const Eigen::Matrix3d& inertia_body) {
  params_ = params;
  mass_ = mass;
  inertia_body_ = inertia_body;
  pyramid_along_.fill(Eigen::Vector2d::UnitX());
  mu_across_.fill(params.mu);
  const int n_steps = params.horizon;
  for (int i = 0; i < 12; ++i) q_diag_[i] = params.weights[i];
  reference_.setZero(12, n_steps);
  contact_.setZero(kQuadLegs, n_steps);
  g_.assign(n_steps, Eigen::Matrix<double, 12, 12>::Zero());
  qg_.assign(n_steps, Eigen::Matrix<double, 12, 12>::Zero());
  w_.assign(n_steps * (n_steps + 1), Eigen::Matrix<double, 12, 12>::Zero());
  error_.setZero(12, n_steps);
  grad_full_.setZero(12, n_steps);
  var_step_.assign(kQuadLegs * n_steps, 0);
  var_leg_.assign(kQuadLegs * n_steps, 0);
  const int n_max = 3 * kQuadLegs * n_steps, rows_max = 4 * kQuadLegs * n_steps;
  h_.setZero(n_max, n_max);
  c_.setZero(rows_max, n_max);
  a_eq_.setZero(0, n_max);
  b_eq_.setZero(0);
  g_vec_.setZero(n_max);
  d_.setZero(rows_max);
  lb_.setZero(n_max);
  ub_.setZero(n_max);
  planned_.setZero(12, n_steps);
  predicted_.setZero(12, n_steps);
  for (Eigen::Vector3d& f : force_) f.setZero();

  // One solver per number of force blocks, each warmed on a problem of its size here, so that
  // solves of any contact pattern later do not allocate.
  const int max_blocks = kQuadLegs * n_steps;
  solvers_.assign(max_blocks + 1, DenseQpSolver());
  solutions_.assign(max_blocks + 1, QpSolution());
  MpcState x;
  x.com_pos = Eigen::Vector3d(0, 0, 0.3);
  const double sx[kQuadLegs] = {0.2, 0.2, -0.2, -0.2}, sy[kQuadLegs] = {0.15, -0.15, 0.15, -0.15};
  for (int l = 0; l < kQuadLegs; ++l) x.foot_rel[l] = Eigen::Vector3d(sx[l], sy[l], -0.3);
  for (int k = 0; k < n_steps; ++k) reference_.col(k)(5) = 0.3;
  for (int blocks = 1; blocks <= max_blocks; ++blocks) {
    contact_.setZero();
    for (int b = 0; b < blocks; ++b) contact_(b % kQuadLegs, b / kQuadLegs) = 1;
    Solve(x);
  }
  reference_.setZero();
  contact_.setZero();
  planned_.setZero();
  predicted_.setZero();
  for (Eigen::Vector3d& f : force_) f.setZero();
}

void ConvexMpc::set_weights(const std::array<double, 12>& weights) {
  params_.weights = weights;
  for (int i = 0; i < 12; ++i) q_diag_[i] = weights[i];
}

void ConvexMpc::BuildDynamics(const MpcState& x0) {
  const double dt = params_.dt;
  const double cy = std::cos(x0.rpy.z()), sy = std::sin(x0.rpy.z());
  Eigen::Matrix3d rz_t;  // Rz(yaw)': world angular velocity -> Euler angle rates (small roll, pitch)
  rz_t << cy, sy, 0, -sy, cy, 0, 0, 0, 1;
  const Eigen::Matrix3d inertia_world = x0.rot * inertia_body_ * x0.rot.transpose();
  const Eigen::Matrix3d inertia_inv = inertia_world.inverse();
  // B = integral of exp(Ac s) ds Bc = (dt I + dt^2/2 Ac) Bc, exactly (Ac^2 Bc = 0).
  b_.setZero();
  acb_.setZero();
  for (int l = 0; l < kQuadLegs; ++l) {
    const Eigen::Matrix3d ang = inertia_inv * Skew(x0.foot_rel[l]);
    const int c = 3 * l;
    b_.block<3, 3>(0, c) = (0.5 * dt * dt) * rz_t * ang;
    b_.block<3, 3>(3, c) = Eigen::Matrix3d::Identity() * (0.5 * dt * dt / mass_);
    b_.block<3, 3>(6, c) = dt * ang;
    b_.block<3, 3>(9, c) = Eigen::Matrix3d::Identity() * (dt / mass_);
    acb_.block<3, 3>(0, c) = rz_t * b_.block<3, 3>(6, c);
    acb_.block<3, 3>(3, c) = b_.block<3, 3>(9, c);
  }
  // A^d = I + d dt Ac + (d dt)^2 / 2 Ac^2 and Ac^2 B = 0, so A^d B = B + d dt Ac B.
  const int n_steps = params_.horizon;
  for (int d = 0; d < n_steps; ++d) {
    g_[d].noalias() = b_ + (d * dt) * acb_;
    qg_[d].noalias() = q_diag_.asDiagonal() * g_[d];
  }
  // W(delta, m) = sum_{t < m} G_(t+delta)' Q G_t: the Hessian block H(j, k) = W(k - j, N - k).
  for (int delta = 0; delta < n_steps; ++delta) {
    Eigen::Matrix<double, 12, 12>* w = &w_[delta * (n_steps + 1)];
    w[0].setZero();
    for (int m = 1; m <= n_steps - delta; ++m) {
      w[m] = w[m - 1];
      w[m].noalias() += g_[m - 1 + delta].transpose() * qg_[m - 1];
    }
  }
}

void ConvexMpc::BuildCost(const MpcState& x0) {
  const double dt = params_.dt;
  const int n_steps = params_.horizon;
  const double cy = std::cos(x0.rpy.z()), sy = std::sin(x0.rpy.z());
  const Eigen::Vector3d euler_rate(cy * x0.angvel.x() + sy * x0.angvel.y(),
                                   -sy * x0.angvel.x() + cy * x0.angvel.y(), x0.angvel.z());
  const Eigen::Vector3d gravity(0, 0, -kGravity);
  // Free response x_free(k) = A^k x0 (closed form), stored in predicted_ for later.
  for (int k = 1; k <= n_steps; ++k) {
    const double t = k * dt;
    auto x = predicted_.col(k - 1);
    x.segment<3>(0) = x0.rpy + t * euler_rate;
    x.segment<3>(3) = x0.com_pos + t * x0.com_vel + (0.5 * t * t) * gravity;
    x.segment<3>(6) = x0.angvel;
    x.segment<3>(9) = x0.com_vel + t * gravity;
    error_.col(k - 1) = q_diag_.asDiagonal() * (x - reference_.col(k - 1));
  }
  // Gradient of step k: sum_{i >= k} G_(i-k)' Q e_(i+1).
  for (int k = 0; k < n_steps; ++k) {
    auto grad = grad_full_.col(k);
    grad.setZero();
    for (int i = k; i < n_steps; ++i) grad.noalias() += g_[i - k].transpose() * error_.col(i);
  }
}

void ConvexMpc::BuildQp() {
  const int n_steps = params_.horizon;
  int blocks = 0;
  for (int k = 0; k < n_steps; ++k) {
    for (int l = 0; l < kQuadLegs; ++l) {
      if (contact_(l, k)) {
        var_step_[blocks] = k;
        var_leg_[blocks] = l;
        ++blocks;
      }
    }
  }
  num_vars_ = 3 * blocks;
  num_rows_ = 4 * blocks;
  const int n = num_vars_;
  // Feet in contact per step, for the nominal (weight-sharing) force of the regularization.
  int feet_at[64] = {0};
  for (int a = 0; a < blocks && var_step_[a] < 64; ++a) ++feet_at[var_step_[a]];
  for (int a = 0; a < blocks; ++a) {
    const int j = var_step_[a], la = var_leg_[a];
    for (int b = a; b < blocks; ++b) {
      const int k = var_step_[b], lb = var_leg_[b];  // k >= j: blocks are ordered by step
      const Eigen::Matrix<double, 12, 12>& w = w_[(k - j) * (n_steps + 1) + (n_steps - k)];
      h_.block<3, 3>(3 * a, 3 * b) = w.block<3, 3>(3 * la, 3 * lb);
      if (b != a) h_.block<3, 3>(3 * b, 3 * a) = w.block<3, 3>(3 * la, 3 * lb).transpose();
    }
    for (int i = 0; i < 3; ++i) h_(3 * a + i, 3 * a + i) += params_.force_weight;
    g_vec_.segment<3>(3 * a) = grad_full_.col(j).segment<3>(3 * la);
    g_vec_(3 * a + 2) -= params_.force_weight * mass_ * kGravity / std::max(feet_at[std::min(j, 63)], 1);
  }
  // Friction pyramid: mu fz -+ fx >= 0, mu fz -+ fy >= 0 (along and across the leg's friction
  // frame, world axes by default); bounds on fz.
  c_.topLeftCorner(num_rows_, n).setZero();
  d_.head(num_rows_).setZero();
  const double mu = params_.mu, inf = std::numeric_limits<double>::infinity();
  for (int a = 0; a < blocks; ++a) {
    const int r = 4 * a, c = 3 * a, leg = var_leg_[a];
    const Eigen::Vector2d& along = pyramid_along_[leg];
    const Eigen::Vector2d across(-along.y(), along.x());
    c_.block<1, 2>(r, c) = -along.transpose();
    c_.block<1, 2>(r + 1, c) = along.transpose();
    c_.block<1, 2>(r + 2, c) = -across.transpose();
    c_.block<1, 2>(r + 3, c) = across.transpose();
    c_(r, c + 2) = c_(r + 1, c + 2) = mu;
    c_(r + 2, c + 2) = c_(r + 3, c + 2) = std::min(mu, mu_across_[leg]);
    lb_.segment<3>(c) << -inf, -inf, params_.f_min;
    ub_.segment<3>(c) << inf, inf, params_.f_max;
  }
}

void ConvexMpc::SetFrictionFrame(int leg, double yaw, double mu_across) {
  pyramid_along_[leg] = Eigen::Vector2d(std::cos(yaw), std::sin(yaw));
  mu_across_[leg] = mu_across;
}

QpStatus ConvexMpc::Solve(const MpcState& x0) {
  const auto start = std::chrono::steady_clock::now();
  BuildDynamics(x0);
  BuildCost(x0);
  BuildQp();
  const int n = num_vars_, n_steps = params_.horizon;
  QpStatus status = QpStatus::kSolved;
  const int blocks = n / 3;
  last_iterations_ = 0;
  if (n > 0) {
    status = solvers_[blocks].Solve(h_.topLeftCorner(n, n), g_vec_.head(n), a_eq_.leftCols(n), b_eq_,
                                    c_.topLeftCorner(num_rows_, n), d_.head(num_rows_), lb_.head(n),
                                    ub_.head(n), &solutions_[blocks]);
    last_iterations_ = solutions_[blocks].iterations;
  }
  if (status == QpStatus::kSolved) {
    planned_.setZero();
    for (int a = 0; a < blocks; ++a) {
      planned_.col(var_step_[a]).segment<3>(3 * var_leg_[a]) = solutions_[blocks].x.segment<3>(3 * a);
    }
    for (int l = 0; l < kQuadLegs; ++l) force_[l] = planned_.col(0).segment<3>(3 * l);
    // Predicted states: free response (already in predicted_) plus the forced response.
    for (int i = 0; i < n_steps; ++i) {
      for (int j = 0; j <= i; ++j) predicted_.col(i).noalias() += g_[i - j] * planned_.col(j);
    }
  } else {
    for (int l = 0; l < kQuadLegs; ++l) {
      if (!contact_(l, 0)) force_[l].setZero();
    }
  }
  last_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return status;
}

}  // namespace stuntsim
