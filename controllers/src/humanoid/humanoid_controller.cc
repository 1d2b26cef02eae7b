#include "stuntsim/controllers/humanoid/humanoid_controller.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <utility>

#include "stuntsim/controllers/humanoid/task_space.h"

namespace stuntsim {
namespace {

// Pelvis tilt from vertical beyond which the robot counts as fallen, rad.
constexpr double kFallTilt = 0.9;
// Gain scale of the soft joint PD while fallen (hold the pose loosely).
constexpr double kLimpGain = 0.15;
// Weight of the pelvis roll and pitch task while walking (yaw keeps 1).
constexpr double kWalkTiltWeight = 0.1;
// Lowest body height (CoM below standing, m) standing balance starts from after get_up's squat.
constexpr double kRiseHeightMin = -0.5;
// Pelvis pitch (forward, rad) while rising at the lowest body height.
constexpr double kRiseLean = 0.45;

bool Contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

std::vector<std::string> HumanoidController::Behaviors(const std::string& motion_directory) {
  std::vector<std::string> names = {"stand", "walk", "get_up"};
  for (const std::string& move : MotionLibrary::ListNames(motion_directory)) {
    if (!Contains(names, move)) names.push_back(move);
  }
  return names;
}

HumanoidController::HumanoidController(std::string motion_directory, bool use_ground_truth)
    : motion_directory_(std::move(motion_directory)), estimator_(use_ground_truth) {}

void HumanoidController::Reset(const RobotInfo& robot, const RobotState& sensed) {
  static std::atomic<bool> announced{false};
  if (estimator_.ground_truth() && !announced.exchange(true)) {
    std::fprintf(stderr, "humanoid_wbc_truth: ground-truth base pose, velocity and centre of mass are ON "
                         "(the state estimator is bypassed)\n");
  }
  // Every behaviour reads the estimator's view of the state (the simulator's in ground-truth mode).
  estimator_.Reset(robot, sensed);
  const RobotState& state = estimator_.view();
  motions_.LoadAll(motion_directory_);
  size_t max_keys = 0;
  for (const std::string& name : MotionLibrary::ListNames(motion_directory_)) {
    if (const Motion* m = motions_.Find(name)) max_keys = std::max(max_keys, m->keys.size());
  }
  player_.Reserve(static_cast<int>(max_keys));
  qp_.Reset(robot);
  qp_.PrepareTargets(&targets_);
  qp_.PrepareSolution(&solution_);
  reference_.Resize(robot.nj());
  output_.Reset(robot, state);
  home_ = robot.HomePose();
  limp_q_ = state.joint_q;
  dt_ = period();
  motion_params_.com_height = StandParams().com_height;
  last_request_.clear();
  refusal_.clear();
  failed_solves_ = 0;
  recovery_steps_ = 0;
  recovering_ = false;
  if (OnFeet(robot, state)) {
    EnterStand(robot, state);
  } else {
    EnterFallen(state);
  }
}

bool HumanoidController::OnFeet(const RobotInfo& robot, const RobotState& state) const {
  const double lowest_foot = std::min(state.feet[0].pos_world.z(), state.feet[1].pos_world.z());
  // Rising from a squat after get_up, the pelvis is below fall_height until it is up.
  return state.base_rot_world(2, 2) > std::cos(kFallTilt) &&
         (rising_ || state.base_pos_world.z() - lowest_foot > robot.fall_height);
}

void HumanoidController::EnterStand(const RobotInfo& robot, const RobotState& state) {
  stand_.Start(robot, state, StandParams(), home_);
  mode_ = Mode::kStand;
  active_ = "stand";
  recovering_ = false;
  rising_ = false;
}

void HumanoidController::EnterFallen(const RobotState& state) {
  mode_ = Mode::kFallen;
  active_ = "fallen";
  limp_q_ = state.joint_q;
}

void HumanoidController::Request(const std::string& behavior, const RobotInfo& robot, const RobotState& state,
                                 const OperatorCommand& command) {
  if (behavior == last_request_) return;
  last_request_ = behavior;
  refusal_.clear();
  if (behavior == "stand") {
    if (mode_ == Mode::kWalk && !recovering_) walk_.RequestStop();
    if (mode_ == Mode::kMotion) refusal_ = "stand: the move '" + active_ + "' finishes first";
    if (mode_ == Mode::kFallen || mode_ == Mode::kGetUp) refusal_ = "stand refused: the robot is down";
    return;
  }
  if (behavior == "walk") {
    if (mode_ == Mode::kStand && rising_) {
      refusal_ = "walk refused: still rising from get_up";
    } else if (mode_ == Mode::kStand) {
      walk_.Start(state, walk_params_, Eigen::Vector3d(command.vx, command.vy, command.yaw_rate));
      mode_ = Mode::kWalk;
      active_ = "walk";
    } else if (mode_ == Mode::kWalk) {
      recovering_ = false;
      active_ = "walk";
    } else {
      refusal_ = "walk refused while " + active_ + ": it must be standing";
    }
    return;
  }
  if (behavior == "get_up") {
    if (mode_ == Mode::kFallen) {
      get_up_.Start(robot, state);
      mode_ = Mode::kGetUp;
      active_ = std::string("get_up:") + get_up_.phase_name();
    } else if (mode_ != Mode::kGetUp) {
      refusal_ = "get_up refused: the robot is not down (" + active_ + ")";
    }
    return;
  }
  const Motion* motion = motions_.Find(behavior);
  if (motion == nullptr) {
    refusal_ = behavior + " refused: " + motions_.error(behavior);
  } else if (mode_ != Mode::kStand || rising_) {
    refusal_ = behavior + " refused while " + active_ + ": moves start from standing";
  } else {
    player_.Start(robot, state, *motion, motion_params_);
    mode_ = Mode::kMotion;
    active_ = behavior;
  }
}

void HumanoidController::UpdateMode(const RobotInfo& robot, const RobotState& state,
                                    const OperatorCommand& command) {
  reference_.posture = home_;
  reference_.posture_vel.setZero();
  SetPostureWeights(robot, kStandPosture, &reference_.posture_weight);
  reference_.com_weight.setConstant(10.0);
  reference_.base_weight.setConstant(1.0);
  reference_.angmom_weight.setZero();
  for (HandReference& h : reference_.hands) h.weight = 0;

  if ((mode_ == Mode::kStand || mode_ == Mode::kWalk || mode_ == Mode::kMotion) && !OnFeet(robot, state)) {
    EnterFallen(state);
  }
  switch (mode_) {
    case Mode::kStand:
      if (rising_) {
        // Rising from the squat: the pelvis leans forward in proportion to how low the body is
        // (as in the crouch: the knees ahead, the chest over them), upright when up.
        rise_command_.body_height = 0;
        rise_command_.pitch = kRiseLean * std::clamp(-stand_.height() / -kRiseHeightMin, 0.0, 1.0);
        stand_.Update(robot, state, rise_command_, dt_, &reference_);
      } else {
        stand_.Update(robot, state, command, dt_, &reference_);
      }
      if (rising_ && stand_.height() >= std::min(command.body_height, 0.0) - 1e-6) {
        // Up: back to the normal pose limits.
        rising_ = false;
        stand_.Start(robot, state, StandParams(), home_);
      }
      // Hip strategy: the CoM task outweighs the pelvis orientation.
      reference_.base_weight.setConstant(0.1);
      if (stand_.needs_step()) {
        // Beyond the ankle and hip strategies: step towards the capture point with the foot on
        // the side the DCM left.
        const Eigen::Vector2d error = stand_.dcm() - stand_.support().Centre();
        const Eigen::Vector2d lateral =
            RotZ(ReadFeet(state).heading).topLeftCorner<2, 2>().transpose() * error;
        walk_.StartRecovery(state, walk_params_, lateral.y() >= 0 ? kLeftFoot : kRightFoot);
        mode_ = Mode::kWalk;
        recovering_ = true;
        ++recovery_steps_;
        UpdateMode(robot, state, command);
      }
      break;
    case Mode::kWalk:
      walk_.Update(state, Eigen::Vector3d(command.vx, command.vy, command.yaw_rate), command.step_height, dt_,
                   &reference_);
      SetPostureWeights(robot, kWalkPosture, &reference_.posture_weight);
      reference_.angmom_weight << 0, 0, 3;
      // Hip strategy: the pelvis may tilt so the trunk's momentum helps the soles (the CMP the DCM
      // feedback asks for is not clamped to the support polygon while walking).
      reference_.base_weight.head<2>().setConstant(kWalkTiltWeight);
      if (walk_.done() && last_request_ == "walk" && !recovering_) {
        // A recovery step ended while walking was asked for: walk on.
        walk_.Start(state, walk_params_, Eigen::Vector3d(command.vx, command.vy, command.yaw_rate));
      } else if (walk_.done()) {
        EnterStand(robot, state);
        UpdateMode(robot, state, command);
      }
      break;
    case Mode::kMotion:
      player_.Update(robot, state, home_, dt_, &reference_);
      if (player_.done()) {
        EnterStand(robot, state);
        UpdateMode(robot, state, command);
      }
      break;
    case Mode::kFallen:
    case Mode::kGetUp:
      break;
  }
}

void HumanoidController::Compute(const RobotInfo& robot, const RobotState& sensed,
                                 const OperatorCommand& command, JointCommand& out) {
  const RobotState& state = estimator_.Update(robot, sensed, dt_);
  if (!command.behavior.empty()) Request(command.behavior, robot, state, command);
  UpdateMode(robot, state, command);
  if (mode_ == Mode::kFallen) {
    output_.WritePd(robot, state, limp_q_, kLimpGain, out);
    return;
  }
  if (mode_ == Mode::kGetUp) {
    const GetUp::Phase before = get_up_.phase();
    get_up_.Update(robot, state, dt_, out);
    if (get_up_.phase() != before) active_ = std::string("get_up:") + get_up_.phase_name();
    if (!get_up_.ready()) return;
    // The centre of mass is over the flat feet: standing balance takes over from this squat and
    // rises (its body height target starts at the squat and climbs at its rate limit).
    output_.Reset(robot, state);
    StandParams low = StandParams();
    low.height_min = kRiseHeightMin;
    stand_.Start(robot, state, low, home_);
    mode_ = Mode::kStand;
    active_ = "stand";
    recovering_ = false;
    rising_ = true;
    UpdateMode(robot, state, command);
  }
  BuildTargets(robot, state, reference_, gains_, qp_.angular_momentum(), &targets_);
  if (qp_.Solve(robot, state, targets_, &solution_) != QpStatus::kSolved) {
    ++failed_solves_;
    output_.WritePd(robot, state, reference_.posture, 1.0, out);
    return;
  }
  output_.Write(robot, state, solution_, dt_, out);
}

}  // namespace stuntsim
