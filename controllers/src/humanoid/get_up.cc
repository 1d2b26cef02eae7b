#include "stuntsim/controllers/humanoid/get_up.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "stuntsim/controllers/humanoid/support_polygon.h"
#include "stuntsim/controllers/humanoid/task_space.h"

namespace stuntsim {
namespace {

// A whole-body posture by limb, rad. Legs: hip yaw, hip roll, hip pitch, knee, ankle pitch,
// ankle roll; arms: shoulder pitch, shoulder roll, shoulder yaw, elbow, wrist roll.
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
// Left limbs as given, right limbs mirrored (roll and yaw angles change sign).
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
  double move_time;  // s, minimum-jerk path from the entry posture
  double timeout;    // s
  // When > 0 the hands are driven in Cartesian space (tau = J^T f, each arm joint's share set by
  // the arm's geometry) instead of by the arm posture: towards hand_reach (m) along the pelvis's
  // forward axis and hand_ahead (m) beyond the shoulders' height along its long axis, pelvis
  // frame. Face down, reaching pushes the hands into the ground and lifts the chest; reaching
  // ahead pushes the body back over the feet.
  double hand_reach, hand_ahead;
  double hand_kp;  // Cartesian hand stiffness, N/m
};

// Rolling over from the back, pelvis first: the torso (10.8 kg, wide, flat on its back) is the
// anchor, so twisting the waist turns the pelvis and legs over while the left leg, knee bent,
// swings across (hip flexion, adduction and yaw) and the right arm reaches over the chest.
constexpr Posture kTwistRight{{0.637, -0.350, -0.846, 2.000, 0.0, 0.0},
                              {0.0, -0.059, -0.081, 1.373, 0.0, 0.0},
                              2.384,
                              {-1.974, -0.077, 0.0, 0.2, 0.0},
                              {-2.313, 1.466, 0.0, 0.2, 0.0}};
// Then the chest follows the pelvis, which now lies face down: the waist untwists (slightly past
// straight), both arms push the ground back (shoulder extension) and the knees stay bent.
constexpr Posture kRollRight{{0.0, 0.604, -0.059, 1.453, 0.0, 0.0},
                             {0.0, 0.278, -0.283, 0.402, 0.0, 0.0},
                             -0.251,
                             {0.995, -0.500, 0.0, 0.0, 0.0},
                             {1.330, -0.464, 0.0, 0.0, 0.0}};
// Face down, the hands go beside the chest with the elbows bent (forearms upright) and the knees
// bend (shins up).
constexpr Posture kBrace = Symmetric({0.0, 0.1, 0.0, 1.5, 0.0, 0.0}, {0.83, 0.1, 0.0, 2.35, 0.0});
// Push-up on the knees: the hands push (Cartesian), the legs keep the knees bent.
constexpr Posture kPushUp = Symmetric({0.0, 0.1, 0.0, 1.5, 0.0, 0.0}, {-1.3, 0.1, 0.0, 0.0, 0.0});
// On hands and knees: thighs under the hips, shins on the ground.
constexpr Posture kHandsKnees = Symmetric({0.0, 0.1, -1.5, 1.8, 0.3, 0.0}, {-1.3, 0.1, 0.0, 0.0, 0.0});
// Feet pulled in under the body in one quick swing (the hands carry the weight meanwhile):
// a deep frog squat, knees apart, hands still on the ground.
constexpr Posture kTuck = Symmetric({0.0, 0.398, -2.469, 2.558, -0.803, 0.0}, {-1.3, 0.15, 0.0, 0.0, 0.0});
// Rock back: a quick push of the hands and the hips folding to their limit swing the body back
// over the feet until the soles are level with the centre of mass over them.
constexpr Posture kRock = Symmetric({0.0, 0.030, -2.513, 2.510, -0.844, 0.0}, {-1.3, 0.15, 0.0, 0.0, 0.0});

// Postures, move times and hand targets were found by sampling rollouts in the simulator around
// hand-set guesses (CONTROL.md: predictive sampling), then rounded; see docs/humanoid.md.
constexpr PhaseSpec kPhases[] = {
        {"twist", kTwistRight, 0.839, 2.0, 0.0, 0.0, 0.0},
        {"roll", kRollRight, 0.622, 3.0, 0.0, 0.0, 0.0},
        {"brace", kBrace, 0.6, 2.0, 0.0, 0.0, 0.0},
        {"push_up", kPushUp, 1.0, 4.5, 0.40, 0.0, 800},
        {"kneel", kHandsKnees, 1.0, 3.0, 0.40, 0.0, 800},
        {"tuck", kTuck, 0.396, 3.0, 0.446, -0.080, 2004.132},
        {"rock", kRock, 0.169, 2.0, 0.428, -0.047, 1565.46},
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
// Push-up done: the pelvis this high above the lowest hand, m.
constexpr double kPushUpHeight = 0.2;
// Hands and knees: pelvis this high above the lowest hand, m, and its long axis at most this much
// (sin) head-down.
constexpr double kKneelHeight = 0.28, kChestLevel = 0.3;
// Tucked: both soles within ~40 deg of level and in contact.
constexpr double kSoleFlat = 0.75;
// Rocked back: soles within ~8 deg of level.
constexpr double kSoleLevel = 0.99;
// Cartesian hands: 0.17 m to the side, 0.23 m up the pelvis axis (0.12 m towards the feet from the
// shoulders, so a chest rising about the knees ends over the hands), m; damping, N s/m.
constexpr double kHandWidth = 0.17, kHandHeight = 0.23, kHandKd = 40;
// Share of the arm joints' impedance kept while the hands are driven in Cartesian space.
constexpr double kArmPostureShare = 0.2;

double LowestHand(const RobotState& state) {
  return std::min(state.hands[0].pos_world.z(), state.hands[1].pos_world.z());
}

bool BothSolesDown(const RobotState& state, double min_level) {
  return state.feet[0].contact && state.feet[1].contact && state.feet[0].rot_world(2, 2) > min_level &&
         state.feet[1].rot_world(2, 2) > min_level;
}


}  // namespace

const char* GetUp::phase_name() const { return phase_ == Phase::kDone ? "done" : Spec(phase_).name; }

void GetUp::Start(const RobotInfo& robot, const RobotState& state) {
  hand_tau_.setZero(robot.nj());
  is_arm_.assign(robot.nj(), false);
  for (const ArmInfo& arm : robot.arms) {
    for (int j : arm.joints) is_arm_[j] = true;
  }
  q_start_ = state.joint_q;
  q_target_ = state.joint_q;
  retries_ = 0;
  // Roll towards the side the pelvis already leans to.
  roll_side_ = state.base_rot_world(2, 1) >= 0 ? 1 : -1;
  const bool on_back = state.base_rot_world(2, 0) > 0;
  Enter(on_back ? Phase::kTwist : Phase::kBrace, state);
}

void GetUp::Enter(Phase phase, const RobotState& state) {
  phase_ = phase;
  phase_time_ = 0;
  q_start_ = state.joint_q;
  for (size_t h = 0; h < state.hands.size() && h < hand_start_.size(); ++h) hand_start_[h] = state.hands[h].pos_base;
}

bool GetUp::GoalReached(const RobotInfo& robot, const RobotState& state) const {
  const Eigen::Matrix3d& r = state.base_rot_world;
  switch (phase_) {
    case Phase::kTwist:
      return r(2, 0) < -kPastSide;
    case Phase::kRoll: {
      // The chest (the pelvis turned by the waist joint) faces down.
      const int waist = robot.JointIndex("waist_yaw");
      const Eigen::Matrix3d chest = r * RotZ(waist >= 0 ? state.joint_q[waist] : 0.0);
      return chest(2, 0) < -kFacingDown;
    }
    case Phase::kBrace: {
      // Hands placed: the arm joints have (nearly) reached the brace posture.
      if (phase_time_ < Spec(phase_).move_time) return false;
      for (const ArmInfo& arm : robot.arms) {
        for (int k : {0, 3}) {
          if (std::abs(state.joint_q[arm.joints[k]] - q_target_[arm.joints[k]]) > kPlaced) return false;
        }
      }
      return true;
    }
    case Phase::kPushUp:
      return state.base_pos_world.z() - LowestHand(state) > kPushUpHeight;
    case Phase::kKneel:
      return r(2, 2) > -kChestLevel && state.base_pos_world.z() - LowestHand(state) > kKneelHeight;
    case Phase::kTuck:
      return BothSolesDown(state, kSoleFlat);
    case Phase::kRock: {
      if (!BothSolesDown(state, kSoleLevel)) return false;
      SupportPolygon support;
      support.Build({state.feet[0].pos_world, state.feet[1].pos_world},
                    {state.feet[0].rot_world, state.feet[1].rot_world}, {true, true}, SupportPolygon::Sole());
      return support.SignedDistance(state.dynamics.com_pos_world.head<2>()) < 0.0;
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
    case Phase::kPushUp:
      return Phase::kBrace;
    case Phase::kKneel:
      return Phase::kPushUp;
    case Phase::kTuck:
    case Phase::kRock:
      return Phase::kKneel;
    default:
      return phase_;
  }
}

void GetUp::Update(const RobotInfo& robot, const RobotState& state, double dt, JointCommand& out) {
  phase_time_ += dt;
  const Eigen::Matrix3d& r = state.base_rot_world;
  if (phase_ == Phase::kDone) {
    // Hold until the caller hands over.
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
  const Blend b = MinimumJerk(phase_time_, spec.move_time);

  // Cartesian hands: a spring towards the target (pelvis frame), damped on the hand's velocity
  // relative to the pelvis, mapped to arm torques through the hand Jacobian.
  hand_tau_.setZero();
  if (spec.hand_reach > 0) {
    for (const ArmInfo& arm : robot.arms) {
      const EndEffectorState& hand = state.hands[arm.hand];
      const double side = arm.hand == 0 ? 1.0 : -1.0;
      const Eigen::Vector3d goal(spec.hand_reach, side * kHandWidth, kHandHeight + spec.hand_ahead);
      const Eigen::Vector3d target = hand_start_[arm.hand] + b.s * (goal - hand_start_[arm.hand]);
      Eigen::Vector3d vel = Eigen::Vector3d::Zero();
      for (int j : arm.joints) vel += hand.jacobian.block<3, 1>(0, robot.joints[j].dof) * state.joint_dq[j];
      const Eigen::Vector3d force = r * (spec.hand_kp * (target - hand.pos_base)) - kHandKd * vel;
      for (int j : arm.joints) hand_tau_[j] = hand.jacobian.block<3, 1>(0, robot.joints[j].dof).dot(force);
    }
  }

  const Dynamics& dyn = state.dynamics;
  for (int j = 0; j < robot.nj(); ++j) {
    const JointInfo& joint = robot.joints[j];
    const double q_ref = std::clamp(q_start_[j] + b.s * (q_target_[j] - q_start_[j]), joint.q_min, joint.q_max);
    const double dq_ref = b.ds * (q_target_[j] - q_start_[j]);
    const double gain = spec.hand_reach > 0 && is_arm_[j] ? kArmPostureShare : 1.0;
    // Gravity and Coriolis compensation of the limb beyond this joint, hand push, impedance.
    const double tau = dyn.bias[joint.dof] + hand_tau_[j] + gain * joint.kp * (q_ref - state.joint_q[j]) +
                       gain * joint.kd * (dq_ref - state.joint_dq[j]);
    const double limit = kTorqueShare * joint.tau_max;
    out.q_des[j] = q_ref;
    out.dq_des[j] = dq_ref;
    out.kp[j] = 0;
    out.kd[j] = 0;
    out.tau_ff[j] = std::clamp(tau, -limit, limit);
  }
}

}  // namespace stuntsim
