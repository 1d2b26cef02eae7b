#include "stuntsim/controllers/humanoid/get_up.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "stuntsim/controllers/humanoid/support_polygon.h"
#include "stuntsim/controllers/humanoid/task_space.h"

namespace stuntsim {
namespace {

// A whole-body posture by limb, rad, for rolling to the left (a right roll mirrors it).
// Legs: hip yaw, hip roll, hip pitch, knee, ankle pitch, ankle roll; arms: shoulder pitch,
// shoulder roll, shoulder yaw, elbow, wrist roll. Roll and yaw angles are for the left limbs;
// Symmetric() mirrors them onto the right.
struct Posture {
  std::array<double, 6> left_leg, right_leg;
  double waist;
  std::array<double, 5> left_arm, right_arm;
};

constexpr std::array<double, 6> MirrorLeg(const std::array<double, 6>& l) {
  return {-l[0], -l[1], l[2], l[3], l[4], -l[5]};
}
constexpr std::array<double, 5> MirrorArm(const std::array<double, 5>& a) {
  return {a[0], -a[1], -a[2], a[3], -a[4]};
}
constexpr Posture Symmetric(const std::array<double, 6>& leg, const std::array<double, 5>& arm) {
  return {leg, MirrorLeg(leg), 0.0, arm, MirrorArm(arm)};
}
// The same motion to the other side: left and right swapped, waist turned the other way.
constexpr Posture Mirror(const Posture& p) {
  return {MirrorLeg(p.right_leg), MirrorLeg(p.left_leg), -p.waist, MirrorArm(p.right_arm), MirrorArm(p.left_arm)};
}

struct PhaseSpec {
  const char* name;
  Posture posture;
  double move_time;           // s, minimum-jerk path from the entry posture
  double kp_scale, kd_scale;  // of the default joint gains (robot.toml)
  double timeout;             // s
  // When set, shoulder pitch is taken from the measured chest orientation so that the upper arms
  // point straight down in the world (plus arm_lean, rad, towards the head): a vertical arm
  // carries the chest through its bones, not through the 25 N m shoulder.
  bool arms_vertical;
  double arm_lean;
};

// Rolling over to the right from the back, pelvis first: the torso (10.8 kg, wide, flat on its
// back) is the anchor, so twisting the waist turns the pelvis and legs over while the left leg
// swings across (hip flexion and adduction) and the arms lie spread on the ground.
constexpr Posture kTwistRight{{0.0, -0.5, -0.9, 0.6, 0.0, 0.0},
                              {0.0, 0.0, -0.1, 0.2, 0.0, 0.0},
                              2.4,
                              {-0.2, 1.4, 0.0, 0.2, 0.0},
                              {-0.2, -1.4, 0.0, 0.2, 0.0}};
// Then the chest follows the pelvis, which now lies face down and is anchored by the legs spread
// wide: the waist untwists, the left arm pushes the ground (shoulder extension) to lift the
// left shoulder, the right arm lies overhead to roll over.
constexpr Posture kRollRight{{0.0, 0.7, -1.0, 1.2, 0.0, 0.0},
                             {0.0, -0.7, -1.0, 1.2, 0.0, 0.0},
                             0.0,
                             {0.8, 0.3, 0.0, 0.0, 0.0},
                             {-2.8, -0.2, 0.0, 0.2, 0.0}};
// Face down, the hands go beside the chest with the elbows bent (forearms upright: the elbow
// lever is the 0.2 m upper arm, not the whole arm) and the knees bend (shins up).
constexpr Posture kBrace = Symmetric({0.0, 0.1, 0.0, 1.5, 0.0, 0.0}, {0.6, 0.25, 0.0, 2.0, 0.0});
// Pike: knees pulled under the hips lift the pelvis; the chest stays low.
constexpr Posture kPikePose = Symmetric({0.0, 0.1, -1.6, 1.75, 0.3, 0.0}, {-1.45, 0.1, 0.0, 0.0, 0.0});
// On hands and knees: thighs under the hips, shins on the ground (toes tucked under).
constexpr Posture kHandsKnees = Symmetric({0.0, 0.1, -0.9, 2.0, 0.3, 0.0}, {-1.45, 0.1, 0.0, 0.0, 0.0});
// Deep squat on flat feet, chest leaning far forward, hands still on the ground in front.
constexpr Posture kTuck = Symmetric({0.0, 0.15, -2.4, 2.3, -0.85, 0.0}, {-1.3, 0.15, 0.0, 0.0, 0.0});
// The squat the standing controller starts from: chest up, centre of mass over the soles.
constexpr Posture kSquat = Symmetric({0.0, 0.05, -1.65, 2.0, -0.8, 0.0}, {-0.3, 0.15, 0.0, 0.6, 0.0});

constexpr PhaseSpec kPhases[] = {
    {"twist", kTwistRight, 0.6, 1.0, 1.0, 2.0, false, 0.0},
    {"roll", kRollRight, 1.5, 1.0, 1.0, 3.0, false, 0.0},
    {"brace", kBrace, 0.6, 1.0, 1.0, 2.0, false, 0.0},
    {"pike", kPikePose, 1.0, 1.0, 1.0, 3.0, true, 0.0},
    {"kneel", kHandsKnees, 1.0, 1.0, 1.0, 3.0, true, 0.0},
    {"tuck", kTuck, 1.2, 1.0, 1.0, 3.0, true, 0.2},
    {"rise", kSquat, 1.0, 1.0, 1.0, 3.0, false, 0.0},
};
constexpr int kPhaseCount = sizeof(kPhases) / sizeof(kPhases[0]);

const PhaseSpec& Spec(GetUp::Phase p) { return kPhases[std::min(static_cast<int>(p), kPhaseCount - 1)]; }

void Write(const RobotInfo& robot, const Posture& p, Eigen::VectorXd* q) {
  for (int k = 0; k < 6; ++k) {
    (*q)[robot.legs[0].joints[k]] = p.left_leg[k];
    (*q)[robot.legs[1].joints[k]] = p.right_leg[k];
  }
  for (int k = 0; k < 5; ++k) {
    (*q)[robot.arms[0].joints[k]] = p.left_arm[k];
    (*q)[robot.arms[1].joints[k]] = p.right_arm[k];
  }
  const int waist = robot.JointIndex("waist_yaw");
  if (waist >= 0) (*q)[waist] = p.waist;
}

// Chest facing down: the pelvis's forward axis points below the horizon by this much (sin).
constexpr double kFacingDown = 0.6;
// The pelvis is past lying on its side: its forward axis points this much (sin) below the horizon.
constexpr double kPastSide = 0.3;
// Arm joints this close to the brace posture count as placed, rad.
constexpr double kPlaced = 0.4;
// Kneeling with the chest up: the pelvis axis rises this much (sin) towards the head.
constexpr double kChestUp = 0.3;
// Hands-and-knees reached: pelvis this high above the lowest hand, m.
constexpr double kKneelHeight = 0.28;
// Pike reached: pelvis this high above the lowest hand, m.
constexpr double kPikeHeight = 0.2;
// Feet flat: the soles' normals within ~25 deg of vertical.
constexpr double kSoleFlat = 0.9;

}  // namespace

const char* GetUp::phase_name() const {
  return phase_ == Phase::kDone ? "done" : Spec(phase_).name;
}

void GetUp::Start(const RobotInfo& robot, const RobotState& state) {
  q_start_ = state.joint_q;
  q_target_ = state.joint_q;
  retries_ = 0;
  // Roll towards the side the pelvis already leans to (+1 right: its left side is up).
  roll_side_ = state.base_rot_world(2, 1) >= 0 ? 1 : -1;
  const bool on_back = state.base_rot_world(2, 0) > 0;
  Enter(on_back ? Phase::kTwist : Phase::kBrace, state);
}

void GetUp::Enter(Phase phase, const RobotState& state) {
  phase_ = phase;
  phase_time_ = 0;
  q_start_ = state.joint_q;
}

bool GetUp::GoalReached(const RobotInfo& robot, const RobotState& state) const {
  const Eigen::Matrix3d& r = state.base_rot_world;
  switch (phase_) {
    case Phase::kTwist:
      // Past lying on its side, tipping towards face down.
      return r(2, 0) < -kPastSide;
    case Phase::kRoll: {
      // The chest (the pelvis turned by the waist joint) faces down.
      const int waist = robot.JointIndex("waist_yaw");
      const Eigen::Matrix3d chest = r * RotZ(waist >= 0 ? state.joint_q[waist] : 0.0);
      return chest(2, 0) < -kFacingDown;
    }
    case Phase::kBrace: {
      // Hands placed: the arm joints have reached the brace posture.
      if (phase_time_ < Spec(phase_).move_time) return false;
      for (const ArmInfo& arm : robot.arms) {
        for (int k : {0, 3}) {
          if (std::abs(state.joint_q[arm.joints[k]] - q_target_[arm.joints[k]]) > kPlaced) return false;
        }
      }
      return true;
    }
    case Phase::kPike: {
      const double hand = std::min(state.hands[0].pos_world.z(), state.hands[1].pos_world.z());
      return state.base_pos_world.z() - hand > kPikeHeight;
    }
    case Phase::kKneel: {
      const double hand = std::min(state.hands[0].pos_world.z(), state.hands[1].pos_world.z());
      return r(2, 2) > kChestUp && state.base_pos_world.z() - hand > kKneelHeight;
    }
    case Phase::kTuck:
      return state.feet[0].contact && state.feet[1].contact && state.feet[0].rot_world(2, 2) > kSoleFlat &&
             state.feet[1].rot_world(2, 2) > kSoleFlat;
    case Phase::kRise: {
      if (!(state.feet[0].contact && state.feet[1].contact)) return false;
      SupportPolygon support;
      support.Build({state.feet[0].pos_world, state.feet[1].pos_world},
                    {state.feet[0].rot_world, state.feet[1].rot_world}, {true, true}, SupportPolygon::Sole());
      return support.SignedDistance(state.dynamics.com_pos_world.head<2>()) < -0.01;
    }
    case Phase::kDone:
      return true;
  }
  return false;
}

GetUp::Phase GetUp::RetryPhase() const {
  switch (phase_) {
    case Phase::kRoll:
      return Phase::kTwist;
    case Phase::kPike:
      return Phase::kBrace;
    case Phase::kKneel:
      return Phase::kPike;
    case Phase::kTuck:
      return Phase::kKneel;
    case Phase::kRise:
      return Phase::kTuck;
    default:
      return phase_;
  }
}

void GetUp::Update(const RobotInfo& robot, const RobotState& state, double dt, JointCommand& out) {
  phase_time_ += dt;
  const Eigen::Matrix3d& r = state.base_rot_world;
  if (phase_ == Phase::kDone) {
  } else if (GoalReached(robot, state)) {
    Enter(static_cast<Phase>(static_cast<int>(phase_) + 1), state);
  } else if (phase_ > Phase::kRoll && r(2, 0) > kFacingDown) {
    // Fell back onto the back: roll again.
    ++retries_;
    Enter(Phase::kTwist, state);
  } else if (phase_time_ > Spec(phase_).timeout) {
    // Stuck: go back a phase (a failed roll is tried towards the other side).
    ++retries_;
    if (phase_ == Phase::kRoll) roll_side_ = -roll_side_;
    Enter(RetryPhase(), state);
  }
  const PhaseSpec& spec = Spec(phase_);
  const bool mirrored = roll_side_ < 0 && (phase_ == Phase::kTwist || phase_ == Phase::kRoll);
  Write(robot, mirrored ? Mirror(spec.posture) : spec.posture, &q_target_);
  if (spec.arms_vertical) {
    const double pitch = std::atan2(r(2, 0), r(2, 2)) - spec.arm_lean;
    for (const ArmInfo& arm : robot.arms) q_target_[arm.joints[0]] = pitch;
  }
  const Blend b = MinimumJerk(phase_time_, spec.move_time);
  const Dynamics& dyn = state.dynamics;

  for (int j = 0; j < robot.nj(); ++j) {
    const JointInfo& joint = robot.joints[j];
    const double q_ref = std::clamp(q_start_[j] + b.s * (q_target_[j] - q_start_[j]), joint.q_min, joint.q_max);
    const double dq_ref = b.ds * (q_target_[j] - q_start_[j]);
    // Gravity and Coriolis compensation of the limb beyond this joint, plus impedance.
    const double tau = dyn.bias[joint.dof] + spec.kp_scale * joint.kp * (q_ref - state.joint_q[j]) +
                       spec.kd_scale * joint.kd * (dq_ref - state.joint_dq[j]);
    const double limit = kTorqueShare * joint.tau_max;
    out.q_des[j] = q_ref;
    out.dq_des[j] = dq_ref;
    out.kp[j] = 0;
    out.kd[j] = 0;
    out.tau_ff[j] = std::clamp(tau, -limit, limit);
  }
}

}  // namespace stuntsim
