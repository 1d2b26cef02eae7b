#include "push_search.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "stuntsim/controllers/registry.h"
#include "stuntsim/sim/scenario_runner.h"

namespace stuntsim {
namespace {

ScenarioEvent Behavior(double time, const std::string& behavior, double vx = 0) {
  ScenarioEvent e;
  e.time = time;
  e.behavior = behavior;
  if (vx != 0) e.set.emplace_back(&OperatorCommand::vx, vx);
  return e;
}

// True when the push run finished without an error and without a fall.
bool Survived(const Scenario& scenario) {
  const ScenarioResult r = RunScenario(scenario);
  return r.passed;
}

PushMode Mode(const std::string& robot, const std::string& mode, const std::string& controller,
              const std::string& body, std::vector<ScenarioEvent> setup, std::vector<double> push_times) {
  PushMode m;
  m.robot = robot;
  m.mode = mode;
  m.controller = controller;
  m.body = body;
  m.setup = std::move(setup);
  m.push_times = std::move(push_times);
  return m;
}

}  // namespace

std::vector<PushMode> DefaultPushModes() {
  std::vector<PushMode> modes;
  // Standing: one push time (no phase to vary); gaits: three push times spread over a gait cycle
  // (trot period about 0.3 s, humanoid step about 0.4 s) once the gait has reached its speed.
  modes.push_back(Mode("quadruped", "standing", "quadruped_mpc", "base", {}, {1.5}));
  modes.push_back(Mode("quadruped", "trot 1 m/s", "quadruped_mpc", "base",
                       {Behavior(0.5, "trot"), Behavior(1.0, "trot", 1.0)}, {4.0, 4.1, 4.2}));
  modes.push_back(Mode("humanoid", "standing", "humanoid_wbc", "torso", {}, {1.5}));
  modes.push_back(Mode("humanoid", "walk 0.5 m/s", "humanoid_wbc", "torso", {Behavior(0.3, "walk", 0.5)},
                       {3.0, 3.15, 3.3}));
  modes.push_back(Mode("wheel_legged", "standing", "stand", "base", {}, {1.5}));
  // Driving: the wheels have no gait phase; three push times all the same.
  modes.push_back(Mode("wheel_legged", "drive 1.5 m/s", "wheel_legged", "base", {Behavior(0.5, "drive", 1.5)},
                       {3.0, 3.1, 3.2}));
  return modes;
}

Scenario PushScenario(const PushMode& mode, double direction, double push_time, double impulse) {
  Scenario s;
  s.file = "(stuntsim-robustness push search)";
  s.name = mode.robot + "_push";
  s.robot = mode.robot;
  s.controller = mode.controller;
  s.duration = push_time + mode.observe;
  s.events = mode.setup;
  ScenarioEvent push;
  push.time = push_time;
  push.push = PushSpec();
  push.push->body = mode.body;
  push.push->impulse = Eigen::Vector3d(0, direction * impulse, 0);
  s.events.push_back(push);
  std::stable_sort(s.events.begin(), s.events.end(),
                   [](const ScenarioEvent& a, const ScenarioEvent& b) { return a.time < b.time; });
  CheckSpec stayed_up;
  stayed_up.name = "stayed_up";
  stayed_up.metric.metric = "fell";
  stayed_up.metric.t1 = s.duration;
  stayed_up.max = 0;
  s.checks.push_back(stayed_up);
  return s;
}

PushCase SearchPush(const PushMode& mode, double direction, double push_time, const PushSearchOptions& o) {
  PushCase c;
  c.direction = direction;
  c.push_time = push_time;
  auto survives = [&](double impulse) {
    ++c.runs;
    return Survived(PushScenario(mode, direction, push_time, impulse));
  };
  if (!survives(0)) {
    c.error = "falls without a push";
    c.survived = c.fell = 0;
    return c;
  }
  double lo = 0, hi = o.first_impulse;
  while (survives(hi)) {
    lo = hi;
    if (hi >= o.max_impulse) {
      c.survived = lo;
      c.fell = std::numeric_limits<double>::infinity();
      return c;
    }
    hi = std::min(2 * hi, o.max_impulse);
  }
  while (hi - lo > std::max(o.abs_tolerance, o.rel_tolerance * lo)) {
    const double mid = 0.5 * (lo + hi);
    (survives(mid) ? lo : hi) = mid;
  }
  c.survived = lo;
  c.fell = hi;
  if (lo > 0) c.half_survived = survives(0.5 * lo);
  return c;
}

}  // namespace stuntsim
