#include "stuntsim/controllers/humanoid/whole_body_qp.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace stuntsim {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
// Rows of the wrench cone of one sole (friction 4, centre of pressure 4, torsion 2).
constexpr int kConeRows = 10;

Eigen::Matrix3d Skew(const Eigen::Vector3d& v) {
  Eigen::Matrix3d s;
  s << 0, -v.z(), v.y(), v.z(), 0, -v.x(), -v.y(), v.x(), 0;
  return s;
}

// Largest speed towards a limit `distance` away (rad) from which the joint can still stop there
// braking at `decel` (rad/s^2); zero at or past the limit (the joint PD's reference, clamped inside
// the range, brings it back: a hard push back here fought the stance contacts under sensor noise).
double StoppingSpeed(double distance, double decel) {
  return std::sqrt(2.0 * decel * std::max(distance, 0.0));
}

// The joint's motor; a joint without a motor model gets its symmetric torque limit.
MotorLimits MotorOf(const JointInfo& joint) {
  if (joint.motor.peak_torque > 0) return joint.motor;
  MotorLimits m;
  m.peak_torque = joint.tau_max;
  return m;
}

}  // namespace

void WholeBodyQp::Reset(const RobotInfo& robot, const WbcParams& params) {
  if (robot.feet.size() != 2 || robot.hands.size() != 2) {
    throw std::invalid_argument("WholeBodyQp: robot '" + robot.name + "' needs 2 feet and 2 hands, has " +
                                std::to_string(robot.feet.size()) + " and " +
                                std::to_string(robot.hands.size()));
  }
  params_ = params;
  nv_ = robot.nv;
  nj_ = robot.nj();
  joint_dof_.resize(nj_);
  for (int j = 0; j < nj_; ++j) joint_dof_[j] = robot.joints[j].dof;
  for (int nc = 0; nc < 3; ++nc) {
    Layout& l = layouts_[nc];
    const int n = nv_ + 6 * nc, m_eq = 6 + 6 * nc, m_in = kConeRows * nc + 2 * nj_;
    l.h.setZero(n, n);
    l.g.setZero(n);
    l.a_eq.setZero(m_eq, n);
    l.b_eq.setZero(m_eq);
    l.c.setZero(m_in, n);
    l.d.setZero(m_in);
    l.lb.setConstant(n, -kInf);
    l.ub.setConstant(n, kInf);
    l.solution = QpSolution();
    // Size the solver's workspace and the solution now, so that the first solve of each layout
    // (the first step of a walk, say) does not allocate.
    l.h.setIdentity();
    l.solver.Solve(l.h, l.g, l.a_eq, l.b_eq, l.c, l.d, l.lb, l.ub, &l.solution);
  }
  for (int k = 0; k < 2; ++k) {
    foot_rate_[k].Reset(6, nv_);
    hand_rate_[k].Reset(3, nv_);
  }
  com_rate_.Reset(3, nv_);
  angmom_rate_.Reset(3, nv_);
  angmom_matrix_.setZero(3, nv_);
  contact_map_.setZero(nv_, 12);
  torque_relaxations_ = 0;
  joint_bound_relaxations_ = 0;
  weighted_.setZero(6, nv_);
  rhs_.setZero(6);
}

void WholeBodyQp::PrepareSolution(WbcSolution* solution) const {
  solution->qdd.setZero(nv_);
  solution->tau.setZero(nj_);
  solution->wrench_local = {Vector6d::Zero(), Vector6d::Zero()};
}

void WholeBodyQp::PrepareTargets(WbcTargets* targets) const {
  *targets = WbcTargets();
  targets->joint_acc.setZero(nj_);
  targets->joint_weight.setZero(nj_);
}

void WholeBodyQp::AddTask(const Eigen::Ref<const Eigen::MatrixXd>& a,
                          const Eigen::Ref<const Eigen::VectorXd>& b,
                          const Eigen::Ref<const Eigen::VectorXd>& weight, Layout& layout) {
  const int rows = static_cast<int>(a.rows());
  if (weight.maxCoeff() <= 0) return;
  auto wa = weighted_.topRows(rows);
  wa.noalias() = weight.asDiagonal() * a;
  layout.h.topLeftCorner(nv_, nv_).noalias() += a.transpose() * wa;
  auto wb = rhs_.head(rows);
  wb = weight.cwiseProduct(b);
  layout.g.head(nv_).noalias() -= a.transpose() * wb;
}

void WholeBodyQp::BuildAngularMomentumMatrix(const RobotState& state, double mass) {
  const Dynamics& dyn = state.dynamics;
  // Rows 3-5 of M times qvel are the angular momentum about the base origin in the base frame
  // (the free joint's angular velocity is in the base frame); rotate to the world and shift to
  // the centre of mass: L_com = L_origin - (c - p) x m v_com.
  angmom_matrix_.noalias() = state.base_rot_world * dyn.mass_matrix.middleRows(3, 3);
  angmom_matrix_.noalias() -= (mass * Skew(dyn.com_pos_world - state.base_pos_world)) * dyn.com_jacobian;
}

void WholeBodyQp::SetJointBounds(const RobotInfo& robot, const RobotState& state, Layout& l) const {
  const Eigen::MatrixXd& mass = state.dynamics.mass_matrix;
  for (int j = 0; j < nj_; ++j) {
    const JointInfo& joint = robot.joints[j];
    const int d = joint_dof_[j];
    const double q = state.joint_q[j], dq = state.joint_dq[j];
    const MotorLimits motor = MotorOf(joint);
    double v_hi = params_.speed_fraction * motor.max_speed, v_lo = -v_hi;
    if (!joint.is_wheel && std::isfinite(joint.q_min) && std::isfinite(joint.q_max)) {
      // Stop before the margin, braking with part of the peak torque: a fast joint starts
      // braking early enough instead of running into its stop.
      const double decel = params_.brake_fraction * motor.peak_torque / std::max(mass(d, d), 1e-6);
      const double margin = std::min(params_.joint_margin, 0.25 * (joint.q_max - joint.q_min));
      v_hi = std::min(v_hi, StoppingSpeed(joint.q_max - margin - q, decel));
      v_lo = std::max(v_lo, -StoppingSpeed(q - joint.q_min - margin, decel));
      v_lo = std::min(v_lo, v_hi);
    }
    l.lb(d) = std::isfinite(v_lo) ? (v_lo - dq) / params_.limit_horizon : -kInf;
    l.ub(d) = std::isfinite(v_hi) ? (v_hi - dq) / params_.limit_horizon : kInf;
  }
}

QpStatus WholeBodyQp::Solve(const RobotInfo& robot, const RobotState& state, const WbcTargets& targets,
                            WbcSolution* out) {
  const Dynamics& dyn = state.dynamics;
  const double time = state.time;
  const Eigen::VectorXd& qvel = state.qvel;

  // Drift terms Jdot qvel, updated every tick so their history stays one tick old.
  for (int k = 0; k < 2; ++k) {
    foot_rate_[k].Update(state.feet[k].jacobian, qvel, time);
    hand_rate_[k].Update(state.hands[k].jacobian.topRows(3), qvel, time);
  }
  com_rate_.Update(dyn.com_jacobian, qvel, time);
  BuildAngularMomentumMatrix(state, robot.mass);
  angmom_rate_.Update(angmom_matrix_, qvel, time);
  angmom_.noalias() = angmom_matrix_ * qvel;

  int stance[2], nc = 0;
  for (int k = 0; k < 2; ++k) {
    if (targets.stance[k]) stance[nc++] = k;
  }
  Layout& l = layouts_[nc];
  const int n = nv_ + 6 * nc;

  // Cost.
  l.h.setZero();
  l.g.setZero();
  l.h.diagonal().head(nv_).array() += params_.reg_qdd;
  for (int i = 0; i < nc; ++i) {
    l.h.diagonal().segment(nv_ + 6 * i, 3).array() += params_.reg_force;
    l.h.diagonal().segment(nv_ + 6 * i + 3, 3).array() += params_.reg_moment;
  }
  {
    const Eigen::Vector3d b = targets.com_acc - com_rate_.drift();
    AddTask(dyn.com_jacobian, b, targets.com_weight, l);
  }
  // The pelvis angular velocity (world) is R w_body, whose derivative is R dw_body: no drift.
  AddTask(dyn.base_jacobian.bottomRows(3), targets.base_angacc, targets.base_weight, l);
  {
    const Eigen::Vector3d b = targets.angmom_rate - angmom_rate_.drift();
    AddTask(angmom_matrix_, b, targets.angmom_weight, l);
  }
  for (int k = 0; k < 2; ++k) {
    if (!targets.stance[k]) {
      const Vector6d b = targets.foot_acc[k] - foot_rate_[k].drift();
      AddTask(state.feet[k].jacobian, b, targets.foot_weight[k], l);
    }
    if (targets.hand_weight[k] > 0) {
      const Eigen::Vector3d b = targets.hand_acc[k] - hand_rate_[k].drift();
      AddTask(state.hands[k].jacobian.topRows(3), b, Eigen::Vector3d::Constant(targets.hand_weight[k]), l);
    }
  }
  for (int j = 0; j < nj_; ++j) {
    const int d = joint_dof_[j];
    l.h(d, d) += targets.joint_weight[j];
    l.g(d) -= targets.joint_weight[j] * targets.joint_acc[j];
  }

  // Contact maps J_k^T X_k (nv x 6) of the stance feet.
  for (int i = 0; i < nc; ++i) {
    const EndEffectorState& foot = state.feet[stance[i]];
    auto map = contact_map_.middleCols(6 * i, 6);
    map.leftCols(3).noalias() = foot.jacobian.topRows(3).transpose() * foot.rot_world;
    map.rightCols(3).noalias() = foot.jacobian.bottomRows(3).transpose() * foot.rot_world;
  }

  // Equalities: floating-base dynamics, then stance feet at rest.
  l.a_eq.setZero();
  l.a_eq.topLeftCorner(6, nv_) = dyn.mass_matrix.topRows(6);
  l.b_eq.head(6) = -dyn.bias.head(6);
  for (int i = 0; i < nc; ++i) {
    const EndEffectorState& foot = state.feet[stance[i]];
    l.a_eq.block(0, nv_ + 6 * i, 6, 6) = -contact_map_.block(0, 6 * i, 6, 6);
    l.a_eq.block(6 + 6 * i, 0, 6, nv_) = foot.jacobian;
    l.b_eq.segment(6 + 6 * i, 6).noalias() = -params_.contact_damping * (foot.jacobian * qvel);
    l.b_eq.segment(6 + 6 * i, 6) -= foot_rate_[stance[i]].drift();
  }

  // Inequalities: wrench cones, then torque limits.
  l.c.setZero();
  const double mu = params_.friction, mt = params_.torsion;
  for (int i = 0; i < nc; ++i) {
    const int r = kConeRows * i, c = nv_ + 6 * i;  // wrench (fx fy fz mx my mz) at c..c+5
    const int fx = c, fy = c + 1, fz = c + 2, mx = c + 3, my = c + 4, mz = c + 5;
    auto row = [&](int k, int var, double coef) { l.c(r + k, var) = coef; };
    row(0, fz, mu), row(0, fx, -1);
    row(1, fz, mu), row(1, fx, 1);
    row(2, fz, mu), row(2, fy, -1);
    row(3, fz, mu), row(3, fy, 1);
    // Centre of pressure: x = -m_y / f_z, y = m_x / f_z.
    row(4, fz, params_.cop_x_max), row(4, my, 1);
    row(5, fz, -params_.cop_x_min), row(5, my, -1);
    row(6, fz, params_.cop_y), row(6, mx, -1);
    row(7, fz, params_.cop_y), row(7, mx, 1);
    row(8, fz, mt), row(8, mz, -1);
    row(9, fz, mt), row(9, mz, 1);
    l.lb(fz) = params_.fz_min;
    l.ub(fz) = params_.fz_max;
  }
  l.d.head(kConeRows * nc).setZero();
  const int t0 = kConeRows * nc;
  for (int j = 0; j < nj_; ++j) {
    const JointInfo& joint = robot.joints[j];
    const int d = joint_dof_[j];
    const double dq = state.joint_dq[j];
    // What the motor can give at this speed, less a reserve for the joint PD, less what the
    // joint's own damping and friction take before the torque reaches the link.
    const MotorLimits motor = MotorOf(joint);
    const TorqueRange envelope = TorqueEnvelope(motor, dq);
    const double reserve = (1.0 - params_.torque_fraction) * motor.peak_torque;
    const double passive = PassiveTorque(joint, dq);
    const double lo = envelope.lo + reserve - passive;
    const double hi = std::max(envelope.hi - reserve - passive, lo);
    // tau_j = M_d qdd + h_d - sum_k map_k(d, :) w_k.
    l.c.row(t0 + 2 * j).head(nv_) = dyn.mass_matrix.row(d);
    for (int i = 0; i < nc; ++i)
      l.c.row(t0 + 2 * j).segment(nv_ + 6 * i, 6) = -contact_map_.block(d, 6 * i, 1, 6);
    l.c.row(t0 + 2 * j + 1).head(n) = -l.c.row(t0 + 2 * j).head(n);
    l.d(t0 + 2 * j) = lo - dyn.bias(d);
    l.d(t0 + 2 * j + 1) = -hi + dyn.bias(d);
  }
  SetJointBounds(robot, state, l);

  QpStatus status = l.solver.Solve(l.h, l.g, l.a_eq, l.b_eq, l.c, l.d, l.lb, l.ub, &l.solution);
  if (status != QpStatus::kSolved) {
    // Torque limits can make the problem infeasible (the motion asked for needs more torque than
    // the joints have); solve without them and let the simulator clamp.
    ++torque_relaxations_;
    status = l.solver.Solve(l.h, l.g, l.a_eq, l.b_eq, l.c.topRows(t0), l.d.head(t0), l.lb, l.ub, &l.solution);
  }
  if (status != QpStatus::kSolved) {
    // The joint bounds can conflict with the contact constraints (a stance leg near its range):
    // the contacts win, and the joint PD's clamped reference and the stops take over.
    ++joint_bound_relaxations_;
    for (int j = 0; j < nj_; ++j) {
      l.lb(joint_dof_[j]) = -kInf;
      l.ub(joint_dof_[j]) = kInf;
    }
    status = l.solver.Solve(l.h, l.g, l.a_eq, l.b_eq, l.c.topRows(t0), l.d.head(t0), l.lb, l.ub, &l.solution);
  }
  out->status = status;
  out->iterations = l.solution.iterations;
  if (status != QpStatus::kSolved) return status;

  const Eigen::VectorXd& x = l.solution.x;
  out->qdd = x.head(nv_);
  out->wrench_local[0].setZero();
  out->wrench_local[1].setZero();
  for (int i = 0; i < nc; ++i) out->wrench_local[stance[i]] = x.segment<6>(nv_ + 6 * i);
  for (int j = 0; j < nj_; ++j) {
    const int d = joint_dof_[j];
    double tau = dyn.mass_matrix.row(d).dot(out->qdd) + dyn.bias(d);
    for (int i = 0; i < nc; ++i) tau -= contact_map_.row(d).segment<6>(6 * i).dot(x.segment<6>(nv_ + 6 * i));
    out->tau[j] = tau;
  }
  return status;
}

}  // namespace stuntsim
