#pragma once

#include <Eigen/Core>
#include <array>

#include "stuntsim/controllers/humanoid/jacobian_rate.h"
#include "stuntsim/controllers/qp/dense_qp.h"
#include "stuntsim/controllers/robot_info.h"
#include "stuntsim/controllers/robot_state.h"

namespace stuntsim {

/// 6-vector: linear part then angular part.
using Vector6d = Eigen::Matrix<double, 6, 1>;

/// What the whole-body QP should achieve this tick: desired task-space accelerations (already
/// containing the task PD feedback) and their weights. World frame unless a name says otherwise.
/// A weight of 0 switches a task off.
struct WbcTargets {
  /// Feet in stance (RobotInfo::feet order: left, right): zero contact acceleration is an
  /// equality and the foot carries a contact wrench; other feet follow `foot_acc`.
  std::array<bool, 2> stance = {true, true};
  /// Centre-of-mass acceleration, m/s^2, and per-axis weight.
  Eigen::Vector3d com_acc = Eigen::Vector3d::Zero();
  Eigen::Vector3d com_weight = Eigen::Vector3d::Zero();
  /// Pelvis angular acceleration, rad/s^2, and per-axis weight (world axes).
  Eigen::Vector3d base_angacc = Eigen::Vector3d::Zero();
  Eigen::Vector3d base_weight = Eigen::Vector3d::Zero();
  /// Rate of the centroidal angular momentum (about the centre of mass), N*m, and per-axis weight.
  Eigen::Vector3d angmom_rate = Eigen::Vector3d::Zero();
  Eigen::Vector3d angmom_weight = Eigen::Vector3d::Zero();
  /// Swing-foot site acceleration (linear m/s^2, angular rad/s^2) and weights; ignored in stance.
  std::array<Vector6d, 2> foot_acc = {Vector6d::Zero(), Vector6d::Zero()};
  std::array<Vector6d, 2> foot_weight = {Vector6d::Zero(), Vector6d::Zero()};
  /// Hand site linear acceleration, m/s^2, and weight (RobotInfo::hands order).
  std::array<Eigen::Vector3d, 2> hand_acc = {Eigen::Vector3d::Zero(), Eigen::Vector3d::Zero()};
  std::array<double, 2> hand_weight = {0, 0};
  /// Joint accelerations (nj, controller order), rad/s^2, and per-joint weights (nj).
  Eigen::VectorXd joint_acc, joint_weight;
};

/// Constants of the QP: contact model, limits, regularization.
struct WbcParams {
  /// Friction coefficient of the linearized cone (pyramid) at the soles (model: 0.9).
  double friction = 0.6;
  /// Torsional friction: |m_z| <= torsion * f_z, m.
  double torsion = 0.02;
  /// Centre-of-pressure box in the sole (foot site) frame, m: x from cop_x_min to cop_x_max,
  /// |y| <= cop_y. The sole is 0.20 x 0.07 m centred on the site.
  double cop_x_min = -0.075, cop_x_max = 0.075, cop_y = 0.025;
  /// Normal force bounds per stance foot, N.
  double fz_min = 5.0, fz_max = 1500.0;
  /// Fraction of each joint's peak torque kept back for the joint PD: the QP's torque bound is
  /// the motor's envelope at the present speed (TorqueEnvelope) shrunk by (1 - torque_fraction)
  /// peak on both sides, less the torque the joint's damping and friction take (PassiveTorque).
  double torque_fraction = 0.9;
  /// Joint ranges and speeds: joint accelerations are bounded so that every joint stays below
  /// speed_fraction of its motor's no-load speed and can stop joint_margin (rad) inside its range,
  /// braking at brake_fraction of its peak torque over its own inertia (mass-matrix diagonal). A
  /// speed bound is reached within limit_horizon (s); a joint past its margin may not move further
  /// out (TorqueOutput's reference, clamped inside the range, brings it back).
  double speed_fraction = 0.85, joint_margin = 0.015, brake_fraction = 0.4;
  double limit_horizon = 0.01;
  /// Stance-foot velocity damping: contact acceleration = -contact_damping * foot velocity, 1/s.
  double contact_damping = 10.0;
  /// Regularization on joint accelerations and on contact forces and moments.
  double reg_qdd = 1e-6, reg_force = 1e-6, reg_moment = 1e-4;
};

/// Result of one solve.
struct WbcSolution {
  /// QP status; on failure the other fields keep the last good values.
  QpStatus status = QpStatus::kInvalidInput;
  /// Generalized accelerations (nv), MuJoCo qacc convention.
  Eigen::VectorXd qdd;
  /// Joint torques (nj, controller order) from the actuated rows of the dynamics, N*m.
  Eigen::VectorXd tau;
  /// Contact wrench per foot at its site in the sole frame (force N, moment N*m); zero in swing.
  std::array<Vector6d, 2> wrench_local = {Vector6d::Zero(), Vector6d::Zero()};
  /// Active-set iterations of the QP.
  int iterations = 0;
};

/// Task-space inverse dynamics as one weighted QP (in the manner of TSID and legged_control's
/// WeightedWbc, written for this robot model):
///
///   x = [qdd (nv); w_k (6 per stance foot, sole frame)]
///   min  sum_i |W_i (A_i qdd + Adot_i qvel - a_i)|^2 + regularization
///   s.t. M_b qdd + h_b = sum_k J_kb^T X_k w_k           (6 floating-base rows of the dynamics)
///        J_k qdd + Jdot_k qvel = -d v_k                  (stance feet do not move)
///        w_k in the sole's wrench cone (friction pyramid, CoP in the sole, torsion, f_z bounds)
///        tau_lo <= M_a qdd + h_a - J_ka^T X_k w_k <= tau_hi  (motor envelope at the present speed)
///        qdd_lo <= qdd_a <= qdd_hi                       (joint ranges and speeds, see WbcParams)
///
/// with X_k = blockdiag(R_k, R_k) rotating the sole-frame wrench to the world and J_k the 6 x nv
/// site Jacobian. Torques come from the actuated rows. One problem layout per number of stance
/// feet (0, 1, 2), each with its own solver, so solves never reallocate after Reset.
class WholeBodyQp {
 public:
  /// Sizes all workspace for `robot` (2 feet, 2 hands). Throws std::invalid_argument otherwise.
  void Reset(const RobotInfo& robot, const WbcParams& params = WbcParams());
  /// Builds and solves the QP for `state` (with dynamics) and `targets`; fills `out` (sized in
  /// Reset through PrepareSolution) and returns the status. Does not allocate.
  QpStatus Solve(const RobotInfo& robot, const RobotState& state, const WbcTargets& targets,
                 WbcSolution* out);
  /// Sizes `solution` for this robot (call once before Solve).
  void PrepareSolution(WbcSolution* solution) const;
  /// Sizes `targets` for this robot and zeroes it.
  void PrepareTargets(WbcTargets* targets) const;

  WbcParams& params() { return params_; }
  const WbcParams& params() const { return params_; }
  /// Centroidal angular momentum about the centre of mass at the last solve, world, N*m*s.
  const Eigen::Vector3d& angular_momentum() const { return angmom_; }
  /// Solves that had to drop the torque limits (infeasible with them) since Reset.
  int torque_relaxations() const { return torque_relaxations_; }
  /// Solves that also had to drop the joint range and speed bounds since Reset.
  int joint_bound_relaxations() const { return joint_bound_relaxations_; }

 private:
  struct Layout {
    Eigen::MatrixXd h, a_eq, c;
    Eigen::VectorXd g, b_eq, d, lb, ub;
    DenseQpSolver solver;
    QpSolution solution;
  };

  // Adds w |A x - b|^2 (rows of A, per-row weights) to the qdd block of the current layout.
  void AddTask(const Eigen::Ref<const Eigen::MatrixXd>& a, const Eigen::Ref<const Eigen::VectorXd>& b,
               const Eigen::Ref<const Eigen::VectorXd>& weight, Layout& layout);
  // Builds the centroidal angular momentum matrix (3 x nv) into angmom_matrix_.
  void BuildAngularMomentumMatrix(const RobotState& state, double mass);
  // Sets the joint-acceleration bounds of layout `l` from joint ranges and motor speeds.
  void SetJointBounds(const RobotInfo& robot, const RobotState& state, Layout& l) const;

  WbcParams params_;
  int nv_ = 0, nj_ = 0;
  std::array<Layout, 3> layouts_;  // by number of stance feet
  std::array<JacobianRate, 2> foot_rate_, hand_rate_;
  JacobianRate com_rate_, angmom_rate_;
  Eigen::MatrixXd angmom_matrix_;  // 3 x nv
  Eigen::Vector3d angmom_ = Eigen::Vector3d::Zero();
  Eigen::MatrixXd contact_map_;  // nv x 6: J_k^T X_k of one foot
  Eigen::MatrixXd weighted_;     // scratch, up to 6 x nv
  Eigen::VectorXd rhs_;          // scratch, up to 6
  Eigen::VectorXi joint_dof_;    // dof column of each joint (nj)
  int torque_relaxations_ = 0;
  int joint_bound_relaxations_ = 0;
};

}  // namespace stuntsim
