#include "cross_entropy.h"

#include <algorithm>
#include <chrono>
#include <limits>
#include <numeric>
#include <random>
#include <thread>

#include "stuntsim/sim/parallel.h"

namespace stuntsim {

CrossEntropySearch::CrossEntropySearch(const OptimizeSettings& settings) : settings_(settings) {
  const int n = static_cast<int>(settings.params.size());
  init_.resize(n);
  lo_.resize(n);
  hi_.resize(n);
  sigma0_.resize(n);
  for (int i = 0; i < n; ++i) {
    const ParamSpec& p = settings.params[i];
    init_[i] = p.init;
    lo_[i] = p.min;
    hi_[i] = p.max;
    sigma0_[i] = p.sigma;
  }
  best_ = init_;
  best_cost_ = std::numeric_limits<double>::infinity();
}

void CrossEntropySearch::Run(const CostFunction& cost, const std::function<void(const SearchProgress&)>& progress) {
  const auto start = std::chrono::steady_clock::now();
  const int n = static_cast<int>(init_.size());
  const int samples = settings_.samples, elites = settings_.elites;
  const int jobs = settings_.jobs > 0 ? settings_.jobs : std::max(1u, std::thread::hardware_concurrency());
  const double alpha = settings_.smoothing;
  std::mt19937_64 rng(static_cast<uint64_t>(settings_.seed));
  std::normal_distribution<double> normal(0.0, 1.0);
  Eigen::VectorXd mean = init_, sigma = sigma0_;
  std::vector<Eigen::VectorXd> x(samples, Eigen::VectorXd(n));
  std::vector<double> c(samples);
  std::vector<int> order(samples);
  history_.clear();

  for (int it = 0; it < settings_.iterations; ++it) {
    for (int k = 0; k < samples; ++k) {
      for (int i = 0; i < n; ++i) {
        const double draw = k == 0 ? 0.0 : normal(rng);  // candidate 0 is the mean itself
        x[k][i] = std::clamp(mean[i] + sigma[i] * draw, lo_[i], hi_[i]);
      }
    }
    ParallelFor(samples, jobs, [&](int k) { c[k] = cost(x[k]); });
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return c[a] < c[b]; });
    if (c[order[0]] < best_cost_) {
      best_cost_ = c[order[0]];
      best_ = x[order[0]];
    }
    Eigen::VectorXd elite_mean = Eigen::VectorXd::Zero(n), elite_var = Eigen::VectorXd::Zero(n);
    double elite_cost = 0;
    for (int e = 0; e < elites; ++e) {
      elite_mean += x[order[e]] / elites;
      elite_cost += c[order[e]] / elites;
    }
    for (int e = 0; e < elites; ++e) elite_var += (x[order[e]] - elite_mean).cwiseAbs2() / elites;
    mean = alpha * elite_mean + (1 - alpha) * mean;
    sigma = (alpha * elite_var.cwiseSqrt() + (1 - alpha) * sigma).cwiseMax(settings_.min_sigma * sigma0_);
    history_.push_back(best_cost_);
    if (progress) {
      SearchProgress p;
      p.iteration = it + 1;
      p.iterations = settings_.iterations;
      p.best_cost = best_cost_;
      p.elite_mean = elite_cost;
      p.elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      p.remaining = p.elapsed / (it + 1) * (settings_.iterations - it - 1);
      progress(p);
    }
  }
}

}  // namespace stuntsim
