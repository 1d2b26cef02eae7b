#include "physics_thread.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "stuntsim/sim/errors.h"
#include "stuntsim/sim/wheel_motion.h"

namespace stuntsim {
namespace {

// How often the physics thread wakes to step and publish, wall-clock.
constexpr auto kTick = std::chrono::milliseconds(4);
// At most this much simulation time is stepped in one tick; if the thread fell further behind
// (a slow machine, a debugger) the rest is dropped rather than chased.
constexpr double kMaxCatchUp = 0.1;
// Stiffness and damping of the mouse-pull spring, per kg of the pulled subtree (1/s^2, 1/s),
// and the acceleration it may give, m/s^2.
constexpr double kPullStiffness = 200.0;
constexpr double kPullDamping = 20.0;
constexpr double kPullMaxAcceleration = 60.0;
// Wall-clock seconds a controller tick may take; a slower tick stops the simulation with the
// reason in the fault banner (as stuntsim-run's default --tick-budget). A controller that never
// returns cannot be stopped: the physics thread stays stuck in it (see docs/viewer.md).
constexpr double kTickBudget = 1.0;
// How long the destructor waits for the thread before abandoning it (stuck in a tick).
constexpr auto kAbandonAfter = std::chrono::seconds(3);

double Yaw(const Eigen::Matrix3d& rot) { return std::atan2(rot(1, 0), rot(0, 0)); }

}  // namespace

void SimRequests::Merge(SimRequests&& later) {
  single_steps += later.single_steps;
  if (later.reset) {
    reset = true;
    reset_keyframe = std::move(later.reset_keyframe);
  }
  for (const Eigen::Vector3d& impulse : later.impulses) impulses.push_back(impulse);
  later = SimRequests();
}

PhysicsThread::PhysicsThread(std::unique_ptr<Simulation> sim, const SimControls& controls)
    : model_(sim->model()),
      world_(&sim->world()),
      controller_name_(sim->controller_name()),
      base_body_(sim->world().description().base_body.name),
      sim_(std::move(sim)),
      controls_(controls) {
  sim_->set_tick_budget(kTickBudget);
  sample_every_ = std::max(1, static_cast<int>(std::lround(kPlotSamplePeriod / sim_->timestep())));
  paused_ = controls.paused;
  speed_ = controls.speed;
  sim_->set_command(controls.command);
  const Clock::time_point now = Clock::now();
  Reanchor(now);
  rtf_wall_ = now;
  rtf_sim_ = sim_->time();
  UpdateStatus(now);
  published_ = MakeData();
  mj_copyData(published_.get(), model_, sim_->data());
  status_ = local_status_;
  published_at_ = Clock::now();
  thread_ = std::thread(&PhysicsThread::Run, this);
}

PhysicsThread::~PhysicsThread() {
  if (thread_.joinable() && !StopAndJoin()) {
    // Not reached through Shutdown(): nothing safe is left to do with a thread that still uses us.
    std::fprintf(stderr, "stuntsim-viewer: physics thread destroyed while stuck in a tick\n");
    std::abort();
  }
}

bool PhysicsThread::StopAndJoin() {
  stopping_ = true;
  std::unique_lock<std::mutex> lock(mutex_);
  stop_ = true;
  wake_.notify_all();
  if (!wake_.wait_for(lock, kAbandonAfter, [this] { return finished_; })) return false;
  lock.unlock();
  thread_.join();
  return true;
}

void PhysicsThread::Shutdown(PhysicsThread* physics) {
  if (!physics) return;
  if (physics->StopAndJoin()) {
    delete physics;
    return;
  }
  // A tick that does not return cannot be interrupted. Leave the thread and everything it uses
  // behind, untouched: freeing or even writing a member it reads would race with it.
  std::fprintf(stderr, "stuntsim-viewer: controller '%s' has not returned from a tick; abandoning its thread\n",
               physics->controller_name_.c_str());
  physics->thread_.detach();  // and never deleted: leaked with the stuck thread
}

DataPtr PhysicsThread::MakeData() const { return DataPtr(mj_makeData(model_)); }

void PhysicsThread::Exchange(const SimControls& controls, SimRequests& requests, SimSnapshot& snapshot) {
  const bool wake = !requests.empty();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    controls_ = controls;
    requests_.Merge(std::move(requests));
    mj_copyData(snapshot.data.get(), model_, published_.get());
    snapshot.status = status_;
    snapshot.status.stalled_seconds = std::chrono::duration<double>(Clock::now() - published_at_).count();
    snapshot.new_samples.insert(snapshot.new_samples.end(), samples_.begin(), samples_.end());
    samples_.clear();
  }
  if (wake) wake_.notify_all();
}

void PhysicsThread::Run() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stop_) {
    const SimControls controls = controls_;
    SimRequests requests;
    std::swap(requests, requests_);
    lock.unlock();

    Advance(controls, requests);

    lock.lock();
    mj_copyData(published_.get(), model_, sim_->data());
    status_ = local_status_;
    published_at_ = Clock::now();
    samples_.insert(samples_.end(), local_samples_.begin(), local_samples_.end());
    local_samples_.clear();
    wake_.wait_until(lock, Clock::now() + kTick, [this] { return stop_ || !requests_.empty(); });
  }
  finished_ = true;
  wake_.notify_all();
}

void PhysicsThread::Reanchor(Clock::time_point now) {
  wall_anchor_ = now;
  sim_anchor_ = sim_->time();
}

void PhysicsThread::Advance(const SimControls& controls, const SimRequests& requests) {
  Clock::time_point now = Clock::now();
  if (requests.reset) {
    try {
      sim_->Reset(requests.reset_keyframe);
      local_status_.error.clear();
      local_status_.fell = false;
      local_samples_.clear();
    } catch (const std::exception& e) {
      local_status_.error = std::string("reset failed: ") + e.what();
    }
    Reanchor(now);
    rtf_wall_ = now;
    rtf_sim_ = sim_->time();
  }
  for (const Eigen::Vector3d& impulse : requests.impulses) sim_->Impulse(base_body_, impulse);
  sim_->set_command(controls.command);
  if (controls.paused != paused_ || controls.speed != speed_) {
    paused_ = controls.paused;
    speed_ = controls.speed;
    Reanchor(now);
  }

  int64_t steps = 0;
  const double dt = sim_->timestep();
  if (!local_status_.error.empty()) {
    steps = 0;
  } else if (paused_) {
    steps = requests.single_steps;
  } else {
    const double target = sim_anchor_ + std::chrono::duration<double>(now - wall_anchor_).count() * speed_;
    steps = static_cast<int64_t>(std::floor((target - sim_->time()) / dt + 1e-9));
    const int64_t max_steps = std::max<int64_t>(1, std::llround(kMaxCatchUp / dt));
    if (steps > max_steps) {
      steps = max_steps;
      Reanchor(now);  // drop the backlog; the real-time factor shows the lag
      sim_anchor_ += steps * dt;
    }
  }
  for (int64_t i = 0; i < steps && local_status_.error.empty() && !stopping_; ++i) StepOnce(controls);
  UpdateStatus(Clock::now());
}

void PhysicsThread::StepOnce(const SimControls& controls) {
  try {
    if (controls.pull.active) ApplyMousePull(controls.pull);
    sim_->Step();
    ++local_status_.steps;
  } catch (const std::exception& e) {
    local_status_.error = e.what();
    return;
  }
  if (++steps_since_sample_ >= sample_every_) {
    steps_since_sample_ = 0;
    TakeSample();
  }
}

void PhysicsThread::ApplyMousePull(const MousePull& p) {
  const mjData* d = sim_->data();
  const int b = p.body;
  if (b <= 0 || b >= model_->nbody) return;
  const char* name = mj_id2name(model_, mjOBJ_BODY, b);
  if (name == nullptr) return;
  const Eigen::Map<const Eigen::Matrix<mjtNum, 3, 3, Eigen::RowMajor>> rot(d->xmat + 9 * b);
  const Eigen::Map<const Eigen::Vector3d> origin(d->xpos + 3 * b);
  const Eigen::Vector3d arm = rot * Eigen::Vector3d(p.local_point[0], p.local_point[1], p.local_point[2]);
  const Eigen::Vector3d point = origin + arm;
  mjtNum velocity[6];  // angular then linear, world frame, at the body origin
  mj_objectVelocity(model_, d, mjOBJ_BODY, b, velocity, 0);
  const Eigen::Vector3d point_velocity =
      Eigen::Vector3d(velocity[3], velocity[4], velocity[5]) + Eigen::Vector3d(velocity[0], velocity[1], velocity[2]).cross(arm);
  const Eigen::Vector3d reference(p.reference_world[0], p.reference_world[1], p.reference_world[2]);
  const double mass = model_->body_subtreemass[b];
  Eigen::Vector3d force = mass * (kPullStiffness * (reference - point) - kPullDamping * point_velocity);
  const double max_force = mass * kPullMaxAcceleration;
  if (force.norm() > max_force) force *= max_force / force.norm();
  sim_->Push(name, force, sim_->timestep());
}

void PhysicsThread::TakeSample() {
  const RobotState& s = sim_->state();
  const OperatorCommand& c = sim_->command();
  const RobotInfo& info = world_->info();
  const double yaw = Yaw(s.base_rot_world);
  const double cy = std::cos(yaw), sy = std::sin(yaw);
  PlotSample sample;
  sample.time = sim_->time();
  sample.cmd_vx = static_cast<float>(c.vx);
  sample.cmd_vy = static_cast<float>(c.vy);
  sample.cmd_yaw_rate = static_cast<float>(c.yaw_rate);
  sample.vx = static_cast<float>(cy * s.base_linvel_world.x() + sy * s.base_linvel_world.y());
  sample.vy = static_cast<float>(-sy * s.base_linvel_world.x() + cy * s.base_linvel_world.y());
  sample.yaw_rate = static_cast<float>(s.base_angvel_world.z());
  const Eigen::Vector3d& p = s.base_pos_world;
  const double height = p.z() - world_->terrain().HeightAt(p.x(), p.y());
  sample.height = static_cast<float>(height);
  float max_share = 0;
  for (int j = 0; j < info.nj() && j < s.joint_tau.size(); ++j) {
    if (info.joints[j].tau_max > 0) {
      max_share = std::max(max_share, static_cast<float>(std::abs(s.joint_tau[j]) / info.joints[j].tau_max));
    }
  }
  sample.max_torque_share = max_share;
  sample.controller_ms = static_cast<float>(sim_->last_controller_seconds() * 1e3);
  for (size_t f = 0; f < s.feet.size() && f < 32; ++f) {
    if (s.feet[f].contact) sample.contacts |= 1u << f;
  }
  for (const WheelMotion& w : MeasureWheels(*world_, sim_->data())) {
    if (sample.wheels == PlotSample::kMaxWheels) break;
    sample.wheel_rim[sample.wheels] = static_cast<float>(w.rim);
    sample.wheel_slip[sample.wheels] = static_cast<float>(w.slip);
    ++sample.wheels;
  }
  local_samples_.push_back(sample);
  if (height < info.fall_height || sim_->NonFootGroundContact()) local_status_.fell = true;
}

void PhysicsThread::UpdateStatus(Clock::time_point now) {
  SimStatus& st = local_status_;
  const RobotState& s = sim_->state();
  const RobotInfo& info = world_->info();
  const double wall = std::chrono::duration<double>(now - rtf_wall_).count();
  if (wall >= 0.5) {
    st.real_time_factor = (sim_->time() - rtf_sim_) / wall;
    rtf_wall_ = now;
    rtf_sim_ = sim_->time();
  }
  st.time = sim_->time();
  st.paused = paused_;
  st.controller_seconds = sim_->last_controller_seconds();
  st.active_behavior = sim_->controller().active_behavior();
  st.refusal = sim_->controller().refusal();
  st.base_position = s.base_pos_world;
  st.yaw = Yaw(s.base_rot_world);
  st.height = s.base_pos_world.z() - world_->terrain().HeightAt(s.base_pos_world.x(), s.base_pos_world.y());
  st.torque_share.resize(info.nj());
  for (int j = 0; j < info.nj(); ++j) {
    const double limit = info.joints[j].tau_max;
    st.torque_share[j] =
        limit > 0 && j < s.joint_tau.size() ? static_cast<float>(std::abs(s.joint_tau[j]) / limit) : 0.f;
  }
}

}  // namespace stuntsim
