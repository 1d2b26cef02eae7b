#include "stuntsim/controllers/quadruped/quadruped_controller.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "stuntsim/controllers/behaviors.h"

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

const std::vector<std::string>& QuadrupedController::AcrobaticBehaviors() {
  static const std::vector<std::string> names = {"backflip", "frontflip", "sideflip_left", "sideflip_right",
                                                 "jump_up",  "jump_forward", "spin_jump"};
  return names;
}

const std::vector<std::string>& QuadrupedController::Behaviors() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> all = {"stand", "walk",  "trot",     "pace",   "bound",
                                    "pronk", "gallop", "sit", "lie_down", "recover"};
    for (const std::string& a : AcrobaticBehaviors()) all.push_back(a);
    return all;
  }();
  return names;
}

namespace {

bool IsAcrobatic(const std::string& name) {
  const std::vector<std::string>& a = QuadrupedController::AcrobaticBehaviors();
  return std::find(a.begin(), a.end(), name) != a.end();
}

// Checks a motion against this robot: joint targets inside the joint ranges (with 0.02 rad of
// slack for the file's rounding). Returns the problem, or empty.
std::string CheckMotion(const AcrobaticMotion& m, const BodyStateBuilder& kin) {
  for (size_t i = 0; i < m.frames.size(); ++i) {
    for (int l = 0; l < kQuadLegs; ++l) {
      const Eigen::Vector3d& q = m.frames[i].q[l];
      if ((kin.ClampToLimits(l, q) - q).cwiseAbs().maxCoeff() > 0.02) {
        return "frame " + std::to_string(i) + ": leg " + std::to_string(l) +
               " joint targets outside the joint ranges";
      }
    }
  }
  return {};
}

}  // namespace

void QuadrupedController::SetMotion(const AcrobaticMotion& motion) {
  motions_[motion.name] = motion;
  overridden_.insert(motion.name);
  motion_errors_.erase(motion.name);
}

const AcrobaticMotion* QuadrupedController::Motion(const std::string& name) {
  const auto it = motions_.find(name);
  if (it != motions_.end()) return &it->second;
  const auto error = motion_errors_.find(name);
  refusal_ = name + " unavailable: " + (error != motion_errors_.end() ? error->second : "no motion");
  return nullptr;
}

QuadrupedController::QuadrupedController(bool use_ground_truth, const LocomotionParams& params,
                                         const RecoveryParams& recovery)
    : ground_truth_(use_ground_truth), params_(params), recovery_params_(recovery), builder_(use_ground_truth) {}

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
  recovery_.Reset(robot, builder_, recovery_params_);
  acrobatics_.Reset(robot, builder_);
  // The acrobatic motions of this robot (assets/motions/<robot>/<behaviour>.toml), checked
  // against its joint ranges; a missing or bad file only makes its behaviour unavailable.
  const std::string directory = DefaultAcrobaticMotionDirectory(robot.name);
  for (const std::string& name : AcrobaticBehaviors()) {
    if (overridden_.count(name)) continue;
    motions_.erase(name);
    motion_errors_.erase(name);
    const std::string path = (std::filesystem::path(directory) / (name + ".toml")).string();
    try {
      if (!std::filesystem::exists(path)) throw MotionError(path + ": no such file (make it with stuntsim-optimize)");
      AcrobaticMotion m = LoadAcrobaticMotion(path);
      const std::string problem = CheckMotion(m, builder_);
      if (!problem.empty()) throw MotionError(path + ": " + problem);
      motions_[name] = std::move(m);
    } catch (const MotionError& e) {
      motion_errors_[name] = e.what();
    }
  }
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
  refusal_ = UnknownBehaviorRefusal(behavior, Behaviors());
  if (!refusal_.empty()) return;
  if (behavior == active_) return;
  if (IsAcrobatic(behavior)) {
    RequestAcrobatics(behavior);
    return;
  }
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
    case Mode::kAcrobatics:
      if (gait) {
        pending_ = behavior;
        refusal_ = behavior + " waits: landing " + active_ + " first";
      } else {
        refusal_ = behavior + " refused: " + active_ + " in progress";
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

std::string QuadrupedController::FlipBlocker() const {
  char why[120];
  if (speed_ > kFlipMaxSpeed) {
    std::snprintf(why, sizeof why, "moving at %.2f m/s (at most %.1f, a walk): slow down first", speed_, kFlipMaxSpeed);
    return why;
  }
  const double slope = std::atan(locomotion_.ground().SlopeAlong(0.0).norm());
  if (slope > kFlipMaxSlope) {
    std::snprintf(why, sizeof why, "on a %.0f deg slope (at most %.0f)", slope * 57.2958, kFlipMaxSlope * 57.2958);
    return why;
  }
  int down = 0;
  for (int l = 0; l < kQuadLegs; ++l) down += body_.contact_sensor[l] ? 1 : 0;
  if (down == 0) return "in the air";
  const double tilt = std::acos(std::clamp(-body_.down_body.z(), -1.0, 1.0));
  if (tilt > kFlipMaxTilt) {
    std::snprintf(why, sizeof why, "body tilted %.0f deg (at most %.0f)", tilt * 57.2958, kFlipMaxTilt * 57.2958);
    return why;
  }
  return {};
}

void QuadrupedController::RequestAcrobatics(const std::string& name) {
  const AcrobaticMotion* motion = Motion(name);
  if (!motion) return;
  if (mode_ != Mode::kLocomotion) {
    refusal_ = name + " refused: not standing (" + active_ + ")";
    return;
  }
  const std::string blocker = FlipBlocker();
  if (!blocker.empty()) {
    refusal_ = name + " refused: " + blocker;
    return;
  }
  if (active_ != "stand" || !locomotion_.AllFeetDown() || locomotion_.balance_stepping()) {
    // Moving slowly or stepping: stop into a stand on four feet first, then go.
    if (active_ != "stand") {
      locomotion_.SetGait(*FindGait("stand"));
      active_ = "stand";
    }
    pending_ = name;
    refusal_ = name + " waits: coming to a stand on four feet";
    return;
  }
  mode_ = Mode::kAcrobatics;
  acrobatics_.Start(motion, body_);
  active_ = name;
}

void QuadrupedController::Compute(const RobotInfo& robot, const RobotState& state,
                                  const OperatorCommand& command, JointCommand& out) {
  builder_.ReadSensors(robot, state, body_);
  builder_.ObserveFootForces(kPeriod, body_);
  std::array<double, kQuadLegs> trust{};
  if (mode_ == Mode::kLocomotion) {
    locomotion_.EstimateContacts(body_);
    trust = locomotion_.ContactTrust(body_);
  } else if ((mode_ == Mode::kPosture || mode_ == Mode::kAcrobatics) && Upright()) {
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
      if (IsAcrobatic(pending_) && locomotion_.AllFeetDown() && !locomotion_.balance_stepping() &&
          speed_ < kStoppedSpeed) {
        const std::string next = pending_;
        pending_.clear();
        Request(next);
      }
      if (mode_ == Mode::kLocomotion) {
        locomotion_.Compute(body_, command, kPeriod, out);
        break;
      }
      [[fallthrough]];
    case Mode::kAcrobatics:
      acrobatics_.Compute(body_, kPeriod, out);
      if (acrobatics_.done()) {
        if (Upright()) {
          StartLocomotion("stand");
          if (!pending_.empty()) {
            const std::string next = pending_;
            pending_.clear();
            Request(next);
          }
        } else {
          EnterFallen();
        }
      }
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
                     "quadruped: convex MPC gaits, pose mode, sit, lie down, fall recovery, flips and jumps "
                     "(Kalman filter state estimate)",
                     {"quadruped"}, QuadrupedController::Behaviors(),
                     [] { return std::make_unique<QuadrupedController>(false); }});
  registry.Register({"quadruped_mpc_truth",
                     "quadruped_mpc with the simulator's ground-truth base position and velocity",
                     {"quadruped"}, QuadrupedController::Behaviors(),
                     [] { return std::make_unique<QuadrupedController>(true); }});
}

}  // namespace stuntsim
