// Convex MPC: the trivial standing case against physics you can check by hand, the prediction
// against an independent integration, optimality against perturbations, constraints, and no
// allocation after Reset.
#include <gtest/gtest.h>

#include <atomic>
#include <algorithm>
#include <cmath>
#include <cstddef>

#include "stuntsim/controllers/quadruped/body_state.h"
#include "stuntsim/controllers/quadruped/convex_mpc.h"

// Counts heap allocations while g_count_allocations is set (glibc only): every path (operator
// new, Eigen's aligned malloc) ends in malloc, which this executable interposes.
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__) && !defined(STUNTSIM_SANITIZED)
#define STUNTSIM_COUNT_MALLOC 1
static std::atomic<bool> g_count_allocations{false};
static std::atomic<int> g_allocations{0};
extern "C" void* __libc_malloc(size_t size);
extern "C" void* malloc(size_t size) {
  if (g_count_allocations.load(std::memory_order_relaxed)) g_allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_malloc(size);
}
#endif

namespace stuntsim {
namespace {

constexpr double kMass = 15.0, kG = 9.81;
const Eigen::Matrix3d kInertia = Eigen::Vector3d(0.1, 0.3, 0.35).asDiagonal();

MpcState StandingState(double com_x = 0.0) {
  MpcState x;
  x.com_pos = Eigen::Vector3d(com_x, 0, 0.27);
  const double fx[4] = {0.19, 0.19, -0.19, -0.19}, fy[4] = {0.14, -0.14, 0.14, -0.14};
  for (int l = 0; l < 4; ++l) x.foot_rel[l] = Eigen::Vector3d(fx[l] - com_x, fy[l], -0.27);
  return x;
}

void HoldReference(ConvexMpc& mpc, const MpcState& x) {
  for (int k = 0; k < mpc.params().horizon; ++k) {
    mpc.reference().col(k).setZero();
    mpc.reference().col(k).segment<3>(0) = x.rpy;
    mpc.reference().col(k).segment<3>(3) = x.com_pos;
  }
}

TEST(QuadrupedMpc, StandingStillCarriesTheWeightWithNoMoment) {
  ConvexMpc mpc;
  mpc.Reset(ConvexMpcParams(), kMass, kInertia);
  for (double com_x : {0.0, 0.05, -0.08}) {
    const MpcState x = StandingState(com_x);
    HoldReference(mpc, x);
    mpc.contact().setOnes();
    ASSERT_EQ(mpc.Solve(x), QpStatus::kSolved);
    Eigen::Vector3d force = Eigen::Vector3d::Zero(), moment = Eigen::Vector3d::Zero();
    Eigen::Vector2d cop = Eigen::Vector2d::Zero();
    for (int l = 0; l < 4; ++l) {
      const Eigen::Vector3d& f = mpc.force(l);
      force += f;
      moment += x.foot_rel[l].cross(f);
      cop += f.z() * (x.com_pos + x.foot_rel[l]).head<2>();
      // Inside the friction pyramid and the normal force bounds.
      EXPECT_GE(f.z(), -1e-9);
      EXPECT_LE(f.z(), mpc.params().f_max + 1e-9);
      EXPECT_LE(std::abs(f.x()), mpc.params().mu * f.z() + 1e-9);
      EXPECT_LE(std::abs(f.y()), mpc.params().mu * f.z() + 1e-9);
    }
    cop /= force.z();
    // Forces sum to m g; no moment about the centre of mass; the centre of pressure under it.
    EXPECT_NEAR(force.z(), kMass * kG, 0.01 * kMass * kG) << com_x;
    EXPECT_NEAR(force.x(), 0.0, 0.5);
    EXPECT_NEAR(force.y(), 0.0, 0.5);
    EXPECT_LT(moment.norm(), 0.2) << com_x;
    EXPECT_NEAR(cop.x(), com_x, 0.005) << com_x;
    EXPECT_NEAR(cop.y(), 0.0, 0.005);
    // The plan holds the state.
    EXPECT_NEAR(mpc.predicted().col(mpc.params().horizon - 1)(5), x.com_pos.z(), 0.002);
  }
}

TEST(QuadrupedMpc, FeetOutOfContactGetNoForce) {
  ConvexMpc mpc;
  mpc.Reset(ConvexMpcParams(), kMass, kInertia);
  const MpcState x = StandingState();
  HoldReference(mpc, x);
  mpc.contact().setOnes();
  mpc.contact().row(1).setZero();  // FR in swing all horizon
  mpc.contact().row(2).setZero();  // RL in swing all horizon (a trot stance)
  ASSERT_EQ(mpc.Solve(x), QpStatus::kSolved);
  EXPECT_EQ(mpc.num_variables(), 3 * 2 * mpc.params().horizon) << "swing feet are not variables";
  EXPECT_EQ(mpc.force(1).norm(), 0.0);
  EXPECT_EQ(mpc.force(2).norm(), 0.0);
  EXPECT_NEAR(mpc.force(0).z() + mpc.force(3).z(), kMass * kG, 0.05 * kMass * kG);
}

// Integrates the continuous single-rigid-body dynamics the MPC is built on, with the planned
// forces held per step, in 1000 substeps per step.
Eigen::Matrix<double, 12, 1> Integrate(const MpcState& x0, const ConvexMpc& mpc, const Eigen::MatrixXd& forces,
                                       int steps, double* cost) {
  const double dt = mpc.params().dt;
  const Eigen::Matrix3d inertia_inv = (x0.rot * kInertia * x0.rot.transpose()).inverse();
  const double cy = std::cos(x0.rpy.z()), sy = std::sin(x0.rpy.z());
  Eigen::Matrix3d rz_t;
  rz_t << cy, sy, 0, -sy, cy, 0, 0, 0, 1;
  Eigen::Matrix<double, 12, 1> x;
  x << x0.rpy, x0.com_pos, x0.angvel, x0.com_vel;
  if (cost) *cost = 0;
  for (int k = 0; k < steps; ++k) {
    Eigen::Vector3d f = Eigen::Vector3d::Zero(), tau = Eigen::Vector3d::Zero();
    for (int l = 0; l < 4; ++l) {
      f += forces.col(k).segment<3>(3 * l);
      tau += x0.foot_rel[l].cross(forces.col(k).segment<3>(3 * l));
    }
    const int sub = 1000;
    for (int s = 0; s < sub; ++s) {
      Eigen::Matrix<double, 12, 1> xd;
      xd << rz_t * x.segment<3>(6), x.segment<3>(9), inertia_inv * tau, f / kMass - Eigen::Vector3d(0, 0, kG);
      x += (dt / sub) * xd;
    }
    if (cost) {
      const Eigen::Matrix<double, 12, 1> e = x - const_cast<ConvexMpc&>(mpc).reference().col(k);
      for (int i = 0; i < 12; ++i) *cost += 0.5 * mpc.params().weights[i] * e[i] * e[i];
      for (int l = 0; l < 4; ++l) {
        Eigen::Vector3d dev = forces.col(k).segment<3>(3 * l);
        const int n = const_cast<ConvexMpc&>(mpc).contact().col(k).cast<int>().sum();
        if (const_cast<ConvexMpc&>(mpc).contact()(l, k)) dev.z() -= kMass * kG / n;
        *cost += 0.5 * mpc.params().force_weight * dev.squaredNorm();
      }
    }
  }
  return x;
}

MpcState MovingState() {
  MpcState x = StandingState();
  x.rpy = Eigen::Vector3d(0.05, -0.03, 0.4);
  x.rot = RotationFromRpy(x.rpy);
  x.com_vel = Eigen::Vector3d(0.5, 0.1, -0.1);
  x.angvel = Eigen::Vector3d(0.2, -0.1, 0.3);
  return x;
}

void TrotReference(ConvexMpc& mpc) {
  const double dt = mpc.params().dt;
  for (int k = 0; k < mpc.params().horizon; ++k) {
    mpc.reference().col(k) << 0, 0, 0.4 + 0.1 * (k + 1) * dt, 0.6 * (k + 1) * dt, 0, 0.27, 0, 0, 0.1, 0.6, 0, 0;
    for (int l = 0; l < 4; ++l) mpc.contact()(l, k) = (l == 0 || l == 3) ? (k < 5) : (k >= 4);
  }
}

TEST(QuadrupedMpc, PredictionMatchesTheContinuousModel) {
  ConvexMpc mpc;
  mpc.Reset(ConvexMpcParams(), kMass, kInertia);
  const MpcState x = MovingState();
  TrotReference(mpc);
  ASSERT_EQ(mpc.Solve(x), QpStatus::kSolved);
  for (int k = 1; k <= mpc.params().horizon; ++k) {
    const Eigen::Matrix<double, 12, 1> xk = Integrate(x, mpc, mpc.planned_forces(), k, nullptr);
    EXPECT_LT((xk - mpc.predicted().col(k - 1)).cwiseAbs().maxCoeff(), 1e-4) << "step " << k;
  }
}

TEST(QuadrupedMpc, NoFeasiblePerturbationImprovesTheCost) {
  ConvexMpc mpc;
  mpc.Reset(ConvexMpcParams(), kMass, kInertia);
  const MpcState x = MovingState();
  TrotReference(mpc);
  ASSERT_EQ(mpc.Solve(x), QpStatus::kSolved);
  const int n = mpc.params().horizon;
  double best;
  Integrate(x, mpc, mpc.planned_forces(), n, &best);
  std::srand(7);
  int tried = 0;
  for (int trial = 0; trial < 300; ++trial) {
    // A random step, projected back into the friction pyramids and force bounds.
    Eigen::MatrixXd u = mpc.planned_forces() + Eigen::MatrixXd::Random(12, n) * 1.0;
    for (int k = 0; k < n; ++k) {
      for (int l = 0; l < 4; ++l) {
        auto f = u.col(k).segment<3>(3 * l);
        if (!mpc.contact()(l, k)) {
          f.setZero();
          continue;
        }
        f.z() = std::clamp(f.z(), 0.0, mpc.params().f_max);
        const double lim = mpc.params().mu * f.z();
        f.x() = std::clamp(f.x(), -lim, lim);
        f.y() = std::clamp(f.y(), -lim, lim);
      }
    }
    ++tried;
    double cost;
    Integrate(x, mpc, u, n, &cost);
    EXPECT_GE(cost, best - 1e-7 * std::abs(best)) << "trial " << trial;
  }
  EXPECT_GT(tried, 20);
}

TEST(QuadrupedMpc, SolveDoesNotAllocateAfterReset) {
#ifndef STUNTSIM_COUNT_MALLOC
  GTEST_SKIP() << "allocation counting needs glibc without sanitizers";
#endif
  ConvexMpc mpc;
  mpc.Reset(ConvexMpcParams(), kMass, kInertia);
  const MpcState x = MovingState();
  TrotReference(mpc);
#ifdef STUNTSIM_COUNT_MALLOC
  g_allocations = 0;
  g_count_allocations = true;
  for (int i = 0; i < 5; ++i) mpc.Solve(x);
  // Every contact pattern size, from one foot at one step to all feet at all steps.
  for (int blocks = 1; blocks <= 4 * mpc.params().horizon; ++blocks) {
    mpc.contact().setZero();
    for (int b = 0; b < blocks; ++b) mpc.contact()(b % 4, b / 4) = 1;
    mpc.Solve(StandingState());
  }
  g_count_allocations = false;
  EXPECT_EQ(g_allocations.load(), 0);
#endif
}

}  // namespace
}  // namespace stuntsim
