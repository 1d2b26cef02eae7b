#include "stuntsim/sim/scenario_runner.h"

#include <chrono>
#include <cmath>
#include <cstdio>

#include "stuntsim/sim/errors.h"
#include "stuntsim/sim/trajectory_recorder.h"

namespace stuntsim {
namespace {

// MuJoCo warnings raised during the run other than divergence (which throws): a full contact
// or constraint buffer, bad inertia or controls. They make results untrustworthy.
std::string MujocoWarnings(const mjData* d) {
  const struct { int code; const char* what; } warnings[] = {
      {mjWARN_INERTIA, "bad inertia"},          {mjWARN_CONTACTFULL, "contact buffer full"},
      {mjWARN_CNSTRFULL, "constraint buffer full"}, {mjWARN_BADCTRL, "bad control"}};
  std::string out;
  for (const auto& w : warnings) {
    if (d->warning[w.code].number > 0) {
      out += (out.empty() ? "MuJoCo warning: " : "; ") + std::string(w.what) + " (" +
             std::to_string(d->warning[w.code].number) + " times)";
    }
  }
  return out;
}

// Builds the simulation at the scenario's spawn; name errors get the scenario file's line.
std::unique_ptr<Simulation> MakeSimulation(const Scenario& s) {
  SimulationOptions options;
  options.robot = s.robot;
  options.terrain = s.terrain;
  options.controller = s.controller;
  options.x = s.x;
  options.y = s.y;
  options.yaw = s.yaw;
  options.perturbation = s.perturbation;
  options.actuator = s.actuator;
  auto sim = std::make_unique<Simulation>(options);
  auto resolve = [](const std::string& where, auto&& lookup) {
    try {
      lookup();
    } catch (const InputError& e) {
      throw InputError(where + ": " + e.what());
    }
  };
  for (const ScenarioEvent& e : s.events) {
    if (e.push) resolve(e.push->where, [&] { sim->world().BodyId(e.push->body); });
  }
  if (!s.keyframe.empty()) {
    resolve(s.keyframe_where, [&] { sim->world().KeyframeId(s.keyframe); });
    sim->Reset(s.keyframe);
  }
  return sim;
}

// Throws SimulationError when the run started at `start` has taken more than `timeout` s.
void CheckTimeout(std::chrono::steady_clock::time_point start, double timeout, double sim_time) {
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (wall > timeout) {
    char text[160];
    std::snprintf(text, sizeof(text), "timed out after %.1f s of wall time (limit %g s) at t=%.3f s", wall, timeout,
                  sim_time);
    throw SimulationError(text);
  }
}

}  // namespace

ScenarioResult ResultHeader(const Scenario& s) {
  ScenarioResult result;
  result.name = s.name;
  result.file = s.file;
  result.robot = s.robot;
  result.controller = s.controller;
  result.terrain = s.terrain.kind;
  result.seed = s.terrain.seed;
  result.actuator = ActuatorModelName(s.actuator);
  result.duration = s.duration;
  return result;
}

ScenarioResult RunScenario(const Scenario& s, const std::vector<ScenarioObserver*>& observers,
                           const RunLimits& limits) {
  ScenarioResult result = ResultHeader(s);

  std::unique_ptr<Simulation> sim = MakeSimulation(s);
  sim->set_tick_budget(limits.tick_budget);
  const double dt = sim->timestep();
  auto trajectory = std::make_shared<Trajectory>(TrajectoryLayoutOf(sim->world().info()));
  trajectory->Reserve(static_cast<size_t>(s.duration / sim->controller().period()) + 2);
  OperatorCommand command;
  sim->set_command(command);

  const auto start = std::chrono::steady_clock::now();
  try {
    for (ScenarioObserver* o : observers) o->OnStart(s, *sim);
    const int64_t steps = std::llround(s.duration / dt);
    size_t next_event = 0;
    double last_recorded = -1;
    for (int64_t i = 0; i < steps; ++i) {
      bool command_changed = false;
      while (next_event < s.events.size() && s.events[next_event].time <= sim->time() + 0.5 * dt) {
        const ScenarioEvent& e = s.events[next_event++];
        e.ApplyTo(command);
        command_changed = true;
        if (e.push && e.push->is_impulse) sim->Impulse(e.push->body, e.push->impulse);
        if (e.push && !e.push->is_impulse) sim->Push(e.push->body, e.push->force, e.push->duration);
      }
      if (command_changed) sim->set_command(command);
      sim->Step();
      if (sim->state().time != last_recorded) {
        RecordTick(*sim, *trajectory);
        last_recorded = sim->state().time;
      }
      for (ScenarioObserver* o : observers) o->OnStep(*sim);
      if (limits.timeout > 0) CheckTimeout(start, limits.timeout, sim->time());
    }
    for (ScenarioObserver* o : observers) o->OnFinish(*sim);
  } catch (const InputError&) {
    throw;
  } catch (const std::exception& e) {
    result.error = true;
    result.failure = e.what();
  }
  result.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.sim_seconds = sim->time();
  result.realtime_factor = result.sim_seconds / std::max(result.wall_seconds, 1e-9);
  result.state_hash = sim->StateHash();
  result.trajectory = trajectory;
  result.refusals = trajectory->RefusalEvents();

  int failed = 0;
  std::string failed_names;
  for (const CheckSpec& c : s.checks) {
    result.checks.push_back(EvaluateCheck(c, *trajectory));
    if (!result.checks.back().passed) failed_names += (failed++ ? ", " : "") + c.name;
  }
  if (!trajectory->empty()) result.metrics = SummaryMetrics(*trajectory);
  result.mujoco_warnings = MujocoWarnings(sim->data());
  if (!result.error) result.failure = result.mujoco_warnings;
  if (!result.error && failed > 0) {
    result.failure += (result.failure.empty() ? "" : "; ") + std::to_string(failed) + " of " +
                      std::to_string(s.checks.size()) + " checks failed: " + failed_names;
  }
  result.passed = result.failure.empty();
  return result;
}

std::vector<std::string> ResultLines(const ScenarioResult& r) {
  if (r.passed) {
    std::string line = "PASS " + r.name + (r.actuator == "ideal" ? " [ideal actuator]" : "");
    for (const CheckResult& c : r.checks) {
      const bool default_metric = c.metric == "joint_limit_violation_rad" || c.metric == "max_joint_speed_ratio";
      if (default_metric && !c.reason.empty() && c.reason.rfind("default:", 0) != 0) {
        line += " (override " + c.name + ": " + c.reason + ")";
      }
    }
    return {line};
  }
  std::vector<std::string> lines;
  if (r.actuator == "ideal") lines.push_back("FAIL " + r.name + ": ran with the ideal actuator (no torque-speed limit)");
  if (r.error) lines.push_back("FAIL " + r.name + ": error at t=" + FormatNumber(r.sim_seconds) + " s: " + r.failure);
  if (!r.error && !r.mujoco_warnings.empty()) lines.push_back("FAIL " + r.name + ": " + r.mujoco_warnings);
  for (const CheckResult& c : r.checks) {
    // After an error, checks with no samples in their window only repeat the error.
    if (!c.passed && !(r.error && std::isnan(c.value))) lines.push_back("FAIL " + r.name + ": " + c.name + ": " + c.message);
  }
  return lines;
}

}  // namespace stuntsim
