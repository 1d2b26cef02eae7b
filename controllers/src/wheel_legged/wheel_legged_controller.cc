#include "stuntsim/controllers/wheel_legged/wheel_legged_controller.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>

#include "stuntsim/controllers/behaviors.h"

namespace stuntsim {

const std::vector<std::string>& WheelLeggedController::Behaviors() {
  static const std::vector<std::string> names = {"stand", "drive", "walk", "sit", "lie_down", "recover"};
  return names;
}

namespace {

// The quadruped stack's tuning on this robot: the heavy wheels at the leg ends make a fast roll
// mode that a stance force held for 12 ticks (24 ms) drives into a 25 Hz roll chatter (measured:
// roll rate +-8 rad/s within 0.3 s of standing; +-2 rad/s at 4 ticks, none at 2).
LocomotionParams WheelLegParams() {
  LocomotionParams p;
  p.mpc_every = 2;
  return p;
}

// The roll-over from the back on this robot: the quadruped's poses get it onto its side (about
// 108 deg) and it falls back, its wheels propping it. These were found by a random search in
// simulation (70 candidates, each run unperturbed and with two perturbation seeds): a higher
// thigh on the pushing side and a faster, wider tuck carry it over. 18 of 20 perturbed runs of
// wheel_legged_recover_back stand up and drive off; also at other headings and on the hills.
RecoveryParams WheelLegRecovery() {
  RecoveryParams p;
  p.push = Eigen::Vector3d(0.729, 3.42, -2.49);
  p.tuck = Eigen::Vector3d(0.612, 2.70, -2.43);
  p.roll_time = 0.25;
  return p;
}

}  // namespace

WheelLeggedController::WheelLeggedController(const DriveParams& params)
    : params_(params), legs_(false, WheelLegParams(), WheelLegRecovery()), builder_(false) {}

void WheelLeggedController::Reset(const RobotInfo& robot, const RobotState& state) {
  if (robot.legs.size() != kQuadLegs) {
    throw std::invalid_argument("wheel_legged controller: robot '" + robot.name + "' has " +
                                std::to_string(robot.legs.size()) + " legs, expected 4 with a wheel each");
  }
  for (int l = 0; l < kQuadLegs; ++l) {
    if (robot.legs[l].wheel < 0) {
      throw std::invalid_argument("wheel_legged controller: leg '" + robot.legs[l].name +
                                  "' has no wheel (robot.toml [[legs]] wheel = \"<joint>\")");
    }
    wheel_joints_[l] = robot.legs[l].wheel;
  }
  builder_.Reset(robot, state);
  drive_.Reset(params_, robot, builder_);
  last_request_.clear();
  pending_.clear();
  refusal_.clear();
  legs_request_.clear();
  switch_to_legs_ = false;
  StartLegs(robot, state);
}

void WheelLeggedController::StartLegs(const RobotInfo& robot, const RobotState& state) {
  legs_.Reset(robot, state);
  for (int l = 0; l < kQuadLegs; ++l) lock_q_[l] = state.joint_q[wheel_joints_[l]];
  mode_ = Mode::kLegs;
}

void WheelLeggedController::StartDrive() {
  builder_.Restart(body_);
  drive_.Start(body_);
  mode_ = Mode::kDrive;
}

void WheelLeggedController::LockWheels(JointCommand& out) const {
  for (int l = 0; l < kQuadLegs; ++l) {
    const int j = wheel_joints_[l];
    out.q_des[j] = lock_q_[l];
    out.dq_des[j] = 0;
    out.kp[j] = kLockKp;
    out.kd[j] = kLockKd;
    out.tau_ff[j] = 0;
  }
}

std::string WheelLeggedController::active_behavior() const {
  return mode_ == Mode::kDrive ? "drive" : legs_.active_behavior();
}

std::string WheelLeggedController::refusal() const {
  if (!refusal_.empty() || mode_ == Mode::kDrive) return refusal_;
  return legs_.refusal();
}

void WheelLeggedController::Request(const std::string& behavior) {
  refusal_ = UnknownBehaviorRefusal(behavior, Behaviors());
  if (!refusal_.empty()) return;
  if (mode_ == Mode::kDrive) {
    if (behavior == "drive") return;
    if (behavior == "recover") {
      refusal_ = "recover refused: the robot is on its wheels (recover is for a fallen or lying robot)";
      return;
    }
    // Stand, walk, sit, lie down: the legs take over once the wheels have stopped.
    pending_ = behavior;
    switch_to_legs_ = true;
    refusal_ = behavior + " waits: braking to a stop first";
    return;
  }
  if (behavior != "drive") {
    legs_request_ = behavior;
    return;
  }
  const std::string active = legs_.active_behavior();
  if (active == "recover") {
    // Getting up (rolling over, then standing): the drive takes over once it stands.
    pending_ = "drive";
    refusal_ = "drive waits: getting up first";
    return;
  }
  if (!legs_.on_feet() || (active != "stand" && active != "walk")) {
    refusal_ = "drive refused while " + active + ": request stand first";
    return;
  }
  // From a walk, stand first; the switch itself happens in Compute once the feet are all down.
  legs_request_ = "stand";
  pending_ = "drive";
  refusal_ = "drive waits: coming to a stand on four wheels";
}

void WheelLeggedController::Compute(const RobotInfo& robot, const RobotState& state,
                                    const OperatorCommand& command, JointCommand& out) {
  if (command.behavior != last_request_) {
    last_request_ = command.behavior;
    pending_.clear();
    refusal_.clear();
    switch_to_legs_ = false;
    if (!command.behavior.empty()) Request(command.behavior);
  }
  // The drive's estimator runs on every tick so it is warm when the drive takes over.
  constexpr double dt = QuadrupedController::kPeriod;
  builder_.ReadSensors(robot, state, body_);
  builder_.ObserveFootForces(dt, body_);
  std::array<double, kQuadLegs> trust{};
  if (mode_ == Mode::kDrive) {
    // A slipping wheel is poor odometry.
    const WheelTelemetry& wheels = drive_.telemetry();
    for (int l = 0; l < kQuadLegs; ++l) {
      trust[l] = body_.contact[l] ? std::clamp(1.0 - std::abs(wheels.slip[l]) / (2 * params_.slip_limit), 0.1, 1.0) : 0.0;
    }
  } else {
    for (int l = 0; l < kQuadLegs; ++l) trust[l] = body_.contact[l] ? 1.0 : 0.0;
  }
  builder_.Estimate(state, dt, trust, body_);

  if (mode_ == Mode::kDrive) {
    const bool upright = body_.down_body.z() < -std::cos(QuadrupedController::kFallTilt);
    if (upright) {
      OperatorCommand drive_command = command;
      if (switch_to_legs_) drive_command.vx = drive_command.yaw_rate = 0;
      drive_.Compute(body_, drive_command, dt, out);
      if (!switch_to_legs_ || !drive_.stopped()) return;
      legs_request_ = pending_;
      pending_.clear();
      refusal_.clear();
      switch_to_legs_ = false;
    }
    // Stopped for a switch, or fallen over: the legs' stack takes over (and sees a fall).
    StartLegs(robot, state);
  } else if (pending_ == "drive" && legs_.on_feet() && legs_.active_behavior() == "stand" &&
             legs_.locomotion().AllFeetDown() && legs_.body().vel.head<2>().norm() < kDriveSwitchSpeed) {
    // Every wheel down: the drive takes over (it brakes the rest of a walk's speed; standing
    // still on locked wheels after a walk can take a long balance-stepping while to settle).
    pending_.clear();
    refusal_.clear();
    StartDrive();
    drive_.Compute(body_, command, dt, out);
    return;
  }
  OperatorCommand legs_command = command;
  legs_command.behavior = legs_request_;
  legs_.Compute(robot, state, legs_command, out);
  LockWheels(out);
  const BodyState& legs_body = legs_.body();
  for (int l = 0; l < kQuadLegs; ++l) {
    const int j = wheel_joints_[l];
    AddWheelReaction(legs_body, l, legs_.kinematics(), ImpedanceTorque(out, j, legs_body.wheel_q[l], legs_body.wheel_dq[l]), out);
  }
}

void RegisterWheelLeggedControllers(ControllerRegistry& registry) {
  registry.Register({"wheel_legged",
                     "wheel-legged: drives on its wheels (convex-MPC stance on four wheel contacts, skid "
                     "steering, traction control, brakes) and walks with the quadruped's gaits on locked wheels",
                     {"wheel_legged"}, WheelLeggedController::Behaviors(),
                     [] { return std::make_unique<WheelLeggedController>(); }});
}

}  // namespace stuntsim
