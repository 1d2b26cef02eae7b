#pragma once

#include <array>

#include <Eigen/Core>

#include "stuntsim/controllers/commands.h"
#include "stuntsim/controllers/quadruped/body_state.h"

namespace stuntsim {

/// Gains of the leg-level controllers.
struct LegGains {
  /// Swing: Cartesian stiffness (N/m) and damping (N s/m) on the foot, world axes.
  Eigen::Vector3d swing_kp = Eigen::Vector3d(200, 200, 200);
  Eigen::Vector3d swing_kd = Eigen::Vector3d(5, 5, 5);
  /// Swing: joint PD toward the inverse kinematics of the target, N m/rad and N m s/rad.
  double swing_joint_kp = 60.0, swing_joint_kd = 2.0;
  /// Stance: Cartesian damping of the foot's world velocity (against slip), N s/m.
  double stance_kd = 5.0;
  /// Stance: joint damping toward the rates that hold the foot still, N m s/rad.
  double stance_joint_kd = 0.3;
  /// Swing: largest joint rate the swing may ask for, as a fraction of each motor's no-load
  /// speed (the torque left near the no-load speed is too small to track, and the stance after
  /// touch-down adds speed).
  double swing_speed_fraction = 0.85;
  /// Stance: the fraction of each motor's torque-speed envelope (as a margin of the peak torque)
  /// the stance torques may use; beyond it the leg's whole force is scaled down, keeping its
  /// direction (inside the friction pyramid), rather than one joint being clipped by the motor.
  double stance_torque_fraction = 0.95;
  /// Add the joints' passive torques (damping * dq + friction loss, PassiveTorque) to the
  /// feed-forward of stance and swing legs. Off only to measure what it is worth.
  bool passive_feedforward = true;
};

/// Stance torque for `leg`: tau = -J' f (the ground pushes the body with `force`, world frame, N;
/// J = the leg's world-frame Jacobian columns) minus a Cartesian damping of the foot velocity,
/// plus the joints' passive torques, plus joint damping toward the rates that keep the foot
/// still. The force is scaled down as a whole where -J' f would leave the motors' torque-speed
/// envelope at the present joint rates (gains.stance_torque_fraction). Writes the leg's entries
/// and returns the scale applied to the force (1: none).
double StanceCommand(const BodyState& body, int leg, const BodyStateBuilder& legs,
                     const Eigen::Vector3d& force, const LegGains& gains, JointCommand& out);

/// Swing command for `leg` toward the foot target `pos` (m), `vel` (m/s) and `acc` (m/s^2),
/// world frame: Cartesian PD through J', inverse-dynamics feed-forward (leg mass matrix times
/// the joint accelerations of `acc`, plus the leg's gravity and Coriolis torques) and joint PD
/// toward the inverse kinematics of the target, clamped into the joint limits (`legs`: the
/// legs' kinematics and joints), plus the joints' passive torques. The target's velocity (and
/// acceleration) relative to the base are scaled down so that no joint is asked for more than
/// gains.swing_speed_fraction of its motor's no-load speed.
void SwingCommand(const BodyState& body, int leg, const BodyStateBuilder& legs, const Eigen::Vector3d& pos,
                  const Eigen::Vector3d& vel, const Eigen::Vector3d& acc, const LegGains& gains,
                  JointCommand& out);

/// Joint PD for the leg's three joints toward `q_des` (rad) at rate `dq_des` (rad/s).
void JointPdCommand(const std::array<int, 3>& joints, const Eigen::Vector3d& q_des,
                    const Eigen::Vector3d& dq_des, double kp, double kd,
                    const Eigen::Vector3d& tau_ff, JointCommand& out);

/// Joint rates giving the foot the velocity `foot_vel_rel` relative to the base (world frame),
/// by damped least squares on the world Jacobian `jacobian`, rad/s.
Eigen::Vector3d JointRatesFor(const Eigen::Matrix3d& jacobian, const Eigen::Vector3d& foot_vel_rel);

}  // namespace stuntsim
