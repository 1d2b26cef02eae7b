#include "stuntsim/sim/scenario_report.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "stuntsim/sim/errors.h"

namespace stuntsim {
namespace {

using Json = nlohmann::ordered_json;

Json Number(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

Json Optional(const std::optional<double>& v) { return v ? Number(*v) : Json(nullptr); }

std::string Hex(uint64_t v) {
  char buffer[24];
  std::snprintf(buffer, sizeof(buffer), "%016llx", static_cast<unsigned long long>(v));
  return buffer;
}

// Text safe inside an XML attribute (line breaks as &#10;) or element (line breaks kept).
std::string XmlEscape(const std::string& text, bool attribute = true) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\n': out += attribute ? "&#10;" : "\n"; break;
      default:
        // Control characters are not allowed in XML 1.0 (tab is).
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\t') out += c;
    }
  }
  return out;
}

std::string XmlText(const std::string& text) { return XmlEscape(text, false); }

std::string Seconds(double s) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.3f", s);
  return buffer;
}

// ",<text>" as a CSV field: empty stays empty, anything else quoted ("" for a quote), line breaks
// and other control characters as spaces so that every row stays one line.
void AppendText(std::string& row, const std::string& text) {
  row += ',';
  if (text.empty()) return;
  row += '"';
  for (const char c : text) {
    if (c == '"') {
      row += "\"\"";
    } else {
      row += static_cast<unsigned char>(c) < 0x20 ? ' ' : c;
    }
  }
  row += '"';
}

// ",<v>" with 7 significant digits, as printf's %.7g (to_chars: no locale, several times faster).
void AppendNumber(std::string& row, double v) {
  char buffer[32] = {','};
  const std::to_chars_result end = std::to_chars(buffer + 1, buffer + sizeof(buffer), v, std::chars_format::general, 7);
  row.append(buffer, end.ptr);
}

}  // namespace

std::string ResultJson(const ScenarioResult& r) {
  Json j;
  j["name"] = r.name;
  j["file"] = r.file;
  j["robot"] = r.robot;
  j["controller"] = r.controller;
  j["terrain"] = r.terrain;
  j["seed"] = r.seed;
  j["actuator"] = r.actuator;
  j["passed"] = r.passed;
  j["failure"] = r.failure;
  j["error"] = r.error;
  j["mujoco_warnings"] = r.mujoco_warnings;
  j["duration"] = r.duration;
  j["sim_seconds"] = Number(r.sim_seconds);
  j["state_hash"] = Hex(r.state_hash);
  Json refusals = Json::array();
  for (const RefusalEvent& e : r.refusals) {
    refusals.push_back({{"time", Number(e.time)}, {"requested", e.requested}, {"refusal", e.refusal}});
  }
  j["refusals"] = refusals;
  Json checks = Json::array();
  for (const CheckResult& c : r.checks) {
    checks.push_back({{"name", c.name}, {"metric", c.metric}, {"value", Number(c.value)}, {"min", Optional(c.min)},
                      {"max", Optional(c.max)}, {"passed", c.passed}, {"message", c.message},
                      {"reason", c.reason}});
  }
  j["checks"] = checks;
  Json metrics = Json::object();
  for (const auto& [label, value] : r.metrics) metrics[label] = Number(value);
  j["metrics"] = metrics;
  j["timing"] = {{"wall_seconds", r.wall_seconds}, {"realtime_factor", Number(r.realtime_factor)}};
  return j.dump(2) + "\n";
}

void WriteTrajectoryCsv(std::ostream& out, const Trajectory& t, double rate_hz) {
  std::string header = "time,base_x,base_y,base_z,base_qw,base_qx,base_qy,base_qz,base_vx,base_vy,base_vz,"
                       "base_wx,base_wy,base_wz,base_height,non_foot_contact,cmd_behavior,cmd_vx,cmd_vy,"
                       "cmd_yaw_rate,behavior";
  for (const char* prefix : {"q_", "dq_", "tau_"}) {
    for (const std::string& joint : t.layout().joints) header += "," + std::string(prefix) + joint;
  }
  for (const std::string& foot : t.layout().feet) header += ",contact_" + foot;
  header += ",refusal";
  out << header << '\n';

  std::string row;
  double next_time = -INFINITY;
  int pending_refusal = -1;  // the last refusal started since the previous written row
  for (size_t i = 0; i < t.size(); ++i) {
    const TrajectorySample& s = t.sample(i);
    if (t.RefusalStarts(i)) pending_refusal = s.refusal;
    if (rate_hz > 0) {
      if (s.time < next_time - 1e-9) continue;
      next_time = (std::floor(s.time * rate_hz + 1e-6) + 1) / rate_hz;
    }
    row.clear();
    char time[32];
    row += std::string(time, std::snprintf(time, sizeof(time), "%.6f", s.time));
    for (int k = 0; k < 3; ++k) AppendNumber(row, s.base_pos_world[k]);
    for (double v : {s.base_quat_world.w(), s.base_quat_world.x(), s.base_quat_world.y(), s.base_quat_world.z()}) {
      AppendNumber(row, v);
    }
    for (int k = 0; k < 3; ++k) AppendNumber(row, s.base_linvel_world[k]);
    for (int k = 0; k < 3; ++k) AppendNumber(row, s.base_angvel_body[k]);
    AppendNumber(row, s.base_pos_world.z() - s.ground_height);
    row += s.non_foot_contact ? ",1," : ",0,";
    row += t.BehaviorName(s.cmd_behavior);
    AppendNumber(row, s.cmd_vx);
    AppendNumber(row, s.cmd_vy);
    AppendNumber(row, s.cmd_yaw_rate);
    row += "," + t.BehaviorName(s.active_behavior);
    for (const auto& columns : {t.q(i), t.dq(i), t.tau(i)}) {
      for (int j = 0; j < columns.size(); ++j) AppendNumber(row, columns[j]);
    }
    const auto contact = t.foot_contact(i);
    for (int f = 0; f < contact.size(); ++f) row += contact[f] > 0.5 ? ",1" : ",0";
    AppendText(row, t.RefusalText(pending_refusal));
    pending_refusal = -1;
    row += '\n';
    out << row;
  }
}

std::string JunitXml(const std::vector<const ScenarioResult*>& results, const std::string& suite_name) {
  int failures = 0, errors = 0;
  double total = 0;
  for (const ScenarioResult* r : results) {
    failures += !r->passed && !r->error;
    errors += r->error;
    total += r->wall_seconds;
  }
  const std::string counts = " tests=\"" + std::to_string(results.size()) + "\" failures=\"" +
                             std::to_string(failures) + "\" errors=\"" + std::to_string(errors) + "\"";
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  xml += "<testsuites name=\"stuntsim\"" + counts + " time=\"" + Seconds(total) + "\">\n";
  xml += "  <testsuite name=\"" + XmlEscape(suite_name) + "\"" + counts + " skipped=\"0\" time=\"" +
         Seconds(total) + "\">\n";
  for (const ScenarioResult* r : results) {
    xml += "    <testcase classname=\"stuntsim." + XmlEscape(r->robot) + "\" name=\"" + XmlEscape(r->name) +
           "\" file=\"" + XmlEscape(r->file) + "\" time=\"" + Seconds(r->wall_seconds) + "\">\n";
    xml += "      <properties><property name=\"actuator\" value=\"" + XmlEscape(r->actuator) + "\"/></properties>\n";
    if (!r->passed) {
      std::string details;
      for (const std::string& line : ResultLines(*r)) details += line + "\n";
      const char* element = r->error ? "error" : "failure";
      const char* type = r->error ? "SimulationError" : "CheckFailed";
      xml += "      <" + std::string(element) + " message=\"" + XmlEscape(r->failure) + "\" type=\"" + type + "\">" +
             XmlText(details) + "</" + element + ">\n";
    }
    std::string out = "sim " + FormatNumber(r->sim_seconds) + " s of " + FormatNumber(r->duration) +
                      " s, real-time factor " + FormatNumber(r->realtime_factor) + "\n";
    if (r->actuator == "ideal") out += "actuator: ideal (peak-torque clamp only, no torque-speed limit)\n";
    for (const CheckResult& c : r->checks) {
      out += std::string(c.passed ? "ok   " : "FAIL ") + c.name + ": " + c.metric + " = " + FormatNumber(c.value) +
             ", expected " + FormatBounds(c.min, c.max) + (c.reason.empty() ? "" : " (" + c.reason + ")") + "\n";
    }
    for (const auto& [label, value] : r->metrics) out += label + " = " + FormatNumber(value) + "\n";
    xml += "      <system-out>" + XmlText(out) + "</system-out>\n";
    xml += "    </testcase>\n";
  }
  xml += "  </testsuite>\n</testsuites>\n";
  return xml;
}

std::string SummaryCsv(const std::vector<const ScenarioResult*>& results) {
  static const char* const kColumns[] = {
      "fell", "base_height.min", "base_tilt_deg.max", "velocity_error.all", "max_torque_ratio",
      "joint_limit_violation_rad", "max_joint_speed_ratio", "torque_saturation_fraction", "peak_power_w.joint",
      "peak_power_w.total"};
  std::string csv = "name,robot,controller,actuator,passed";
  for (const char* column : kColumns) csv += std::string(",") + column;
  csv += '\n';
  for (const ScenarioResult* r : results) {
    csv += r->name + "," + r->robot + "," + r->controller + "," + r->actuator + (r->passed ? ",1" : ",0");
    for (const char* column : kColumns) {
      const auto it = std::find_if(r->metrics.begin(), r->metrics.end(), [&](const auto& m) { return m.first == column; });
      if (it == r->metrics.end() || !std::isfinite(it->second)) {
        csv += ',';
      } else {
        AppendNumber(csv, it->second);
      }
    }
    csv += '\n';
  }
  return csv;
}

void WriteTextFile(const std::string& path, const std::string& content) {
  const std::filesystem::path p(path);
  std::error_code ec;
  if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path(), ec);
  std::ofstream out(path, std::ios::binary);
  out << content;
  out.close();
  if (!out) throw InputError(path + ": cannot write the file");
}

}  // namespace stuntsim
