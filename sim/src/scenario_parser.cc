// LoadScenario: a scenario TOML file into a validated Scenario (format in docs/scenarios.md).
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>

#include "stuntsim/controllers/registry.h"
#include "stuntsim/sim/assets.h"
#include "stuntsim/sim/errors.h"
#include "stuntsim/sim/robot_description.h"
#include "stuntsim/sim/scenario.h"
#include "stuntsim/sim/toml_reader.h"

namespace stuntsim {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kMaxDuration = 3600;  // s

std::string Join(const std::vector<std::string>& items) {
  std::string s;
  for (const std::string& item : items) s += (s.empty() ? "" : ", ") + item;
  return s.empty() ? "none" : s;
}

// TomlReader::AllowOnlyKeys (a typo is reported as such, with a suggestion, before a missing
// required key is), its message followed by what `table` takes.
void AllowOnlyKeys(const TomlReader& r, const std::vector<std::string>& allowed, const std::string& table,
                   const std::string& note = "") {
  try {
    r.AllowOnlyKeys(allowed);
  } catch (const InputError& e) {
    throw InputError(std::string(e.what()) + "; " + table + " takes: " + Join(allowed) + note);
  }
}

// An array of exactly `size` finite numbers (a bare number is rejected).
std::vector<double> NumberArray(TomlReader& r, const toml::table& raw, const std::string& key, size_t size,
                                const std::string& shape) {
  const toml::node* node = raw.get(key);
  if (node && !node->is_array()) r.Fail(key, "expected an array " + shape);
  return r.NumberOrArray(key, size);
}

const toml::table& RawTableInArray(const toml::table& parent, const std::string& key, size_t i) {
  return *parent.get(key)->as_array()->get(i)->as_table();
}

TerrainSpec ReadTerrain(TomlReader r) {
  AllowOnlyKeys(r, {"kind", "friction", "slope_deg", "slope_length", "plateau_length", "step_rise", "step_run",
                    "step_count", "hills_size", "hills_max_height", "start_x"},
                "[terrain]", " (the seed is the top-level key `seed`)");
  TerrainSpec spec;
  // Each field is checked alone against the defaults, so ValidateTerrain's message names the
  // line of the offending field.
  auto check = [&r](const std::string& key, const TerrainSpec& one) { ValidateTerrain(one, r.Where(key)); };
  auto number = [&](const std::string& key, double TerrainSpec::*field) {
    if (!r.Has(key)) return;
    TerrainSpec one;
    one.*field = spec.*field = r.Number(key);
    check(key, one);
  };
  if (r.Has("kind")) {
    TerrainSpec one;
    one.kind = spec.kind = r.String("kind");
    check("kind", one);
  }
  number("friction", &TerrainSpec::friction);
  number("slope_deg", &TerrainSpec::slope_deg);
  number("slope_length", &TerrainSpec::slope_length);
  number("plateau_length", &TerrainSpec::plateau_length);
  number("step_rise", &TerrainSpec::step_rise);
  number("step_run", &TerrainSpec::step_run);
  number("hills_size", &TerrainSpec::hills_size);
  number("hills_max_height", &TerrainSpec::hills_max_height);
  number("start_x", &TerrainSpec::start_x);
  if (r.Has("step_count")) {
    TerrainSpec one;
    one.step_count = spec.step_count = r.IntegerOr("step_count", spec.step_count);
    check("step_count", one);
  }
  r.RejectUnknownKeys();
  ValidateTerrain(spec, r.Where("kind"));
  return spec;
}

// The operator command fields an event may set, in OperatorCommand's units.
const std::vector<std::pair<std::string, double OperatorCommand::*>>& CommandFields() {
  static const std::vector<std::pair<std::string, double OperatorCommand::*>> fields = {
      {"vx", &OperatorCommand::vx},          {"vy", &OperatorCommand::vy},
      {"yaw_rate", &OperatorCommand::yaw_rate}, {"body_height", &OperatorCommand::body_height},
      {"step_height", &OperatorCommand::step_height}, {"roll", &OperatorCommand::roll},
      {"pitch", &OperatorCommand::pitch},    {"yaw", &OperatorCommand::yaw}};
  return fields;
}

PushSpec ReadPush(TomlReader r, const toml::table& raw) {
  AllowOnlyKeys(r, {"body", "impulse", "force", "duration"}, "a push");
  PushSpec push;
  push.body = r.String("body");
  push.where = r.Where("body") + ": " + r.Path("body");
  const bool impulse = r.Has("impulse"), force = r.Has("force");
  if (impulse == force) {
    r.Fail(impulse ? "force" : "body", "a push takes either impulse = [x, y, z] (N*s) or force = [x, y, z] (N) "
                                       "with duration (s), not both and not neither");
  }
  push.is_impulse = impulse;
  if (impulse) {
    const std::vector<double> v = NumberArray(r, raw, "impulse", 3, "[x, y, z] of N*s, world frame");
    push.impulse = Eigen::Vector3d(v[0], v[1], v[2]);
    if (r.Has("duration")) r.Fail("duration", "an impulse acts over one physics step: give force with duration instead");
  } else {
    const std::vector<double> v = NumberArray(r, raw, "force", 3, "[x, y, z] of N, world frame");
    push.force = Eigen::Vector3d(v[0], v[1], v[2]);
    push.duration = r.Number("duration");
    if (!(push.duration > 0)) r.Fail("duration", "expected a positive number of seconds");
  }
  r.RejectUnknownKeys();
  return push;
}

Perturbation ReadPerturbation(TomlReader r, const toml::table& raw) {
  AllowOnlyKeys(r, {"seed", "friction", "mass", "gyro_noise", "accel_noise", "joint_pos_noise", "joint_vel_noise",
                    "gyro_bias", "accel_bias", "contact_delay_ticks", "contact_miss_rate", "latency_ticks"},
                "[perturb]");
  Perturbation p;
  p.seed = static_cast<uint64_t>(r.IntegerOr("seed", 0, 0));
  // Each field is checked alone, so the message names the line of the offending field.
  auto number = [&](const std::string& key, double Perturbation::*field) {
    if (!r.Has(key)) return;
    Perturbation one;
    one.*field = p.*field = r.Number(key);
    ValidatePerturbation(one, r.Where(key));
  };
  number("friction", &Perturbation::friction);
  number("mass", &Perturbation::mass);
  number("gyro_noise", &Perturbation::gyro_noise);
  number("accel_noise", &Perturbation::accel_noise);
  number("joint_pos_noise", &Perturbation::joint_pos_noise);
  number("joint_vel_noise", &Perturbation::joint_vel_noise);
  number("gyro_bias", &Perturbation::gyro_bias);
  number("accel_bias", &Perturbation::accel_bias);
  number("contact_miss_rate", &Perturbation::contact_miss_rate);
  if (r.Has("contact_delay_ticks")) {
    Perturbation one;
    one.contact_delay_ticks = p.contact_delay_ticks = static_cast<int>(r.IntegerOr("contact_delay_ticks", 0));
    ValidatePerturbation(one, r.Where("contact_delay_ticks"));
  }
  if (r.Has("latency_ticks")) {
    // An integer n (always n ticks) or [min, max] (drawn per run).
    const toml::node* node = raw.get("latency_ticks");
    std::vector<double> range;
    if (node->is_integer()) {
      range.assign(2, static_cast<double>(r.IntegerOr("latency_ticks", 0)));
    } else if (node->is_array()) {
      range = r.NumberOrArray("latency_ticks", 2);
    } else {
      r.Fail("latency_ticks", "expected an integer number of control ticks or [min, max]");
    }
    for (double v : range) {
      if (v != std::floor(v)) r.Fail("latency_ticks", "expected whole control ticks, got " + FormatNumber(v));
    }
    p.latency_min_ticks = static_cast<int>(range[0]);
    p.latency_max_ticks = static_cast<int>(range[1]);
    Perturbation one;
    one.latency_min_ticks = p.latency_min_ticks;
    one.latency_max_ticks = p.latency_max_ticks;
    ValidatePerturbation(one, r.Where("latency_ticks"));
  }
  r.RejectUnknownKeys();
  return p;
}

class ScenarioParser {
 public:
  ScenarioParser(toml::table root, const std::string& path) : path_(path), root_(std::move(root)), r_(root_, path) {}

  Scenario Parse() {
    AllowOnlyKeys(r_, {"name", "description", "robot", "controller", "duration", "seed", "terrain", "spawn",
                       "events", "checks", "perturb", "actuator"}, "a scenario");
    Scenario s;
    s.file = path_;
    s.name = r_.StringOr("name", std::filesystem::path(path_).stem().string());
    if (s.name.empty() || s.name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") !=
                              std::string::npos) {
      r_.Fail("name", "expected letters, digits, '_', '.' or '-' only (it names output files), got '" + s.name + "'");
    }
    s.description = r_.StringOr("description", "");
    ReadRobotAndController(s);
    s.duration = r_.Number("duration");
    if (!(s.duration > 0 && s.duration <= kMaxDuration)) {
      r_.Fail("duration", "expected a positive number of seconds up to " + std::to_string(int(kMaxDuration)) +
                              ", got " + FormatNumber(s.duration));
    }
    if (r_.Has("terrain")) s.terrain = ReadTerrain(r_.Table("terrain"));
    s.terrain.seed = static_cast<uint64_t>(r_.IntegerOr("seed", 1, 0));
    if (r_.Has("spawn")) ReadSpawn(r_.Table("spawn"), s);
    const std::string actuator = r_.StringOr("actuator", "envelope");
    if (actuator != "envelope" && actuator != "ideal") {
      r_.Fail("actuator", "expected \"envelope\" (the motors' torque-speed limits, the default) or \"ideal\" "
                          "(a peak-torque clamp only), got '" + actuator + "'");
    }
    s.actuator = actuator == "ideal" ? ActuatorModel::kIdeal : ActuatorModel::kEnvelope;
    ReadEvents(s);
    ReadChecks(s);
    AddDefaultChecks(s);
    if (r_.Has("perturb")) {
      TomlReader perturb = r_.Table("perturb");  // throws unless a table
      s.perturbation = ReadPerturbation(perturb, *root_.get("perturb")->as_table());
    }
    r_.RejectUnknownKeys();
    return s;
  }

 private:
  void ReadRobotAndController(Scenario& s) {
    s.robot = r_.String("robot");
    try {
      description_ = LoadRobotDescription(RobotDescriptionPath(s.robot).string());
    } catch (const InputError& e) {
      if (std::string(e.what()).rfind("unknown robot", 0) == 0) r_.Fail("robot", e.what());
      throw;  // the robot's own files are broken: their message names them
    }
    s.robot_kind = description_.kind;
    s.controller = r_.StringOr("controller", description_.default_controller);
    entry_ = ControllerRegistry::Global().Find(s.controller);
    if (!entry_) {
      r_.Fail("controller", ControllerRegistry::Global().UnknownMessage(s.controller));
    }
    if (!entry_->Supports(s.robot_kind)) {
      r_.Fail("controller", "controller '" + s.controller + "' does not drive a " + s.robot_kind + " robot (it drives: " +
                                Join(entry_->robot_kinds) + ")");
    }
  }

  void ReadSpawn(TomlReader r, Scenario& s) {
    AllowOnlyKeys(r, {"x", "y", "yaw_deg", "keyframe"}, "[spawn]");
    s.x = r.NumberOr("x", 0, -1000, 1000);
    s.y = r.NumberOr("y", 0, -1000, 1000);
    s.yaw = r.NumberOr("yaw_deg", 0, -360, 360) * kPi / 180;
    s.keyframe = r.StringOr("keyframe", "");
    s.keyframe_where = r.Where("keyframe") + ": " + r.Path("keyframe");
    r.RejectUnknownKeys();
  }

  void ReadEvents(Scenario& s) {
    std::vector<std::string> allowed = {"time", "behavior", "push"};
    for (const auto& [key, field] : CommandFields()) allowed.push_back(key);
    std::vector<TomlReader> events = r_.TableArray("events");
    for (size_t i = 0; i < events.size(); ++i) {
      TomlReader& r = events[i];
      AllowOnlyKeys(r, allowed, "an event");
      ScenarioEvent e;
      e.where = r.Where("time");
      e.time = r.Number("time");
      if (!(e.time >= 0 && e.time <= s.duration)) {
        r.Fail("time", "expected a time within the duration, 0.." + FormatNumber(s.duration) + " s, got " +
                           FormatNumber(e.time));
      }
      if (!s.events.empty() && e.time < s.events.back().time) {
        r.Fail("time", "events must be in time order: " + FormatNumber(e.time) + " s comes after " +
                           FormatNumber(s.events.back().time) + " s");
      }
      if (r.Has("behavior")) {
        e.behavior = r.String("behavior");
        const std::vector<std::string>& offered = entry_->behaviors;
        if (std::find(offered.begin(), offered.end(), *e.behavior) == offered.end()) {
          r.Fail("behavior", "controller '" + s.controller + "' has no behaviour '" + *e.behavior +
                                 "' (it offers: " + Join(offered) + ")");
        }
      }
      for (const auto& [key, field] : CommandFields()) {
        if (r.Has(key)) e.set.emplace_back(field, r.Number(key));
      }
      if (r.Has("push")) {
        TomlReader push = r.Table("push");  // throws unless a table
        e.push = ReadPush(push, *RawTableInArray(root_, "events", i).get("push")->as_table());
      }
      if (!e.behavior && e.set.empty() && !e.push) {
        r.Fail("time", "the event does nothing: give behavior, push or a command field (vx, vy, yaw_rate, "
                       "body_height, step_height, roll, pitch, yaw)");
      }
      r.RejectUnknownKeys();
      s.events.push_back(std::move(e));
    }
  }

  void ReadChecks(Scenario& s) {
    std::vector<TomlReader> checks = r_.TableArray("checks");
    std::set<std::string> names;
    for (size_t i = 0; i < checks.size(); ++i) {
      TomlReader& r = checks[i];
      const toml::table& raw = RawTableInArray(root_, "checks", i);
      CheckSpec c;
      c.where = r.Where("metric");
      c.metric.metric = r.String("metric");
      const MetricInfo* info = FindMetric(c.metric.metric);
      if (!info) r.Fail("metric", "unknown metric '" + c.metric.metric + "' (known: " + MetricNames() + ")");
      if (!info->checkable) {
        r.Fail("metric", c.metric.metric + " is reported in every result but cannot be checked: it depends on "
                                           "the machine and its load, so a bound on it would make CI flaky");
      }
      std::vector<std::string> allowed = {"name", "metric", "window", "min", "max", "reason"};
      allowed.insert(allowed.end(), info->params.begin(), info->params.end());
      AllowOnlyKeys(r, allowed, "a check on '" + c.metric.metric + "'");
      c.name = r.StringOr("name", c.metric.metric);
      if (!names.insert(c.name).second) {
        r.Fail(r.Has("name") ? "name" : "metric", "duplicate check name '" + c.name + "' (give each check a unique name)");
      }
      ReadWindow(r, raw, s.duration, c.metric);
      if (r.Has("min")) c.min = r.Number("min");
      if (r.Has("max")) c.max = r.Number("max");
      if (!c.min && !c.max) r.Fail("metric", "a check needs min, max or both");
      if (c.min && c.max && *c.min > *c.max) r.Fail("min", "expected min <= max");
      ReadMetricParams(r, *info, c.metric);
      c.reason = r.StringOr("reason", "");
      r.RejectUnknownKeys();
      s.checks.push_back(std::move(c));
    }
  }

  // A file's check on a default metric replaces the default; one that lets more through (a
  // higher max, no max, a min, a shorter window) must say why.
  void AddDefaultChecks(Scenario& s) {
    std::vector<TomlReader> checks = r_.TableArray("checks");
    for (CheckSpec& d : DefaultChecks(s.duration)) {
      bool overridden = false;
      for (size_t i = 0; i < s.checks.size(); ++i) {
        const CheckSpec& c = s.checks[i];
        if (c.metric.metric != d.metric.metric) continue;
        overridden = true;
        const bool looser = !c.max || *c.max > *d.max || c.metric.t0 > 0 || c.metric.t1 < s.duration;
        if (looser && c.reason.empty()) {
          checks[i].Fail("metric", "check '" + c.name + "' loosens the default check " + d.name + " (" +
                                       d.metric.metric + " " + FormatBounds(d.min, d.max) +
                                       " over the whole run): give a reason = \"...\" saying why");
        }
      }
      if (!overridden) {
        for (const CheckSpec& c : s.checks) {
          if (c.name == d.name) d.name = "default_" + d.name;  // the file's name stays as written
        }
        s.checks.push_back(std::move(d));
      }
    }
  }

  void ReadWindow(TomlReader& r, const toml::table& raw, double duration, MetricSpec& m) {
    m.t0 = 0;
    m.t1 = duration;
    if (!r.Has("window")) return;
    const std::vector<double> w = NumberArray(r, raw, "window", 2, "[t0, t1] of seconds");
    if (!(w[0] >= 0 && w[0] < w[1] && w[1] <= duration)) {
      r.Fail("window", "expected 0 <= t0 < t1 <= duration (" + FormatNumber(duration) + " s), got [" +
                           FormatNumber(w[0]) + ", " + FormatNumber(w[1]) + "]");
    }
    m.t0 = w[0];
    m.t1 = w[1];
  }

  void ReadMetricParams(TomlReader& r, const MetricInfo& info, MetricSpec& m) {
    if (!info.choice_key.empty()) {
      const std::string& key = info.choice_key;
      std::vector<std::string> values(info.choices.begin() + (info.choices.front().empty() ? 1 : 0), info.choices.end());
      if (info.choices.front().empty() && !r.Has(key)) {
        r.Fail(key, "required for metric '" + info.name + "': expected one of " + Join(values));
      }
      const std::string value = r.StringOr(key, info.choices.front());
      if (std::find(values.begin(), values.end(), value) == values.end()) {
        r.Fail(key, "expected one of " + Join(values) + ", got '" + value + "'");
      }
      m.Choice(key) = value;
    }
    if (info.name == "foot_speed" || info.name == "hand_speed") {
      m.site = r.String("site");
      const bool foot = info.name == "foot_speed";
      std::vector<std::string> sites;
      if (foot) {
        for (const LegDescription& leg : description_.legs) sites.push_back(leg.foot.name);
      } else {
        for (const ArmDescription& arm : description_.arms) sites.push_back(arm.hand.name);
      }
      if (std::find(sites.begin(), sites.end(), m.site) == sites.end()) {
        r.Fail("site", "'" + m.site + "' is not a " + (foot ? "foot" : "hand") + " site of robot '" +
                           description_.name + "' (it has: " + Join(sites) + ")");
      }
    }
    if (info.name == "landed_on_feet") {
      m.min_flight_time = r.NumberOr("min_flight_time", m.min_flight_time, 0.0, 10.0);
      m.stable_time = r.NumberOr("stable_time", m.stable_time, 0.0, 100.0);
      m.stable_tilt_deg = r.NumberOr("stable_tilt_deg", m.stable_tilt_deg, 0.0, 180.0);
    }
  }

  std::string path_;
  toml::table root_;
  TomlReader r_;
  RobotDescription description_;
  const ControllerEntry* entry_ = nullptr;
};

}  // namespace

void ScenarioEvent::ApplyTo(OperatorCommand& command) const {
  if (behavior) command.behavior = *behavior;
  for (const auto& [field, value] : set) command.*field = value;
}

Scenario ParseScenario(std::string_view text, const std::string& source) {
  return ScenarioParser(TomlReader::ParseText(text, source), source).Parse();
}

Scenario LoadScenario(const std::string& path) { return ScenarioParser(TomlReader::ParseFile(path), path).Parse(); }

}  // namespace stuntsim
