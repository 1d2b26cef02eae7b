#include "rollout.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "stuntsim/controllers/quadruped/quadruped_controller.h"
#include "stuntsim/sim/errors.h"
#include "stuntsim/sim/metrics.h"
#include "stuntsim/sim/simulation.h"
#include "stuntsim/sim/trajectory_recorder.h"

namespace stuntsim {
namespace {

double Metric(const Trajectory& t, const std::string& name, double t0, double t1, const std::string& axis = "",
              const std::string& stat = "") {
  MetricSpec spec;
  spec.metric = name;
  spec.t0 = t0;
  spec.t1 = t1;
  spec.axis = axis;
  spec.stat = stat;
  if (name == "landed_on_feet") {
    spec.min_flight_time = 0.1;
    spec.stable_time = 1.0;
    spec.stable_tilt_deg = 10;
  }
  return ComputeMetric(spec, t);
}

constexpr double kPi = 3.14159265358979323846;
// Shortest airborne run that counts as the flight, s.
constexpr double kMinFlight = 0.05;

bool Airborne(const Trajectory& t, size_t r) {
  return !t.sample(r).non_foot_contact && t.foot_contact(r).maxCoeff() < 0.5;
}

}  // namespace

RolloutOutcome RunRollout(const AcrobaticMotion& motion, const RolloutOptions& options) {
  SimulationOptions so;
  so.robot = options.robot;
  so.controller = "quadruped_mpc";
  so.perturbation = options.perturbation;
  Simulation sim(so);
  auto* controller = dynamic_cast<QuadrupedController*>(&sim.controller());
  if (!controller) throw InputError("quadruped_mpc is not the quadruped controller in this build");
  controller->SetMotion(motion);
  Trajectory trajectory(TrajectoryLayoutOf(sim.world().info()));
  const double end = options.settle + motion.duration() + options.judge_time;
  trajectory.Reserve(static_cast<size_t>(end / controller->period()) + 2);

  RolloutOutcome out;
  OperatorCommand command;
  command.behavior = "stand";
  sim.set_command(command);
  double last = -1;
  try {
    while (sim.time() < end - 0.5 * sim.timestep()) {
      if (command.behavior == "stand" && sim.time() >= options.settle - 0.5 * sim.timestep()) {
        command.behavior = motion.name;
        sim.set_command(command);
      }
      sim.Step();
      if (sim.state().time != last) {
        RecordTick(sim, trajectory);
        last = sim.state().time;
        if (out.refusal.empty() && !controller->refusal().empty()) out.refusal = controller->refusal();
        if (out.abort_reason.empty()) out.abort_reason = controller->acrobatics().abort_reason();
      }
    }
  } catch (const SimulationError& e) {
    out.error = e.what();
  }
  if (trajectory.empty()) return out;

  const double t0 = options.settle, t1 = sim.time();
  const TrajectorySample& start = trajectory.sample(std::min(trajectory.size() - 1,
                                                             static_cast<size_t>(t0 / controller->period())));
  out.rotation_deg = Metric(trajectory, "rotation_deg", t0, t1, AxisName(motion.axis));
  out.yaw_deg = Metric(trajectory, "rotation_deg", t0, t1, "z");
  out.rise = Metric(trajectory, "base_height", t0, t1, "", "max") - start.base_pos_world.z();
  const double heading = HeadingRad(start.base_quat_world);
  const Eigen::Vector3d d = trajectory.sample(trajectory.size() - 1).base_pos_world - start.base_pos_world;
  out.forward = std::cos(heading) * d.x() + std::sin(heading) * d.y();
  out.lateral = -std::sin(heading) * d.x() + std::cos(heading) * d.y();
  out.final_tilt_deg = Metric(trajectory, "base_tilt_deg", std::max(t0, t1 - 1.0), t1, "", "max");
  out.joint_range = Metric(trajectory, "joint_limit_violation_rad", t0, t1);
  out.speed_ratio = Metric(trajectory, "max_joint_speed_ratio", t0, t1);
  out.landed = out.error.empty() && Metric(trajectory, "landed_on_feet", t0, t1) > 0.5;
  out.fell = !out.error.empty() || Metric(trajectory, "fell", t0, t1) > 0.5;

  // Lift-off and touch-down of the flight: the longest airborne run, if it lasts kMinFlight or
  // more (feet lifting for a moment in a fast crouch, or bouncing, are not the flight).
  size_t best_begin = 0, best_end = 0;
  for (size_t r = static_cast<size_t>(t0 / controller->period()); r < trajectory.size(); ++r) {
    if (!Airborne(trajectory, r)) continue;
    size_t e = r;
    while (e < trajectory.size() && Airborne(trajectory, e)) ++e;
    if (e - r > best_end - best_begin) {
      best_begin = r;
      best_end = e;
    }
    r = e;
  }
  if (best_end > best_begin &&
      trajectory.sample(best_end - 1).time - trajectory.sample(best_begin).time >= kMinFlight) {
    const TrajectorySample& s = trajectory.sample(best_begin);
    out.takeoff_time = s.time - t0;
    out.takeoff_vz = s.base_linvel_world.z();
    out.takeoff_angvel = s.base_angvel_body;
    if (best_end < trajectory.size()) out.landing_time = trajectory.sample(best_end).time - t0;
  }
  const double touchdown = out.landing_time >= 0 ? t0 + out.landing_time : t1;
  out.touchdown_rotation_deg = out.landing_time >= 0 ? Metric(trajectory, "rotation_deg", t0, touchdown, AxisName(motion.axis))
                                                     : std::numeric_limits<double>::quiet_NaN();
  for (size_t r = static_cast<size_t>(t0 / controller->period()); r < trajectory.size(); ++r) {
    if (trajectory.sample(r).time > touchdown) break;
    if (trajectory.sample(r).non_foot_contact) out.scraped = true;
  }
  if (options.record_base) {
    size_t r = static_cast<size_t>(t0 / controller->period());
    for (const AcrobaticFrame& f : motion.frames) {
      while (r + 1 < trajectory.size() && trajectory.sample(r + 1).time <= t0 + f.time + 1e-9) ++r;
      const Eigen::Vector3d p = trajectory.sample(r).base_pos_world - start.base_pos_world;
      out.base_z.push_back(p.z());
      out.base_x.push_back(std::cos(heading) * p.x() + std::sin(heading) * p.y());
      out.rotation.push_back(f.time > 0 ? Metric(trajectory, "rotation_deg", t0, t0 + f.time, AxisName(motion.axis)) *
                                              kPi / 180
                                        : 0.0);
    }
  }
  return out;
}

double RolloutCost(const RolloutOutcome& o, const OptimizeSettings& s) {
  const CostWeights& w = s.weights;
  double c = 0;
  // The whole turn; tumbling is what `scrape` and `fall` cost. With no flight, one unit more.
  c += w.rotation * (std::abs(o.rotation_deg - s.rotation_deg) / 100.0 + (o.landing_time < 0 ? 1.0 : 0.0));
  c += w.landing * (o.landed ? 0.0 : 1.0);
  c += w.fall * (o.fell ? 1.0 : 0.0);
  c += w.scrape * (o.scraped ? 1.0 : 0.0);
  c += w.tilt * std::min(o.final_tilt_deg, 90.0) / 10.0;
  c += w.rise * std::max(0.0, s.rise - o.rise) / 0.1;
  c += w.forward * std::abs(o.forward - s.forward) / 0.1;
  c += w.yaw * std::abs(o.yaw_deg - s.yaw_deg) / 100.0;
  c += w.drift * std::abs(o.lateral) / 0.1;
  c += w.joint_range * std::max(0.0, o.joint_range - 0.03) / 0.01;
  c += w.joint_speed * std::max(0.0, o.speed_ratio - 0.95) / 0.05;
  c += w.abort * (o.abort_reason.empty() && o.refusal.empty() ? 0.0 : 1.0);
  if (!std::isfinite(c)) c = 1e6;
  return c;
}

std::string Describe(const RolloutOutcome& o) {
  char line[300];
  std::snprintf(line, sizeof line,
                "rotation %.0f deg (%.0f at touch-down), yaw %.0f deg, rise %.2f m, forward %.2f m, %s, tilt %.1f deg, joint range %.3f rad, "
                "speed ratio %.2f",
                o.rotation_deg, o.touchdown_rotation_deg, o.yaw_deg, o.rise, o.forward, o.landed ? "landed" : o.fell ? "FELL" : "not landed",
                o.final_tilt_deg, o.joint_range, o.speed_ratio);
  std::string s = line;
  if (o.scraped) s += ", scraped the ground before landing";
  if (!o.error.empty()) s += "; error: " + o.error;
  if (!o.refusal.empty()) s += "; refused: " + o.refusal;
  if (!o.abort_reason.empty()) s += "; aborted: " + o.abort_reason;
  return s;
}

void AdoptRollout(const RolloutOutcome& o, AcrobaticMotion& m) {
  if (o.takeoff_time >= 0) {
    m.takeoff_time = std::min(o.takeoff_time, m.duration());
    m.takeoff_vz = o.takeoff_vz;
    m.takeoff_angvel_body = o.takeoff_angvel;
  }
  if (o.landing_time >= 0) m.landing_time = std::clamp(o.landing_time, m.takeoff_time, m.duration());
  for (size_t i = 0; i < m.frames.size() && i < o.base_z.size(); ++i) {
    m.frames[i].base_z = o.base_z[i];
    m.frames[i].base_x = o.base_x[i];
    m.frames[i].rotation = o.rotation[i];
  }
}

}  // namespace stuntsim
