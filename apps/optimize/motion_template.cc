#include "motion_template.h"

#include <algorithm>
#include <cmath>

#include "stuntsim/sim/errors.h"

namespace stuntsim {
namespace {

constexpr const char* kGlobalParams[] = {"crouch_time", "push_kp", "flight_kp", "tuck_time", "open_time"};
constexpr const char* kGroupParams[] = {"crouch_hip", "crouch_thigh", "crouch_calf", "push_time", "push_ramp",
                                        "push_hip",   "push_thigh",   "push_calf",   "tau_hip",   "tau_thigh",
                                        "tau_calf",   "tuck_hip",     "tuck_thigh",  "tuck_calf", "land_hip",
                                        "land_thigh", "land_calf"};
// Time the legs take to open from the tuck to the landing pose, s.
constexpr double kOpenDuration = 0.1;
constexpr double kPi = 3.14159265358979323846;

double MinJerk(double s) {
  s = std::clamp(s, 0.0, 1.0);
  return s * s * s * (10 - 15 * s + 6 * s * s);
}

}  // namespace

std::vector<std::string> MotionTemplate::ParameterNames(const std::vector<std::string>& groups) {
  std::vector<std::string> names(std::begin(kGlobalParams), std::end(kGlobalParams));
  for (const std::string& g : groups)
    for (const char* p : kGroupParams) names.push_back(g + "." + p);
  return names;
}

MotionTemplate::MotionTemplate(const OptimizeSettings& settings, const RobotInfo& robot,
                               const std::array<bool, kQuadLegs>& right_side)
    : settings_(settings), right_(right_side) {
  if (static_cast<int>(robot.legs.size()) != kQuadLegs)
    throw InputError(settings.file + ": robot '" + robot.name + "' has " + std::to_string(robot.legs.size()) +
                     " legs; the flip template needs a quadruped with 4 legs of 3 joints");
  for (int l = 0; l < kQuadLegs; ++l) {
    const std::string& g = settings.groups[l];
    auto it = std::find(group_names_.begin(), group_names_.end(), g);
    if (it == group_names_.end()) {
      group_names_.push_back(g);
      it = group_names_.end() - 1;
    }
    group_of_[l] = static_cast<int>(it - group_names_.begin());
    const Eigen::VectorXd home = robot.HomePose();
    if (robot.legs[l].joints.size() != 3)
      throw InputError(settings.file + ": leg " + robot.legs[l].name + " has " +
                       std::to_string(robot.legs[l].joints.size()) + " joints; the flip template needs 3");
    for (int i = 0; i < 3; ++i) {
      const JointInfo& j = robot.joints[robot.legs[l].joints[i]];
      home_[l][i] = home[robot.legs[l].joints[i]];
      q_min_[l][i] = j.q_min;
      q_max_[l][i] = j.q_max;
    }
  }
  const std::vector<std::string> needed = ParameterNames(group_names_);
  for (const std::string& n : needed) {
    if (settings.Find(n) < 0)
      throw InputError(settings.file + ": [[param]] '" + n + "' is missing (the template needs every one of: " +
                       "crouch_time, push_kp, flight_kp, tuck_time, open_time, and per group <group>.crouch_hip ... "
                       "<group>.land_calf; see docs/acrobatics.md)");
  }
  for (const ParamSpec& p : settings.params) {
    if (std::find(needed.begin(), needed.end(), p.name) == needed.end())
      throw InputError(settings.file + ": [[param]] '" + p.name + "' is not a template parameter (groups: " +
                       [&] {
                         std::string s;
                         for (const std::string& g : group_names_) s += (s.empty() ? "" : ", ") + g;
                         return s;
                       }() + ")");
  }
}

double MotionTemplate::Get(const Eigen::VectorXd& x, const std::string& name) const {
  return x[settings_.Find(name)];
}

Eigen::Vector3d MotionTemplate::Leg(const Pose& pose, int leg) const {
  const Eigen::Vector3d q(right_[leg] ? -pose.hip : pose.hip, pose.thigh, pose.calf);
  return q.cwiseMax(q_min_[leg]).cwiseMin(q_max_[leg]);
}

AcrobaticMotion MotionTemplate::Build(const Eigen::VectorXd& x) const {
  const double t_crouch = Get(x, "crouch_time");
  const double push_kp = Get(x, "push_kp"), flight_kp = Get(x, "flight_kp");
  const double tuck_time = Get(x, "tuck_time"), open_time = Get(x, "open_time");
  struct Group {
    Pose crouch, push, tuck, land;
    Eigen::Vector3d tau;
    double push_end = 0, push_ramp = 0;
  };
  std::vector<Group> groups(group_names_.size());
  double lift = 0;
  for (size_t g = 0; g < groups.size(); ++g) {
    const std::string p = group_names_[g] + ".";
    Group& G = groups[g];
    G.crouch = {Get(x, p + "crouch_hip"), Get(x, p + "crouch_thigh"), Get(x, p + "crouch_calf")};
    G.push = {Get(x, p + "push_hip"), Get(x, p + "push_thigh"), Get(x, p + "push_calf")};
    G.tuck = {Get(x, p + "tuck_hip"), Get(x, p + "tuck_thigh"), Get(x, p + "tuck_calf")};
    G.land = {Get(x, p + "land_hip"), Get(x, p + "land_thigh"), Get(x, p + "land_calf")};
    G.tau = Eigen::Vector3d(Get(x, p + "tau_hip"), Get(x, p + "tau_thigh"), Get(x, p + "tau_calf"));
    G.push_end = t_crouch + Get(x, p + "push_time");
    G.push_ramp = Get(x, p + "push_ramp");
    lift = std::max(lift, G.push_end);
  }
  const double open_start = lift + open_time;
  const double end = open_start + kOpenDuration + settings_.land_hold;

  AcrobaticMotion m;
  m.name = settings_.motion;
  m.description = settings_.description;
  m.axis = settings_.axis;
  m.rotation = settings_.rotation_deg * kPi / 180;
  m.dt = settings_.dt;
  m.takeoff_time = lift;
  m.landing_time = end;
  const int n = static_cast<int>(std::ceil(end / m.dt - 1e-9)) + 1;
  m.frames.resize(n);
  for (int k = 0; k < n; ++k) {
    AcrobaticFrame& f = m.frames[k];
    const double t = k * m.dt;
    f.time = t;
    f.kp_scale = t <= t_crouch ? 1.0 : t <= lift ? push_kp : flight_kp;
    f.kd_scale = 1.0;
    for (int l = 0; l < kQuadLegs; ++l) {
      const Group& G = groups[group_of_[l]];
      const Eigen::Vector3d crouch = Leg(G.crouch, l), push = Leg(G.push, l);
      f.tau[l].setZero();
      f.contact[l] = t <= G.push_end;
      if (t <= t_crouch) {
        f.q[l] = home_[l] + MinJerk(t / t_crouch) * (crouch - home_[l]);
      } else if (t <= G.push_end) {
        // The target reaches the push pose after push_ramp (short: the PD drives the extension
        // at full torque; long: the leg extends slowly while the body turns over it).
        f.q[l] = crouch + MinJerk((t - t_crouch) / G.push_ramp) * (push - crouch);
        f.tau[l] = Eigen::Vector3d(right_[l] ? -G.tau[0] : G.tau[0], G.tau[1], G.tau[2]);
      } else {
        const Eigen::Vector3d tuck = Leg(G.tuck, l), land = Leg(G.land, l);
        auto air = [&](double ta) { return push + MinJerk((ta - G.push_end) / tuck_time) * (tuck - push); };
        if (t <= open_start) {
          f.q[l] = air(t);
        } else {
          const Eigen::Vector3d from = air(std::max(open_start, G.push_end));
          f.q[l] = from + MinJerk((t - open_start) / kOpenDuration) * (land - from);
        }
      }
    }
  }
  return m;
}

}  // namespace stuntsim
