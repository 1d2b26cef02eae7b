#include "stuntsim/controllers/qp/dense_qp.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include <Eigen/Cholesky>

namespace stuntsim {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
// |H_ij - H_ji| allowed, relative to max_k H_kk (which bounds |H_ij| for positive definite H).
constexpr double kSymmetryTol = 1e-9;
// Smallest Cholesky pivot^2 allowed, relative to max H_ii (about 1 / condition number).
constexpr double kMinPivotRatio = 1e-13;
// A transformed normal whose component orthogonal to the active normals is below this fraction
// of its length is treated as linearly dependent on them.
constexpr double kDependenceTol = 1e-10;
// Residual allowed for an equality that depends on earlier ones (relative to its scale).
constexpr double kRedundantEqualityTol = 1e-9;
// When the normal n_p of a violated inequality depends on the active normals, n_p = sum_j r_j n_j,
// a coefficient r_j counts as positive (active inequality j may be dropped) only when
// r_j |n~_j| > kDualTol |n~_p| (transformed norms): smaller ones are rounding of a zero, and
// dividing a multiplier by one sends the dual step towards infinity.
constexpr double kDualTol = 1e-11;
// ... and p is implied by the active set (held at equality) when its right-hand side exceeds
// sum_j r_j rhs_j by at most this, relative to the scale of the terms (distance units). Such an
// inequality is "violated" by rounding only: it is skipped, not added and not a sign of
// infeasibility.
constexpr double kImpliedTol = 1e-9;
// Violation (distance to the constraint surface, relative to 1 + |x| + |d_i| / |C_i|) below which
// an inequality counts as satisfied.
constexpr double kFeasibilityTol = 1e-11;
// C is stored row-compressed when at most this fraction of its entries is nonzero.
constexpr double kSparseFraction = 0.25;
// Gram-Schmidt is repeated when the projection keeps less than this fraction of the norm. A
// single pass leaves the new basis vector orthogonal to about eps sqrt(n) |w| / |z|, so this
// bounds the loss of orthogonality per added constraint near 20 sqrt(n) eps.
constexpr double kReorthogonalize = 0.05;
// At most this many inequalities (the most violated first) are added per full evaluation of the
// slacks, which costs a triangular solve and a product with C ...
constexpr int kCandidates = 8;
// ... and the list is abandoned for a new evaluation once a candidate's violation has shrunk below
// this fraction of its value at the evaluation (so the choice stays close to "most violated").
constexpr double kStaleViolationRatio = 0.5;

// x * 0 is 0 for finite x and NaN for +-inf and NaN, so the (vectorised) sum is 0 exactly when
// every entry is finite. (Like every NaN test here, this needs IEEE semantics: no -ffast-math.)
template <typename Derived>
bool AllFinite(const Eigen::MatrixBase<Derived>& m) {
  return m.size() == 0 || (m.array() * 0.0).sum() == 0.0;
}

// True when the 8 doubles at p are all +0.0 (a vectorisable test used to skip zero runs).
inline bool AllBitsZero8(const double* p) {
  uint64_t bits = 0;
  for (int t = 0; t < 8; ++t) {
    uint64_t b;
    std::memcpy(&b, p + t, sizeof(b));
    bits |= b;
  }
  return bits == 0;
}

// |H_ij - H_ji| <= tol for all i != j (false for NaN or infinite entries). Column j's upper part
// is contiguous and row j's strided reads stay in cache from one column to the next.
bool IsSymmetric(const Eigen::Ref<const Eigen::MatrixXd>& h, double tol) {
  const Eigen::Index n = h.rows();
  const Eigen::Index stride = h.outerStride();
  const double* data = h.data();
  bool ok = true;
  for (Eigen::Index j = 1; j < n && ok; ++j) {
    const double* upper = data + j * stride;  // H(0..j-1, j)
    const double* row = data + j;             // H(j, i) = row[i * stride]
    for (Eigen::Index i = 0; i < j; ++i) ok &= std::abs(upper[i] - row[i * stride]) <= tol;
  }
  return ok;
}

bool ConstraintBlockOk(const Eigen::Ref<const Eigen::MatrixXd>& a,
                       const Eigen::Ref<const Eigen::VectorXd>& b, Eigen::Index n) {
  if (a.rows() != b.size()) return false;
  if (a.rows() == 0) return a.cols() == 0 || a.cols() == n;
  return a.cols() == n;
}

}  // namespace

const char* ToString(QpStatus status) {
  switch (status) {
    case QpStatus::kSolved:
      return "kSolved";
    case QpStatus::kInfeasible:
      return "kInfeasible";
    case QpStatus::kMaxIterations:
      return "kMaxIterations";
    case QpStatus::kInvalidInput:
      return "kInvalidInput";
  }
  return "unknown";
}

QpStatus DenseQpSolver::Solve(const QpProblem& problem, QpSolution* solution) {
  return Solve(problem.H, problem.g, problem.A_eq, problem.b_eq, problem.C, problem.d, problem.lb,
               problem.ub, solution);
}

bool DenseQpSolver::Validate(const Eigen::Ref<const Eigen::MatrixXd>& h,
                             const Eigen::Ref<const Eigen::VectorXd>& g,
                             const Eigen::Ref<const Eigen::MatrixXd>& a_eq,
                             const Eigen::Ref<const Eigen::VectorXd>& b_eq,
                             const Eigen::Ref<const Eigen::MatrixXd>& c,
                             const Eigen::Ref<const Eigen::VectorXd>& d,
                             const Eigen::Ref<const Eigen::VectorXd>& lb,
                             const Eigen::Ref<const Eigen::VectorXd>& ub) const {
  const Eigen::Index n = h.rows();
  if (n < 1 || h.cols() != n || g.size() != n) return false;
  if (!ConstraintBlockOk(a_eq, b_eq, n) || !ConstraintBlockOk(c, d, n)) return false;
  if ((lb.size() != 0 && lb.size() != n) || (ub.size() != 0 && ub.size() != n)) return false;
  // C is checked while it is scanned for sparsity.
  if (!AllFinite(g) || !AllFinite(a_eq) || !AllFinite(b_eq) || !AllFinite(d)) return false;
  if (lb.hasNaN() || ub.hasNaN()) return false;
  // H: a finite diagonal, and off-diagonal pairs that agree (which also rejects non-finite ones:
  // their difference is NaN or infinite). For a positive definite matrix |H_ij| <= max_k H_kk.
  if (!AllFinite(h.diagonal())) return false;
  const double sym_tol = kSymmetryTol * std::max(h.diagonal().cwiseAbs().maxCoeff(),
                                                 std::numeric_limits<double>::min());
  return IsSymmetric(h, sym_tol);
}

void DenseQpSolver::TransformedNormal(int id, const Eigen::Ref<const Eigen::MatrixXd>& a_eq,
                                      const Eigen::Ref<const Eigen::MatrixXd>& c) {
  if (id == w_id_) return;  // still in w_ (e.g. a candidate re-selected after a re-evaluation)
  w_id_ = id;
  const int n = static_cast<int>(w_.size());
  int first = n;
  if (id < m_eq_) {
    w_ = a_eq.row(id).transpose();
  } else if (id < m_eq_ + m_in_) {
    w_ = c.row(id - m_eq_).transpose();
  } else {
    const int k = id - m_eq_ - m_in_;
    w_.setZero();
    first = bound_var_[k];
    w_(first) = bound_sign_[k];
  }
  if (first == n) {
    first = 0;
    while (first < n && w_(first) == 0.0) ++first;
  }
  w_first_ = first;
  if (first < n) {
    const int len = n - first;
    l_.bottomRightCorner(len, len).triangularView<Eigen::Lower>().solveInPlace(w_.tail(len));
  }
}

void DenseQpSolver::Project() {
  const int q = q_;
  zt_ = w_;
  if (q == 0) return;
  auto v = v_.leftCols(q);
  auto d1 = d1_.head(q);
  const double w_norm = w_.norm();
  const int n = static_cast<int>(w_.size());
  const int len = n - std::min(w_first_, n - 1);  // w_ is zero above w_first_
  d1.noalias() = v.bottomRows(len).transpose() * w_.tail(len);
  zt_.noalias() -= v * d1;
  if (zt_.norm() < kReorthogonalize * w_norm) {
    auto correction = dual_dir_.head(q);
    correction.noalias() = v.transpose() * zt_;
    zt_.noalias() -= v * correction;
    d1 += correction;
  }
}

void DenseQpSolver::AddActive(int id, double multiplier, double zt_norm, double w_norm) {
  const int q = q_;
  v_.col(q) = zt_ / zt_norm;
  act_norm_(q) = w_norm;
  r_.col(q).head(q) = d1_.head(q);
  r_(q, q) = zt_norm;
  u_(q) = multiplier;
  active_[q] = id;
  if (id >= m_eq_) is_active_[id - m_eq_] = 1;
  ++q_;
}

void DenseQpSolver::DropActive(int k) {
  const int q = q_;
  is_active_[active_[k] - m_eq_] = 0;
  // Inequalities implied by the active set may not be implied by the smaller one.
  for (int i : implied_) is_active_[i] = 0;
  implied_.clear();
  for (int j = k; j + 1 < q; ++j) {
    r_.col(j).head(j + 2) = r_.col(j + 1).head(j + 2);
    u_(j) = u_(j + 1);
    act_norm_(j) = act_norm_(j + 1);
    active_[j] = active_[j + 1];
  }
  const int n = static_cast<int>(v_.rows());
  // Columns k..q-2 are now upper Hessenberg: rotate rows (j, j+1) to clear R(j+1, j), applying
  // the transposed rotation to the basis columns so that V R is unchanged.
  for (int j = k; j + 1 < q; ++j) {
    const double a = r_(j, j);
    const double b = r_(j + 1, j);
    const double h = std::hypot(a, b);
    r_(j + 1, j) = 0.0;
    if (h == 0.0) continue;
    const double cs = a / h;
    const double sn = b / h;
    r_(j, j) = h;
    for (int col = j + 1; col + 1 < q; ++col) {
      const double x = r_(j, col);
      const double y = r_(j + 1, col);
      r_(j, col) = cs * x + sn * y;
      r_(j + 1, col) = -sn * x + cs * y;
    }
    double* vj = v_.col(j).data();
    double* vk = v_.col(j + 1).data();
    for (int i = 0; i < n; ++i) {
      const double x = vj[i];
      const double y = vk[i];
      vj[i] = cs * x + sn * y;
      vk[i] = -sn * x + cs * y;
    }
  }
  --q_;
}

void DenseQpSolver::RecoverX() {
  x_ = xt_;
  l_.triangularView<Eigen::Lower>().transpose().solveInPlace(x_);
}

void DenseQpSolver::Finish(QpStatus status, int n, int m_eq, int m_in, bool has_lb, bool has_ub,
                           QpSolution* solution) {
  RecoverX();
  solution->status = status;
  solution->x = x_;
  solution->y_eq.setZero(m_eq);
  solution->z_in.setZero(m_in);
  solution->z_lb.setZero(has_lb ? n : 0);
  solution->z_ub.setZero(has_ub ? n : 0);
  for (int pos = 0; pos < q_; ++pos) {
    const int id = active_[pos];
    if (id < m_eq) {
      solution->y_eq(id) = u_(pos);
    } else if (id < m_eq + m_in) {
      solution->z_in(id - m_eq) = u_(pos);
    } else if (pos < q_eq_) {
      // A fixed variable (lb == ub), held as an equality: its free multiplier y splits into
      // z_lb - z_ub.
      const int j = bound_var_[id - m_eq - m_in];
      solution->z_lb(j) = std::max(u_(pos), 0.0);
      solution->z_ub(j) = std::max(-u_(pos), 0.0);
    } else {
      const int k = id - m_eq - m_in;
      if (bound_sign_[k] > 0) {
        solution->z_lb(bound_var_[k]) = u_(pos);
      } else {
        solution->z_ub(bound_var_[k]) = u_(pos);
      }
    }
  }
  solution->objective = 0.5 * xt_.squaredNorm() + gt_.dot(xt_);
}

QpStatus DenseQpSolver::Solve(const Eigen::Ref<const Eigen::MatrixXd>& h,
                              const Eigen::Ref<const Eigen::VectorXd>& g,
                              const Eigen::Ref<const Eigen::MatrixXd>& a_eq,
                              const Eigen::Ref<const Eigen::VectorXd>& b_eq,
                              const Eigen::Ref<const Eigen::MatrixXd>& c,
                              const Eigen::Ref<const Eigen::VectorXd>& d,
                              const Eigen::Ref<const Eigen::VectorXd>& lb,
                              const Eigen::Ref<const Eigen::VectorXd>& ub, QpSolution* solution) {
  if (solution == nullptr) return QpStatus::kInvalidInput;
  solution->iterations = 0;
  auto invalid = [solution]() {
    solution->status = QpStatus::kInvalidInput;
    solution->objective = std::numeric_limits<double>::quiet_NaN();
    return solution->status;
  };
  if (!Validate(h, g, a_eq, b_eq, c, d, lb, ub)) return invalid();
  const int n = static_cast<int>(h.rows());
  const int m_eq = static_cast<int>(a_eq.rows());
  const int m_in = static_cast<int>(c.rows());
  const bool has_lb = lb.size() > 0;
  const bool has_ub = ub.size() > 0;
  m_eq_ = m_eq;
  m_in_ = m_in;
  q_ = 0;
  q_eq_ = 0;
  w_id_ = -1;

  // C: finite entries, and a row-compressed copy when sparse.
  if (!ScanInequalities(c)) return invalid();

  // Cholesky H = L L', in place in l_.
  l_ = h;
  {
    Eigen::LLT<Eigen::Ref<Eigen::MatrixXd>, Eigen::Lower> llt(l_);
    const double diag_max = h.diagonal().maxCoeff();
    const double pivot_min = l_.diagonal().minCoeff();
    if (llt.info() != Eigen::Success || !AllFinite(l_.diagonal()) || !(diag_max > 0.0) ||
        !(pivot_min * pivot_min > kMinPivotRatio * diag_max)) {
      return invalid();
    }
  }

  v_.resize(n, n);
  r_.resize(n, n);
  xt_.resize(n);
  x_.resize(n);
  w_.resize(n);
  zt_.resize(n);
  d1_.resize(n);
  dual_dir_.resize(n);
  u_.resize(n);
  act_norm_.resize(n);
  active_.resize(n);

  // Unconstrained minimum: x~ = -L^-1 g.
  gt_ = g;
  l_.triangularView<Eigen::Lower>().solveInPlace(gt_);
  xt_ = -gt_;

  // Finite bounds become constraints sign * x_j >= sign * bound. A fixed variable (lb == ub,
  // finite) is one entry, x_j >= lb_j, that is held as an equality (listed in fixed_): its two
  // opposing bounds would otherwise be a linearly dependent pair, both active.
  bound_var_.reserve(2 * n);
  bound_sign_.reserve(2 * n);
  bound_rhs_.reserve(2 * n);
  fixed_.reserve(n);
  bound_var_.clear();
  bound_sign_.clear();
  bound_rhs_.clear();
  fixed_.clear();
  bool bounds_infeasible = false;
  for (int j = 0; j < n; ++j) {
    if (has_lb && has_ub && lb(j) == ub(j) && std::isfinite(lb(j))) {
      fixed_.push_back(static_cast<int>(bound_var_.size()));
      bound_var_.push_back(j);
      bound_sign_.push_back(1.0);
      bound_rhs_.push_back(lb(j));
      continue;
    }
    if (has_lb && lb(j) > -kInf) {
      if (lb(j) == kInf) bounds_infeasible = true;
      bound_var_.push_back(j);
      bound_sign_.push_back(1.0);
      bound_rhs_.push_back(lb(j));
    }
    if (has_ub && ub(j) < kInf) {
      if (ub(j) == -kInf) bounds_infeasible = true;
      bound_var_.push_back(j);
      bound_sign_.push_back(-1.0);
      bound_rhs_.push_back(-ub(j));
    }
  }
  const int nb = static_cast<int>(bound_var_.size());
  const int m_ineq = m_in + nb;
  // Per-inequality workspace is sized for the worst case (every bound finite) so that the count of
  // finite bounds may change between solves without reallocating.
  is_active_.reserve(m_in + 2 * n);
  is_active_.assign(m_ineq, 0);
  implied_.reserve(m_in + 2 * n);
  implied_.clear();
  candidates_.reserve(m_in + 2 * n);
  slack_.resize(m_in + 2 * n);
  inv_norm_.resize(m_in + 2 * n);
  rhs_scaled_.resize(m_in + 2 * n);
  if (bounds_infeasible) {
    Finish(QpStatus::kInfeasible, n, m_eq, m_in, has_lb, has_ub, solution);
    return solution->status;
  }
  // Violations are measured as distances to the constraint surface: -slack / |C_i|.
  for (int i = 0; i < m_in; ++i) {
    inv_norm_(i) = row_norm_(i) > 0.0 ? 1.0 / row_norm_(i) : 1.0;
    rhs_scaled_(i) = std::abs(d(i)) * inv_norm_(i);
  }
  for (int k = 0; k < nb; ++k) {
    inv_norm_(m_in + k) = 1.0;
    rhs_scaled_(m_in + k) = std::abs(bound_rhs_[k]);
  }

  const int max_iterations = max_iterations_ > 0 ? max_iterations_ : 10 * (n + m_eq + m_ineq) + 100;
  int iterations = 0;
  auto finish = [&](QpStatus status) {
    Finish(status, n, m_eq, m_in, has_lb, has_ub, solution);
    solution->iterations = iterations;
    return status;
  };

  // Right-hand side of constraint `id` (in the ids of TransformedNormal).
  auto rhs_of = [&](int id) {
    if (id < m_eq) return b_eq(id);
    if (id < m_eq + m_in) return d(id - m_eq);
    return bound_rhs_[id - m_eq - m_in];
  };

  // Equality phase: add the fixed variables, then every equality, with a full step (the step may
  // have either sign). They take the first q_eq_ active positions and are never dropped.
  const int n_fixed = static_cast<int>(fixed_.size());
  for (int e = 0; e < n_fixed + m_eq; ++e) {
    const int i = e < n_fixed ? m_eq + m_in + fixed_[e] : e - n_fixed;
    const double rhs_i = rhs_of(i);
    TransformedNormal(i, a_eq, c);
    const double w_norm = w_.norm();
    Project();
    const double zt_norm = zt_.norm();
    const double residual = w_.dot(xt_) - rhs_i;
    if (!(zt_norm > kDependenceTol * w_norm)) {
      // Linearly dependent on the equalities already active: consistent or not. A consistent
      // fixed variable is then implied for good (its bounds are never checked again).
      const double scale = 1.0 + std::abs(rhs_i) + w_norm * xt_.norm();
      if (std::abs(residual) <= kRedundantEqualityTol * scale) {
        if (i >= m_eq) is_active_[i - m_eq] = 1;
        continue;
      }
      return finish(QpStatus::kInfeasible);
    }
    if (iterations >= max_iterations) return finish(QpStatus::kMaxIterations);
    ++iterations;
    const int q = q_;
    auto r = dual_dir_.head(q);
    r = d1_.head(q);
    r_.topLeftCorner(q, q).triangularView<Eigen::Upper>().solveInPlace(r);
    const double t = -residual / (zt_norm * zt_norm);
    xt_ += t * zt_;
    u_.head(q) -= t * r;
    AddActive(i, t, zt_norm, w_norm);
    ++q_eq_;
  }

  // Inequality phase. A full evaluation of the slacks (x = L^-T x~, C x - d) lists the violated
  // inequalities; the kCandidates most violated are then added in turn, each re-checked first
  // (cheaply, in the transformed space, with the normal that adding it needs anyway). Optimality
  // is only declared after a full evaluation finds nothing violated.
  candidates_.clear();
  size_t next_candidate = 0;
  double x_scale = 1.0;
  for (;;) {
    if (next_candidate == candidates_.size()) {
      RecoverX();
      x_scale = 1.0 + x_.lpNorm<Eigen::Infinity>();
      EvaluateSlacks(c, d, x_scale);
      next_candidate = 0;
      if (candidates_.empty()) return finish(QpStatus::kSolved);
    }
    const int p = candidates_[next_candidate++];
    if (is_active_[p]) continue;
    const int id = m_eq + p;
    const double rhs_p = p < m_in ? d(p) : bound_rhs_[p - m_in];
    TransformedNormal(id, a_eq, c);
    if (next_candidate > 1) {
      // Later candidates are re-checked. (The first one is always taken, whatever rounding says,
      // so that every evaluation is followed by at least one step: no endless re-evaluation.)
      const double violation = -(w_.dot(xt_) - rhs_p) * inv_norm_(p);
      if (!(violation > kFeasibilityTol * (x_scale + rhs_scaled_(p)))) {
        continue;  // satisfied by the steps taken since the full evaluation
      }
      if (violation < kStaleViolationRatio * slack_(p)) {
        next_candidate = candidates_.size();  // the landscape has changed: evaluate afresh
        continue;
      }
    }
    const double w_norm = w_.norm();
    double u_p = 0.0;
    for (;;) {
      if (iterations >= max_iterations) return finish(QpStatus::kMaxIterations);
      ++iterations;
      Project();
      const int q = q_;
      const double zt_norm = zt_.norm();
      auto r = dual_dir_.head(q);
      r = d1_.head(q);
      r_.topLeftCorner(q, q).triangularView<Eigen::Upper>().solveInPlace(r);
      // Partial (dual) step: largest t keeping the active inequality multipliers >= 0.
      double t1 = kInf;
      int drop = -1;
      const double r_min = kDualTol * w_norm;
      for (int j = q_eq_; j < q; ++j) {
        if (r(j) * act_norm_(j) > r_min) {
          const double ratio = u_(j) / r(j);
          if (ratio < t1) {
            t1 = ratio;
            drop = j;
          }
        }
      }
      const bool primal_step = zt_norm > kDependenceTol * w_norm;
      if (!primal_step) {
        // The normal is (numerically) a combination of the active ones, n_p = N r. With every
        // active constraint held at equality, n_p' x = sum_j r_j rhs_j: compare with rhs_p from
        // the data, not from x (degenerate constraints are "violated" by rounding of x only).
        // Before any dual step (u_p == 0) an implied p is skipped until the next drop.
        if (u_p == 0.0) {
          double combined = 0.0;
          double scale = 0.0;
          for (int j = 0; j < q; ++j) {
            const double term = r(j) * rhs_of(active_[j]);
            combined += term;
            scale += std::abs(term);
          }
          const double gap = (rhs_p - combined) * inv_norm_(p);
          if (gap <= kImpliedTol * (x_scale + rhs_scaled_(p) + scale * inv_norm_(p))) {
            is_active_[p] = 2;
            implied_.push_back(p);
            break;
          }
        }
        // Otherwise (Goldfarb-Idnani) a dual step drops the active inequality that limits it; when
        // none can be dropped (every r_j <= 0 on the inequalities), r is a certificate that
        // no point satisfies the active constraints and p.
        if (drop < 0) return finish(QpStatus::kInfeasible);
        u_.head(q) -= t1 * r;
        u_.segment(q_eq_, q - q_eq_) = u_.segment(q_eq_, q - q_eq_).cwiseMax(0.0);
        u_p += t1;
        DropActive(drop);
        continue;
      }
      const double slack_p = w_.dot(xt_) - rhs_p;
      const double t2 = std::max(0.0, -slack_p / (zt_norm * zt_norm));  // full step
      const double t = std::min(t1, t2);
      xt_ += t * zt_;
      u_.head(q) -= t * r;
      u_.segment(q_eq_, q - q_eq_) = u_.segment(q_eq_, q - q_eq_).cwiseMax(0.0);
      u_p += t;
      if (t2 <= t1) {
        AddActive(id, u_p, zt_norm, w_norm);
        break;
      }
      DropActive(drop);
    }
  }
}

bool DenseQpSolver::ScanInequalities(const Eigen::Ref<const Eigen::MatrixXd>& c) {
  const int m_in = static_cast<int>(c.rows());
  const int n = static_cast<int>(c.cols());
  row_norm_.resize(m_in);
  c_sparse_ = false;
  if (m_in == 0) return true;
  // Column-major scan into a compressed copy, abandoned once it exceeds kSparseFraction.
  const int capacity =
      static_cast<int>(kSparseFraction * static_cast<double>(m_in) * static_cast<double>(n));
  csc_start_.resize(n + 1);
  csc_row_.resize(capacity + m_in);
  csc_val_.resize(capacity + m_in);
  int nnz = 0;
  c_sparse_ = true;
  for (int j = 0; j < n && c_sparse_; ++j) {
    csc_start_[j] = nnz;
    const double* col = c.col(j).data();
    int i = 0;
    for (; i + 8 <= m_in; i += 8) {
      if (AllBitsZero8(col + i)) continue;
      for (int t = i; t < i + 8; ++t) {
        if (col[t] != 0.0) {
          csc_row_[nnz] = t;
          csc_val_[nnz] = col[t];
          ++nnz;
        }
      }
    }
    for (; i < m_in; ++i) {
      if (col[i] != 0.0) {
        csc_row_[nnz] = i;
        csc_val_[nnz] = col[i];
        ++nnz;
      }
    }
    c_sparse_ = nnz <= capacity;
  }
  if (!c_sparse_) {
    if (!AllFinite(c)) return false;
    row_norm_.noalias() = c.rowwise().norm();
    return true;
  }
  csc_start_[n] = nnz;
  // Every non-finite entry has nonzero bits, so it is among the copied values.
  if (!AllFinite(Eigen::Map<const Eigen::VectorXd>(csc_val_.data(), nnz))) return false;
  // Transpose to row-compressed form (counting sort), used for the products C x.
  csr_start_.assign(m_in + 1, 0);
  csr_col_.resize(capacity + m_in);
  csr_val_.resize(capacity + m_in);
  for (int e = 0; e < nnz; ++e) ++csr_start_[csc_row_[e] + 1];
  for (int i = 0; i < m_in; ++i) csr_start_[i + 1] += csr_start_[i];
  for (int j = 0; j < n; ++j) {
    for (int e = csc_start_[j]; e < csc_start_[j + 1]; ++e) {
      const int pos = csr_start_[csc_row_[e]]++;
      csr_col_[pos] = j;
      csr_val_[pos] = csc_val_[e];
    }
  }
  for (int i = m_in; i > 0; --i) csr_start_[i] = csr_start_[i - 1];
  csr_start_[0] = 0;
  for (int i = 0; i < m_in; ++i) {
    double sum = 0.0;
    for (int e = csr_start_[i]; e < csr_start_[i + 1]; ++e) sum += csr_val_[e] * csr_val_[e];
    row_norm_(i) = std::sqrt(sum);
  }
  return true;
}

void DenseQpSolver::EvaluateSlacks(const Eigen::Ref<const Eigen::MatrixXd>& c,
                                   const Eigen::Ref<const Eigen::VectorXd>& d, double x_scale) {
  const int m_in = m_in_;
  const int nb = static_cast<int>(bound_var_.size());
  candidates_.clear();
  auto consider = [&](int i, double slack) {
    if (is_active_[i]) return;
    const double violation = -slack * inv_norm_(i);
    if (violation > kFeasibilityTol * (x_scale + rhs_scaled_(i))) {
      slack_(i) = violation;  // sort key
      candidates_.push_back(i);
    }
  };
  if (m_in > 0) {
    if (c_sparse_) {
      for (int i = 0; i < m_in; ++i) {
        double sum = -d(i);
        for (int e = csr_start_[i]; e < csr_start_[i + 1]; ++e)
          sum += csr_val_[e] * x_(csr_col_[e]);
        consider(i, sum);
      }
    } else {
      slack_.head(m_in).noalias() = c * x_;
      for (int i = 0; i < m_in; ++i) consider(i, slack_(i) - d(i));
    }
  }
  for (int k = 0; k < nb; ++k) {
    consider(m_in + k, bound_sign_[k] * x_(bound_var_[k]) - bound_rhs_[k]);
  }
  auto more_violated = [this](int a, int b) { return slack_(a) > slack_(b); };
  if (candidates_.size() > static_cast<size_t>(kCandidates)) {
    std::partial_sort(candidates_.begin(), candidates_.begin() + kCandidates, candidates_.end(),
                      more_violated);
    candidates_.resize(kCandidates);
  } else {
    std::sort(candidates_.begin(), candidates_.end(), more_violated);
  }
}

}  // namespace stuntsim
