#pragma once

#include <string>
#include <vector>

#include "stuntsim/sim/scenario.h"

namespace stuntsim {

/// A robot doing one thing (standing, its main gait) and where to push it.
struct PushMode {
  std::string robot, mode, controller;
  /// Body the lateral impulse acts on.
  std::string body;
  /// Events before the push (behaviour, velocity command).
  std::vector<ScenarioEvent> setup;
  /// Push times to try, s (different gait phases); the run lasts `observe` s after the push.
  std::vector<double> push_times;
  double observe = 3.0;
};

/// The push modes of the built-in robots: each robot standing, and in its main gait
/// (quadruped trot at 1 m/s, humanoid walk at 0.5 m/s, wheel-legged driving at 1.5 m/s).
std::vector<PushMode> DefaultPushModes();

/// One bisection: a push direction (+y or -y, world frame) at one push time.
struct PushCase {
  double direction = 1;  // +1: +y (left), -1: -y (right)
  double push_time = 0;
  /// Largest impulse survived and smallest impulse that made the robot fall, N*s (fell = +inf
  /// when even `max_impulse` was survived).
  double survived = 0, fell = 0;
  /// A push of survived / 2 was also survived (a check that the outcome is monotone in the
  /// impulse at least there).
  bool half_survived = true;
  /// Runs made.
  int runs = 0;
  /// Set when the robot fell without any push (then no search was made).
  std::string error;
};

/// Search settings.
struct PushSearchOptions {
  /// First impulse tried, N*s; doubled until the robot falls, up to max_impulse.
  double first_impulse = 5;
  double max_impulse = 160;
  /// Bisection stops when fell - survived <= max(abs_tolerance, rel_tolerance * survived).
  double abs_tolerance = 0.5, rel_tolerance = 0.05;
};

/// The scenario of one push run: the mode's setup, `impulse` N*s along y times `direction` at
/// `push_time`, and one check: did not fall (metric fell, max 0) over the whole run.
Scenario PushScenario(const PushMode& mode, double direction, double push_time, double impulse);

/// Brackets the largest lateral impulse survived for one case by doubling then bisection.
PushCase SearchPush(const PushMode& mode, double direction, double push_time, const PushSearchOptions& options);

}  // namespace stuntsim
