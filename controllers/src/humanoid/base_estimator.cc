#include "stuntsim/controllers/humanoid/base_estimator.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include <Eigen/Geometry>

namespace stuntsim {
namespace {

constexpr double kGravity = 9.81;

}  // namespace

void HumanoidBaseEstimator::set_params(const BaseEstimatorParams& params) {
  params_ = params;
  filter_.set_noise(params.noise);
}

void HumanoidBaseEstimator::Reset(const RobotInfo& robot, const RobotState& sensed) {
  if (sensed.feet.size() != kFeet) {
    throw std::invalid_argument("humanoid base estimator: robot '" + robot.name + "' has " +
                                std::to_string(sensed.feet.size()) + " feet, expected 2");
  }
  filter_.set_noise(params_.noise);
  view_ = sensed;  // sizes every vector and matrix once
  passthrough_ = ground_truth_ ? &sensed : &view_;
  if (ground_truth_) return;
  // The IMU site is fixed on the pelvis: its rotation relative to the pelvis is a model constant
  // (identity on the shipped humanoid), read once here.
  imu_to_base_ = sensed.base_rot_world.transpose() * sensed.imu.orientation.toRotationMatrix();
  weight_ = std::max(robot.mass, 1.0) * kGravity;
  // The ground under the feet at the start: the mean sole normal (the vertical if none touches).
  ground_normal_ = Eigen::Vector3d::UnitZ();
  ReadImuAndLegs(sensed, 0.0);
  Eigen::Vector3d normal = Eigen::Vector3d::Zero();
  for (int f = 0; f < kFeet; ++f) {
    if (sensed.feet[f].contact) normal += sole_rot_[f].col(2);
  }
  if (normal.z() > 0.5) {
    ground_normal_ = normal.normalized();
    ReadImuAndLegs(sensed, 0.0);
  }
  // The odometry frame: x, y = 0 at the start, z = 0 under the lowest sole, at rest.
  double lowest = 0;
  for (int f = 0; f < kFeet; ++f) lowest = std::min(lowest, foot_rel_[f].z());
  filter_.Reset(Eigen::Vector3d(0, 0, -lowest), Eigen::Vector3d::Zero(), foot_rel_);
  for (int f = 0; f < kFeet; ++f) {
    ramp_[f] = ramp_z_[f] = sensed.feet[f].contact ? 1.0 : 0.0;
    trust_[f] = trust_z_[f] = ramp_[f];
    foot_angvel_[f].setZero();
  }
  FillView(sensed);
}

const RobotState& HumanoidBaseEstimator::Update(const RobotInfo& /*robot*/, const RobotState& sensed,
                                                double dt) {
  if (ground_truth_) {
    passthrough_ = &sensed;
    return sensed;
  }
  ReadImuAndLegs(sensed, dt);
  // Trust: the touch flag debounced by the measured load, ramped in after touch-down (the sole
  // settles) and out quickly after lift-off, scaled by the load (a heel or toe barely loaded
  // rolls, so its sole centre moves) and by how still the sole is in rotation.
  const double blend = std::min(1.0, dt / std::max(params_.spin_filter, 1e-9));
  for (int f = 0; f < kFeet; ++f) {
    foot_angvel_[f] += blend * (sole_angvel_[f] - foot_angvel_[f]);
    const double spin = foot_angvel_[f].norm() / params_.spin_scale;
    const double load = sensed.feet[f].contact_force_world.z() / weight_;
    const bool loaded = sensed.feet[f].contact && load >= params_.min_load;
    ramp_[f] = loaded ? std::min(1.0, ramp_[f] + dt / params_.ramp_in)
                      : std::max(0.0, ramp_[f] - dt / params_.ramp_out);
    ramp_z_[f] = loaded ? std::min(1.0, ramp_z_[f] + dt / params_.ramp_in_vertical)
                        : std::max(0.0, ramp_z_[f] - dt / params_.ramp_out);
    const double share = (load - params_.min_load) / (params_.full_load - params_.min_load);
    const double still = std::clamp(share, 0.0, 1.0) / (1 + spin * spin);
    trust_[f] = ramp_[f] * still;
    trust_z_[f] = ramp_z_[f] * still;
  }
  UpdateGroundNormal(dt);
  filter_.Update(dt, view_.base_rot_world, imu_to_base_ * sensed.imu.accelerometer, foot_rel_, foot_rel_vel_,
                 trust_, trust_z_);
  FillView(sensed);
  return view_;
}

void HumanoidBaseEstimator::ReadImuAndLegs(const RobotState& sensed, double dt) {
  view_ = sensed;  // same sizes as at Reset: no allocation
  const Eigen::Matrix3d rot = sensed.imu.orientation.toRotationMatrix() * imu_to_base_.transpose();
  const Eigen::Vector3d angvel_body = imu_to_base_ * sensed.imu.gyro;
  view_.base_rot_world = rot;
  view_.base_quat_world = Eigen::Quaterniond(rot).normalized();
  view_.base_angvel_body = angvel_body;
  view_.base_angvel_world = rot * angvel_body;
  const int nv = static_cast<int>(view_.qvel.size());
  view_.qvel.segment<3>(3) = angvel_body;  // MuJoCo's free joint: angular velocity in the base frame
  for (int f = 0; f < kFeet; ++f) {
    const EndEffectorState& foot = sensed.feet[f];
    // Site velocity relative to the pelvis and the sole's angular velocity: the Jacobian without
    // its base-translation columns.
    Eigen::Vector3d site_rel_vel;
    site_rel_vel.noalias() = foot.jacobian.block(0, 3, 3, nv - 3) * view_.qvel.tail(nv - 3);
    sole_angvel_[f].noalias() = foot.jacobian.block(3, 3, 3, nv - 3) * view_.qvel.tail(nv - 3);
    // The sole's orientation relative to the pelvis is joint kinematics; turned to the world
    // with the IMU attitude.
    const Eigen::Matrix3d sole_rot = rot * (sensed.base_rot_world.transpose() * foot.rot_world);
    sole_rot_[f] = sole_rot;
    const Eigen::Vector3d point = sole_rot * ContactPoint(sole_rot);
    foot_rel_[f] = rot * foot.pos_base + point;
    foot_rel_vel_[f] = site_rel_vel + sole_angvel_[f].cross(point);
    // Track the ground under the sole, not the sole sinking into it with its load.
    const double sink = params_.sole_sink * std::sqrt(std::max(0.0, foot.contact_force_world.z()) / weight_);
    foot_rel_[f].z() += sink;
    if (dt > 0) foot_rel_vel_[f].z() += (sink - sink_[f]) / dt;
    sink_[f] = sink;
  }
}

void HumanoidBaseEstimator::UpdateGroundNormal(double dt) {
  // Mean normal of the soles that are loaded and still (their trust), low-passed: the heel and
  // toe rolls of each step average out, a slope's tilt stays.
  Eigen::Vector3d normal = Eigen::Vector3d::Zero();
  double weight = 0;
  for (int f = 0; f < kFeet; ++f) {
    normal += trust_[f] * sole_rot_[f].col(2);
    weight += trust_[f];
  }
  if (weight < 0.5) return;
  const double blend = std::min(1.0, dt * weight / std::max(params_.ground_filter, 1e-9));
  ground_normal_ = (ground_normal_ + blend * (normal / weight - ground_normal_)).normalized();
}

Eigen::Vector3d HumanoidBaseEstimator::ContactPoint(const Eigen::Matrix3d& sole_rot) const {
  // Soft minimum over the four sole corners' heights: the centre when the sole is level, the
  // low edge or corner when it is tilted by more than a few millimetres over its length.
  const double hx = params_.sole_half_length, hy = params_.sole_half_width;
  if (hx <= 0 && hy <= 0) return Eigen::Vector3d::Zero();
  std::array<Eigen::Vector3d, 4> corners = {Eigen::Vector3d(hx, hy, 0), Eigen::Vector3d(hx, -hy, 0),
                                            Eigen::Vector3d(-hx, hy, 0), Eigen::Vector3d(-hx, -hy, 0)};
  std::array<double, 4> height;
  double lowest = 1e9;
  for (int i = 0; i < 4; ++i) {
    height[i] = ground_normal_.dot(sole_rot * corners[i]);
    lowest = std::min(lowest, height[i]);
  }
  Eigen::Vector3d sum = Eigen::Vector3d::Zero();
  double weight_sum = 0;
  for (int i = 0; i < 4; ++i) {
    const double w = std::exp(-(height[i] - lowest) / params_.sole_softmin);
    sum += w * corners[i];
    weight_sum += w;
  }
  return sum / weight_sum;
}

void HumanoidBaseEstimator::FillView(const RobotState& sensed) {
  const Eigen::Vector3d pos = filter_.position(), vel = filter_.velocity();
  const Eigen::Matrix3d& rot = view_.base_rot_world;
  view_.base_pos_world = pos;
  view_.base_linvel_world = vel;
  view_.base_linvel_body = rot.transpose() * vel;
  view_.qvel.head<3>() = vel;
  // The CoM offset from the pelvis in the pelvis frame depends on the joint angles only.
  const Eigen::Vector3d com_base =
      sensed.base_rot_world.transpose() * (sensed.dynamics.com_pos_world - sensed.base_pos_world);
  view_.dynamics.com_pos_world = pos + rot * com_base;
  if (sensed.dynamics.com_jacobian.cols() == view_.qvel.size()) {
    view_.dynamics.com_vel_world.noalias() = sensed.dynamics.com_jacobian * view_.qvel;
  }
  auto fill = [&](std::vector<EndEffectorState>& sites) {
    for (EndEffectorState& s : sites) {
      s.pos_world = pos + rot * s.pos_base;
      if (s.jacobian.cols() == view_.qvel.size()) s.linvel_world.noalias() = s.jacobian.topRows(3) * view_.qvel;
    }
  };
  fill(view_.feet);
  fill(view_.hands);
}

}  // namespace stuntsim
