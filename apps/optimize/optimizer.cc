#include "optimizer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "cross_entropy.h"
#include "motion_template.h"
#include "stuntsim/sim/assets.h"
#include "stuntsim/sim/errors.h"
#include "stuntsim/sim/world.h"

namespace stuntsim {
namespace fs = std::filesystem;
namespace {

// Perturbation seeds of the optimizer's robust rollouts; the replay trials use other ones.
uint64_t SearchSeed(long seed, int k) { return static_cast<uint64_t>(seed) * 1000 + k; }
uint64_t VerifySeed(int k) { return 900000 + k; }

// Which legs are on the robot's right: the hip's body left or right of the base at home.
std::array<bool, kQuadLegs> RightSide(const World& world) {
  const mjModel* m = world.model();
  DataPtr d(mj_makeData(m));
  mj_resetDataKeyframe(m, d.get(), world.KeyframeId(world.description().home_keyframe.name));
  mj_forward(m, d.get());
  const RobotInfo& info = world.info();
  std::array<bool, kQuadLegs> right{};
  const double* base = d->xpos + 3 * world.base_body;
  const double* xmat = d->xmat + 9 * world.base_body;
  for (int l = 0; l < kQuadLegs; ++l) {
    const int body = m->jnt_bodyid[world.joints[info.legs[l].joints[0]].joint];
    const double* p = d->xpos + 3 * body;
    double y = 0;  // base-frame y of the hip
    for (int i = 0; i < 3; ++i) y += xmat[3 * i + 1] * (p[i] - base[i]);
    right[l] = y < 0;
  }
  return right;
}

}  // namespace

std::string DefaultSettingsPath(const std::string& robot, const std::string& motion) {
  const fs::path own = AssetRoot() / "motions" / robot / "optimize" / (motion + ".toml");
  if (fs::exists(own)) return own.string();
  return (AssetRoot() / "motions" / "quadruped" / "optimize" / (motion + ".toml")).string();
}

OptimizeReport OptimizeMotion(const OptimizeRequest& request, std::FILE* log) {
  const auto start = std::chrono::steady_clock::now();
  OptimizeReport report;
  report.settings_path = request.settings_path.empty() ? DefaultSettingsPath(request.robot, request.motion)
                                                       : request.settings_path;
  if (request.settings_path.empty() && !fs::exists(report.settings_path)) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(fs::path(report.settings_path).parent_path()))
      if (e.path().extension() == ".toml") names.push_back(e.path().stem().string());
    std::sort(names.begin(), names.end());
    std::string known;
    for (const std::string& n : names) known += (known.empty() ? "" : ", ") + n;
    throw InputError("unknown motion '" + request.motion + "': no settings file " + report.settings_path +
                     " (known: " + known + ")");
  }
  OptimizeSettings settings = LoadOptimizeSettings(report.settings_path);
  if (settings.motion != request.motion)
    throw InputError(report.settings_path + ": motion: the file is for '" + settings.motion + "', not '" +
                     request.motion + "'");
  if (request.iterations >= 0) settings.iterations = request.iterations;  // 0: write the initial guess
  if (request.samples >= 0) settings.samples = std::max(settings.elites + 1, request.samples);
  if (request.seed >= 0) settings.seed = request.seed;
  if (request.jobs >= 0) settings.jobs = request.jobs;
  if (!request.start_from.empty()) {
    const AcrobaticMotion previous = LoadAcrobaticMotion(request.start_from);
    for (const auto& [name, value] : previous.parameters) {
      const int i = settings.Find(name);
      if (i >= 0) settings.params[i].init = std::clamp(value, settings.params[i].min, settings.params[i].max);
    }
  }
  report.out_path = request.out_path.empty()
                        ? (AssetRoot() / "motions" / request.robot / (request.motion + ".toml")).string()
                        : request.out_path;

  const std::unique_ptr<World> world = World::Create(request.robot, TerrainSpec());
  if (world->info().kind != "quadruped")
    throw InputError("--robot " + request.robot + ": a " + world->info().kind + "; the flip template needs a quadruped");
  const MotionTemplate shape(settings, world->info(), RightSide(*world));

  RolloutOptions nominal;
  nominal.robot = request.robot;
  nominal.judge_time = settings.judge_time;
  std::vector<RolloutOptions> trials(1, nominal);
  for (int k = 1; k <= settings.perturbed; ++k) {
    RolloutOptions p = nominal;
    p.perturbation = Perturbation::Standard(SearchSeed(settings.seed, k));
    trials.push_back(p);
  }
  auto cost = [&](const Eigen::VectorXd& x) {
    const AcrobaticMotion m = shape.Build(x);
    double total = 0;
    for (const RolloutOptions& o : trials) total += RolloutCost(RunRollout(m, o), settings);
    return total / trials.size();
  };

  if (settings.warmup_iterations > 0 && request.start_from.empty()) {
    // The warm-up: rotation, no scraping or fall, and joint limits only, nominal rollouts, wider spreads.
    OptimizeSettings warm = settings;
    warm.iterations = settings.warmup_iterations;
    warm.samples = std::max(settings.warmup_samples, warm.elites + 1);
    warm.weights = CostWeights{};
    warm.weights.landing = warm.weights.fall = warm.weights.tilt = warm.weights.abort = 0;
    warm.weights.rotation = settings.weights.rotation;
    warm.weights.scrape = settings.weights.scrape;
    warm.weights.fall = settings.weights.fall;
    warm.weights.joint_range = settings.weights.joint_range;
    warm.weights.joint_speed = settings.weights.joint_speed;
    for (ParamSpec& p : warm.params) p.sigma = std::min(p.sigma * settings.warmup_sigma_scale, p.max - p.min);
    CrossEntropySearch warmup(warm);  // same parameters, so `shape` builds its candidates
    warmup.Run([&](const Eigen::VectorXd& x) { return RolloutCost(RunRollout(shape.Build(x), nominal), warm); });
    for (size_t i = 0; i < settings.params.size(); ++i) settings.params[i].init = warmup.best()[i];
    if (log) {
      std::fprintf(log, "  warm-up (%d x %d, rotation only): %s\n", warm.iterations, warm.samples,
                   Describe(RunRollout(shape.Build(warmup.best()), nominal)).c_str());
    }
  }

  CrossEntropySearch search(settings);
  report.initial_cost = cost(search.initial());
  if (log) {
    std::fprintf(log, "%s on %s: %zu parameters, %d iterations x %d candidates x %zu rollouts, seed %ld\n",
                 settings.motion.c_str(), request.robot.c_str(), settings.params.size(), settings.iterations,
                 settings.samples, trials.size(), settings.seed);
    std::fprintf(log, "  initial cost %.3f: %s\n", report.initial_cost,
                 Describe(RunRollout(shape.Build(search.initial()), nominal)).c_str());
  }
  search.Run(cost, [&](const SearchProgress& p) {
    if (!log) return;
    std::fprintf(log, "  iteration %3d/%d  best %8.3f  elite mean %8.3f  %5.0f s, about %.0f s left\n", p.iteration,
                 p.iterations, p.best_cost, p.elite_mean, p.elapsed, p.remaining);
    std::fflush(log);
  });
  report.best_cost = std::min(report.initial_cost, search.best_cost());
  if (log) {
    std::fprintf(log, "  best: %s\n",
                 Describe(RunRollout(shape.Build(search.best_cost() < report.initial_cost ? search.best()
                                                                                           : search.initial()),
                                     nominal)).c_str());
  }
  report.history = search.history();

  // The best motion, with the base trajectory and take-off it produced, and where it came from.
  const Eigen::VectorXd best = search.best_cost() < report.initial_cost ? search.best() : search.initial();
  AcrobaticMotion motion = shape.Build(best);
  for (size_t i = 0; i < settings.params.size(); ++i) motion.parameters.emplace_back(settings.params[i].name, best[i]);
  RolloutOptions record = nominal;
  record.record_base = true;
  AdoptRollout(RunRollout(motion, record), motion);
  motion.settings_text = settings.text;
  motion.settings_file = fs::path(report.settings_path).lexically_relative(AssetRoot()).string();
  motion.seed = settings.seed;
  motion.iterations = settings.iterations;
  motion.cost = report.best_cost;
  fs::create_directories(fs::path(report.out_path).parent_path());
  {
    std::ofstream out(report.out_path);
    out << FormatAcrobaticMotion(motion);
    if (!out) throw InputError(report.out_path + ": cannot write the motion file");
  }

  // Replay what was written, as the controller will play it (attitude-indexed, checked take-off).
  const AcrobaticMotion written = LoadAcrobaticMotion(report.out_path);
  report.nominal = RunRollout(written, nominal);
  report.verify_trials = request.verify_trials;
  for (int k = 0; k < request.verify_trials; ++k) {
    RolloutOptions p = nominal;
    p.perturbation = Perturbation::Standard(VerifySeed(k));
    report.verify_landed += RunRollout(written, p).landed ? 1 : 0;
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (log) {
    std::fprintf(log, "  wrote %s (cost %.3f -> %.3f, %.0f s)\n  replayed: %s\n", report.out_path.c_str(),
                 report.initial_cost, report.best_cost, report.seconds, Describe(report.nominal).c_str());
    if (report.verify_trials > 0)
      std::fprintf(log, "  perturbed replays landed: %d of %d\n", report.verify_landed, report.verify_trials);
  }
  return report;
}

}  // namespace stuntsim
