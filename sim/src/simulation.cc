#include "stuntsim/sim/simulation.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "stuntsim/controllers/registry.h"
#include "stuntsim/sim/errors.h"
#include "stuntsim/sim/impedance.h"
#include "stuntsim/sim/mujoco_log.h"

namespace stuntsim {
namespace {

std::unique_ptr<World> MakeWorld(const SimulationOptions& options) {
  InstallMujocoLogHandlers();
  ValidatePerturbation(options.perturbation, "simulation options");
  std::unique_ptr<World> world = World::Create(options.robot, options.terrain);
  world->Perturb(options.perturbation);  // this simulation's own model
  return world;
}

// A base faster than this has left physics behind even if MuJoCo did not flag it, m/s.
constexpr double kDivergedSpeed = 100.0;

}  // namespace

Simulation::Simulation(const SimulationOptions& options)
    : options_(options), world_(MakeWorld(options)), data_(mj_makeData(world_->model())),
      reader_(*world_), noise_(options.perturbation) {
  controller_name_ = options.controller.empty() ? world_->description().default_controller : options.controller;
  const ControllerEntry* entry = ControllerRegistry::Global().Find(controller_name_);
  if (!entry) ControllerRegistry::Global().Create(controller_name_);  // throws, listing names
  if (!entry->Supports(world_->info().kind)) {
    throw InputError("controller '" + controller_name_ + "' does not drive a " + world_->info().kind +
                     " robot");
  }
  controller_ = entry->factory();
  noise_ = SensorNoise(options.perturbation, controller_->period());
  const double ratio = controller_->period() / timestep();
  control_every_ = static_cast<int>(std::lround(ratio));
  if (control_every_ < 1 || std::abs(ratio - control_every_) > 1e-6) {
    throw InputError("controller '" + controller_name_ + "' period " + std::to_string(controller_->period()) +
                     " s is not a multiple of the physics timestep " + std::to_string(timestep()) + " s");
  }
  world_->KeyframeId(options.keyframe.empty() ? world_->description().home_keyframe.name : options.keyframe);
  joint_command_.Resize(world_->info().nj());
  for (const JointBinding& b : world_->joints) joint_dof_.push_back(b.dof_adr);
  Reset();
}

Simulation::~Simulation() = default;

void Simulation::Reset(const std::string& keyframe) {
  const std::string key = !keyframe.empty()         ? keyframe
                          : !options_.keyframe.empty() ? options_.keyframe
                                                       : world_->description().home_keyframe.name;
  world_->PlaceAtKeyframe(data_.get(), world_->KeyframeId(key), options_.x, options_.y, options_.yaw);
  std::memset(data_->warning, 0, sizeof(data_->warning));
  mj_forward(world_->model(), data_.get());
  reader_.UpdateContactForces(data_.get());
  state_.joint_tau.setZero(world_->info().nj());
  reader_.Read(data_.get(), state_);
  pushes_.clear();
  step_count_ = 0;
  saturated_in_tick_ = false;
  // The controller starts from the true state (a calibrated start); noise begins at the first
  // control tick. Noisy joint angles next to exact foot positions could fail a controller's
  // start-up consistency checks for a reason no real robot has.
  noise_.Reset();
  if (noise_.active()) sensed_ = state_;
  controller_->Reset(world_->info(), state_);
  joint_command_.Resize(world_->info().nj());
  delay_.Reset(world_->perturbation().latency_ticks, world_->info().nj());
  applied_command_ = &joint_command_;
}

void Simulation::RunController() {
  reader_.Read(data_.get(), state_, controller_->uses_dynamics());
  const RobotState* seen = &state_;
  if (noise_.active()) {  // the controller sees noisy sensors; state_ stays the truth
    sensed_ = state_;
    noise_.Apply(sensed_, joint_dof_);
    seen = &sensed_;
  }
  const auto start = std::chrono::steady_clock::now();
  try {
    controller_->Compute(world_->info(), *seen, command_, joint_command_);
  } catch (const SimulationError&) {
    throw;
  } catch (const std::exception& e) {
    throw SimulationError("controller '" + controller_name_ + "' failed at t=" +
                          std::to_string(data_->time) + " s: " + e.what());
  }
  last_controller_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (tick_budget_ > 0 && last_controller_seconds_ > tick_budget_) {
    char text[160];
    std::snprintf(text, sizeof(text), "' took %.3g s at t=%.3f s, over the tick budget of %g s",
                  last_controller_seconds_, data_->time, tick_budget_);
    throw SimulationError("controller '" + controller_name_ + text);
  }
  ValidateJointCommand(world_->info(), joint_command_, controller_name_, data_->time);
  if (delay_.ticks() > 0) applied_command_ = &delay_.Push(joint_command_);
}

void Simulation::Step() {
  const mjModel* m = world_->model();
  mjData* d = data_.get();
  mj_step1(m, d);
  if (step_count_ % control_every_ == 0) {
    RunController();
    saturated_in_tick_ = false;
  }
  saturated_in_tick_ |= ApplyJointCommand(*world_, *applied_command_, d, state_.joint_tau, options_.actuator);
  std::memset(d->xfrc_applied, 0, sizeof(mjtNum) * 6 * m->nbody);
  for (size_t i = 0; i < pushes_.size();) {
    if (d->time >= pushes_[i].until) {
      pushes_.erase(pushes_.begin() + i);
      continue;
    }
    for (int k = 0; k < 3; ++k) d->xfrc_applied[6 * pushes_[i].body + k] += pushes_[i].force[k];
    ++i;
  }
  mj_step2(m, d);
  ++step_count_;
  reader_.UpdateContactForces(d);
  CheckDivergence();
}

void Simulation::StepFor(double seconds) {
  const int64_t steps = std::llround(seconds / timestep());
  for (int64_t i = 0; i < steps; ++i) Step();
}

void Simulation::Push(const std::string& body, const Eigen::Vector3d& force_world, double duration) {
  if (!force_world.allFinite() || !(duration > 0)) {
    throw InputError("push on '" + body + "': expected a finite force and a positive duration");
  }
  pushes_.push_back({world_->BodyId(body), force_world, data_->time + duration - 0.5 * timestep()});
}

void Simulation::Impulse(const std::string& body, const Eigen::Vector3d& impulse_world) {
  Push(body, impulse_world / timestep(), timestep());
}

void Simulation::CheckDivergence() const {
  const mjData* d = data_.get();
  const struct { int code; const char* what; } checks[] = {
      {mjWARN_BADQACC, "bad (NaN or huge) acceleration"},
      {mjWARN_BADQVEL, "bad velocity"},
      {mjWARN_BADQPOS, "bad position"}};
  for (const auto& check : checks) {
    if (d->warning[check.code].number > 0) {
      throw SimulationError("simulation diverged at t=" + std::to_string(d->time) + " s: MuJoCo reported " +
                            check.what + " in dof " + std::to_string(d->warning[check.code].lastinfo));
    }
  }
  const double* v = d->qvel + world_->base_dof_adr;
  if (!(std::sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]) < kDivergedSpeed)) {
    throw SimulationError("simulation diverged at t=" + std::to_string(d->time) +
                          " s: base speed above " + std::to_string(kDivergedSpeed) + " m/s");
  }
}

uint64_t Simulation::StateHash() const {
  const mjModel* m = world_->model();
  const mjData* d = data_.get();
  uint64_t hash = 1469598103934665603ull;
  auto mix = [&hash](const void* bytes, size_t n) {
    const auto* p = static_cast<const unsigned char*>(bytes);
    for (size_t i = 0; i < n; ++i) hash = (hash ^ p[i]) * 1099511628211ull;
  };
  mix(&d->time, sizeof(mjtNum));
  mix(d->qpos, sizeof(mjtNum) * m->nq);
  mix(d->qvel, sizeof(mjtNum) * m->nv);
  mix(d->ctrl, sizeof(mjtNum) * m->nu);
  return hash;
}

}  // namespace stuntsim
