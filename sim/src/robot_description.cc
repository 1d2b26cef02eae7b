#include "stuntsim/sim/robot_description.h"

#include <cmath>
#include <filesystem>
#include <system_error>

#include "stuntsim/sim/errors.h"
#include "stuntsim/sim/toml_reader.h"

namespace stuntsim {
namespace {

NamedRef Ref(TomlReader& t, const std::string& key) {
  NamedRef ref{t.String(key), ""};
  ref.where = t.Where(key) + ": " + t.Path(key);
  return ref;
}

std::vector<NamedRef> Refs(TomlReader& t, const std::string& key) {
  std::vector<NamedRef> refs;
  const std::vector<std::string> names = t.StringArray(key);
  for (size_t i = 0; i < names.size(); ++i) {
    refs.push_back({names[i], t.Where(key) + ": " + t.Path(key) + "[" + std::to_string(i) + "]"});
  }
  return refs;
}

// [motors]: one number for every joint or one per joint; 0 < knee_speed < max_speed.
void ReadMotors(TomlReader motors, RobotDescription& d) {
  const size_t n = d.joints.size();
  d.peak_torque = motors.NumberOrArray("peak_torque", n);
  d.knee_speed = motors.NumberOrArray("knee_speed", n);
  d.max_speed = motors.NumberOrArray("max_speed", n);
  d.peak_torque_where = motors.Where("peak_torque") + ": " + motors.Path("peak_torque");
  for (size_t i = 0; i < n; ++i) {
    const std::string joint = " (joint " + d.joints[i].name + ")";
    if (!(d.peak_torque[i] > 0 && std::isfinite(d.peak_torque[i]))) {
      motors.Fail("peak_torque", "expected a positive torque in N*m" + joint);
    }
    if (!(d.max_speed[i] > 0 && std::isfinite(d.max_speed[i]))) {
      motors.Fail("max_speed", "expected a positive no-load speed in rad/s" + joint);
    }
    if (!(d.knee_speed[i] > 0 && d.knee_speed[i] < d.max_speed[i])) {
      motors.Fail("knee_speed", "expected 0 < knee_speed < max_speed (rad/s)" + joint);
    }
  }
  motors.RejectUnknownKeys();
}

// The checked description in `root`, parsed from `path` (model paths are relative to its folder).
RobotDescription ReadRobotDescription(const toml::table& root, const std::string& path) {
  TomlReader t(root, path);
  t.AllowOnlyKeys({"name", "kind", "model", "base_body", "imu_site", "home_keyframe", "default_controller",
                   "fall_height", "joints", "gains", "motors", "legs", "arms"});
  RobotDescription d;
  d.file = path;
  d.name = t.String("name");
  d.kind = t.String("kind");
  if (d.kind != "quadruped" && d.kind != "humanoid" && d.kind != "wheel_legged") {
    t.Fail("kind", "expected quadruped, humanoid or wheel_legged, got '" + d.kind + "'");
  }
  const std::string model = t.String("model");
  d.model_path = (std::filesystem::path(path).parent_path() / model).lexically_normal().string();
  std::error_code ec;  // a path the file system rejects (too long, ...) is not found either
  if (!std::filesystem::is_regular_file(d.model_path, ec)) {
    t.Fail("model", "model file " + d.model_path + " not found");
  }
  d.base_body = Ref(t, "base_body");
  d.imu_site = Ref(t, "imu_site");
  d.home_keyframe = Ref(t, "home_keyframe");
  d.default_controller = t.StringOr("default_controller", "stand");
  d.fall_height = t.Number("fall_height", 0.0, 2.0);
  d.joints = Refs(t, "joints");
  if (d.joints.empty()) t.Fail("joints", "expected at least one joint");
  TomlReader gains = t.Table("gains");
  const std::vector<double> kp = gains.NumberOrArray("kp", d.joints.size());
  const std::vector<double> kd = gains.NumberOrArray("kd", d.joints.size());
  for (size_t i = 0; i < kp.size(); ++i) {
    if (kp[i] < 0) gains.Fail("kp", "expected non-negative gains");
    if (kd[i] < 0) gains.Fail("kd", "expected non-negative gains");
  }
  d.kp = kp;
  d.kd = kd;
  gains.RejectUnknownKeys();
  if (!t.Has("motors")) {
    t.Fail("motors", "missing: every actuated joint needs its motor's peak_torque (N*m), knee_speed and max_speed "
                     "(rad/s), one number or one per joint (see docs/physics.md)");
  }
  ReadMotors(t.Table("motors"), d);
  for (TomlReader& leg : t.TableArray("legs")) {
    LegDescription l;
    l.name = leg.String("name");
    l.joints = Refs(leg, "joints");
    l.foot = Ref(leg, "foot");
    if (leg.Has("foot_geoms")) {
      l.foot_geoms = Refs(leg, "foot_geoms");
    } else {
      l.foot_geoms = {{l.foot.name, l.foot.where + " (as the foot geom)"}};
    }
    if (leg.Has("wheel")) l.wheel = Ref(leg, "wheel");
    leg.RejectUnknownKeys();
    d.legs.push_back(std::move(l));
  }
  for (TomlReader& arm : t.TableArray("arms")) {
    ArmDescription a;
    a.name = arm.String("name");
    a.joints = Refs(arm, "joints");
    a.hand = Ref(arm, "hand");
    arm.RejectUnknownKeys();
    d.arms.push_back(std::move(a));
  }
  if (d.legs.empty()) t.Fail("legs", "expected at least one [[legs]] table");
  t.RejectUnknownKeys();
  return d;
}

}  // namespace

RobotDescription LoadRobotDescription(const std::string& path) {
  return ReadRobotDescription(TomlReader::ParseFile(path), path);
}

RobotDescription ParseRobotDescription(std::string_view text, const std::string& source) {
  return ReadRobotDescription(TomlReader::ParseText(text, source), source);
}

}  // namespace stuntsim
