// Randomized test of DenseQpSolver on feasible problems built around a known point x0 (issue 16:
// kInfeasible on a feasible problem with lb == ub). The problems are deliberately degenerate:
// fixed variables (lb == ub), several constraints active at x0, duplicated and negated rows,
// rows that are combinations of other rows or of bounds, redundant equalities, and MPC-like
// friction pyramids whose normal force is fixed to 0 (a foot in the air) or bounded by fmax.
// Every solution is checked by the KKT conditions, not by the solver's status; a feasible
// problem reported kInfeasible (or anything but kSolved) is a failure. Problems built with a
// Farkas certificate of infeasibility must be reported kInfeasible.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "stuntsim/controllers/qp/dense_qp.h"

namespace stuntsim {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
// Relative tolerance of the KKT check.
constexpr double kKktTol = 1e-7;

double InfNorm(const Eigen::VectorXd& v) { return v.size() ? v.lpNorm<Eigen::Infinity>() : 0.0; }

// Draws from one seeded engine; every case has its own seed so that a failure can be replayed.
class Rng {
 public:
  explicit Rng(unsigned seed) : engine_(seed) {}
  double Uniform(double lo, double hi) { return lo + (hi - lo) * unit_(engine_); }
  double Normal() { return normal_(engine_); }
  int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(engine_); }  // [lo, hi]
  bool Chance(double p) { return Uniform(0.0, 1.0) < p; }
  Eigen::VectorXd NormalVector(int n) {
    Eigen::VectorXd v(n);
    for (int i = 0; i < n; ++i) v(i) = Normal();
    return v;
  }
  // Dense (or, with probability `sparse`, 1-3 nonzero) row of length n.
  Eigen::RowVectorXd Row(int n, double sparse) {
    Eigen::RowVectorXd r = Eigen::RowVectorXd::Zero(n);
    if (Chance(sparse)) {
      const int nnz = std::min(n, Int(1, 3));
      for (int k = 0; k < nnz; ++k) r(Int(0, n - 1)) = Normal();
      if (r.isZero()) r(Int(0, n - 1)) = 1.0;
    } else {
      r = NormalVector(n).transpose();
    }
    return r;
  }

 private:
  std::mt19937 engine_;
  std::uniform_real_distribution<double> unit_{0.0, 1.0};
  std::normal_distribution<double> normal_{0.0, 1.0};  // a member: it keeps its second draw
};

// Random symmetric positive definite matrix with condition number `cond`: random eigenvalues
// (1 and cond among them) turned by three random Householder reflections (cheaper than the Q of
// a Gaussian matrix, and as good a mix for this purpose).
Eigen::MatrixXd RandomSpd(int n, double cond, Rng* rng) {
  Eigen::VectorXd eig(n);
  for (int i = 0; i < n; ++i) eig(i) = std::pow(cond, rng->Uniform(0.0, 1.0));
  eig(0) = 1.0;
  eig(n - 1) = cond;
  Eigen::MatrixXd h = eig.asDiagonal();
  for (int k = 0; k < 3 && n > 1; ++k) {
    Eigen::VectorXd v = rng->NormalVector(n);
    v /= v.norm();
    // h <- (I - 2 v v') h (I - 2 v v')
    const Eigen::VectorXd hv = h * v;
    const double vhv = v.dot(hv);
    h -= 2.0 * (v * hv.transpose() + hv * v.transpose()) - 4.0 * vhv * v * v.transpose();
  }
  return 0.5 * (h + h.transpose());
}

// Appends rows to a constraint block (matrix and right-hand side).
struct Rows {
  std::vector<Eigen::RowVectorXd> a;
  std::vector<double> b;
  void Add(const Eigen::RowVectorXd& row, double rhs) {
    a.push_back(row);
    b.push_back(rhs);
  }
  int size() const { return static_cast<int>(a.size()); }
  void Into(int n, Eigen::MatrixXd* m, Eigen::VectorXd* v) const {
    m->setZero(size(), n);
    v->resize(size());
    for (int i = 0; i < size(); ++i) {
      m->row(i) = a[i];
      (*v)(i) = b[i];
    }
  }
};

struct Case {
  QpProblem p;
  Eigen::VectorXd x0;  // a feasible point (for feasible cases)
  std::string kind;
};

// The cost pulls the unconstrained minimum away from x0 (sometimes it is x0 itself: every
// constraint active at x0 then has a zero multiplier, another degenerate case).
void RandomCost(const Eigen::VectorXd& x0, double pull, Rng* rng, QpProblem* p) {
  const int n = static_cast<int>(x0.size());
  const Eigen::VectorXd target = rng->Chance(0.05) ? x0 : x0 + pull * rng->NormalVector(n);
  p->g = -p->H * target;
}

// A general feasible problem, n in [1, 60], with degenerate structure around x0.
Case GeneralFeasible(Rng* rng) {
  Case c;
  c.kind = "general";
  const double u = rng->Uniform(0.0, 1.0);
  const int n = 1 + static_cast<int>(59.0 * u * u * u);  // mostly small: median 8, 10 % over 38
  QpProblem& p = c.p;
  p.H = RandomSpd(n, std::pow(10.0, rng->Uniform(0.0, 6.0)), rng);
  const double scale = rng->Chance(0.2) ? 10.0 : 1.0;
  Eigen::VectorXd x0 = scale * rng->NormalVector(n);

  // Bounds: none, one-sided, a box, active at x0, or fixed (lb == ub, sometimes at 0).
  std::vector<bool> fixed(n, false);
  const bool has_lb = rng->Chance(0.8);
  const bool has_ub = rng->Chance(0.8);
  const double p_fixed = rng->Uniform(0.0, 0.6);
  if (has_lb) p.lb = Eigen::VectorXd::Constant(n, -kInf);
  if (has_ub) p.ub = Eigen::VectorXd::Constant(n, kInf);
  for (int j = 0; j < n; ++j) {
    if (has_lb && has_ub && rng->Chance(p_fixed)) {
      if (rng->Chance(0.5)) x0(j) = 0.0;
      p.lb(j) = p.ub(j) = x0(j);
      fixed[j] = true;
      continue;
    }
    auto slack = [&]() { return rng->Chance(0.3) ? 0.0 : rng->Uniform(0.0, scale); };
    if (has_lb && rng->Chance(0.7)) p.lb(j) = x0(j) - slack();
    if (has_ub && rng->Chance(0.7)) p.ub(j) = x0(j) + slack();
  }

  // Equalities: random rows, then redundant ones (duplicates, scaled copies, combinations,
  // rows on fixed variables only).
  Rows eq;
  const int m_eq_random = rng->Chance(0.5) ? rng->Int(0, std::max(0, n / 2)) : 0;
  for (int i = 0; i < m_eq_random; ++i) {
    const Eigen::RowVectorXd row = rng->Row(n, 0.3);
    eq.Add(row, row.dot(x0));
  }
  const int m_eq_redundant = eq.size() > 0 && rng->Chance(0.5) ? rng->Int(1, 4) : 0;
  for (int i = 0; i < m_eq_redundant; ++i) {
    const int a = rng->Int(0, eq.size() - 1);
    const int b = rng->Int(0, eq.size() - 1);
    const double s = rng->Normal();
    const double t = rng->Chance(0.5) ? rng->Normal() : 0.0;
    eq.Add(s * eq.a[a] + t * eq.a[b], s * eq.b[a] + t * eq.b[b]);
  }
  for (int j = 0; j < n; ++j) {
    if (fixed[j] && rng->Chance(0.15)) {
      Eigen::RowVectorXd row = Eigen::RowVectorXd::Zero(n);
      row(j) = rng->Uniform(0.5, 2.0);
      eq.Add(row, row(j) * x0(j));
    }
  }

  // Inequalities C x >= d.
  Rows in;
  const int m_random = rng->Int(0, 2 * n + 2);
  for (int i = 0; i < m_random; ++i) {
    const Eigen::RowVectorXd row = rng->Row(n, 0.4);
    const double slack = rng->Chance(0.4) ? 0.0 : rng->Uniform(0.0, scale);
    in.Add(row, row.dot(x0) - slack);
  }
  const int m_degenerate = rng->Int(0, n + 4);
  for (int i = 0; i < m_degenerate; ++i) {
    const double slack = rng->Chance(0.7) ? 0.0 : rng->Uniform(0.0, scale);
    const int type = rng->Int(0, 6);
    if (type == 0 && in.size() > 0) {  // duplicate, maybe scaled
      const int a = rng->Int(0, in.size() - 1);
      const double s = rng->Chance(0.5) ? 1.0 : rng->Uniform(0.1, 10.0);
      in.Add(s * in.a[a], s * in.b[a] - slack);
    } else if (type == 1 && in.size() > 0) {  // negated: with slack 0, an equality pair
      const int a = rng->Int(0, in.size() - 1);
      in.Add(-in.a[a], -in.a[a].dot(x0) - slack);
    } else if (type == 2 && in.size() > 1) {  // positive combination of two rows
      const int a = rng->Int(0, in.size() - 1);
      const int b = rng->Int(0, in.size() - 1);
      const double s = rng->Uniform(0.1, 2.0);
      const double t = rng->Uniform(0.1, 2.0);
      in.Add(s * in.a[a] + t * in.a[b], s * in.b[a] + t * in.b[b] - slack);
    } else if (type == 3 && (has_lb || has_ub)) {  // a bound written as a row (maybe scaled)
      const int j = rng->Int(0, n - 1);
      Eigen::RowVectorXd row = Eigen::RowVectorXd::Zero(n);
      const double s = rng->Uniform(0.5, 2.0);
      if (has_lb && std::isfinite(p.lb(j)) && (!has_ub || rng->Chance(0.5))) {
        row(j) = s;
        in.Add(row, s * p.lb(j) - slack);
      } else if (has_ub && std::isfinite(p.ub(j))) {
        row(j) = -s;
        in.Add(row, -s * p.ub(j) - slack);
      }
    } else if (type == 4) {  // a combination of fixed variables (pinned by the bounds)
      Eigen::RowVectorXd row = Eigen::RowVectorXd::Zero(n);
      for (int j = 0; j < n; ++j)
        if (fixed[j] && rng->Chance(0.5)) row(j) = rng->Normal();
      if (!row.isZero()) in.Add(row, row.dot(x0) - slack);
    } else if (type == 5 && eq.size() > 0) {  // an equality row (either sign) as an inequality
      const int a = rng->Int(0, eq.size() - 1);
      const double s = rng->Chance(0.5) ? 1.0 : -1.0;
      in.Add(s * eq.a[a], s * eq.a[a].dot(x0) - slack);
    } else if (type == 6) {  // a sparse row mixing a fixed variable with a free one
      Eigen::RowVectorXd row = Eigen::RowVectorXd::Zero(n);
      row(rng->Int(0, n - 1)) = rng->Normal();
      row(rng->Int(0, n - 1)) = rng->Normal();
      if (!row.isZero()) in.Add(row, row.dot(x0) - slack);
    }
  }
  eq.Into(n, &p.A_eq, &p.b_eq);
  in.Into(n, &p.C, &p.d);
  RandomCost(x0, 3.0 * scale, rng, &p);
  c.x0 = x0;
  return c;
}

// A convex-MPC-like problem: `feet` x `steps` contact forces (fx, fy, fz), n = 3 feet steps
// <= 60, H = B'B + alpha I (a wrench map per step, badly conditioned), friction pyramids
// |fx|, |fy| <= mu fz as rows of C, fz in [0, 0] for a foot in the air and [0, fmax] on the
// ground (as bounds, or as rows of C, or both), and sometimes the vertical force per step as an
// equality (0 for a step with every foot in the air, redundant with the bounds).
Case MpcFeasible(Rng* rng) {
  Case c;
  c.kind = "mpc";
  const int feet = rng->Int(1, 4);
  const int steps = rng->Int(1, 60 / (3 * feet));
  const int blocks = feet * steps;
  const int n = 3 * blocks;
  const double mu = rng->Chance(0.1) ? 0.0 : rng->Uniform(0.3, 1.0);
  const double fmax = rng->Uniform(100.0, 300.0);
  const double weight = rng->Uniform(50.0, 150.0);
  const double p_air = rng->Uniform(0.0, 1.0);
  const int fz_mode = rng->Int(0, 2);  // 0: bounds, 1: rows of C, 2: both
  QpProblem& p = c.p;
  Eigen::VectorXd x0 = Eigen::VectorXd::Zero(n);
  std::vector<bool> air(blocks);
  for (int b = 0; b < blocks; ++b) {
    air[b] = rng->Chance(p_air);
    if (air[b]) continue;
    // On the ground: fz in [0, fmax] (sometimes at a limit), fx, fy inside the pyramid or on it.
    const double fz = rng->Chance(0.1) ? 0.0 : rng->Chance(0.1) ? fmax : rng->Uniform(0.0, fmax);
    auto tangential = [&]() {
      const double edge = mu * fz;
      return rng->Chance(0.2) ? (rng->Chance(0.5) ? edge : -edge) : rng->Uniform(-edge, edge);
    };
    x0(3 * b) = tangential();
    x0(3 * b + 1) = tangential();
    x0(3 * b + 2) = fz;
  }
  if (fz_mode != 1) {
    p.lb = Eigen::VectorXd::Constant(n, -kInf);
    p.ub = Eigen::VectorXd::Constant(n, kInf);
    for (int b = 0; b < blocks; ++b) {
      p.lb(3 * b + 2) = 0.0;
      p.ub(3 * b + 2) = air[b] ? 0.0 : fmax;
    }
  }
  Rows in;
  for (int b = 0; b < blocks; ++b) {
    for (int axis = 0; axis < 2; ++axis) {
      for (double sign : {1.0, -1.0}) {  // mu fz - sign f_axis >= 0
        Eigen::RowVectorXd row = Eigen::RowVectorXd::Zero(n);
        row(3 * b + 2) = mu;
        row(3 * b + axis) = -sign;
        in.Add(row, 0.0);
      }
    }
    if (fz_mode != 0) {
      Eigen::RowVectorXd row = Eigen::RowVectorXd::Zero(n);
      row(3 * b + 2) = 1.0;
      in.Add(row, 0.0);  // fz >= 0
      row(3 * b + 2) = -1.0;
      in.Add(row, air[b] ? 0.0 : -fmax);  // fz <= 0 or fmax
    }
  }
  Rows eq;
  if (rng->Chance(0.5)) {
    for (int s = 0; s < steps; ++s) {
      Eigen::RowVectorXd row = Eigen::RowVectorXd::Zero(n);
      double total = 0.0;
      for (int f = 0; f < feet; ++f) {
        row(3 * (s * feet + f) + 2) = 1.0;
        total += x0(3 * (s * feet + f) + 2);
      }
      eq.Add(row, total);
    }
  }
  eq.Into(n, &p.A_eq, &p.b_eq);
  in.Into(n, &p.C, &p.d);
  // Cost: track a wrench per step through a random 6 x 3 feet map, plus a small regularization.
  Eigen::MatrixXd b_map = Eigen::MatrixXd::Zero(6 * steps, n);
  for (int s = 0; s < steps; ++s) {
    for (int f = 0; f < feet; ++f) {
      const int col = 3 * (s * feet + f);
      b_map.block(6 * s, col, 3, 3).setIdentity();
      Eigen::Matrix3d cross;
      const Eigen::Vector3d r(rng->Uniform(-0.3, 0.3), rng->Uniform(-0.2, 0.2), -0.3);
      cross << 0, -r.z(), r.y(), r.z(), 0, -r.x(), -r.y(), r.x(), 0;
      b_map.block(6 * s + 3, col, 3, 3) = cross;
    }
  }
  const double alpha = std::pow(10.0, rng->Uniform(-6.0, -2.0));
  p.H = b_map.transpose() * b_map + alpha * Eigen::MatrixXd::Identity(n, n);
  Eigen::VectorXd wrench(6 * steps);
  for (int s = 0; s < steps; ++s) {
    for (int k = 0; k < 6; ++k) wrench(6 * s + k) = (k < 3 ? 50.0 : 10.0) * rng->Normal();
    wrench(6 * s + 2) += weight;
  }
  p.g = -b_map.transpose() * wrench;
  c.x0 = x0;
  return c;
}

// An infeasible problem: a feasible one plus constraints that contradict each other through a
// Farkas certificate (nonnegative multipliers on inequalities and bounds, free ones on equalities,
// combining to 0 >= delta > 0), or an MPC problem whose feet are all in the air but must carry
// the weight.
Case Infeasible(Rng* rng) {
  Case c = rng->Chance(0.7) ? GeneralFeasible(rng) : MpcFeasible(rng);
  QpProblem& p = c.p;
  const int n = static_cast<int>(p.H.rows());
  const double delta = std::pow(10.0, rng->Uniform(-3.0, 0.0)) * (1.0 + InfNorm(c.x0));
  const int type = rng->Int(0, 3);
  Rows eq, in;
  for (int i = 0; i < p.A_eq.rows(); ++i) eq.Add(p.A_eq.row(i), p.b_eq(i));
  for (int i = 0; i < p.C.rows(); ++i) in.Add(p.C.row(i), p.d(i));
  if (type == 0 || (type == 3 && (p.lb.size() == 0 || p.ub.size() == 0))) {
    // k rows (inequalities, or equalities with free-sign multipliers) and a last row that
    // denies their combination by delta.
    const int k = rng->Int(1, std::min(n + 1, 8));
    Eigen::RowVectorXd sum = Eigen::RowVectorXd::Zero(n);
    double rhs = 0.0;
    for (int i = 0; i < k; ++i) {
      const Eigen::RowVectorXd row = rng->Row(n, 0.3);
      const double b = row.dot(c.x0) - (rng->Chance(0.5) ? 0.0 : rng->Uniform(0.0, 1.0));
      const bool as_equality = rng->Chance(0.3);
      const double y = as_equality ? rng->Normal() : rng->Uniform(0.1, 2.0);
      if (as_equality) {
        eq.Add(row, row.dot(c.x0));
        rhs += y * row.dot(c.x0);
      } else {
        in.Add(row, b);
        rhs += y * b;
      }
      sum += y * row;
    }
    in.Add(-sum, -rhs + delta);  // sum x <= rhs - delta, against sum x >= rhs
  } else if (type == 1) {
    // An inconsistent copy of a constraint: a x >= b + delta and a x <= b.
    const Eigen::RowVectorXd row = rng->Row(n, 0.5);
    in.Add(row, row.dot(c.x0) + delta);
    if (rng->Chance(0.5)) {
      eq.Add(row, row.dot(c.x0));
    } else {
      in.Add(-row, -row.dot(c.x0));
    }
  } else if (type == 2) {
    // Bounds and a row: x_j >= lb_j (or <= ub_j) denied through a row on x_j.
    const int j = rng->Int(0, n - 1);
    if (p.lb.size() == 0) p.lb = Eigen::VectorXd::Constant(n, -kInf);
    if (p.ub.size() == 0) p.ub = Eigen::VectorXd::Constant(n, kInf);
    const double v = c.x0(j);
    p.lb(j) = v;
    if (rng->Chance(0.5)) p.ub(j) = v;
    Eigen::RowVectorXd row = Eigen::RowVectorXd::Zero(n);
    row(j) = -rng->Uniform(0.5, 2.0);
    in.Add(row, row(j) * (v - delta));  // x_j <= v - delta
  } else {
    // Crossed bounds on one variable.
    const int j = rng->Int(0, n - 1);
    p.lb(j) = c.x0(j) + delta;
    p.ub(j) = c.x0(j);
  }
  eq.Into(n, &p.A_eq, &p.b_eq);
  in.Into(n, &p.C, &p.d);
  c.kind += "+infeasible" + std::to_string(type);
  return c;
}

// The KKT conditions of a convex QP, each relative to the size of the terms involved:
// H x + g = A_eq' y + C' z + z_lb - z_ub, A_eq x = b_eq, C x >= d, lb <= x <= ub, z >= 0 and
// z_i (slack_i) = 0.
::testing::AssertionResult Kkt(const QpProblem& p, const QpSolution& s) {
  const int n = static_cast<int>(p.H.rows());
  const Eigen::VectorXd& x = s.x;
  if (x.size() != n || s.y_eq.size() != p.A_eq.rows() || s.z_in.size() != p.C.rows() ||
      s.z_lb.size() != p.lb.size() || s.z_ub.size() != p.ub.size()) {
    return ::testing::AssertionFailure() << "bad output sizes";
  }
  if (!x.allFinite() || !s.y_eq.allFinite() || !s.z_in.allFinite() || !s.z_lb.allFinite() ||
      !s.z_ub.allFinite()) {
    return ::testing::AssertionFailure() << "non-finite solution";
  }
  const double x_scale = 1.0 + InfNorm(x);
  Eigen::VectorXd reaction = Eigen::VectorXd::Zero(n);
  double reaction_scale = 0.0;
  if (p.A_eq.rows()) {
    reaction += p.A_eq.transpose() * s.y_eq;
    reaction_scale += InfNorm(p.A_eq.cwiseAbs().transpose() * s.y_eq.cwiseAbs());
  }
  if (p.C.rows()) {
    reaction += p.C.transpose() * s.z_in;
    reaction_scale += InfNorm(p.C.cwiseAbs().transpose() * s.z_in.cwiseAbs());
  }
  if (p.lb.size()) {
    reaction += s.z_lb;
    reaction_scale += InfNorm(s.z_lb);
  }
  if (p.ub.size()) {
    reaction -= s.z_ub;
    reaction_scale += InfNorm(s.z_ub);
  }
  const Eigen::VectorXd grad = p.H * x + p.g;
  const double stat_scale = 1.0 + InfNorm(p.H.cwiseAbs() * x.cwiseAbs()) + InfNorm(p.g) + reaction_scale;
  const double stat = InfNorm(grad - reaction);
  if (stat > kKktTol * stat_scale) {
    return ::testing::AssertionFailure() << "stationarity " << stat << " scale " << stat_scale;
  }
  double z_max = 1.0;
  if (s.z_in.size()) z_max = std::max(z_max, InfNorm(s.z_in));
  if (s.z_lb.size()) z_max = std::max(z_max, InfNorm(s.z_lb));
  if (s.z_ub.size()) z_max = std::max(z_max, InfNorm(s.z_ub));
  auto check_row = [&](const char* what, int i, double slack, double row_scale, double z,
                       bool equality) -> ::testing::AssertionResult {
    const double tol = kKktTol * row_scale;
    if (equality ? std::abs(slack) > tol : slack < -tol) {
      return ::testing::AssertionFailure() << what << " " << i << " violated by " << slack;
    }
    if (equality) return ::testing::AssertionSuccess();
    if (z < -kKktTol * z_max) return ::testing::AssertionFailure() << what << " " << i << " z " << z;
    if (z * slack > tol * z_max) {
      return ::testing::AssertionFailure()
             << what << " " << i << " complementarity: z " << z << " slack " << slack;
    }
    return ::testing::AssertionSuccess();
  };
  for (int i = 0; i < p.A_eq.rows(); ++i) {
    const double sc = 1.0 + p.A_eq.row(i).lpNorm<1>() * x_scale + std::abs(p.b_eq(i));
    auto r = check_row("equality", i, p.A_eq.row(i).dot(x) - p.b_eq(i), sc, 0.0, true);
    if (!r) return r;
  }
  for (int i = 0; i < p.C.rows(); ++i) {
    const double sc = 1.0 + p.C.row(i).lpNorm<1>() * x_scale + std::abs(p.d(i));
    auto r = check_row("inequality", i, p.C.row(i).dot(x) - p.d(i), sc, s.z_in(i), false);
    if (!r) return r;
  }
  for (int j = 0; j < p.lb.size(); ++j) {
    if (!std::isfinite(p.lb(j))) {
      if (s.z_lb(j) != 0.0) return ::testing::AssertionFailure() << "z_lb on an infinite bound";
      continue;
    }
    auto r = check_row("lb", j, x(j) - p.lb(j), x_scale + std::abs(p.lb(j)), s.z_lb(j), false);
    if (!r) return r;
  }
  for (int j = 0; j < p.ub.size(); ++j) {
    if (!std::isfinite(p.ub(j))) {
      if (s.z_ub(j) != 0.0) return ::testing::AssertionFailure() << "z_ub on an infinite bound";
      continue;
    }
    auto r = check_row("ub", j, p.ub(j) - x(j), x_scale + std::abs(p.ub(j)), s.z_ub(j), false);
    if (!r) return r;
  }
  return ::testing::AssertionSuccess();
}

std::string Describe(const Case& c, unsigned seed) {
  std::ostringstream out;
  out << "seed " << seed << " " << c.kind << ": n " << c.p.H.rows() << ", m_eq " << c.p.A_eq.rows()
      << ", m_in " << c.p.C.rows() << ", lb " << c.p.lb.size() << ", ub " << c.p.ub.size();
  int fixed = 0;
  if (c.p.lb.size() && c.p.ub.size()) fixed = (c.p.lb.array() == c.p.ub.array()).count();
  out << ", fixed " << fixed;
  return out.str();
}

// Solves `count` cases made by `make` (seeds base, base + 1, ...); every one must satisfy the KKT
// conditions. A fresh solver now and then, otherwise one solver across sizes (workspace reuse).
template <typename Make>
void ExpectFeasibleCasesSolved(Make make, unsigned base, int count) {
  DenseQpSolver solver;
  QpSolution s;
  int failures = 0;
  for (int k = 0; k < count; ++k) {
    const unsigned seed = base + static_cast<unsigned>(k);
    Rng rng(seed);
    const Case c = make(&rng);
    if (k % 50 == 0) solver = DenseQpSolver();
    const QpStatus status = solver.Solve(c.p, &s);
    ::testing::AssertionResult kkt = status == QpStatus::kSolved
                                         ? Kkt(c.p, s)
                                         : ::testing::AssertionFailure() << "status " << ToString(status);
    if (!kkt) {
      ++failures;
      if (failures <= 10) ADD_FAILURE() << Describe(c, seed) << ": " << kkt.message();
    }
  }
  EXPECT_EQ(failures, 0) << "of " << count << " feasible problems";
}

TEST(DenseQpRandomFeasibleTest, DegenerateGeneralProblemsSatisfyKkt) {
  ExpectFeasibleCasesSolved(GeneralFeasible, 1000000u, 2000);
}

TEST(DenseQpRandomFeasibleTest, MpcFrictionPyramidsWithFeetInTheAirSatisfyKkt) {
  ExpectFeasibleCasesSolved(MpcFeasible, 2000000u, 1000);
}

TEST(DenseQpRandomFeasibleTest, InfeasibleProblemsAreReportedInfeasible) {
  DenseQpSolver solver;
  QpSolution s;
  int failures = 0;
  const int count = 400;
  for (int k = 0; k < count; ++k) {
    const unsigned seed = 3000000u + static_cast<unsigned>(k);
    Rng rng(seed);
    const Case c = Infeasible(&rng);
    const QpStatus status = solver.Solve(c.p, &s);
    if (status != QpStatus::kInfeasible) {
      ++failures;
      if (failures <= 10) ADD_FAILURE() << Describe(c, seed) << ": status " << ToString(status);
    }
  }
  EXPECT_EQ(failures, 0) << "of " << count << " infeasible problems";
}

}  // namespace
}  // namespace stuntsim
