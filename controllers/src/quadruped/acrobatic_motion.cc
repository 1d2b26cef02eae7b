// Acrobatic motion files: TOML <-> AcrobaticMotion, with errors naming the file, line and field.
#include "stuntsim/controllers/quadruped/acrobatic_motion.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "stuntsim/controllers/humanoid/motion_library.h"  // DefaultMotionDirectory
#include "toml_fields.h"                                     // controllers/src

namespace stuntsim {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kMaxDuration = 10.0;   // s
constexpr double kMaxAngle = 7.0;       // rad, any joint target
constexpr double kMaxTorque = 1000.0;   // N*m, any feed-forward
constexpr double kMaxRotation = 4 * kPi;

int ParseAxis(const TomlFields& f, const std::string& key) {
  const std::string a = f.String(key);
  if (a == "x") return 0;
  if (a == "y") return 1;
  if (a == "z") return 2;
  f.Fail(key, "expected \"x\", \"y\" or \"z\", got \"" + a + "\"");
}

std::array<Eigen::Vector3d, kQuadLegs> LegsOf(const std::vector<double>& row) {
  std::array<Eigen::Vector3d, kQuadLegs> legs{};
  for (int l = 0; l < kQuadLegs; ++l) legs[l] = Eigen::Vector3d(row[3 * l], row[3 * l + 1], row[3 * l + 2]);
  return legs;
}

void AppendNumber(std::ostringstream& s, double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  std::string text(buf);
  // TOML needs a decimal point or exponent for a float.
  if (text.find_first_of(".eEn") == std::string::npos) text += ".0";
  s << text;
}

template <typename Get>
void AppendArray(std::ostringstream& s, const char* key, size_t n, Get get) {
  s << key << " = [";
  for (size_t i = 0; i < n; ++i) {
    if (i) s << ", ";
    AppendNumber(s, get(i));
  }
  s << "]\n";
}

template <typename Get>
void AppendLegRows(std::ostringstream& s, const char* key, const std::vector<AcrobaticFrame>& frames, Get get) {
  s << key << " = [\n";
  for (const AcrobaticFrame& f : frames) {
    const std::array<Eigen::Vector3d, kQuadLegs>& legs = get(f);
    s << "  [";
    for (int l = 0; l < kQuadLegs; ++l) {
      for (int i = 0; i < 3; ++i) {
        if (l || i) s << ", ";
        AppendNumber(s, legs[l][i]);
      }
    }
    s << "],\n";
  }
  s << "]\n";
}

}  // namespace

const char* AxisName(int axis) { return axis == 0 ? "x" : axis == 1 ? "y" : "z"; }

AcrobaticFrame AcrobaticMotion::At(double t, std::array<Eigen::Vector3d, kQuadLegs>* dq) const {
  if (frames.empty()) return AcrobaticFrame();
  if (frames.size() < 2) {
    if (dq) dq->fill(Eigen::Vector3d::Zero());
    return frames.front();
  }
  t = std::clamp(t, 0.0, duration());
  const size_t i = std::min(frames.size() - 2, static_cast<size_t>(std::max(0.0, t / dt)));
  const AcrobaticFrame& a = frames[i];
  const AcrobaticFrame& b = frames[i + 1];
  const double h = b.time - a.time;
  const double s = std::clamp((t - a.time) / h, 0.0, 1.0);
  AcrobaticFrame out = s < 0.5 ? a : b;  // discrete fields from the nearer frame
  out.time = t;
  for (int l = 0; l < kQuadLegs; ++l) {
    out.q[l] = a.q[l] + s * (b.q[l] - a.q[l]);
    out.tau[l] = a.tau[l] + s * (b.tau[l] - a.tau[l]);
    if (dq) (*dq)[l] = (b.q[l] - a.q[l]) / h;
  }
  out.kp_scale = a.kp_scale + s * (b.kp_scale - a.kp_scale);
  out.kd_scale = a.kd_scale + s * (b.kd_scale - a.kd_scale);
  out.base_z = a.base_z + s * (b.base_z - a.base_z);
  out.base_x = a.base_x + s * (b.base_x - a.base_x);
  out.rotation = a.rotation + s * (b.rotation - a.rotation);
  return out;
}

bool AcrobaticMotion::AttitudeIndexed() const {
  if (std::abs(rotation) < 0.5) return false;
  double largest = 0;
  for (const AcrobaticFrame& f : frames) largest = std::max(largest, std::abs(f.rotation));
  return largest > 0.5 * std::abs(rotation);
}

double AcrobaticMotion::TimeAtRotation(double target, double from) const {
  if (std::abs(rotation) < 1e-9 || frames.size() < 2) return from;
  const double sign = rotation > 0 ? 1.0 : -1.0;
  const size_t start = std::min(frames.size() - 2, static_cast<size_t>(std::max(0.0, from / dt)));
  for (size_t i = start; i + 1 < frames.size(); ++i) {
    const double ra = sign * frames[i].rotation, rb = sign * frames[i + 1].rotation;
    if (rb >= sign * target) {
      if (rb <= ra) return std::max(from, frames[i + 1].time);
      const double s = std::clamp((sign * target - ra) / (rb - ra), 0.0, 1.0);
      return std::max(from, frames[i].time + s * (frames[i + 1].time - frames[i].time));
    }
  }
  return duration();
}

AcrobaticMotion ParseAcrobaticMotion(std::string_view text, const std::string& source) {
  const toml::table root = TomlFields::Parse(text, source);
  const TomlFields f(root, source, "");
  f.OnlyKeys({"name", "description", "axis", "rotation_deg", "dt", "takeoff_time", "landing_time", "takeoff_vz",
              "takeoff_angvel", "optimizer", "frames"});
  AcrobaticMotion m;
  m.name = f.String("name");
  m.description = f.Has("description") ? f.String("description") : "";
  m.axis = ParseAxis(f, "axis");
  m.rotation = f.Number("rotation_deg", -kMaxRotation * 180 / kPi, kMaxRotation * 180 / kPi) * kPi / 180;
  m.dt = f.Number("dt", 1e-3, 0.1);
  m.takeoff_vz = f.Number("takeoff_vz", -20, 20);
  const std::vector<double> w = f.Numbers("takeoff_angvel", 3, -100, 100);
  m.takeoff_angvel_body = Eigen::Vector3d(w[0], w[1], w[2]);

  if (f.Has("optimizer")) {
    const toml::table* opt = root.get_as<toml::table>("optimizer");
    if (!opt) f.Fail("optimizer", "expected a table");
    const TomlFields o(*opt, source, "optimizer");
    o.OnlyKeys({"settings_file", "settings", "seed", "iterations", "cost", "parameters"});
    if (o.Has("parameters")) {
      const toml::table* params = opt->get_as<toml::table>("parameters");
      if (!params) o.Fail("parameters", "expected a table of name = value");
      const TomlFields pf(*params, source, "optimizer.parameters");
      for (const auto& [key, node] : *params) {
        const std::string name(key.str());
        m.parameters.emplace_back(name, pf.Number(name, -1e6, 1e6));
      }
    }
    m.settings_file = o.Has("settings_file") ? o.String("settings_file") : "";
    m.settings_text = o.Has("settings") ? o.String("settings") : "";
    m.seed = static_cast<long>(o.Has("seed") ? o.Number("seed", 0, 1e15) : 0);
    m.iterations = static_cast<int>(o.Has("iterations") ? o.Number("iterations", 0, 1e9) : 0);
    m.cost = o.Has("cost") ? o.Number("cost", -1e300, 1e300) : 0;
  }

  const toml::table* frames = root.get_as<toml::table>("frames");
  if (!frames) f.Fail("frames", "missing (required): a [frames] table");
  const TomlFields ff(*frames, source, "frames");
  ff.OnlyKeys({"time", "kp_scale", "kd_scale", "base_z", "base_x", "rotation", "contact", "q", "tau"});
  const std::vector<double> time = ff.Numbers("time", 0, 0, kMaxDuration);
  const size_t n = time.size();
  if (n < 2) ff.Fail("time", "expected at least 2 frames");
  for (size_t i = 0; i < n; ++i) {
    if (std::abs(time[i] - i * m.dt) > 1e-6) {
      ff.Fail("time", "frame " + std::to_string(i) + ": expected frames every dt = " + std::to_string(m.dt) +
                          " s from 0, got " + std::to_string(time[i]));
    }
  }
  const std::vector<double> kp = ff.Numbers("kp_scale", n, 0, 10), kd = ff.Numbers("kd_scale", n, 0, 10);
  const std::vector<double> bz = ff.Numbers("base_z", n, -5, 5), bx = ff.Numbers("base_x", n, -10, 10);
  const std::vector<double> rot = ff.Numbers("rotation", n, -kMaxRotation, kMaxRotation);
  const auto contact = ff.Rows("contact", n, kQuadLegs, 0, 1);
  const auto q = ff.Rows("q", n, 3 * kQuadLegs, -kMaxAngle, kMaxAngle);
  const auto tau = ff.Rows("tau", n, 3 * kQuadLegs, -kMaxTorque, kMaxTorque);
  m.frames.resize(n);
  for (size_t i = 0; i < n; ++i) {
    AcrobaticFrame& fr = m.frames[i];
    fr.time = i * m.dt;
    fr.q = LegsOf(q[i]);
    fr.tau = LegsOf(tau[i]);
    fr.kp_scale = kp[i];
    fr.kd_scale = kd[i];
    for (int l = 0; l < kQuadLegs; ++l) fr.contact[l] = contact[i][l] > 0.5;
    fr.base_z = bz[i];
    fr.base_x = bx[i];
    fr.rotation = rot[i];
  }
  m.takeoff_time = f.Number("takeoff_time", 0, m.duration());
  m.landing_time = f.Number("landing_time", m.takeoff_time, m.duration());
  return m;
}

AcrobaticMotion LoadAcrobaticMotion(const std::string& path) {
  return ParseAcrobaticMotion(TomlFields::ReadFile(path), path);
}

std::string FormatAcrobaticMotion(const AcrobaticMotion& m) {
  std::ostringstream s;
  s << "# StuntSim acrobatic motion, written by stuntsim-optimize: regenerate it rather than edit it.\n"
    << "# Legs FL, FR, RL, RR; per leg abduction, pitch, knee (rad, N*m). Format: docs/acrobatics.md.\n";
  s << "name = \"" << m.name << "\"\n";
  if (!m.description.empty()) s << "description = \"" << m.description << "\"\n";
  s << "axis = \"" << AxisName(m.axis) << "\"\n";
  s << "rotation_deg = ";
  AppendNumber(s, m.rotation * 180 / kPi);
  s << "\ndt = ";
  AppendNumber(s, m.dt);
  s << "\ntakeoff_time = ";
  AppendNumber(s, m.takeoff_time);
  s << "\nlanding_time = ";
  AppendNumber(s, m.landing_time);
  s << "\ntakeoff_vz = ";
  AppendNumber(s, m.takeoff_vz);
  s << "\n";
  AppendArray(s, "takeoff_angvel", 3, [&](size_t i) { return m.takeoff_angvel_body[i]; });
  s << "\n[optimizer]\nsettings_file = \"" << m.settings_file << "\"\nseed = " << m.seed
    << "\niterations = " << m.iterations << "\ncost = ";
  AppendNumber(s, m.cost);
  s << "\nsettings = '''\n" << m.settings_text << "'''\n";
  if (!m.parameters.empty()) {
    s << "\n[optimizer.parameters]\n";
    for (const auto& [name, value] : m.parameters) {
      s << "\"" << name << "\" = ";
      AppendNumber(s, value);
      s << "\n";
    }
  }
  s << "\n[frames]\n";
  const auto& fr = m.frames;
  AppendArray(s, "time", fr.size(), [&](size_t i) { return fr[i].time; });
  AppendArray(s, "kp_scale", fr.size(), [&](size_t i) { return fr[i].kp_scale; });
  AppendArray(s, "kd_scale", fr.size(), [&](size_t i) { return fr[i].kd_scale; });
  AppendArray(s, "base_z", fr.size(), [&](size_t i) { return fr[i].base_z; });
  AppendArray(s, "base_x", fr.size(), [&](size_t i) { return fr[i].base_x; });
  AppendArray(s, "rotation", fr.size(), [&](size_t i) { return fr[i].rotation; });
  s << "contact = [";
  for (size_t i = 0; i < fr.size(); ++i) {
    s << (i ? ", [" : "[");
    for (int l = 0; l < kQuadLegs; ++l) s << (l ? ", " : "") << (fr[i].contact[l] ? 1 : 0);
    s << "]";
  }
  s << "]\n";
  AppendLegRows(s, "q", fr, [](const AcrobaticFrame& f) -> const auto& { return f.q; });
  AppendLegRows(s, "tau", fr, [](const AcrobaticFrame& f) -> const auto& { return f.tau; });
  return s.str();
}

std::string DefaultAcrobaticMotionDirectory(const std::string& robot) {
  return (std::filesystem::path(DefaultMotionDirectory()) / robot).string();
}

}  // namespace stuntsim
