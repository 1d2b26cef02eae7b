#include "optimize_settings.h"

#include <fstream>
#include <sstream>

#include "stuntsim/sim/errors.h"
#include "stuntsim/sim/toml_reader.h"

namespace stuntsim {

int OptimizeSettings::Find(const std::string& name) const {
  for (size_t i = 0; i < params.size(); ++i)
    if (params[i].name == name) return static_cast<int>(i);
  return -1;
}

OptimizeSettings LoadOptimizeSettings(const std::string& path) {
  OptimizeSettings s;
  s.file = path;
  {
    std::ifstream in(path);
    if (!in) throw InputError(path + ": cannot open the optimizer settings file");
    std::stringstream text;
    text << in.rdbuf();
    s.text = text.str();
  }
  if (s.text.find("'''") != std::string::npos)
    throw InputError(path + ": contains ''' (the settings are stored in the motion file as a ''' string)");
  const toml::table root = TomlReader::ParseText(s.text, path);
  TomlReader r(root, path);
  r.AllowOnlyKeys({"motion", "description", "axis", "rotation_deg", "groups", "goal", "timing", "warmup", "search",
                   "cost", "param"});
  s.motion = r.String("motion");
  s.description = r.StringOr("description", "");
  const std::string axis = r.String("axis");
  if (axis != "x" && axis != "y" && axis != "z") r.Fail("axis", "expected \"x\", \"y\" or \"z\", got \"" + axis + "\"");
  s.axis = axis == "x" ? 0 : axis == "y" ? 1 : 2;
  s.rotation_deg = r.Number("rotation_deg", -720.0, 720.0);
  const std::vector<std::string> groups = r.StringArray("groups");
  if (groups.size() != kQuadLegs) r.Fail("groups", "expected 4 group names, one per leg (FL, FR, RL, RR)");
  for (int l = 0; l < kQuadLegs; ++l) {
    if (groups[l].empty() || groups[l].find('.') != std::string::npos)
      r.Fail("groups", "group names must be non-empty and contain no '.'");
    s.groups[l] = groups[l];
  }
  if (r.Has("goal")) {
    TomlReader g = r.Table("goal");
    g.AllowOnlyKeys({"rise", "forward", "yaw_deg"});
    s.rise = g.NumberOr("rise", 0.0, 0.0, 2.0);
    s.forward = g.NumberOr("forward", 0.0, -3.0, 3.0);
    s.yaw_deg = g.NumberOr("yaw_deg", 0.0, -720.0, 720.0);
  }
  if (r.Has("timing")) {
    TomlReader t = r.Table("timing");
    t.AllowOnlyKeys({"dt", "land_hold", "judge_time"});
    s.dt = t.NumberOr("dt", s.dt, 0.002, 0.05);
    s.land_hold = t.NumberOr("land_hold", s.land_hold, 0.0, 2.0);
    s.judge_time = t.NumberOr("judge_time", s.judge_time, 1.0, 10.0);
  }
  if (r.Has("warmup")) {
    TomlReader t = r.Table("warmup");
    t.AllowOnlyKeys({"iterations", "samples", "sigma_scale"});
    s.warmup_iterations = t.IntegerOr("iterations", s.warmup_iterations, 0);
    s.warmup_samples = t.IntegerOr("samples", s.warmup_samples, 2);
    s.warmup_sigma_scale = t.NumberOr("sigma_scale", s.warmup_sigma_scale, 0.1, 10.0);
  }
  if (r.Has("search")) {
    TomlReader t = r.Table("search");
    t.AllowOnlyKeys({"seed", "iterations", "samples", "elites", "perturbed", "smoothing", "min_sigma", "jobs"});
    s.seed = static_cast<long>(t.NumberOr("seed", static_cast<double>(s.seed), 0.0, 1e15));
    s.iterations = t.IntegerOr("iterations", s.iterations, 1);
    s.samples = t.IntegerOr("samples", s.samples, 2);
    s.elites = t.IntegerOr("elites", s.elites, 1);
    s.perturbed = t.IntegerOr("perturbed", s.perturbed, 0);
    s.smoothing = t.NumberOr("smoothing", s.smoothing, 0.01, 1.0);
    s.min_sigma = t.NumberOr("min_sigma", s.min_sigma, 0.0, 1.0);
    s.jobs = t.IntegerOr("jobs", s.jobs, 0);
    if (s.elites >= s.samples) t.Fail("elites", "must be fewer than samples (" + std::to_string(s.samples) + ")");
  }
  if (r.Has("cost")) {
    TomlReader c = r.Table("cost");
    c.AllowOnlyKeys({"rotation", "landing", "fall", "scrape", "tilt", "rise", "forward", "yaw", "drift", "joint_range",
                     "joint_speed", "abort"});
    CostWeights& w = s.weights;
    for (auto [key, field] : {std::pair{"rotation", &w.rotation}, {"landing", &w.landing}, {"fall", &w.fall}, {"scrape", &w.scrape},
                              {"tilt", &w.tilt}, {"rise", &w.rise}, {"forward", &w.forward}, {"yaw", &w.yaw},
                              {"drift", &w.drift}, {"joint_range", &w.joint_range},
                              {"joint_speed", &w.joint_speed}, {"abort", &w.abort}}) {
      *field = c.NumberOr(key, *field, 0.0, 1e6);
    }
  }
  for (TomlReader p : r.TableArray("param")) {
    p.AllowOnlyKeys({"name", "init", "min", "max", "sigma"});
    ParamSpec spec;
    spec.name = p.String("name");
    spec.min = p.Number("min");
    spec.max = p.Number("max");
    if (spec.max < spec.min) p.Fail("max", "must not be below min");
    spec.init = p.Number("init", spec.min, spec.max);
    spec.sigma = p.NumberOr("sigma", 0.0, 0.0, spec.max - spec.min);
    if (s.Find(spec.name) >= 0) p.Fail("name", "parameter '" + spec.name + "' appears twice");
    s.params.push_back(spec);
  }
  if (s.params.empty()) r.Fail("param", "expected [[param]] tables (the template's parameters)");
  return s;
}

}  // namespace stuntsim
