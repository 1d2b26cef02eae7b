#include "stuntsim/sim/perturbation.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>

#include "stuntsim/sim/errors.h"
#include "stuntsim/sim/world.h"

namespace stuntsim {
namespace {

// Separate streams for the model draws and the noise, so switching noise on or off does not
// change the drawn model (and the other way round).
std::mt19937_64 Stream(uint64_t seed, uint32_t stream) {
  std::seed_seq seq{static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32), stream};
  return std::mt19937_64(seq);
}

std::string Percent(double fraction) {
  char text[32];
  std::snprintf(text, sizeof(text), "%g", fraction * 100);
  return text;
}

}  // namespace

Perturbation Perturbation::Standard(uint64_t seed) {
  Perturbation p;
  p.seed = seed;
  p.friction = 0.1;
  p.mass = 0.1;
  p.gyro_noise = 0.01;
  p.accel_noise = 0.1;
  p.joint_pos_noise = 0.001;
  p.joint_vel_noise = 0.05;
  p.gyro_bias = 0.003;
  p.accel_bias = 0.05;
  p.contact_delay_ticks = 2;
  p.contact_miss_rate = 0.02;
  p.latency_min_ticks = 1;
  p.latency_max_ticks = 2;
  return p;
}

std::string Perturbation::Describe() const {
  std::string s;
  auto add = [&s](const std::string& part) { s += (s.empty() ? "" : ", ") + part; };
  char text[96];
  if (friction > 0) add("friction +-" + Percent(friction) + " %");
  if (mass > 0) add("mass +-" + Percent(mass) + " % per body");
  if (gyro_noise > 0) std::snprintf(text, sizeof(text), "gyro noise %g rad/s", gyro_noise), add(text);
  if (accel_noise > 0) std::snprintf(text, sizeof(text), "accelerometer noise %g m/s^2", accel_noise), add(text);
  if (joint_pos_noise > 0) std::snprintf(text, sizeof(text), "joint position noise %g rad", joint_pos_noise), add(text);
  if (joint_vel_noise > 0) std::snprintf(text, sizeof(text), "joint velocity noise %g rad/s", joint_vel_noise), add(text);
  if (gyro_bias > 0) std::snprintf(text, sizeof(text), "gyro bias %g rad/s", gyro_bias), add(text);
  if (accel_bias > 0) std::snprintf(text, sizeof(text), "accelerometer bias %g m/s^2", accel_bias), add(text);
  if (contact_delay_ticks > 0) std::snprintf(text, sizeof(text), "touch-downs 0-%d ticks late", contact_delay_ticks), add(text);
  if (contact_miss_rate > 0) add(Percent(contact_miss_rate) + " % of touch-downs missed");
  if (latency_max_ticks > 0) {
    if (latency_min_ticks == latency_max_ticks) {
      std::snprintf(text, sizeof(text), "latency %d control ticks", latency_max_ticks);
    } else {
      std::snprintf(text, sizeof(text), "latency %d-%d control ticks", latency_min_ticks, latency_max_ticks);
    }
    add(text);
  }
  return s.empty() ? "none" : s;
}

void ValidatePerturbation(const Perturbation& p, const std::string& where) {
  auto fail = [&where](const std::string& field, const std::string& what) {
    throw InputError(where + ": perturb." + field + ": " + what);
  };
  auto fraction = [&](const char* field, double v) {
    if (!(v >= 0 && v < 1)) fail(field, "expected a relative half-range 0 <= x < 1 (0.1 is +-10 %), got " + std::to_string(v));
  };
  auto noise = [&](const char* field, double v, double max, const char* unit) {
    if (!(v >= 0 && v <= max)) {
      fail(field, "expected a standard deviation 0.." + Percent(max / 100) + " " + unit + ", got " + std::to_string(v));
    }
  };
  fraction("friction", p.friction);
  fraction("mass", p.mass);
  noise("gyro_noise", p.gyro_noise, 10, "rad/s");
  noise("accel_noise", p.accel_noise, 100, "m/s^2");
  noise("joint_pos_noise", p.joint_pos_noise, 1, "rad");
  noise("joint_vel_noise", p.joint_vel_noise, 100, "rad/s");
  noise("gyro_bias", p.gyro_bias, 1, "rad/s");
  noise("accel_bias", p.accel_bias, 10, "m/s^2");
  if (!(p.contact_delay_ticks >= 0 && p.contact_delay_ticks <= 100)) {
    fail("contact_delay_ticks", "expected 0..100 control ticks, got " + std::to_string(p.contact_delay_ticks));
  }
  if (!(p.contact_miss_rate >= 0 && p.contact_miss_rate <= 1)) {
    fail("contact_miss_rate", "expected a probability 0..1, got " + std::to_string(p.contact_miss_rate));
  }
  if (!(p.latency_min_ticks >= 0 && p.latency_min_ticks <= p.latency_max_ticks && p.latency_max_ticks <= 100)) {
    fail("latency_ticks", "expected 0 <= min <= max <= 100 control ticks, got " + std::to_string(p.latency_min_ticks) +
                              ".." + std::to_string(p.latency_max_ticks));
  }
}

PerturbationDraw PerturbModel(const Perturbation& p, mjModel* m, int base_body) {
  PerturbationDraw draw;
  draw.body_mass_scale.assign(m->nbody, 1.0);
  // Fixed draw order whatever is switched on: friction, one factor per body, latency.
  std::mt19937_64 rng = Stream(p.seed, 1);
  std::uniform_real_distribution<double> unit(-1.0, 1.0);
  const double friction_draw = unit(rng);
  std::vector<double> mass_draw(m->nbody);
  for (double& d : mass_draw) d = unit(rng);
  draw.latency_ticks = std::uniform_int_distribution<int>(p.latency_min_ticks, p.latency_max_ticks)(rng);
  if (!p.ModelActive()) return draw;

  draw.friction_scale = 1 + p.friction * friction_draw;
  // MuJoCo combines a contact pair's friction by the maximum, so one factor on every geom scales
  // every contact's friction by that factor.
  for (int i = 0; i < 3 * m->ngeom; ++i) m->geom_friction[i] *= draw.friction_scale;
  for (int b = 1; b < m->nbody; ++b) {
    if (m->body_rootid[b] != base_body) continue;
    draw.body_mass_scale[b] = 1 + p.mass * mass_draw[b];
    m->body_mass[b] *= draw.body_mass_scale[b];
    for (int k = 0; k < 3; ++k) m->body_inertia[3 * b + k] *= draw.body_mass_scale[b];
  }
  // Derived constants: subtree masses (mj_comPos divides by them), then what mj_setConst
  // computes from the masses (dof_M0, inverse weights used by the constraint solver).
  for (int b = 0; b < m->nbody; ++b) m->body_subtreemass[b] = m->body_mass[b];
  for (int b = m->nbody - 1; b > 0; --b) m->body_subtreemass[m->body_parentid[b]] += m->body_subtreemass[b];
  DataPtr data(mj_makeData(m));
  mj_setConst(m, data.get());
  return draw;
}

void ImuAttitudeFilter::Update(const Eigen::Vector3d& gyro, const Eigen::Vector3d& accelerometer, double dt) {
  Eigen::Vector3d omega = gyro;
  const double a = accelerometer.norm();
  // Trust the accelerometer as a gravity sensor only while it reads about 1 g: an impact or a
  // push-off is not "down" (the weight falls to 0 at 5 % off; at 20 % the trunk estimate of a
  // walking humanoid leaned 1.5 deg on average, at 5 % 0.4 deg).
  const double trust = std::max(0.0, 1.0 - std::abs(a - kGravity) / (0.05 * kGravity));
  if (a > 1e-6 && trust > 0) {
    // At rest the accelerometer reads +g along the world's up axis, seen in the IMU frame.
    const Eigen::Vector3d up_measured = accelerometer / a;
    const Eigen::Vector3d up_predicted = q_.conjugate() * Eigen::Vector3d::UnitZ();
    const Eigen::Vector3d error = trust * up_measured.cross(up_predicted);
    omega += kGain * error;
  }
  const double angle = omega.norm() * dt;
  if (angle > 0) q_ = (q_ * Eigen::Quaterniond(Eigen::AngleAxisd(angle, omega.normalized()))).normalized();
}

SensorNoise::SensorNoise(const Perturbation& p, double control_period) : p_(p), dt_(control_period) { Reset(); }

void SensorNoise::Reset() {
  rng_ = Stream(p_.seed, 2);
  contact_rng_ = Stream(p_.seed, 3);  // its own stream: contact events do not shift the others
  normal_.reset();
  // Biases first, in a fixed order, whatever else is on.
  for (int k = 0; k < 3; ++k) gyro_bias_[k] = p_.gyro_bias * normal_(rng_);
  for (int k = 0; k < 3; ++k) accel_bias_[k] = p_.accel_bias * normal_(rng_);
  started_ = false;
  was_in_contact_.clear();
  report_in_.clear();
}

void SensorNoise::Apply(RobotState& s, const std::vector<int>& qvel_index) {
  if (!active()) return;
  // Fixed draw order: gyro (3), accelerometer (3), joint positions, joint velocities.
  Eigen::Vector3d gyro;
  for (int k = 0; k < 3; ++k) gyro[k] = p_.gyro_noise * normal_(rng_);
  gyro += gyro_bias_;
  s.imu.gyro += gyro;
  s.base_angvel_body += gyro;
  s.base_angvel_world = s.base_rot_world * s.base_angvel_body;
  for (int k = 0; k < 3; ++k) s.imu.accelerometer[k] += p_.accel_noise * normal_(rng_);
  s.imu.accelerometer += accel_bias_;
  for (int j = 0; j < s.joint_q.size(); ++j) s.joint_q[j] += p_.joint_pos_noise * normal_(rng_);
  for (int j = 0; j < s.joint_dq.size(); ++j) {
    const double n = p_.joint_vel_noise * normal_(rng_);
    s.joint_dq[j] += n;
    if (j < static_cast<int>(qvel_index.size()) && qvel_index[j] < s.qvel.size()) s.qvel[qvel_index[j]] += n;
  }
  if (p_.ImuActive()) {
    if (!started_) attitude_.Reset(s.imu.orientation);
    attitude_.Update(s.imu.gyro, s.imu.accelerometer, dt_);
    s.imu.orientation = attitude_.orientation();
  }
  started_ = true;
  if (!p_.ContactActive()) return;
  if (was_in_contact_.size() != s.feet.size()) {
    // Feet down at the first tick are known to be down: no touch-down to report late.
    was_in_contact_.resize(s.feet.size());
    for (size_t f = 0; f < s.feet.size(); ++f) was_in_contact_[f] = s.feet[f].contact;
    report_in_.assign(s.feet.size(), 0);
  }
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (size_t f = 0; f < s.feet.size(); ++f) {
    EndEffectorState& foot = s.feet[f];
    const bool touch_down = foot.contact && !was_in_contact_[f];
    was_in_contact_[f] = foot.contact;
    if (touch_down) {
      const double draw = unit(contact_rng_);  // one draw per touch-down, always both
      const int delay = std::uniform_int_distribution<int>(0, p_.contact_delay_ticks)(contact_rng_);
      report_in_[f] = draw < p_.contact_miss_rate ? Perturbation::kContactMissTicks : delay;
    }
    if (!foot.contact) report_in_[f] = 0;
    if (report_in_[f] > 0) {
      --report_in_[f];
      foot.contact = false;
      foot.contact_force_world.setZero();
    }
  }
}

void CommandDelay::Reset(int ticks, int nj) {
  ticks_ = ticks;
  head_ = 0;
  primed_ = false;
  ring_.resize(ticks + 1);
  for (JointCommand& c : ring_) c.Resize(nj);
}

const JointCommand& CommandDelay::Push(const JointCommand& computed) {
  const int n = static_cast<int>(ring_.size());
  if (!primed_) {
    for (JointCommand& c : ring_) c = computed;
    primed_ = true;
  }
  ring_[head_] = computed;
  const JointCommand& applied = ring_[(head_ + 1) % n];  // pushed `ticks` pushes ago
  head_ = (head_ + 1) % n;
  return applied;
}

}  // namespace stuntsim
