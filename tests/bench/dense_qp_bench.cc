// Benchmarks of DenseQpSolver on the problem shapes it is used for:
//  - quadruped convex MPC (condensed single-rigid-body model, 10-step horizon, friction pyramids):
//    2 stance feet -> n = 60, 4 stance feet -> n = 120, either pushed (many cones saturate) or
//    steady (tracking from the reference state, few constraints active);
//  - humanoid whole-body QP: n = 50, 25 equalities, 60 inequalities.
// Each benchmark repeats the measurement 9 times and reports aggregates (read the _median rows);
// counters give the sizes, the active-set steps (qp_iters) and the active inequalities at the
// optimum.

#include <benchmark/benchmark.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include <Eigen/Core>
#include <Eigen/LU>

#include "stuntsim/controllers/qp/dense_qp.h"

namespace stuntsim {
namespace {

constexpr int kHorizon = 10;
constexpr int kStates = 13;  // roll pitch yaw, position, angular velocity, velocity, gravity
constexpr double kDt = 0.03;
constexpr double kMass = 12.0;
constexpr double kMu = 0.6;
constexpr double kFmax = 150.0;

Eigen::Matrix3d Skew(const Eigen::Vector3d& r) {
  Eigen::Matrix3d s;
  s << 0, -r.z(), r.y(), r.z(), 0, -r.x(), -r.y(), r.x(), 0;
  return s;
}

// Condensed MPC: U = [f_0 .. f_{N-1}] (3 per stance foot per step), X = Aqp x0 + Bqp U,
// min (X - Xref)' Q (X - Xref) + alpha |U|^2 with friction pyramids and fz limits.
// fz_bounds: put 0 <= fz <= fmax in lb / ub instead of rows of C.
// pushed: start from a disturbed state (many cones saturate); otherwise from the reference.
QpProblem MakeMpcProblem(int stance_feet, bool fz_bounds, bool pushed = true) {
  const int m = 3 * stance_feet;  // inputs per step
  const int n = kHorizon * m;
  const Eigen::Matrix3d inertia = Eigen::Vector3d(0.07, 0.26, 0.24).asDiagonal();
  const Eigen::Matrix3d inertia_inv = inertia.inverse();
  // Stance feet relative to the COM: 2 feet = one trot diagonal.
  Eigen::Matrix<double, 3, 4> feet;
  feet << 0.19, -0.19, 0.19, -0.19,  //
      0.11, -0.11, -0.11, 0.11,      //
      -0.28, -0.28, -0.28, -0.28;

  Eigen::MatrixXd a = Eigen::MatrixXd::Identity(kStates, kStates);
  a.block<3, 3>(0, 6) += kDt * Eigen::Matrix3d::Identity();
  a.block<3, 3>(3, 9) += kDt * Eigen::Matrix3d::Identity();
  a(11, 12) = -kDt;  // gravity state
  Eigen::MatrixXd b = Eigen::MatrixXd::Zero(kStates, m);
  for (int i = 0; i < stance_feet; ++i) {
    b.block<3, 3>(6, 3 * i) = kDt * inertia_inv * Skew(feet.col(i));
    b.block<3, 3>(9, 3 * i) = kDt / kMass * Eigen::Matrix3d::Identity();
  }

  // Stacked prediction.
  Eigen::MatrixXd aqp(kStates * kHorizon, kStates);
  Eigen::MatrixXd bqp = Eigen::MatrixXd::Zero(kStates * kHorizon, n);
  Eigen::MatrixXd power = a;
  std::vector<Eigen::MatrixXd> powers(kHorizon);  // a^k
  powers[0] = Eigen::MatrixXd::Identity(kStates, kStates);
  for (int k = 1; k < kHorizon; ++k) powers[k] = a * powers[k - 1];
  for (int k = 0; k < kHorizon; ++k) {
    aqp.middleRows(kStates * k, kStates) = power;
    power = a * power;
    for (int j = 0; j <= k; ++j) bqp.block(kStates * k, m * j, kStates, m) = powers[k - j] * b;
  }

  // Pushed robot asked to trot forward at 1 m/s: sideways velocity, roll and roll rate to reject.
  Eigen::VectorXd x0 = Eigen::VectorXd::Zero(kStates);
  if (pushed) {
    x0 << 0.15, -0.05, 0.0, 0.0, 0.0, 0.27, 1.2, 0.3, -0.5, 0.2, -0.6, -0.1, 9.81;
  } else {
    x0 << 0.0, 0.0, 0.0, 0.0, 0.0, 0.3, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 9.81;
  }
  Eigen::VectorXd xref = Eigen::VectorXd::Zero(kStates * kHorizon);
  for (int k = 0; k < kHorizon; ++k) {
    Eigen::VectorXd s = Eigen::VectorXd::Zero(kStates);
    s(3) = 1.0 * kDt * (k + 1);
    s(5) = 0.3;
    s(9) = 1.0;
    s(12) = 9.81;
    xref.segment(kStates * k, kStates) = s;
  }
  Eigen::VectorXd weights(kStates);
  weights << 25, 25, 10, 2, 2, 50, 1, 1, 0.3, 20, 20, 1, 0;
  const Eigen::VectorXd q = weights.replicate(kHorizon, 1);
  const double alpha = 1e-5;

  QpProblem p;
  p.H = 2.0 * (bqp.transpose() * q.asDiagonal() * bqp);
  p.H.diagonal().array() += 2.0 * alpha;
  p.H = 0.5 * (p.H + p.H.transpose()).eval();
  p.g = 2.0 * bqp.transpose() * q.asDiagonal() * (aqp * x0 - xref);

  const int feet_steps = kHorizon * stance_feet;
  const int rows = feet_steps * (fz_bounds ? 4 : 6);
  p.C = Eigen::MatrixXd::Zero(rows, n);
  p.d = Eigen::VectorXd::Zero(rows);
  int r = 0;
  for (int f = 0; f < feet_steps; ++f) {
    const int ix = 3 * f, iy = 3 * f + 1, iz = 3 * f + 2;
    for (int axis : {ix, iy}) {
      for (double sign : {1.0, -1.0}) {  // mu fz - sign f_axis >= 0
        p.C(r, iz) = kMu;
        p.C(r, axis) = -sign;
        ++r;
      }
    }
    if (!fz_bounds) {
      p.C(r, iz) = 1.0;
      ++r;
      p.C(r, iz) = -1.0;
      p.d(r) = -kFmax;
      ++r;
    }
  }
  if (fz_bounds) {
    const double inf = std::numeric_limits<double>::infinity();
    p.lb = Eigen::VectorXd::Constant(n, -inf);
    p.ub = Eigen::VectorXd::Constant(n, inf);
    for (int f = 0; f < feet_steps; ++f) {
      p.lb(3 * f + 2) = 0.0;
      p.ub(3 * f + 2) = kFmax;
    }
  }
  return p;
}

// Whole-body-QP-like problem: n = 50 (accelerations, contact wrenches, torques), 25 equalities
// (floating-base dynamics, contact and task constraints), 60 inequalities (torque, friction,
// CoP and acceleration limits), dense rows, task-space least-squares cost with regularisation.
QpProblem MakeWbcProblem(unsigned seed) {
  constexpr int kN = 50, kEq = 25, kIn = 60, kTasks = 40;
  std::mt19937 rng(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  auto randn = [&](int rows, int cols) {
    Eigen::MatrixXd m(rows, cols);
    for (int j = 0; j < cols; ++j)
      for (int i = 0; i < rows; ++i) m(i, j) = normal(rng);
    return m;
  };
  QpProblem p;
  const Eigen::MatrixXd j = randn(kTasks, kN);
  const Eigen::VectorXd task_ref = 5.0 * randn(kTasks, 1).col(0);
  p.H = j.transpose() * j + 1e-3 * Eigen::MatrixXd::Identity(kN, kN);
  p.g = -j.transpose() * task_ref;
  const Eigen::VectorXd x_feas = randn(kN, 1).col(0);
  p.A_eq = randn(kEq, kN);
  p.b_eq = p.A_eq * x_feas;
  p.C = randn(kIn, kN);
  p.d.resize(kIn);
  for (int i = 0; i < kIn; ++i) p.d(i) = p.C.row(i).dot(x_feas) - 2.0 * uniform(rng);
  return p;
}

void Report(benchmark::State& state, const QpProblem& p) {
  DenseQpSolver solver;
  QpSolution solution;
  if (solver.Solve(p, &solution) != QpStatus::kSolved) {
    state.SkipWithError("problem not solved");
    return;
  }
  int active = 0;
  for (int i = 0; i < solution.z_in.size(); ++i) active += solution.z_in(i) > 0.0;
  for (int i = 0; i < solution.z_lb.size(); ++i) active += solution.z_lb(i) > 0.0;
  for (int i = 0; i < solution.z_ub.size(); ++i) active += solution.z_ub(i) > 0.0;
  for (auto _ : state) {
    solver.Solve(p, &solution);
    benchmark::DoNotOptimize(solution.x.data());
    benchmark::ClobberMemory();
  }
  state.counters["n"] = static_cast<double>(p.H.rows());
  state.counters["m_eq"] = static_cast<double>(p.A_eq.rows());
  state.counters["m_in"] = static_cast<double>(p.C.rows());
  state.counters["bounds"] =
      static_cast<double>(p.lb.array().isFinite().count() + p.ub.array().isFinite().count());
  state.counters["qp_iters"] = solution.iterations;
  state.counters["active_ineq"] = active;
}

void BM_MpcFrictionPyramid(benchmark::State& state) {
  Report(state, MakeMpcProblem(static_cast<int>(state.range(0)), false));
}

void BM_MpcFrictionPyramidFzBounds(benchmark::State& state) {
  Report(state, MakeMpcProblem(static_cast<int>(state.range(0)), true));
}

void BM_MpcSteady(benchmark::State& state) {
  Report(state, MakeMpcProblem(static_cast<int>(state.range(0)), false, /*pushed=*/false));
}

void BM_WholeBodyQp(benchmark::State& state) { Report(state, MakeWbcProblem(42)); }

// Arg: stance feet (2 -> n = 60, 4 -> n = 120).
BENCHMARK(BM_MpcFrictionPyramid)
    ->Arg(2)
    ->Arg(4)
    ->Unit(benchmark::kMicrosecond)
    ->MinTime(0.1)
    ->Repetitions(9)
    ->ReportAggregatesOnly(true);
BENCHMARK(BM_MpcFrictionPyramidFzBounds)
    ->Arg(2)
    ->Arg(4)
    ->Unit(benchmark::kMicrosecond)
    ->MinTime(0.1)
    ->Repetitions(9)
    ->ReportAggregatesOnly(true);
BENCHMARK(BM_MpcSteady)
    ->Arg(2)
    ->Arg(4)
    ->Unit(benchmark::kMicrosecond)
    ->MinTime(0.1)
    ->Repetitions(9)
    ->ReportAggregatesOnly(true);
BENCHMARK(BM_WholeBodyQp)
    ->Unit(benchmark::kMicrosecond)
    ->MinTime(0.1)
    ->Repetitions(9)
    ->ReportAggregatesOnly(true);

}  // namespace
}  // namespace stuntsim
