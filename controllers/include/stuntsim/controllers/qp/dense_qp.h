#pragma once

// Dense strictly convex QP solver: the dual active-set method of Goldfarb & Idnani (1983),
// "A numerically stable dual method for solving strictly convex quadratic programs".
//
// The solver works in the space x~ = L' x, where H = L L' (Cholesky), in which the objective is
// 1/2 |x~|^2 + (L^-1 g)' x~. The active constraint normals in that space, L^-1 n_i, are kept as
// an orthonormal basis V and an upper-triangular R (L^-1 N = V R); constraints are added by
// Gram-Schmidt (repeated when cancellation is severe) and dropped by Givens rotations. Adding a
// constraint costs a triangular solve for its normal (started at its first nonzero) and O(n q)
// for the projections, q being the number of active constraints. Violated constraints are found
// by evaluating C x - d (a triangular solve for x and a product with C) for batches of up to 8
// additions, most violated first. A sparse C (such as friction pyramids) is detected and kept
// row-compressed for that product, and simple bounds lb <= x <= ub cost O(1) each.
//
// Degeneracy: a fixed variable (lb == ub) is held as one equality, not as two opposing bounds. A
// violated inequality whose normal depends on the active ones (n_p = N r) is compared with the
// active set through the data: when rhs_p <= r' rhs_active it is implied by the active set, is
// violated by rounding only, and is skipped until the next drop; otherwise the dual step drops an
// active inequality with r_j > 0 (rounding-sized r_j excluded), and only when there is none is
// the problem infeasible (r is then a certificate).

#include <vector>

#include <Eigen/Core>

namespace stuntsim {

/// min 1/2 x'Hx + g'x  s.t.  A_eq x = b_eq,  C x >= d,  lb <= x <= ub.
/// Sizes: n variables, m_eq equalities, m_in general inequalities.
struct QpProblem {
  /// Hessian, n x n, symmetric positive definite.
  Eigen::MatrixXd H;
  /// Linear cost, n.
  Eigen::VectorXd g;
  /// Equality matrix, m_eq x n (0 x 0 or 0 x n when there are no equalities).
  Eigen::MatrixXd A_eq;
  /// Equality right-hand side, m_eq.
  Eigen::VectorXd b_eq;
  /// Inequality matrix, m_in x n (0 x 0 or 0 x n when there are none).
  Eigen::MatrixXd C;
  /// Inequality right-hand side, m_in.
  Eigen::VectorXd d;
  /// Optional lower bounds on x: empty, or n entries (-inf for none).
  Eigen::VectorXd lb;
  /// Optional upper bounds on x: empty, or n entries (+inf for none).
  Eigen::VectorXd ub;
};

/// Outcome of DenseQpSolver::Solve.
enum class QpStatus {
  kSolved,         ///< Optimal solution found.
  kInfeasible,     ///< The constraints admit no point.
  kMaxIterations,  ///< Iteration limit reached before optimality.
  kInvalidInput,   ///< Size mismatch, non-finite entry, or H not symmetric positive definite.
};

/// Name of the status, e.g. "kSolved". Never null.
const char* ToString(QpStatus status);

/// Result of DenseQpSolver::Solve. The KKT conditions at a solution are
/// H x + g = A_eq' y_eq + C' z_in + z_lb - z_ub,  z_in, z_lb, z_ub >= 0, complementary.
struct QpSolution {
  /// Status of the last solve.
  QpStatus status = QpStatus::kInvalidInput;
  /// Primal solution, n. For kInfeasible / kMaxIterations: the last (dual feasible) iterate.
  /// The vectors are left untouched for kInvalidInput.
  Eigen::VectorXd x;
  /// Multipliers of the equalities, m_eq (free sign).
  Eigen::VectorXd y_eq;
  /// Multipliers of C x >= d, m_in, >= 0.
  Eigen::VectorXd z_in;
  /// Multipliers of x >= lb, n (size 0 when the problem has no lb), >= 0.
  Eigen::VectorXd z_lb;
  /// Multipliers of x <= ub, n (size 0 when the problem has no ub), >= 0.
  Eigen::VectorXd z_ub;
  /// Active-set steps taken (constraint additions and drops).
  int iterations = 0;
  /// 1/2 x'Hx + g'x at x (NaN for kInvalidInput).
  double objective = 0.0;
};

/// Dense dual active-set (Goldfarb-Idnani) QP solver. Not thread safe; use one instance per thread.
/// All workspace is kept in the instance: after the first solve, solves with the same sizes
/// (n, m_eq, m_in, and the same QpSolution) do not allocate, provided the inputs are column-major
/// with unit inner stride (otherwise Eigen::Ref makes a temporary copy).
/// Tolerances are relative: an inequality counts as violated beyond about 1e-11 (1 + |x|_inf) in
/// distance to its surface; H must have a condition number below about 1e13.
class DenseQpSolver {
 public:
  /// Default iteration limit selector: 0 means "automatic", 10 (n + m_eq + m_in + bounds) + 100.
  static constexpr int kAutoMaxIterations = 0;

  /// Solves `problem` (sizes as documented on QpProblem) into `*solution`, resizing its vectors.
  /// Returns solution->status. A null `solution` returns kInvalidInput.
  QpStatus Solve(const QpProblem& problem, QpSolution* solution);

  /// Same as Solve(QpProblem) but taking the pieces by reference to avoid copies.
  /// h: n x n, g: n, a_eq: m_eq x n, b_eq: m_eq, c: m_in x n, d: m_in, lb / ub: 0 or n.
  /// Empty matrices (0 rows) mean "no such constraints".
  QpStatus Solve(const Eigen::Ref<const Eigen::MatrixXd>& h,
                 const Eigen::Ref<const Eigen::VectorXd>& g,
                 const Eigen::Ref<const Eigen::MatrixXd>& a_eq,
                 const Eigen::Ref<const Eigen::VectorXd>& b_eq,
                 const Eigen::Ref<const Eigen::MatrixXd>& c,
                 const Eigen::Ref<const Eigen::VectorXd>& d,
                 const Eigen::Ref<const Eigen::VectorXd>& lb,
                 const Eigen::Ref<const Eigen::VectorXd>& ub, QpSolution* solution);

  /// Limit on active-set steps per solve; values <= 0 select the automatic limit.
  void set_max_iterations(int max_iterations) { max_iterations_ = max_iterations; }
  /// Limit set by set_max_iterations (<= 0: automatic).
  int max_iterations() const { return max_iterations_; }

 private:
  // Constraint ids: [0, m_eq) equalities, [m_eq, m_eq + m_in) rows of C, then the bounds.
  bool Validate(const Eigen::Ref<const Eigen::MatrixXd>& h,
                const Eigen::Ref<const Eigen::VectorXd>& g,
                const Eigen::Ref<const Eigen::MatrixXd>& a_eq,
                const Eigen::Ref<const Eigen::VectorXd>& b_eq,
                const Eigen::Ref<const Eigen::MatrixXd>& c,
                const Eigen::Ref<const Eigen::VectorXd>& d,
                const Eigen::Ref<const Eigen::VectorXd>& lb,
                const Eigen::Ref<const Eigen::VectorXd>& ub) const;
  // w_ = L^-1 * normal(id) (kept when w_ already holds it).
  void TransformedNormal(int id, const Eigen::Ref<const Eigen::MatrixXd>& a_eq,
                         const Eigen::Ref<const Eigen::MatrixXd>& c);
  // Splits w_ into V_ d1_ + zt_ with zt_ orthogonal to the active basis (q_ columns of V_).
  void Project();
  // Appends the constraint whose projection is in d1_ / zt_ (|zt_| = zt_norm) and whose
  // transformed normal has norm w_norm to the active set.
  void AddActive(int id, double multiplier, double zt_norm, double w_norm);
  // Removes active position k (an inequality) and restores the triangular R_.
  void DropActive(int k);
  // x_ = L^-T xt_.
  void RecoverX();
  // Checks C for finite entries, computes its row norms and a compressed copy when sparse.
  bool ScanInequalities(const Eigen::Ref<const Eigen::MatrixXd>& c);
  // From x_: lists in candidates_ the violated inactive inequalities, most violated first.
  void EvaluateSlacks(const Eigen::Ref<const Eigen::MatrixXd>& c,
                      const Eigen::Ref<const Eigen::VectorXd>& d, double x_scale);
  void Finish(QpStatus status, int n, int m_eq, int m_in, bool has_lb, bool has_ub,
              QpSolution* solution);

  int max_iterations_ = kAutoMaxIterations;

  // Workspace (sized on first use, reused afterwards).
  Eigen::MatrixXd l_;           // Cholesky factor of H (lower), n x n
  Eigen::MatrixXd v_;           // orthonormal basis of transformed active normals, n x n (q_ used)
  Eigen::MatrixXd r_;           // upper triangular, n x n (q_ x q_ used)
  Eigen::VectorXd xt_;          // L' x, n
  Eigen::VectorXd gt_;          // L^-1 g, n
  Eigen::VectorXd x_;           // n
  Eigen::VectorXd w_;           // transformed normal of the constraint being added, n
  Eigen::VectorXd zt_;          // transformed primal step direction, n
  Eigen::VectorXd d1_;          // coordinates of w_ in V_, n
  Eigen::VectorXd dual_dir_;    // R^-1 d1, n
  Eigen::VectorXd u_;           // multipliers of the active constraints, n
  Eigen::VectorXd act_norm_;    // |transformed normal| of each active constraint, n
  Eigen::VectorXd slack_;       // slack, then violation, per inequality / bound (m_in + 2n)
  Eigen::VectorXd inv_norm_;    // 1 / |C_i| (1 for bounds), m_in + 2n
  Eigen::VectorXd rhs_scaled_;  // |d_i| / |C_i|, m_in + 2n
  Eigen::VectorXd row_norm_;    // |C_i|, m_in
  std::vector<int> active_;     // constraint id at each active position, n
  // Per inequality / bound, m_in + nb: 0 inactive, 1 active (or a fixed variable implied by the
  // equalities), 2 implied by the current active set (listed in implied_, reset at a drop).
  std::vector<unsigned char> is_active_;
  std::vector<int> implied_;
  std::vector<int> candidates_;           // violated inequalities, most violated first
  int w_first_ = 0;                       // w_ is zero above this index
  int w_id_ = -1;                         // constraint whose normal is in w_ (-1: none)
  // Compressed copies of C when it is sparse: by column (built by the scan), then by row (used for
  // the products C x). Capacity kSparseFraction m_in n + m_in.
  bool c_sparse_ = false;
  std::vector<int> csc_start_;
  std::vector<int> csc_row_;
  std::vector<double> csc_val_;
  std::vector<int> csr_start_;
  std::vector<int> csr_col_;
  std::vector<double> csr_val_;
  // Finite bounds: variable index, sign (+1 lower, -1 upper) and right-hand side (sign * bound).
  std::vector<int> bound_var_;
  std::vector<double> bound_sign_;
  std::vector<double> bound_rhs_;
  // Bound entries of the fixed variables (lb == ub), held as equalities.
  std::vector<int> fixed_;
  int q_ = 0;     // number of active constraints
  int q_eq_ = 0;  // active equalities (the first q_eq_ positions)
  int m_eq_ = 0;
  int m_in_ = 0;
};

}  // namespace stuntsim
