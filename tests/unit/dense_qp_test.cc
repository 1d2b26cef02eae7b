#include "stuntsim/controllers/qp/dense_qp.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <random>
#include <string>

#include <Eigen/Cholesky>
#include <Eigen/LU>
#include <Eigen/QR>

#include "allocation_counter.h"

namespace stuntsim {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

double InfNorm(const Eigen::VectorXd& v) { return v.size() ? v.lpNorm<Eigen::Infinity>() : 0.0; }

// Stacked view of all constraints: lo <= A x <= hi (equalities have lo == hi).
struct Stacked {
  Eigen::MatrixXd a;
  Eigen::VectorXd lo;
  Eigen::VectorXd hi;
};

Stacked Stack(const QpProblem& p) {
  const int n = static_cast<int>(p.H.rows());
  const int m_eq = static_cast<int>(p.A_eq.rows());
  const int m_in = static_cast<int>(p.C.rows());
  const int nb = (p.lb.size() || p.ub.size()) ? n : 0;
  Stacked s;
  s.a.setZero(m_eq + m_in + nb, n);
  s.lo.resize(m_eq + m_in + nb);
  s.hi.resize(m_eq + m_in + nb);
  if (m_eq) {
    s.a.topRows(m_eq) = p.A_eq;
    s.lo.head(m_eq) = p.b_eq;
    s.hi.head(m_eq) = p.b_eq;
  }
  if (m_in) {
    s.a.middleRows(m_eq, m_in) = p.C;
    s.lo.segment(m_eq, m_in) = p.d;
    s.hi.segment(m_eq, m_in).setConstant(kInf);
  }
  if (nb) {
    s.a.bottomRows(nb).setIdentity();
    s.lo.tail(nb) = p.lb.size() ? p.lb : Eigen::VectorXd::Constant(n, -kInf);
    s.hi.tail(nb) = p.ub.size() ? p.ub : Eigen::VectorXd::Constant(n, kInf);
  }
  return s;
}

double Objective(const QpProblem& p, const Eigen::VectorXd& x) {
  return 0.5 * x.dot(p.H * x) + p.g.dot(x);
}

// Checks the KKT conditions of a solution with tolerance `tol` (scaled by the problem size).
::testing::AssertionResult Kkt(const QpProblem& p, const QpSolution& s, double tol = 1e-8) {
  if (s.status != QpStatus::kSolved) {
    return ::testing::AssertionFailure() << "status " << ToString(s.status);
  }
  const int n = static_cast<int>(p.H.rows());
  const Eigen::VectorXd& x = s.x;
  if (x.size() != n || s.y_eq.size() != p.A_eq.rows() || s.z_in.size() != p.C.rows() ||
      s.z_lb.size() != p.lb.size() || s.z_ub.size() != p.ub.size()) {
    return ::testing::AssertionFailure() << "bad output sizes";
  }
  const double x_scale = 1.0 + InfNorm(x);
  // Stationarity.
  Eigen::VectorXd grad = p.H * x + p.g;
  Eigen::VectorXd reaction = Eigen::VectorXd::Zero(n);
  if (p.A_eq.rows()) reaction += p.A_eq.transpose() * s.y_eq;
  if (p.C.rows()) reaction += p.C.transpose() * s.z_in;
  if (p.lb.size()) reaction += s.z_lb;
  if (p.ub.size()) reaction -= s.z_ub;
  const double stat_scale =
      1.0 + p.H.lpNorm<Eigen::Infinity>() * InfNorm(x) + InfNorm(p.g) + InfNorm(reaction);
  const double stat = InfNorm(grad - reaction);
  if (stat > tol * stat_scale) {
    return ::testing::AssertionFailure() << "stationarity " << stat << " scale " << stat_scale;
  }
  // Primal feasibility.
  for (int i = 0; i < p.A_eq.rows(); ++i) {
    const double r = p.A_eq.row(i).dot(x) - p.b_eq(i);
    const double sc = 1.0 + p.A_eq.row(i).lpNorm<1>() * x_scale + std::abs(p.b_eq(i));
    if (std::abs(r) > tol * sc)
      return ::testing::AssertionFailure() << "equality " << i << " " << r;
  }
  for (int i = 0; i < p.C.rows(); ++i) {
    const double sl = p.C.row(i).dot(x) - p.d(i);
    const double sc = 1.0 + p.C.row(i).lpNorm<1>() * x_scale + std::abs(p.d(i));
    if (sl < -tol * sc) return ::testing::AssertionFailure() << "inequality " << i << " " << sl;
    // Dual feasibility and complementarity.
    if (s.z_in(i) < -1e-10)
      return ::testing::AssertionFailure() << "z_in " << i << " " << s.z_in(i);
    if (std::abs(s.z_in(i) * sl) > tol * sc * (1.0 + std::abs(s.z_in(i)))) {
      return ::testing::AssertionFailure()
             << "complementarity " << i << " z " << s.z_in(i) << " slack " << sl;
    }
  }
  for (int j = 0; j < p.lb.size(); ++j) {
    const double sl = x(j) - p.lb(j);
    if (sl < -tol * x_scale) return ::testing::AssertionFailure() << "lb " << j << " " << sl;
    if (s.z_lb(j) < -1e-10) return ::testing::AssertionFailure() << "z_lb " << j;
    if (s.z_lb(j) > 0 && std::abs(s.z_lb(j) * sl) > tol * x_scale * (1.0 + s.z_lb(j))) {
      return ::testing::AssertionFailure() << "lb complementarity " << j;
    }
  }
  for (int j = 0; j < p.ub.size(); ++j) {
    const double sl = p.ub(j) - x(j);
    if (sl < -tol * x_scale) return ::testing::AssertionFailure() << "ub " << j << " " << sl;
    if (s.z_ub(j) < -1e-10) return ::testing::AssertionFailure() << "z_ub " << j;
    if (s.z_ub(j) > 0 && std::abs(s.z_ub(j) * sl) > tol * x_scale * (1.0 + s.z_ub(j))) {
      return ::testing::AssertionFailure() << "ub complementarity " << j;
    }
  }
  const double obj = Objective(p, x);
  if (std::abs(obj - s.objective) > 1e-9 * (1.0 + std::abs(obj))) {
    return ::testing::AssertionFailure() << "objective field " << s.objective << " vs " << obj;
  }
  return ::testing::AssertionSuccess();
}

// Reference 1: enumerate every subset of inequality constraints taken as equalities; the optimum is
// the best primal-feasible stationary point. Only for tiny problems.
double BruteForceObjective(const QpProblem& p) {
  const Stacked s = Stack(p);
  const int n = static_cast<int>(p.H.rows());
  const int m_eq = static_cast<int>(p.A_eq.rows());
  const int m = static_cast<int>(s.a.rows());
  std::vector<int> ineq_rows;  // (row, side) pairs, side 0: lo, 1: hi
  std::vector<int> ineq_sides;
  for (int i = m_eq; i < m; ++i) {
    if (s.lo(i) > -kInf) {
      ineq_rows.push_back(i);
      ineq_sides.push_back(0);
    }
    if (s.hi(i) < kInf) {
      ineq_rows.push_back(i);
      ineq_sides.push_back(1);
    }
  }
  const int k = static_cast<int>(ineq_rows.size());
  EXPECT_LE(k, 16);
  double best = kInf;
  for (long mask = 0; mask < (1L << k); ++mask) {
    std::vector<int> rows;
    Eigen::VectorXd rhs_rows(m_eq + k);
    for (int i = 0; i < m_eq; ++i) {
      rows.push_back(i);
      rhs_rows(i) = s.lo(i);
    }
    for (int j = 0; j < k; ++j) {
      if (mask & (1L << j)) {
        rhs_rows(rows.size()) = ineq_sides[j] ? s.hi(ineq_rows[j]) : s.lo(ineq_rows[j]);
        rows.push_back(ineq_rows[j]);
      }
    }
    const int r = static_cast<int>(rows.size());
    if (r > n) continue;
    Eigen::MatrixXd kkt = Eigen::MatrixXd::Zero(n + r, n + r);
    Eigen::VectorXd rhs(n + r);
    kkt.topLeftCorner(n, n) = p.H;
    rhs.head(n) = -p.g;
    for (int i = 0; i < r; ++i) {
      kkt.block(n + i, 0, 1, n) = s.a.row(rows[i]);
      kkt.block(0, n + i, n, 1) = s.a.row(rows[i]).transpose();
      rhs(n + i) = rhs_rows(i);
    }
    Eigen::FullPivLU<Eigen::MatrixXd> lu(kkt);
    if (!lu.isInvertible()) continue;
    const Eigen::VectorXd x = lu.solve(rhs).head(n);
    const Eigen::VectorXd ax = s.a * x;
    bool feasible = true;
    for (int i = 0; i < m && feasible; ++i) {
      const double tol = 1e-9 * (1.0 + s.a.row(i).lpNorm<1>() * (1.0 + InfNorm(x)));
      feasible = ax(i) >= s.lo(i) - tol && ax(i) <= s.hi(i) + tol;
    }
    if (feasible) best = std::min(best, Objective(p, x));
  }
  return best;
}

// Reference 2: ADMM (OSQP-style splitting with residual balancing of rho) run to high accuracy.
Eigen::VectorXd AdmmSolve(const QpProblem& p, bool* converged) {
  const Stacked s = Stack(p);
  const int n = static_cast<int>(p.H.rows());
  const int m = static_cast<int>(s.a.rows());
  const double sigma = 1e-8;
  const double alpha = 1.6;
  double rho0 = std::sqrt(p.H.diagonal().maxCoeff() * p.H.diagonal().minCoeff());
  Eigen::VectorXd rho(m);
  Eigen::LLT<Eigen::MatrixXd> llt;
  auto factor = [&]() {
    for (int i = 0; i < m; ++i) rho(i) = s.lo(i) == s.hi(i) ? 1e3 * rho0 : rho0;
    llt.compute(p.H + sigma * Eigen::MatrixXd::Identity(n, n) +
                s.a.transpose() * rho.asDiagonal() * s.a);
  };
  factor();
  Eigen::VectorXd x = Eigen::VectorXd::Zero(n), z = Eigen::VectorXd::Zero(m);
  Eigen::VectorXd y = Eigen::VectorXd::Zero(m);
  *converged = false;
  for (int it = 1; it <= 200000; ++it) {
    const Eigen::VectorXd xt =
        llt.solve(sigma * x - p.g + s.a.transpose() * (rho.cwiseProduct(z) - y));
    const Eigen::VectorXd zt = s.a * xt;
    x = alpha * xt + (1 - alpha) * x;
    const Eigen::VectorXd zr = alpha * zt + (1 - alpha) * z;
    const Eigen::VectorXd zn = (zr + y.cwiseQuotient(rho)).cwiseMax(s.lo).cwiseMin(s.hi);
    y += rho.cwiseProduct(zr - zn);
    z = zn;
    if (it % 25 == 0) {
      const Eigen::VectorXd ax = s.a * x;
      const Eigen::VectorXd aty = s.a.transpose() * y;
      const Eigen::VectorXd hx = p.H * x;
      const double prim = InfNorm(ax - z) / (1.0 + std::max(InfNorm(ax), InfNorm(z)));
      const double dual =
          InfNorm(hx + p.g + aty) / (1.0 + std::max({InfNorm(hx), InfNorm(p.g), InfNorm(aty)}));
      if (prim < 1e-12 && dual < 1e-12) {
        *converged = true;
        break;
      }
      if (it % 200 == 0 && (prim > 10 * dual || dual > 10 * prim)) {
        rho0 *= std::sqrt(prim / std::max(dual, 1e-300));
        factor();
      }
    }
  }
  return x;
}

// Reference 3: the equality-constrained QP on the constraints the solver reports as active
// (positive multiplier, or at the constraint surface) must reproduce its x. Solved by the
// null-space method, so that rank decisions (degenerate active sets) are made on the well-scaled
// constraint rows only, whatever the conditioning of H.
Eigen::VectorXd ActiveSetSolve(const QpProblem& p, const QpSolution& s) {
  const Stacked st = Stack(p);
  const int n = static_cast<int>(p.H.rows());
  const int m_eq = static_cast<int>(p.A_eq.rows());
  const int m_in = static_cast<int>(p.C.rows());
  const double x_scale = 1.0 + InfNorm(s.x);
  auto at_surface = [&](int row, double rhs) {
    if (!std::isfinite(rhs)) return false;
    const double tol = 1e-9 * (1.0 + st.a.row(row).lpNorm<1>() * x_scale + std::abs(rhs));
    return std::abs(st.a.row(row).dot(s.x) - rhs) <= tol;
  };
  std::vector<Eigen::RowVectorXd> rows;
  std::vector<double> rhs;
  for (int i = 0; i < m_eq; ++i) {
    rows.push_back(st.a.row(i));
    rhs.push_back(st.lo(i));
  }
  for (int i = 0; i < m_in; ++i) {
    if (s.z_in(i) > 0.0 || at_surface(m_eq + i, st.lo(m_eq + i))) {
      rows.push_back(st.a.row(m_eq + i));
      rhs.push_back(st.lo(m_eq + i));
    }
  }
  for (int j = 0; j < n; ++j) {
    if (s.z_lb.size() && (s.z_lb(j) > 0.0 || at_surface(m_eq + m_in + j, p.lb(j)))) {
      rows.push_back(Eigen::RowVectorXd::Unit(n, j));
      rhs.push_back(p.lb(j));
    }
    if (s.z_ub.size() && (s.z_ub(j) > 0.0 || at_surface(m_eq + m_in + j, p.ub(j)))) {
      rows.push_back(Eigen::RowVectorXd::Unit(n, j));
      rhs.push_back(p.ub(j));
    }
  }
  const int r = static_cast<int>(rows.size());
  if (r == 0) return p.H.llt().solve(-p.g);
  Eigen::MatrixXd a_act(r, n);
  Eigen::VectorXd b_act(r);
  for (int i = 0; i < r; ++i) {
    a_act.row(i) = rows[i];
    b_act(i) = rhs[i];
  }
  const Eigen::VectorXd x_p =
      Eigen::CompleteOrthogonalDecomposition<Eigen::MatrixXd>(a_act).solve(b_act);
  Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(a_act.transpose());
  const int rank = static_cast<int>(qr.rank());
  if (rank == n) return x_p;
  const Eigen::MatrixXd q = qr.householderQ();
  const Eigen::MatrixXd z = q.rightCols(n - rank);
  const Eigen::VectorXd w =
      (z.transpose() * p.H * z).llt().solve(-z.transpose() * (p.H * x_p + p.g));
  return x_p + z * w;
}

// Random strictly convex QP with a known feasible point.
struct RandomSpec {
  int n = 5;
  int m_eq = 0;
  int m_in = 0;
  bool bounds = false;
  bool sparse_c = false;  // 2-3 nonzeros per row of C
  double cond = 1e2;      // condition number of H
};

QpProblem RandomProblem(const RandomSpec& spec, std::mt19937* rng) {
  std::normal_distribution<double> normal(0.0, 1.0);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  auto randn = [&](int rows, int cols) {
    Eigen::MatrixXd m(rows, cols);
    for (int j = 0; j < cols; ++j)
      for (int i = 0; i < rows; ++i) m(i, j) = normal(*rng);
    return m;
  };
  const int n = spec.n;
  QpProblem p;
  const Eigen::MatrixXd q = Eigen::HouseholderQR<Eigen::MatrixXd>(randn(n, n)).householderQ();
  Eigen::VectorXd eig(n);
  for (int i = 0; i < n; ++i) {
    eig(i) = std::pow(spec.cond, n > 1 ? static_cast<double>(i) / (n - 1) : 0.0);
  }
  p.H = q * eig.asDiagonal() * q.transpose();
  p.H = 0.5 * (p.H + p.H.transpose()).eval();
  const Eigen::VectorXd x_feas = randn(n, 1).col(0);
  // Pull the unconstrained minimum well away from the feasible point so constraints bind.
  const Eigen::VectorXd x_target = x_feas + 3.0 * randn(n, 1).col(0);
  p.g = -p.H * x_target;
  p.A_eq = randn(spec.m_eq, n);
  p.b_eq = p.A_eq * x_feas;
  if (spec.sparse_c) {
    p.C = Eigen::MatrixXd::Zero(spec.m_in, n);
    std::uniform_int_distribution<int> col(0, n - 1);
    for (int i = 0; i < spec.m_in; ++i) {
      const int nnz = 2 + (i % 2);
      for (int k = 0; k < nnz; ++k) p.C(i, col(*rng)) = normal(*rng);
    }
  } else {
    p.C = randn(spec.m_in, n);
  }
  p.d.resize(spec.m_in);
  for (int i = 0; i < spec.m_in; ++i) {
    const double slack = uniform(*rng) < 0.3 ? 0.0 : uniform(*rng);
    p.d(i) = p.C.row(i).dot(x_feas) - slack;
  }
  if (spec.bounds) {
    p.lb.resize(n);
    p.ub.resize(n);
    for (int j = 0; j < n; ++j) {
      p.lb(j) = uniform(*rng) < 0.2 ? -kInf : x_feas(j) - uniform(*rng);
      p.ub(j) = uniform(*rng) < 0.2 ? kInf : x_feas(j) + uniform(*rng);
    }
  }
  return p;
}

// ---------------------------------------------------------------------------------------------
// Hand-derived small problems.

TEST(DenseQpTest, ToStringNamesEveryStatus) {
  EXPECT_STREQ(ToString(QpStatus::kSolved), "kSolved");
  EXPECT_STREQ(ToString(QpStatus::kInfeasible), "kInfeasible");
  EXPECT_STREQ(ToString(QpStatus::kMaxIterations), "kMaxIterations");
  EXPECT_STREQ(ToString(QpStatus::kInvalidInput), "kInvalidInput");
}

TEST(DenseQpTest, Unconstrained) {
  // min x1^2 + 2 x2^2 - 2 x1 - 4 x2  ->  x = (1, 1), f = -3.
  QpProblem p;
  p.H = Eigen::Vector2d(2, 4).asDiagonal();
  p.g = Eigen::Vector2d(-2, -4);
  DenseQpSolver solver;
  QpSolution s;
  ASSERT_EQ(solver.Solve(p, &s), QpStatus::kSolved);
  EXPECT_NEAR(s.x(0), 1.0, 1e-14);
  EXPECT_NEAR(s.x(1), 1.0, 1e-14);
  EXPECT_NEAR(s.objective, -3.0, 1e-14);
  EXPECT_EQ(s.iterations, 0);
  EXPECT_EQ(s.y_eq.size(), 0);
  EXPECT_EQ(s.z_in.size(), 0);
}

TEST(DenseQpTest, OneActiveInequality) {
  // min 1/2 |x|^2 - x1 - x2  s.t.  x1 + x2 <= 1 (active),  x1 >= -5 (inactive).
  // x = (1/2, 1/2); x - (1, 1) = z (-1, -1)  ->  z = 1/2;  f = -3/4.
  QpProblem p;
  p.H = Eigen::Matrix2d::Identity();
  p.g = Eigen::Vector2d(-1, -1);
  p.C.resize(2, 2);
  p.C << -1, -1, 1, 0;
  p.d = Eigen::Vector2d(-1, -5);
  DenseQpSolver solver;
  QpSolution s;
  ASSERT_EQ(solver.Solve(p, &s), QpStatus::kSolved);
  EXPECT_NEAR(s.x(0), 0.5, 1e-14);
  EXPECT_NEAR(s.x(1), 0.5, 1e-14);
  EXPECT_NEAR(s.z_in(0), 0.5, 1e-14);
  EXPECT_EQ(s.z_in(1), 0.0);
  EXPECT_NEAR(s.objective, -0.75, 1e-14);
  EXPECT_EQ(s.iterations, 1);
  EXPECT_TRUE(Kkt(p, s));
}

TEST(DenseQpTest, EqualityOnly) {
  // min 1/2 |x|^2  s.t.  x1 + x2 + x3 = 3  ->  x = (1, 1, 1), y = 1, f = 3/2.
  QpProblem p;
  p.H = Eigen::Matrix3d::Identity();
  p.g = Eigen::Vector3d::Zero();
  p.A_eq = Eigen::RowVector3d(1, 1, 1);
  p.b_eq = Eigen::VectorXd::Constant(1, 3.0);
  DenseQpSolver solver;
  QpSolution s;
  ASSERT_EQ(solver.Solve(p, &s), QpStatus::kSolved);
  EXPECT_TRUE(s.x.isApprox(Eigen::Vector3d::Ones(), 1e-14));
  EXPECT_NEAR(s.y_eq(0), 1.0, 1e-14);
  EXPECT_NEAR(s.objective, 1.5, 1e-14);
  EXPECT_TRUE(Kkt(p, s));
}

TEST(DenseQpTest, MixedEqualityAndInequality) {
  // min 1/2 |x|^2  s.t.  x1 + x2 = 2,  x1 >= 1.5,  x2 >= -10.
  // x = (1.5, 0.5) = y (1, 1) + z (1, 0)  ->  y = 0.5, z = 1;  f = 1.25.
  QpProblem p;
  p.H = Eigen::Matrix2d::Identity();
  p.g = Eigen::Vector2d::Zero();
  p.A_eq = Eigen::RowVector2d(1, 1);
  p.b_eq = Eigen::VectorXd::Constant(1, 2.0);
  p.C.resize(2, 2);
  p.C << 1, 0, 0, 1;
  p.d = Eigen::Vector2d(1.5, -10);
  DenseQpSolver solver;
  QpSolution s;
  ASSERT_EQ(solver.Solve(p, &s), QpStatus::kSolved);
  EXPECT_NEAR(s.x(0), 1.5, 1e-14);
  EXPECT_NEAR(s.x(1), 0.5, 1e-14);
  EXPECT_NEAR(s.y_eq(0), 0.5, 1e-14);
  EXPECT_NEAR(s.z_in(0), 1.0, 1e-14);
  EXPECT_EQ(s.z_in(1), 0.0);
  EXPECT_NEAR(s.objective, 1.25, 1e-14);
  EXPECT_TRUE(Kkt(p, s));
}

TEST(DenseQpTest, TwoActiveInequalities) {
  // min 1/2 |x|^2 - 2 x1 - 0.1 x2  s.t.  x1 + x2 <= 1,  x1 - x2 <= 0.5.
  // Both active: x = (0.75, 0.25); (0.75 - 2, 0.25 - 0.1) = z1 (-1, -1) + z2 (-1, 1)
  // ->  z1 = 0.55, z2 = 0.7.
  QpProblem p;
  p.H = Eigen::Matrix2d::Identity();
  p.g = Eigen::Vector2d(-2, -0.1);
  p.C.resize(2, 2);
  p.C << -1, -1, -1, 1;
  p.d = Eigen::Vector2d(-1, -0.5);
  DenseQpSolver solver;
  QpSolution s;
  ASSERT_EQ(solver.Solve(p, &s), QpStatus::kSolved);
  EXPECT_NEAR(s.x(0), 0.75, 1e-14);
  EXPECT_NEAR(s.x(1), 0.25, 1e-14);
  EXPECT_NEAR(s.z_in(0), 0.55, 1e-14);
  EXPECT_NEAR(s.z_in(1), 0.7, 1e-14);
  EXPECT_TRUE(Kkt(p, s));
  // Target moved: min 1/2 |x|^2 - 2 x1 + 1.9 x2. With only x1 - x2 <= 0.5 active:
  // x = (2, -1.9) + z (-1, 1), x1 - x2 = 0.5  ->  z = 1.7, x = (0.3, -0.2); x1 + x2 = 0.1 <= 1.
  p.g = Eigen::Vector2d(-2, 1.9);
  ASSERT_EQ(solver.Solve(p, &s), QpStatus::kSolved);
  EXPECT_NEAR(s.x(0), 0.3, 1e-14);
  EXPECT_NEAR(s.x(1), -0.2, 1e-14);
  EXPECT_EQ(s.z_in(0), 0.0);
  EXPECT_NEAR(s.z_in(1), 1.7, 1e-14);
  EXPECT_TRUE(Kkt(p, s));
}

TEST(DenseQpTest, DropsConstraintThatBecomesInactive) {
  // min 1/2 x'Hx - 3 x1 with H = [2 1; 1 2]  s.t.  3 x2 >= -2 (a),  x1 + 3 x2 >= 0 (b).
  // Unconstrained x = (2, -1) violates (a) by 1/3 and (b) by 1/sqrt(10) (distances), so (a) is
  // added first: x2 = -2/3, 2 x1 + x2 = 3  ->  x = (11/6, -2/3), which violates (b). Adding (b)
  // drives the multiplier of (a) to zero (a drop), ending with (b) alone:
  // x1 = -3 x2, H x + g = z (1, 3)  ->  x = (27/14, -9/14), z_b = 3/14; (a): -27/14 >= -2.
  QpProblem p;
  p.H.resize(2, 2);
  p.H << 2, 1, 1, 2;
  p.g = Eigen::Vector2d(-3, 0);
  p.C.resize(2, 2);
  p.C << 0, 3, 1, 3;
  p.d = Eigen::Vector2d(-2, 0);
  DenseQpSolver solver;
  QpSolution s;
  ASSERT_EQ(solver.Solve(p, &s), QpStatus::kSolved);
  EXPECT_NEAR(s.x(0), 27.0 / 14.0, 1e-14);
  EXPECT_NEAR(s.x(1), -9.0 / 14.0, 1e-14);
  EXPECT_EQ(s.z_in(0), 0.0);
  EXPECT_NEAR(s.z_in(1), 3.0 / 14.0, 1e-14);
  EXPECT_EQ(s.iterations, 3);  // add (a), drop (a), add (b)
  EXPECT_NEAR(s.objective, 0.5 * s.x.dot(p.H * s.x) - 3.0 * s.x(0), 1e-14);
  EXPECT_TRUE(Kkt(p, s));
}

TEST(DenseQpTest, SimpleBounds) {
  // min 1/2 |x - (2, -3)|^2  s.t.  -1 <= x <= 1  ->  x = (1, -1), z_ub0 = 1, z_lb1 = 2.
  QpProblem p;
  p.H = Eigen::Matrix2d::Identity();
  p.g = Eigen::Vector2d(-2, 3);
  p.lb = Eigen::Vector2d(-1, -1);
  p.ub = Eigen::Vector2d(1, 1);
  DenseQpSolver solver;
  QpSolution s;
  ASSERT_EQ(solver.Solve(p, &s), QpStatus::kSolved);
  EXPECT_NEAR(s.x(0), 1.0, 1e-14);
  EXPECT_NEAR(s.x(1), -1.0, 1e-14);
  EXPECT_NEAR(s.z_ub(0), 1.0, 1e-14);
  EXPECT_NEAR(s.z_lb(1), 2.0, 1e-14);
  EXPECT_EQ(s.z_lb(0), 0.0);
  EXPECT_EQ(s.z_ub(1), 0.0);
  EXPECT_TRUE(Kkt(p, s));
  // Only one side given, with infinities.
  p.ub.resize(0);
  p.lb = Eigen::Vector2d(-kInf, -1);
  ASSERT_EQ(solver.Solve(p, &s), QpStatus::kSolved);
  EXPECT_NEAR(s.x(0), 2.0, 1e-14);
  EXPECT_NEAR(s.x(1), -1.0, 1e-14);
  EXPECT_EQ(s.z_ub.size(), 0);
  EXPECT_TRUE(Kkt(p, s));
}

TEST(DenseQpTest, BoundsMatchEquivalentGeneralRows) {
  std::mt19937 rng(7);
  DenseQpSolver solver;
  for (int trial = 0; trial < 10; ++trial) {
    RandomSpec spec;
    spec.n = 12;
    spec.m_eq = 3;
    spec.m_in = 6;
    spec.bounds = true;
    QpProblem p = RandomProblem(spec, &rng);
    QpSolution with_bounds;
    ASSERT_EQ(solver.Solve(p, &with_bounds), QpStatus::kSolved);
    // Same problem with the finite bounds written as rows of C.
    QpProblem q = p;
    q.lb.resize(0);
    q.ub.resize(0);
    std::vector<std::pair<Eigen::RowVectorXd, double>> rows;
    for (int j = 0; j < spec.n; ++j) {
      if (std::isfinite(p.lb(j))) rows.push_back({Eigen::RowVectorXd::Unit(spec.n, j), p.lb(j)});
      if (std::isfinite(p.ub(j))) rows.push_back({-Eigen::RowVectorXd::Unit(spec.n, j), -p.ub(j)});
    }
    q.C.conservativeResize(spec.m_in + rows.size(), Eigen::NoChange);
    q.d.conservativeResize(spec.m_in + rows.size());
    for (size_t k = 0; k < rows.size(); ++k) {
      q.C.row(spec.m_in + k) = rows[k].first;
      q.d(spec.m_in + k) = rows[k].second;
    }
    QpSolution with_rows;
    ASSERT_EQ(solver.Solve(q, &with_rows), QpStatus::kSolved);
    EXPECT_TRUE(Kkt(p, with_bounds));
    EXPECT_TRUE(Kkt(q, with_rows));
    EXPECT_LT(InfNorm(with_bounds.x - with_rows.x), 1e-9);
    EXPECT_NEAR(with_bounds.objective, with_rows.objective,
                1e-9 * (1 + std::abs(with_rows.objective)));
  }
}

// ---------------------------------------------------------------------------------------------
// Random problems.

struct RandomCase {
  RandomSpec spec;
  int count;
  enum Reference { kBruteForce, kAdmm, kActiveSet } reference;
};

void RunRandomCases(const std::vector<RandomCase>& cases, unsigned seed, int* solved) {
  std::mt19937 rng(seed);
  DenseQpSolver solver;
  QpSolution s;
  for (const RandomCase& c : cases) {
    for (int k = 0; k < c.count; ++k) {
      const QpProblem p = RandomProblem(c.spec, &rng);
      SCOPED_TRACE("n=" + std::to_string(c.spec.n) + " m_eq=" + std::to_string(c.spec.m_eq) +
                   " m_in=" + std::to_string(c.spec.m_in) + " bounds=" +
                   std::to_string(c.spec.bounds) + " sparse=" + std::to_string(c.spec.sparse_c) +
                   " cond=" + std::to_string(c.spec.cond) + " k=" + std::to_string(k));
      ASSERT_EQ(solver.Solve(p, &s), QpStatus::kSolved);
      EXPECT_TRUE(Kkt(p, s));
      const double tol_obj = 1e-8 * (1.0 + std::abs(s.objective));
      switch (c.reference) {
        case RandomCase::kBruteForce:
          EXPECT_NEAR(s.objective, BruteForceObjective(p), tol_obj);
          break;
        case RandomCase::kAdmm: {
          bool converged = false;
          const Eigen::VectorXd x_ref = AdmmSolve(p, &converged);
          ASSERT_TRUE(converged);
          EXPECT_NEAR(s.objective, Objective(p, x_ref), 1e-7 * (1.0 + std::abs(s.objective)));
          EXPECT_LT(InfNorm(s.x - x_ref), 1e-6 * (1.0 + InfNorm(x_ref)));
          break;
        }
        case RandomCase::kActiveSet: {
          const Eigen::VectorXd x_ref = ActiveSetSolve(p, s);
          EXPECT_LT(InfNorm(s.x - x_ref), 1e-7 * (1.0 + InfNorm(x_ref)));
          EXPECT_NEAR(s.objective, Objective(p, x_ref), tol_obj * 10);
          break;
        }
      }
      if (!::testing::Test::HasFailure()) ++*solved;
    }
  }
}

TEST(DenseQpRandomTest, TinyProblemsMatchBruteForce) {
  int solved = 0;
  RunRandomCases({{{3, 0, 5, false, false, 10}, 15, RandomCase::kBruteForce},
                  {{4, 1, 6, false, false, 100}, 15, RandomCase::kBruteForce},
                  {{5, 2, 7, false, false, 1e3}, 10, RandomCase::kBruteForce},
                  {{3, 1, 2, true, false, 10}, 10, RandomCase::kBruteForce}},
                 1, &solved);
  EXPECT_EQ(solved, 50);
}

TEST(DenseQpRandomTest, SmallProblemsMatchAdmm) {
  int solved = 0;
  RunRandomCases({{{5, 1, 10, false, false, 10}, 10, RandomCase::kAdmm},
                  {{8, 2, 16, true, false, 30}, 10, RandomCase::kAdmm},
                  {{12, 3, 24, false, true, 30}, 10, RandomCase::kAdmm},
                  {{20, 5, 30, true, false, 10}, 10, RandomCase::kAdmm}},
                 2, &solved);
  EXPECT_EQ(solved, 40);
}

TEST(DenseQpRandomTest, MediumAndLargeProblemsSatisfyKkt) {
  int solved = 0;
  RunRandomCases({{{5, 0, 10, false, false, 1e2}, 10, RandomCase::kActiveSet},
                  {{20, 0, 40, false, false, 1e3}, 10, RandomCase::kActiveSet},
                  {{40, 10, 80, false, false, 1e3}, 10, RandomCase::kActiveSet},
                  {{50, 25, 60, false, false, 1e4}, 10, RandomCase::kActiveSet},
                  {{60, 0, 120, false, true, 1e3}, 10, RandomCase::kActiveSet},
                  {{60, 15, 100, true, false, 1e2}, 10, RandomCase::kActiveSet},
                  {{90, 20, 150, false, false, 1e3}, 10, RandomCase::kActiveSet},
                  {{120, 0, 240, false, true, 1e4}, 10, RandomCase::kActiveSet},
                  {{120, 30, 250, false, false, 1e3}, 10, RandomCase::kActiveSet},
                  {{120, 40, 200, true, true, 1e2}, 10, RandomCase::kActiveSet}},
                 3, &solved);
  EXPECT_EQ(solved, 100);
}

TEST(DenseQpRandomTest, IllConditionedHessian) {
  int solved = 0;
  RunRandomCases({{{10, 2, 20, false, false, 1e8}, 10, RandomCase::kActiveSet},
                  {{40, 10, 80, true, false, 1e8}, 10, RandomCase::kActiveSet}},
                 4, &solved);
  EXPECT_EQ(solved, 20);
}

// ---------------------------------------------------------------------------------------------
// Infeasible and invalid problems.

TEST(DenseQpTest, InfeasibleBoxReportsInfeasible) {
  // x >= 1 and x <= 0.
  QpProblem p;
  p.H = Eigen::MatrixXd::Identity(1, 1);
  p.g = Eigen::VectorXd::Zero(1);
  p.C.resize(2, 1);
  p.C << 1, -1;
  p.d = Eigen::Vector2d(1, 0);
  DenseQpSolver solver;
  QpSolution s;
  EXPECT_EQ(solver.Solve(p, &s), QpStatus::kInfeasible);
  EXPECT_EQ(s.status, QpStatus::kInfeasible);
  // Same with simple bounds lb > ub.
  QpProblem b;
  b.H = Eigen::MatrixXd::Identity(2, 2);
  b.g = Eigen::VectorXd::Zero(2);
  b.lb = Eigen::Vector2d(1, -kInf);
  b.ub = Eigen::Vector2d(0, kInf);
  EXPECT_EQ(solver.Solve(b, &s), QpStatus::kInfeasible);
  b.lb = Eigen::Vector2d(kInf, 0);  // x >= +inf
  b.ub.resize(0);
  EXPECT_EQ(solver.Solve(b, &s), QpStatus::kInfeasible);
}

TEST(DenseQpTest, InfeasibleCombinations) {
  DenseQpSolver solver;
  QpSolution s;
  // Inconsistent equalities.
  QpProblem p;
  p.H = Eigen::Matrix2d::Identity();
  p.g = Eigen::Vector2d::Zero();
  p.A_eq.resize(2, 2);
  p.A_eq << 1, 1, 2, 2;
  p.b_eq = Eigen::Vector2d(1, 3);
  EXPECT_EQ(solver.Solve(p, &s), QpStatus::kInfeasible);
  // Equality against inequality: x1 = 0, x1 >= 1.
  p.A_eq = Eigen::RowVector2d(1, 0);
  p.b_eq = Eigen::VectorXd::Zero(1);
  p.C = Eigen::RowVector2d(1, 0);
  p.d = Eigen::VectorXd::Ones(1);
  EXPECT_EQ(solver.Solve(p, &s), QpStatus::kInfeasible);
  // Three half-planes with empty intersection: x1 >= 1, x2 >= 1, x1 + x2 <= 1.
  p.A_eq.resize(0, 0);
  p.b_eq.resize(0);
  p.C.resize(3, 2);
  p.C << 1, 0, 0, 1, -1, -1;
  p.d = Eigen::Vector3d(1, 1, -1);
  EXPECT_EQ(solver.Solve(p, &s), QpStatus::kInfeasible);
  // A zero row asking 0 >= 1.
  p.C = Eigen::RowVector2d(0, 0);
  p.d = Eigen::VectorXd::Ones(1);
  EXPECT_EQ(solver.Solve(p, &s), QpStatus::kInfeasible);
  // A zero row with 0 >= -1 is harmless.
  p.d = -Eigen::VectorXd::Ones(1);
  EXPECT_EQ(solver.Solve(p, &s), QpStatus::kSolved);
  // Random: feasible set shifted to be empty (all of C x >= d with d beyond reach of the box).
  std::mt19937 rng(11);
  for (int k = 0; k < 10; ++k) {
    RandomSpec spec;
    spec.n = 10;
    spec.m_in = 5;
    spec.bounds = true;
    QpProblem r = RandomProblem(spec, &rng);
    r.lb.setConstant(-1.0);
    r.ub.setConstant(1.0);
    // sum x >= n + 1 is impossible inside the box.
    r.C.conservativeResize(spec.m_in + 1, Eigen::NoChange);
    r.d.conservativeResize(spec.m_in + 1);
    r.C.row(spec.m_in).setOnes();
    r.d(spec.m_in) = spec.n + 1.0;
    EXPECT_EQ(solver.Solve(r, &s), QpStatus::kInfeasible);
  }
}

TEST(DenseQpTest, NonPositiveDefiniteHessianIsInvalid) {
  DenseQpSolver solver;
  QpSolution s;
  QpProblem p;
  p.g = Eigen::Vector2d(1, 1);
  p.H = Eigen::Vector2d(1, -1).asDiagonal();  // indefinite
  EXPECT_EQ(solver.Solve(p, &s), QpStatus::kInvalidInput);
  EXPECT_TRUE(std::isnan(s.objective));
  p.H << 1, 1, 1, 1;  // positive semidefinite, singular
  EXPECT_EQ(solver.Solve(p, &s), QpStatus::kInvalidInput);
  p.H.setZero();
  EXPECT_EQ(solver.Solve(p, &s), QpStatus::kInvalidInput);
  p.H = -Eigen::Matrix2d::Identity();
  EXPECT_EQ(solver.Solve(p, &s), QpStatus::kInvalidInput);
  // Positive pivots, but numerically singular (condition number 1e17).
  p.H = Eigen::Vector2d(1.0, 1e-17).asDiagonal();
  EXPECT_EQ(solver.Solve(p, &s), QpStatus::kInvalidInput);
  // Badly conditioned (1e10) is still accepted.
  p.H = Eigen::Vector2d(1.0, 1e-10).asDiagonal();
  EXPECT_EQ(solver.Solve(p, &s), QpStatus::kSolved);
  // Singular up to rounding: M'M with M 3 x 6.
  std::mt19937 rng(3);
  std::normal_distribution<double> normal;
  Eigen::MatrixXd m(3, 6);
  for (int i = 0; i < m.size(); ++i) m(i) = normal(rng);
  p.H = m.transpose() * m;
  p.g = Eigen::VectorXd::Ones(6);
  EXPECT_EQ(solver.Solve(p, &s), QpStatus::kInvalidInput);
  // Not symmetric.
  p.H = Eigen::Matrix2d::Identity();
  p.H(0, 1) = 0.5;
  p.g = Eigen::Vector2d(1, 1);
  EXPECT_EQ(solver.Solve(p, &s), QpStatus::kInvalidInput);
  // And the same solver still solves a good problem afterwards.
  p.H(0, 1) = 0.0;
  EXPECT_EQ(solver.Solve(p, &s), QpStatus::kSolved);
}

QpProblem SmallValidProblem() {
  QpProblem p;
  p.H = Eigen::Matrix2d::Identity();
  p.g = Eigen::Vector2d(-1, -1);
  p.A_eq = Eigen::RowVector2d(1, -1);
  p.b_eq = Eigen::VectorXd::Zero(1);
  p.C = Eigen::RowVector2d(-1, -1);
  p.d = -Eigen::VectorXd::Ones(1);
  p.lb = Eigen::Vector2d(-5, -5);
  p.ub = Eigen::Vector2d(5, 5);
  return p;
}

TEST(DenseQpTest, NonFiniteInputIsInvalid) {
  DenseQpSolver solver;
  QpSolution s;
  ASSERT_EQ(solver.Solve(SmallValidProblem(), &s), QpStatus::kSolved);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  {
    QpProblem p = SmallValidProblem();
    p.H(0, 0) = nan;
    EXPECT_EQ(solver.Solve(p, &s), QpStatus::kInvalidInput);
  }
  {
    QpProblem p = SmallValidProblem();
    p.H(1, 0) = nan;
    p.H(0, 1) = nan;
    EXPECT_EQ(solver.Solve(p, &s), QpStatus::kInvalidInput);
  }
  {
    QpProblem p = SmallValidProblem();
    p.g(1) = nan;
    EXPECT_EQ(solver.Solve(p, &s), QpStatus::kInvalidInput);
  }
  {
    QpProblem p = SmallValidProblem();
    p.g(1) = kInf;
    EXPECT_EQ(solver.Solve(p, &s), QpStatus::kInvalidInput);
  }
  {
    QpProblem p = SmallValidProblem();
    p.A_eq(0, 1) = nan;
    EXPECT_EQ(solver.Solve(p, &s), QpStatus::kInvalidInput);
  }
  {
    QpProblem p = SmallValidProblem();
    p.b_eq(0) = kInf;
    EXPECT_EQ(solver.Solve(p, &s), QpStatus::kInvalidInput);
  }
  {
    QpProblem p = SmallValidProblem();
    p.C(0, 0) = nan;
    EXPECT_EQ(solver.Solve(p, &s), QpStatus::kInvalidInput);
  }
  {
    QpProblem p = SmallValidProblem();
    p.d(0) = nan;
    EXPECT_EQ(solver.Solve(p, &s), QpStatus::kInvalidInput);
  }
  {
    QpProblem p = SmallValidProblem();
    p.lb(0) = nan;
    EXPECT_EQ(solver.Solve(p, &s), QpStatus::kInvalidInput);
  }
  {
    QpProblem p = SmallValidProblem();
    p.ub(1) = nan;
    EXPECT_EQ(solver.Solve(p, &s), QpStatus::kInvalidInput);
  }
}

TEST(DenseQpTest, DimensionMismatchIsInvalid) {
  DenseQpSolver solver;
  QpSolution s;
  auto expect_invalid = [&](const QpProblem& p, const char* what) {
    EXPECT_EQ(solver.Solve(p, &s), QpStatus::kInvalidInput) << what;
  };
  {
    QpProblem p = SmallValidProblem();
    p.g = Eigen::Vector3d::Zero();
    expect_invalid(p, "g size");
  }
  {
    QpProblem p = SmallValidProblem();
    p.H = Eigen::MatrixXd::Identity(2, 3);
    expect_invalid(p, "H not square");
  }
  {
    QpProblem p;
    p.H.resize(0, 0);
    p.g.resize(0);
    expect_invalid(p, "empty problem");
  }
  {
    QpProblem p = SmallValidProblem();
    p.A_eq = Eigen::RowVector3d(1, 1, 1);
    expect_invalid(p, "A_eq cols");
  }
  {
    QpProblem p = SmallValidProblem();
    p.b_eq = Eigen::Vector2d::Zero();
    expect_invalid(p, "b_eq size");
  }
  {
    QpProblem p = SmallValidProblem();
    p.A_eq.resize(0, 0);
    expect_invalid(p, "b_eq without A_eq");
  }
  {
    QpProblem p = SmallValidProblem();
    p.C = Eigen::MatrixXd::Ones(1, 3);
    expect_invalid(p, "C cols");
  }
  {
    QpProblem p = SmallValidProblem();
    p.d = Eigen::Vector2d::Zero();
    expect_invalid(p, "d size");
  }
  {
    QpProblem p = SmallValidProblem();
    p.lb = Eigen::Vector3d::Zero();
    expect_invalid(p, "lb size");
  }
  {
    QpProblem p = SmallValidProblem();
    p.ub = Eigen::VectorXd::Zero(1);
    expect_invalid(p, "ub size");
  }
  EXPECT_EQ(solver.Solve(SmallValidProblem(), nullptr), QpStatus::kInvalidInput);
  // Empty constraint blocks given as 0 x n are accepted.
  QpProblem p = SmallValidProblem();
  p.A_eq.resize(0, 2);
  p.b_eq.resize(0);
  p.C.resize(0, 2);
  p.d.resize(0);
  EXPECT_EQ(solver.Solve(p, &s), QpStatus::kSolved);
}

// ---------------------------------------------------------------------------------------------
// Degenerate constraints.

TEST(DenseQpTest, DuplicateInequalityRows) {
  std::mt19937 rng(21);
  DenseQpSolver solver;
  for (int trial = 0; trial < 10; ++trial) {
    RandomSpec spec;
    spec.n = 15;
    spec.m_eq = 2;
    spec.m_in = 20;
    const QpProblem p = RandomProblem(spec, &rng);
    QpSolution ref;
    ASSERT_EQ(solver.Solve(p, &ref), QpStatus::kSolved);
    // Every row three times, the copies scaled by positive factors.
    QpProblem dup = p;
    dup.C.resize(3 * spec.m_in, spec.n);
    dup.d.resize(3 * spec.m_in);
    for (int i = 0; i < spec.m_in; ++i) {
      for (int c = 0; c < 3; ++c) {
        dup.C.row(3 * i + c) = (1.0 + c) * p.C.row(i);
        dup.d(3 * i + c) = (1.0 + c) * p.d(i);
      }
    }
    QpSolution s;
    ASSERT_EQ(solver.Solve(dup, &s), QpStatus::kSolved);
    EXPECT_TRUE(Kkt(dup, s));
    EXPECT_LT(InfNorm(s.x - ref.x), 1e-9 * (1.0 + InfNorm(ref.x)));
    EXPECT_NEAR(s.objective, ref.objective, 1e-9 * (1.0 + std::abs(ref.objective)));
  }
}

TEST(DenseQpTest, RedundantEqualities) {
  std::mt19937 rng(22);
  std::normal_distribution<double> normal;
  DenseQpSolver solver;
  for (int trial = 0; trial < 10; ++trial) {
    RandomSpec spec;
    spec.n = 12;
    spec.m_eq = 4;
    spec.m_in = 15;
    spec.bounds = trial % 2;
    const QpProblem p = RandomProblem(spec, &rng);
    QpSolution ref;
    ASSERT_EQ(solver.Solve(p, &ref), QpStatus::kSolved);
    // Append: an exact duplicate, a sum of two rows, and a copy perturbed by 1e-13.
    QpProblem red = p;
    red.A_eq.conservativeResize(7, Eigen::NoChange);
    red.b_eq.conservativeResize(7);
    red.A_eq.row(4) = p.A_eq.row(1);
    red.b_eq(4) = p.b_eq(1);
    red.A_eq.row(5) = p.A_eq.row(0) + 2.0 * p.A_eq.row(2);
    red.b_eq(5) = p.b_eq(0) + 2.0 * p.b_eq(2);
    for (int j = 0; j < spec.n; ++j) red.A_eq(6, j) = p.A_eq(3, j) * (1.0 + 1e-13 * normal(rng));
    red.b_eq(6) = p.b_eq(3) + 1e-13;
    QpSolution s;
    ASSERT_EQ(solver.Solve(red, &s), QpStatus::kSolved);
    EXPECT_TRUE(Kkt(red, s));
    EXPECT_LT(InfNorm(s.x - ref.x), 1e-8 * (1.0 + InfNorm(ref.x)));
    EXPECT_NEAR(s.objective, ref.objective, 1e-8 * (1.0 + std::abs(ref.objective)));
  }
}

TEST(DenseQpTest, MoreActiveConstraintsThanVariables) {
  // The apex of a square pyramid: x3 <= 1 - |x1| - |x2| as 4 planes, and x3 >= 1 too, with the
  // target above the apex: 5 constraints active at the apex of a 3-variable problem.
  QpProblem p;
  p.H = Eigen::Matrix3d::Identity();
  p.g = Eigen::Vector3d(0.0, 0.0, -5.0);
  p.C.resize(6, 3);
  p.C << -1, 0, -1,  //
      1, 0, -1,      //
      0, -1, -1,     //
      0, 1, -1,      //
      0, 0, 1,       //
      -1, -1, -2;    // also through the apex: -x1 - x2 - 2 x3 >= -2
  p.d.resize(6);
  p.d << -1, -1, -1, -1, 1, -2;
  DenseQpSolver solver;
  QpSolution s;
  ASSERT_EQ(solver.Solve(p, &s), QpStatus::kSolved);
  EXPECT_TRUE(s.x.isApprox(Eigen::Vector3d(0, 0, 1), 1e-12));
  EXPECT_TRUE(Kkt(p, s));
}

TEST(DenseQpTest, EqualityAndBoundsPinTheSameVariable) {
  // lb == ub on a variable plus an equality on the same variable.
  QpProblem p;
  p.H = Eigen::Matrix3d::Identity();
  p.g = Eigen::Vector3d(1, -2, 3);
  p.A_eq = Eigen::RowVector3d(1, 0, 0);
  p.b_eq = Eigen::VectorXd::Constant(1, 0.5);
  p.lb = Eigen::Vector3d(0.5, -1, -1);
  p.ub = Eigen::Vector3d(0.5, 1, 1);
  DenseQpSolver solver;
  QpSolution s;
  ASSERT_EQ(solver.Solve(p, &s), QpStatus::kSolved);
  EXPECT_TRUE(s.x.isApprox(Eigen::Vector3d(0.5, 1, -1), 1e-12));
  EXPECT_TRUE(Kkt(p, s));
}

// ---------------------------------------------------------------------------------------------
// Contact forces.

// 4 feet, force f_i = (fx, fy, fz) each: friction pyramid |fx|, |fy| <= mu fz, 0 <= fz <= fmax.
struct ContactSetup {
  static constexpr double kMass = 12.0;
  static constexpr double kGravity = 9.81;
  static constexpr double kMu = 0.6;
  static constexpr double kFmax = 150.0;
  Eigen::Matrix<double, 3, 4> feet;  // positions relative to the COM
  ContactSetup() {
    feet << 0.2, 0.2, -0.2, -0.2,  //
        0.12, -0.12, 0.12, -0.12,  //
        -0.3, -0.3, -0.3, -0.3;
  }
  // Wrench (force, moment about the COM) of the stacked forces: 6 x 12.
  Eigen::MatrixXd WrenchMap() const {
    Eigen::MatrixXd w = Eigen::MatrixXd::Zero(6, 12);
    for (int i = 0; i < 4; ++i) {
      w.block<3, 3>(0, 3 * i).setIdentity();
      const Eigen::Vector3d r = feet.col(i);
      Eigen::Matrix3d skew;
      skew << 0, -r.z(), r.y(), r.z(), 0, -r.x(), -r.y(), r.x(), 0;
      w.block<3, 3>(3, 3 * i) = skew;
    }
    return w;
  }
  // Friction pyramid rows (and optionally the fz limits) as C f >= d.
  void AddCones(bool fz_limits_as_rows, QpProblem* p) const {
    const int rows = fz_limits_as_rows ? 24 : 16;
    p->C = Eigen::MatrixXd::Zero(rows, 12);
    p->d = Eigen::VectorXd::Zero(rows);
    int r = 0;
    for (int i = 0; i < 4; ++i) {
      for (int axis = 0; axis < 2; ++axis) {
        for (double sign : {1.0, -1.0}) {  // mu fz -+ f_axis >= 0
          p->C(r, 3 * i + 2) = kMu;
          p->C(r, 3 * i + axis) = -sign;
          ++r;
        }
      }
      if (fz_limits_as_rows) {
        p->C(r, 3 * i + 2) = 1.0;  // fz >= 0
        ++r;
        p->C(r, 3 * i + 2) = -1.0;  // -fz >= -fmax
        p->d(r) = -kFmax;
        ++r;
      }
    }
    if (!fz_limits_as_rows) {
      p->lb = Eigen::VectorXd::Constant(12, -kInf);
      p->ub = Eigen::VectorXd::Constant(12, kInf);
      for (int i = 0; i < 4; ++i) {
        p->lb(3 * i + 2) = 0.0;
        p->ub(3 * i + 2) = kFmax;
      }
    }
  }
};

::testing::AssertionResult InsideCones(const Eigen::VectorXd& f, double tol) {
  for (int i = 0; i < 4; ++i) {
    const double fx = f(3 * i), fy = f(3 * i + 1), fz = f(3 * i + 2);
    if (fz < -tol || fz > ContactSetup::kFmax + tol ||
        std::abs(fx) > ContactSetup::kMu * fz + tol ||
        std::abs(fy) > ContactSetup::kMu * fz + tol) {
      return ::testing::AssertionFailure()
             << "foot " << i << " f = " << fx << " " << fy << " " << fz;
    }
  }
  return ::testing::AssertionSuccess();
}

TEST(DenseQpContactTest, FrictionPyramidCarriesWeight) {
  const ContactSetup setup;
  const double weight = ContactSetup::kMass * ContactSetup::kGravity;
  const double lateral = 1.0 * weight;  // more than mu * weight: the cones must saturate
  for (bool fz_rows : {true, false}) {
    SCOPED_TRACE(fz_rows ? "fz limits as rows" : "fz limits as bounds");
    // min 1/2 w (sum fx - lateral)^2 + 1/2 alpha |f|^2  s.t.  sum fz = weight, cones.
    QpProblem p;
    const double w = 1.0, alpha = 1e-3;
    Eigen::RowVectorXd sum_x = Eigen::RowVectorXd::Zero(12), sum_z = Eigen::RowVectorXd::Zero(12);
    for (int i = 0; i < 4; ++i) {
      sum_x(3 * i) = 1.0;
      sum_z(3 * i + 2) = 1.0;
    }
    p.H = w * sum_x.transpose() * sum_x + alpha * Eigen::MatrixXd::Identity(12, 12);
    p.g = -w * lateral * sum_x.transpose();
    p.A_eq = sum_z;
    p.b_eq = Eigen::VectorXd::Constant(1, weight);
    setup.AddCones(fz_rows, &p);
    DenseQpSolver solver;
    QpSolution s;
    ASSERT_EQ(solver.Solve(p, &s), QpStatus::kSolved);
    EXPECT_TRUE(Kkt(p, s));
    EXPECT_NEAR(sum_z.dot(s.x), weight, 1e-9 * weight);
    EXPECT_TRUE(InsideCones(s.x, 1e-9 * weight));
    // Lateral demand exceeds friction: every foot at the cone edge, total = mu * weight.
    EXPECT_NEAR(sum_x.dot(s.x), ContactSetup::kMu * weight, 1e-7 * weight);
    for (int i = 0; i < 4; ++i) EXPECT_NEAR(s.x(3 * i), ContactSetup::kMu * s.x(3 * i + 2), 1e-7);
  }
}

TEST(DenseQpContactTest, WrenchDistributionStaysInCones) {
  // Track a desired body wrench (gravity compensation plus a push and a yaw torque) with the
  // full 6 x 12 wrench map, net vertical force fixed by an equality.
  const ContactSetup setup;
  const double weight = ContactSetup::kMass * ContactSetup::kGravity;
  const Eigen::MatrixXd wmap = setup.WrenchMap();
  Eigen::VectorXd wrench(6);
  wrench << 40.0, -25.0, weight, 3.0, -6.0, 20.0;
  Eigen::VectorXd s_weight(6);
  s_weight << 1, 1, 1, 20, 20, 20;
  for (bool fz_rows : {true, false}) {
    SCOPED_TRACE(fz_rows ? "fz limits as rows" : "fz limits as bounds");
    QpProblem p;
    p.H =
        wmap.transpose() * s_weight.asDiagonal() * wmap + 1e-4 * Eigen::MatrixXd::Identity(12, 12);
    p.g = -wmap.transpose() * s_weight.asDiagonal() * wrench;
    p.A_eq = wmap.row(2);
    p.b_eq = Eigen::VectorXd::Constant(1, weight);
    setup.AddCones(fz_rows, &p);
    DenseQpSolver solver;
    QpSolution s;
    ASSERT_EQ(solver.Solve(p, &s), QpStatus::kSolved);
    EXPECT_TRUE(Kkt(p, s));
    double fz_sum = 0;
    for (int i = 0; i < 4; ++i) fz_sum += s.x(3 * i + 2);
    EXPECT_NEAR(fz_sum, weight, 1e-9 * weight);
    EXPECT_TRUE(InsideCones(s.x, 1e-9 * weight));
    // Some cone must be active: the requested yaw torque cannot be met with these feet.
    EXPECT_GT(s.z_in.maxCoeff(), 0.0);
  }
}

// ---------------------------------------------------------------------------------------------
// API behaviour.

TEST(DenseQpTest, MaxIterationsIsReported) {
  std::mt19937 rng(5);
  RandomSpec spec;
  spec.n = 30;
  spec.m_in = 60;
  const QpProblem p = RandomProblem(spec, &rng);
  DenseQpSolver solver;
  QpSolution s;
  ASSERT_EQ(solver.Solve(p, &s), QpStatus::kSolved);
  ASSERT_GT(s.iterations, 3);
  solver.set_max_iterations(3);
  EXPECT_EQ(solver.max_iterations(), 3);
  EXPECT_EQ(solver.Solve(p, &s), QpStatus::kMaxIterations);
  EXPECT_EQ(s.iterations, 3);
  EXPECT_EQ(s.x.size(), spec.n);
  solver.set_max_iterations(DenseQpSolver::kAutoMaxIterations);
  EXPECT_EQ(solver.Solve(p, &s), QpStatus::kSolved);
}

TEST(DenseQpTest, RefOverloadMatchesAndAcceptsBlocks) {
  std::mt19937 rng(9);
  RandomSpec spec;
  spec.n = 20;
  spec.m_eq = 5;
  spec.m_in = 30;
  spec.bounds = true;
  const QpProblem p = RandomProblem(spec, &rng);
  DenseQpSolver solver;
  QpSolution a, b;
  ASSERT_EQ(solver.Solve(p, &a), QpStatus::kSolved);
  // Embed H and C in larger storage and pass blocks (outer stride != rows).
  Eigen::MatrixXd big_h = Eigen::MatrixXd::Random(spec.n + 7, spec.n + 3);
  big_h.block(4, 1, spec.n, spec.n) = p.H;
  Eigen::MatrixXd big_c = Eigen::MatrixXd::Random(spec.m_in + 5, spec.n + 2);
  big_c.block(2, 2, spec.m_in, spec.n) = p.C;
  ASSERT_EQ(solver.Solve(big_h.block(4, 1, spec.n, spec.n), p.g, p.A_eq, p.b_eq,
                         big_c.block(2, 2, spec.m_in, spec.n), p.d, p.lb, p.ub, &b),
            QpStatus::kSolved);
  EXPECT_EQ(a.x, b.x);
  EXPECT_EQ(a.z_in, b.z_in);
  EXPECT_EQ(a.iterations, b.iterations);
}

TEST(DenseQpTest, RepeatedSolvesDoNotAllocate) {
  if (!testing::CanCountAllocations()) GTEST_SKIP() << "allocation counting needs glibc without sanitizers";
  std::mt19937 rng(13);
  DenseQpSolver solver;
  QpSolution s;
  for (bool sparse : {false, true}) {
    RandomSpec spec;
    spec.n = 40;
    spec.m_eq = 8;
    spec.m_in = 80;
    spec.bounds = true;
    spec.sparse_c = sparse;
    const QpProblem p1 = RandomProblem(spec, &rng);
    const QpProblem p2 = RandomProblem(spec, &rng);
    ASSERT_EQ(solver.Solve(p1, &s), QpStatus::kSolved);  // sizes the workspace
    testing::StartCountingAllocations();
    const QpStatus st2 = solver.Solve(p2, &s);
    const QpStatus st1 = solver.Solve(p1, &s);
    const long allocations = testing::StopCountingAllocations();
    EXPECT_EQ(st2, QpStatus::kSolved);
    EXPECT_EQ(st1, QpStatus::kSolved);
    EXPECT_EQ(allocations, 0) << (sparse ? "sparse C" : "dense C");
  }
}

}  // namespace
}  // namespace stuntsim
