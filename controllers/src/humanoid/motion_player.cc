#include "stuntsim/controllers/humanoid/motion_player.h"

#include <algorithm>
#include <cmath>

#include "stuntsim/controllers/humanoid/dcm_planner.h"
#include "stuntsim/controllers/humanoid/task_space.h"

namespace stuntsim {
namespace {

// Value, rate and acceleration of a minimum-jerk segment from a to b.
template <typename T>
void Interpolate(const T& a, const T& b, const Blend& s, T* value, T* rate, T* acc) {
  *value = a + s.s * (b - a);
  *rate = s.ds * (b - a);
  *acc = s.dds * (b - a);
}

bool Supports(Support support, int foot) {
  return support == Support::kBoth || (foot == 0) == (support == Support::kLeft);
}

}  // namespace

void MotionPlayer::Reserve(int max_keys) { keys_.reserve(max_keys + 1); }

void MotionPlayer::Start(const RobotInfo& robot, const RobotState& state, const Motion& motion,
                         const MotionParams& params) {
  motion_ = &motion;
  params_ = params;
  time_ = 0;
  done_ = false;
  for (int k = 0; k < 2; ++k) {
    foothold_[k] = state.feet[k].pos_world;
    foot_rot_[k] = state.feet[k].rot_world;
    down_[k] = true;
    landed_segment_[k] = -1;
  }
  const double h0 = Heading(foot_rot_[0]), h1 = Heading(foot_rot_[1]);
  heading_ = WrapAngle(h0 + 0.5 * WrapAngle(h1 - h0));
  frame_ = RotZ(heading_);
  origin_ = state.base_pos_world;
  waist_ = robot.JointIndex("waist_yaw");

  // Key 0: where the robot is now. Later keys carry forward what they do not give.
  MotionKey now;
  now.support = motion.keys.front().support;
  for (int k = 0; k < 2; ++k) {
    now.has_hand[k] = true;
    now.hand[k] = frame_.transpose() * (state.hands[k].pos_world - origin_);
  }
  now.has_torso_yaw = true;
  now.torso_yaw = waist_ >= 0 ? state.joint_q[waist_] : 0.0;
  now.has_pelvis = true;
  const Eigen::Matrix3d rel = frame_.transpose() * state.base_rot_world;
  now.pelvis_rpy << std::atan2(rel(2, 1), rel(2, 2)), std::asin(std::clamp(-rel(2, 0), -1.0, 1.0)),
      Heading(rel);
  now.has_height = true;
  now.body_height =
      state.dynamics.com_pos_world.z() - 0.5 * (foothold_[0].z() + foothold_[1].z()) - params_.com_height;
  keys_.clear();
  keys_.push_back(now);
  uses_hand_ = {false, false};
  uses_torso_ = uses_pelvis_ = false;
  for (const MotionKey& key : motion.keys) {
    MotionKey k = key;
    const MotionKey& previous = keys_.back();
    for (int h = 0; h < 2; ++h) {
      uses_hand_[h] = uses_hand_[h] || key.has_hand[h];
      if (!key.has_hand[h]) k.hand[h] = previous.hand[h];
    }
    uses_torso_ = uses_torso_ || key.has_torso_yaw;
    uses_pelvis_ = uses_pelvis_ || key.has_pelvis;
    if (!key.has_torso_yaw) k.torso_yaw = previous.torso_yaw;
    if (!key.has_pelvis) k.pelvis_rpy = previous.pelvis_rpy;
    if (!key.has_height) k.body_height = previous.body_height;
    if (key.time <= 0) {
      k.time = 0;
      keys_.back() = k;  // a key at t = 0 replaces the implicit one
    } else {
      keys_.push_back(k);
    }
  }
  // CoM plan: the VRP goes from each key's support point to the next over the segment.
  plan_.Clear();
  for (size_t i = 0; i + 1 < keys_.size(); ++i) {
    plan_.Add(ComTarget(keys_[i].support), ComTarget(keys_[i + 1].support),
              keys_[i + 1].time - keys_[i].time);
  }
  plan_.Add(ComTarget(keys_.back().support), ComTarget(keys_.back().support), 1.0);
  plan_.Solve(LipmOmega(params_.com_height));
}

int MotionPlayer::Segment(double t) const {
  const int n = static_cast<int>(keys_.size());
  for (int i = 0; i + 1 < n; ++i) {
    if (t < keys_[i + 1].time) return i;
  }
  return n - 1;
}

int MotionPlayer::free_foot_in_air() const {
  for (int k = 0; k < 2; ++k) {
    if (!down_[k]) return k;
  }
  return -1;
}

Eigen::Vector2d MotionPlayer::ComTarget(Support support) const {
  const Eigen::Vector2d mid = 0.5 * (foothold_[0] + foothold_[1]).head<2>();
  if (support == Support::kBoth) return mid;
  const int foot = support == Support::kLeft ? 0 : 1;
  const Eigen::Vector2d sole = foothold_[foot].head<2>();
  const Eigen::Vector2d inward = mid - sole;
  const double length = inward.norm();
  return length > 1e-6 ? Eigen::Vector2d(sole + params_.support_inset * inward / length) : sole;
}

void MotionPlayer::Update(const RobotInfo& robot, const RobotState& state, const Eigen::VectorXd& home,
                          double dt, BodyReference* ref) {
  time_ += dt;
  const int i = Segment(time_);
  const bool last = i + 1 >= static_cast<int>(keys_.size());
  const MotionKey& a = keys_[i];
  const MotionKey& b = last ? keys_[i] : keys_[i + 1];
  const Blend s = last ? Blend{1, 0, 0} : MinimumJerk(time_ - a.time, b.time - a.time);

  // Feet: the free foot flies in segments next to a key that gives it a target.
  for (int k = 0; k < 2; ++k) {
    FootReference& f = ref->feet[k];
    f.pos = foothold_[k];
    f.rot = foot_rot_[k];
    f.vel.setZero();
    f.acc.setZero();
    f.angvel.setZero();
    f.angacc.setZero();
    f.rot_weight_scale = 1.0;
    const bool flying =
        !last && !Supports(a.support, k) && (a.has_foot[k] || b.has_foot[k]) && landed_segment_[k] != i;
    if (flying && !b.has_foot[k] && s.s > 0.5 && state.feet[k].contact) {
      // Touched down early in the landing segment.
      landed_segment_[k] = i;
      down_[k] = true;
      foothold_[k] = state.feet[k].pos_world;
      foot_rot_[k] = state.feet[k].rot_world;
    } else if (flying) {
      const Eigen::Vector3d down = foothold_[k] - Eigen::Vector3d(0, 0, params_.landing_depth);
      const Eigen::Vector3d from = a.has_foot[k] ? ToWorld(a.foot[k]) : foothold_[k];
      const Eigen::Vector3d to = b.has_foot[k] ? ToWorld(b.foot[k]) : down;
      Interpolate<Eigen::Vector3d>(from, to, s, &f.pos, &f.vel, &f.acc);
      // Between two foot targets (a kick) the sole's orientation follows the leg; it is held
      // level again over the lift-off and landing segments.
      const double rot_from = a.has_foot[k] ? params_.kick_foot_rot_weight : 1.0;
      const double rot_to = b.has_foot[k] ? params_.kick_foot_rot_weight : 1.0;
      f.rot_weight_scale = rot_from + s.s * (rot_to - rot_from);
      down_[k] = false;
    } else if (!down_[k]) {
      // Coming down after the segment: keep lowering until the sole touches.
      f.pos.z() -= params_.landing_depth + params_.landing_speed * (time_ - a.time);
      f.vel.z() = -params_.landing_speed;
      if (state.feet[k].contact) {
        down_[k] = true;
        foothold_[k] = state.feet[k].pos_world;
        foot_rot_[k] = state.feet[k].rot_world;
      }
    }
    f.stance = down_[k];
  }

  // CoM: along the DCM plan, DCM feedback with the CMP in the support polygon.
  const double ground = 0.5 * (foothold_[0].z() + foothold_[1].z());
  const DcmSample dcm = plan_.Evaluate(time_);
  double height, height_rate, height_acc;
  Interpolate(a.body_height, b.body_height, s, &height, &height_rate, &height_acc);
  const double com_height = params_.com_height + height;
  omega_ = LipmOmega(com_height);
  support_.Build(foothold_, foot_rot_, {down_[0], down_[1]}, SupportPolygon::Sole());
  const Dynamics& dyn = state.dynamics;
  const DcmCommand cmd = DcmFeedback(dyn.com_pos_world.head<2>(), dyn.com_vel_world.head<2>(), omega_,
                                     dcm.dcm, dcm.dcm_vel, params_.dcm_gain, &support_);
  ref->com_pos << dcm.dcm, ground + com_height;
  ref->com_vel << 0, 0, height_rate;
  ref->com_acc << cmd.com_acc, height_acc;
  ref->com_xy_direct = true;
  ref->com_weight.setConstant(params_.com_weight);

  // Pelvis.
  Eigen::Vector3d rpy, rpy_rate, rpy_acc;
  Interpolate<Eigen::Vector3d>(a.pelvis_rpy, b.pelvis_rpy, s, &rpy, &rpy_rate, &rpy_acc);
  if (!uses_pelvis_) rpy.setZero(), rpy_rate.setZero(), rpy_acc.setZero();
  ref->base_rot = RotZyx(heading_ + rpy.z(), rpy.y(), rpy.x());
  ref->base_angvel = frame_ * Eigen::Vector3d(0, 0, rpy_rate.z());  // yaw rate; roll/pitch rates are small
  ref->base_angacc = frame_ * Eigen::Vector3d(0, 0, rpy_acc.z());
  ref->base_weight.setConstant(params_.base_weight);

  // Posture, waist and hands.
  ref->posture = home;
  ref->posture_vel.setZero();
  SetPostureWeights(robot, PostureWeights{1e-4, 0.5, 0.05}, &ref->posture_weight);
  if (uses_torso_ && waist_ >= 0) {
    double yaw, yaw_rate, yaw_acc;
    Interpolate(a.torso_yaw, b.torso_yaw, s, &yaw, &yaw_rate, &yaw_acc);
    ref->posture[waist_] = yaw;
    ref->posture_vel[waist_] = yaw_rate;
    ref->posture_weight[waist_] = params_.torso_weight;
  }
  for (int k = 0; k < 2; ++k) {
    HandReference& h = ref->hands[k];
    h.weight = uses_hand_[k] ? params_.hand_weight : 0.0;
    if (!uses_hand_[k]) continue;
    Eigen::Vector3d p, v, acc;
    Interpolate<Eigen::Vector3d>(a.hand[k], b.hand[k], s, &p, &v, &acc);
    h.pos = ToWorld(p);
    h.vel = frame_ * v;
    h.acc = frame_ * acc;
    for (const ArmInfo& arm : robot.arms) {
      if (arm.hand != k) continue;
      for (int j : arm.joints) ref->posture_weight[j] = 1e-3;
    }
  }
  done_ = time_ >= motion_->duration && down_[0] && down_[1];
}

}  // namespace stuntsim
