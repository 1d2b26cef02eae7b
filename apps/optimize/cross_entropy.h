#pragma once

#include <functional>
#include <vector>

#include <Eigen/Core>

#include "optimize_settings.h"

namespace stuntsim {

/// Progress of one iteration of the search.
struct SearchProgress {
  int iteration = 0, iterations = 0;
  /// Lowest cost so far, and the mean cost of this iteration's elites.
  double best_cost = 0, elite_mean = 0;
  /// Wall time since the start, and the estimate of what is left, s.
  double elapsed = 0, remaining = 0;
};

/// The cross-entropy method over box-bounded parameters (Rubinstein; as in mujoco_mpc's
/// sampling planners): each iteration draws `samples` candidates from a Gaussian around the
/// mean (the first candidate is the mean itself), evaluates them in parallel, and moves the mean
/// and spread towards the `elites` best, smoothed. Deterministic for a seed: the draws are made
/// in order before the parallel evaluation, and each cost depends only on its candidate.
class CrossEntropySearch {
 public:
  /// Evaluates one candidate; called from several threads at once; must not throw.
  using CostFunction = std::function<double(const Eigen::VectorXd& x)>;

  explicit CrossEntropySearch(const OptimizeSettings& settings);
  /// Runs the search; `progress` (if set) is called after every iteration.
  void Run(const CostFunction& cost, const std::function<void(const SearchProgress&)>& progress = {});

  const Eigen::VectorXd& best() const { return best_; }
  double best_cost() const { return best_cost_; }
  /// Best cost after each iteration.
  const std::vector<double>& history() const { return history_; }
  /// The initial parameter vector (every ParamSpec::init).
  const Eigen::VectorXd& initial() const { return init_; }

 private:
  const OptimizeSettings& settings_;
  Eigen::VectorXd init_, lo_, hi_, sigma0_;
  Eigen::VectorXd best_;
  double best_cost_ = 0;
  std::vector<double> history_;
};

}  // namespace stuntsim
