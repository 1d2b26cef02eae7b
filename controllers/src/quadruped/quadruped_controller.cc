#include "stuntsim/controllers/quadruped/quadruped_controller.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <memory>

namespace stuntsim {
namespace {

bool IsGait(const std::string& name) { return FindGait(name) != nullptr; }

// Speed below which the robot counts as stopped (for sit and lie down), m/s.
constexpr double kStoppedSpeed = 0.25;
// Base height over the feet below which a robot on its feet counts as collapsed (fraction of
// the nominal height).
constexpr double kCollapsedHeight = 0.45;
// Base height over the feet, as a fraction of nominal, above which the robot is standing.
constexpr double kStandingHeight = 0.8;

}  // namespace

const std::vector<std::string>& QuadrupedController::Behaviors() {
  static const std::vector<std::string> names = {"stand", "walk",  "trot",     "pace",   "bound",
                                                 "pronk", "gallop", "sit", "lie_down", "recover"};
  return names;
}

QuadrupedController::QuadrupedController(bool use_ground_truth, const LocomotionParams& params)
    : ground_truth_(use_ground_truth), params_(params), builder_(use_ground_truth) {}

bool QuadrupedController::Upright() const { return body_.down_body.z() < -std::cos(kFallTilt); }

double QuadrupedController::HeightOverFeet() const {
  double lowest = 0;
  for (int l = 0; l < kQuadLegs; ++l) lowest = std::min(lowest, body_.foot_rel[l].z());
  return -lowest;
}

void QuadrupedController::Reset(const RobotInfo& robot, const RobotState& state) {
  static std::atomic<bool> announced{false};
  if (ground_truth_ && !announced.exchange(true)) {
    std::fprintf(stderr, "quadruped_mpc_truth: ground-truth base position and velocity are ON "
                         "(the state estimator is bypassed)\n");
  }
  builder_.Reset(robot, state);
  locomotion_.Reset(params_, robot, builder_);
  posture_.Reset(robot, builder_, locomotion_.nominal_height());
  recovery_.Reset(robot, builder_);
  builder_.ReadSensors(robot, state, body_);
  builder_.Estimate(state, 0.0, std::array<double, kQuadLegs>{}, body_);
  fallen_q_ = state.joint_q;
  last_request_.clear();
  pending_.clear();
  refusal_.clear();
  speed_ = 0;
  if (Upright() && HeightOverFeet() > kStandingHeight * locomotion_.nominal_height()) {
    StartLocomotion("stand");
  } else if (Upright()) {
    mode_ = Mode::kPosture;
    posture_.Start(Posture::kHold, body_);
    active_ = "lie_down";
  } else {
    EnterFallen();
  }
}

void QuadrupedController::StartLocomotion(const std::string& gait) {
  mode_ = Mode::kLocomotion;
  builder_.Restart(body_);
  locomotion_.Start(body_, *FindGait(gait));
  active_ = gait;
}

void QuadrupedController::EnterFallen() {
  mode_ = Mode::kFallen;
  active_ = "fallen";
  for (int l = 0; l < kQuadLegs; ++l) {
    const Eigen::Vector3d q = builder_.ClampToLimits(l, body_.q[l]);
    for (int i = 0; i < 3; ++i) fallen_q_[builder_.joints(l)[i]] = q[i];
  }
}

void QuadrupedController::Request(const std::string& behavior) {
  const std::vector<std::string>& known = Behaviors();
  if (std::find(known.begin(), known.end(), behavior) == known.end()) {
    refusal_ = "unknown behaviour '" + behavior + "' (known: stand, walk, trot, pace, bound, pronk, "
               "gallop, sit, lie_down, recover)";
    return;
  }
  refusal_.clear();
  if (behavior == active_) return;
  const bool gait = IsGait(behavior);
  switch (mode_) {
    case Mode::kLocomotion:
      if (gait) {
        locomotion_.SetGait(*FindGait(behavior));
        active_ = behavior;
      } else if (behavior == "sit" || behavior == "lie_down") {
        if (active_ != "stand") {
          refusal_ = behavior + " refused while in " + active_ + ": switch to stand and stop first";
        } else if (speed_ > kStoppedSpeed) {
          refusal_ = behavior + " refused: still moving, wait until the robot stops";
        } else {
          mode_ = Mode::kPosture;
          posture_.Start(behavior == "sit" ? Posture::kSit : Posture::kLieDown, body_);
          active_ = behavior;
        }
      } else {  // recover
        refusal_ = "recover refused: the robot is on its feet (recover is for a fallen or lying robot)";
      }
      break;
    case Mode::kPosture:
      if (posture_.posture() == Posture::kStandUp) {
        // Standing up: gaits and stand wait for it; the rest is refused.
        if (gait) {
          pending_ = behavior;
          refusal_ = behavior + " waits: standing up first";
        } else {
          refusal_ = behavior + " refused: standing up";
        }
      } else if (behavior == "stand" || (behavior == "recover" && active_ == "lie_down")) {
        posture_.Start(Posture::kStandUp, body_);
        active_ = behavior;
      } else if (behavior == "sit" || behavior == "lie_down") {
        posture_.Start(behavior == "sit" ? Posture::kSit : Posture::kLieDown, body_);
        active_ = behavior;
      } else if (gait) {
        refusal_ = behavior + " refused while in " + active_ + ": request stand first";
      } else {
        refusal_ = "recover refused while sitting: request stand";
      }
      break;
    case Mode::kRecover:
      if (gait) {
        pending_ = behavior;
        refusal_ = behavior + " waits: recovering first";
      } else {
        refusal_ = behavior + " refused: recovering";
      }
      break;
    case Mode::kFallen:
      if (behavior == "recover") {
        mode_ = Mode::kRecover;
        recovery_.Start(body_);
        active_ = "recover";
      } else {
        refusal_ = behavior + " refused: the robot has fallen, request recover";
      }
      break;
  }
}

void QuadrupedController::Compute(const RobotInfo& robot, const RobotState& state,
                                  const OperatorCommand& command, JointCommand& out) {
  builder_.ReadSensors(robot, state, body_);
  builder_.ObserveFootForces(kPeriod, body_);
  std::array<double, kQuadLegs> trust{};
  if (mode_ == Mode::kLocomotion) {
    locomotion_.EstimateContacts(body_);
    trust = locomotion_.ContactTrust(body_);
  } else if (mode_ == Mode::kPosture && Upright()) {
    for (int l = 0; l < kQuadLegs; ++l) trust[l] = body_.contact[l] ? 1.0 : 0.0;
  }
  builder_.Estimate(state, kPeriod, trust, body_);
  const double alpha = kPeriod / 0.2;
  speed_ += alpha * (body_.vel.head<2>().norm() - speed_);

  if (command.behavior != last_request_) {
    last_request_ = command.behavior;
    pending_.clear();
    if (!command.behavior.empty()) Request(command.behavior);
  }
  const bool on_feet = mode_ == Mode::kLocomotion ||
                       (mode_ == Mode::kPosture && posture_.posture() != Posture::kHold);
  if (on_feet && (!Upright() || (mode_ == Mode::kLocomotion &&
                                 HeightOverFeet() < kCollapsedHeight * locomotion_.nominal_height()))) {
    EnterFallen();
  }

  switch (mode_) {
    case Mode::kLocomotion:
      locomotion_.Compute(body_, command, kPeriod, out);
      break;
    case Mode::kPosture:
      posture_.Compute(body_, kPeriod, out);
      if (posture_.posture() == Posture::kStandUp && posture_.done()) {
        StartLocomotion("stand");
        if (!pending_.empty()) {
          const std::string next = pending_;
          pending_.clear();
          Request(next);
        }
      }
      break;
    case Mode::kRecover:
      recovery_.Compute(body_, kPeriod, out);
      if (recovery_.done()) {
        mode_ = Mode::kPosture;
        posture_.Start(Posture::kStandUp, body_);
        active_ = "recover";
      }
      break;
    case Mode::kFallen:
      for (int j = 0; j < robot.nj(); ++j) {
        out.q_des[j] = fallen_q_[j];
        out.dq_des[j] = 0;
        out.kp[j] = 0.2 * robot.joints[j].kp;
        out.kd[j] = robot.joints[j].kd;
        out.tau_ff[j] = 0;
      }
      break;
  }
}

void RegisterQuadrupedControllers(ControllerRegistry& registry) {
  registry.Register({"quadruped_mpc",
                     "quadruped: convex MPC gaits, pose mode, sit, lie down, fall recovery (Kalman filter state "
                     "estimate)",
                     {"quadruped"}, QuadrupedController::Behaviors(),
                     [] { return std::make_unique<QuadrupedController>(false); }});
  registry.Register({"quadruped_mpc_truth",
                     "quadruped_mpc with the simulator's ground-truth base position and velocity",
                     {"quadruped"}, QuadrupedController::Behaviors(),
                     [] { return std::make_unique<QuadrupedController>(true); }});
}

}  // namespace stuntsim
