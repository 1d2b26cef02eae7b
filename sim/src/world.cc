#include "stuntsim/sim/world.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <Eigen/Geometry>

#include "stuntsim/sim/assets.h"
#include "stuntsim/sim/errors.h"
#include "stuntsim/sim/mujoco_log.h"

namespace stuntsim {
namespace {

struct VfsDeleter {
  void operator()(mjVFS* v) const {
    mj_deleteVFS(v);
    delete v;
  }
};

std::string Join(const std::vector<std::string>& names, size_t limit = 12) {
  std::string s;
  for (size_t i = 0; i < names.size() && i < limit; ++i) s += (i ? ", " : "") + names[i];
  if (names.size() > limit) s += ", ...";
  return s;
}

std::vector<std::string> Names(const mjModel* m, mjtObj type, int count) {
  std::vector<std::string> names;
  for (int i = 0; i < count; ++i) {
    const char* n = mj_id2name(m, type, i);
    if (n && *n) names.emplace_back(n);
  }
  return names;
}

int RequireId(const mjModel* m, mjtObj type, int count, const char* what, const NamedRef& ref,
              const std::string& model_file) {
  const int id = mj_name2id(m, type, ref.name.c_str());
  if (id < 0) {
    throw InputError(ref.where + ": " + what + " '" + ref.name + "' does not exist in " +
                     model_file + " (it has: " + Join(Names(m, type, count)) + ")");
  }
  return id;
}

int SensorAdr(const mjModel* m, mjtSensor type, int site, const std::string& what,
              const NamedRef& ref) {
  for (int s = 0; s < m->nsensor; ++s) {
    if (m->sensor_type[s] == type && m->sensor_objid[s] == site) return m->sensor_adr[s];
  }
  throw InputError(ref.where + ": site '" + ref.name + "' has no " + what + " sensor in the model");
}

}  // namespace

ModelPtr LoadModelFromString(const std::string& xml, const std::string& name) {
  InstallMujocoLogHandlers();
  const std::string file = std::filesystem::path(name).filename().string();
  std::unique_ptr<mjVFS, VfsDeleter> vfs(new mjVFS);
  mj_defaultVFS(vfs.get());
  if (mj_makeEmptyFileVFS(vfs.get(), file.c_str(), static_cast<int>(xml.size())) != 0) {
    throw InputError(name + ": cannot stage the model in MuJoCo's virtual file system");
  }
  const int index = mj_findFileVFS(vfs.get(), file.c_str());
  std::memcpy(vfs->filedata[index], xml.data(), xml.size());
  char error[1000] = "";
  mjModel* model = mj_loadXML(file.c_str(), vfs.get(), error, sizeof(error));
  if (!model) throw InputError(name + ": MuJoCo cannot load the model: " + error);
  if (error[0]) Log().warn("{}: {}", name, error);
  return ModelPtr(model);
}

ModelPtr LoadModel(const std::string& path) {
  std::ifstream in(path);
  if (!std::filesystem::is_regular_file(path) || !in) {
    throw InputError(path + ": model file not found or unreadable");
  }
  std::stringstream text;
  text << in.rdbuf();
  return LoadModelFromString(text.str(), path);
}

std::unique_ptr<World> World::Create(const std::string& robot, const TerrainSpec& terrain) {
  return Create(LoadRobotDescription(RobotDescriptionPath(robot).string()), terrain);
}

std::unique_ptr<World> World::Create(RobotDescription description, const TerrainSpec& terrain) {
  std::unique_ptr<World> world(new World);
  world->description_ = std::move(description);
  world->terrain_ = std::make_unique<Terrain>(terrain);
  const std::string& path = world->description_.model_path;
  std::ifstream in(path);
  if (!in) throw InputError(path + ": model file not found or unreadable");
  std::stringstream text;
  text << in.rdbuf();
  std::string xml = text.str();
  // The robot file holds only the robot; the terrain's sections go before the closing tag.
  const size_t close = xml.rfind("</mujoco>");
  if (close == std::string::npos) {
    throw InputError(path + ": not an MJCF file (no closing </mujoco> tag)");
  }
  xml.insert(close, world->terrain_->Mjcf());
  world->model_ = LoadModelFromString(xml, path);
  world->terrain_->FillHeightfield(world->model_.get());
  if (terrain.kind == "hills") {
    // A heightfield gives several contacts per geom; the robot's <size> is sized for flat
    // ground (cheap state copies), so give rough terrain twice the room.
    world->model_->nconmax *= 2;
    world->model_->njmax *= 2;
    world->model_->nstack *= 2;
  }
  world->Bind();
  world->ComputeInfo();
  return world;
}

int World::KeyframeId(const std::string& name) const {
  const int id = mj_name2id(model_.get(), mjOBJ_KEY, name.c_str());
  if (id < 0) {
    throw InputError("keyframe '" + name + "' does not exist in " + description_.model_path +
                     " (it has: " + Join(KeyframeNames()) + ")");
  }
  return id;
}

std::vector<std::string> World::KeyframeNames() const {
  return Names(model_.get(), mjOBJ_KEY, model_->nkey);
}

int World::BodyId(const std::string& name) const {
  const int id = mj_name2id(model_.get(), mjOBJ_BODY, name.c_str());
  if (id < 0) {
    throw InputError("body '" + name + "' does not exist in " + description_.model_path +
                     " (it has: " + Join(Names(model_.get(), mjOBJ_BODY, model_->nbody), 40) + ")");
  }
  return id;
}

void World::Bind() {
  const mjModel* m = model_.get();
  const RobotDescription& d = description_;
  const std::string& file = d.model_path;
  base_body = RequireId(m, mjOBJ_BODY, m->nbody, "body", d.base_body, file);
  if (m->body_jntnum[base_body] < 1 || m->jnt_type[m->body_jntadr[base_body]] != mjJNT_FREE) {
    throw InputError(d.base_body.where + ": body '" + d.base_body.name + "' has no free joint");
  }
  base_qpos_adr = m->jnt_qposadr[m->body_jntadr[base_body]];
  base_dof_adr = m->jnt_dofadr[m->body_jntadr[base_body]];
  if (base_dof_adr != 0) throw InputError(d.base_body.where + ": the free joint must be the model's first joint");
  imu_site = RequireId(m, mjOBJ_SITE, m->nsite, "site", d.imu_site, file);
  imu_quat_adr = SensorAdr(m, mjSENS_FRAMEQUAT, imu_site, "framequat", d.imu_site);
  imu_gyro_adr = SensorAdr(m, mjSENS_GYRO, imu_site, "gyro", d.imu_site);
  imu_acc_adr = SensorAdr(m, mjSENS_ACCELEROMETER, imu_site, "accelerometer", d.imu_site);
  RequireId(m, mjOBJ_KEY, m->nkey, "keyframe", d.home_keyframe, file);

  for (const NamedRef& ref : d.joints) {
    JointBinding b;
    b.joint = RequireId(m, mjOBJ_JOINT, m->njnt, "joint", ref, file);
    if (m->jnt_type[b.joint] != mjJNT_HINGE && m->jnt_type[b.joint] != mjJNT_SLIDE) {
      throw InputError(ref.where + ": joint '" + ref.name + "' is not a hinge or slide joint");
    }
    b.qpos_adr = m->jnt_qposadr[b.joint];
    b.dof_adr = m->jnt_dofadr[b.joint];
    for (int a = 0; a < m->nu; ++a) {
      if (m->actuator_trntype[a] == mjTRN_JOINT && m->actuator_trnid[2 * a] == b.joint) b.actuator = a;
    }
    if (b.actuator < 0) throw InputError(ref.where + ": joint '" + ref.name + "' has no actuator");
    if (!m->actuator_ctrllimited[b.actuator]) {
      throw InputError(ref.where + ": the actuator of joint '" + ref.name + "' has no ctrlrange (torque limit)");
    }
    joints.push_back(b);
  }

  robot_geom_.assign(m->ngeom, false);
  foot_of_geom_.assign(m->ngeom, -1);
  for (int g = 0; g < m->ngeom; ++g) robot_geom_[g] = m->body_rootid[m->geom_bodyid[g]] == base_body;
  for (const LegDescription& leg : d.legs) {
    FootBinding f;
    f.site = RequireId(m, mjOBJ_SITE, m->nsite, "site", leg.foot, file);
    f.touch_adr = SensorAdr(m, mjSENS_TOUCH, f.site, "touch", leg.foot);
    for (const NamedRef& ref : leg.foot_geoms) {
      const int g = RequireId(m, mjOBJ_GEOM, m->ngeom, "geom", ref, file);
      foot_of_geom_[g] = static_cast<int>(feet.size());
      f.geoms.push_back(g);
    }
    feet.push_back(f);
  }
  for (const ArmDescription& arm : d.arms) {
    hand_sites.push_back(RequireId(m, mjOBJ_SITE, m->nsite, "site", arm.hand, file));
  }
}

void World::ComputeInfo() {
  const mjModel* m = model_.get();
  const RobotDescription& d = description_;
  RobotInfo& info = info_;
  info.name = d.name;
  info.kind = d.kind;
  info.nv = m->nv;
  info.timestep = m->opt.timestep;
  info.fall_height = d.fall_height;

  const int home = KeyframeId(d.home_keyframe.name);
  DataPtr data(mj_makeData(m));
  mj_resetDataKeyframe(m, data.get(), home);
  mj_forward(m, data.get());
  const mjData* dd = data.get();
  info.home_base_height = dd->qpos[base_qpos_adr + 2];

  for (size_t j = 0; j < joints.size(); ++j) {
    const JointBinding& b = joints[j];
    JointInfo ji;
    ji.name = d.joints[j].name;
    ji.dof = b.dof_adr;
    ji.is_wheel = false;
    for (const LegDescription& leg : d.legs) ji.is_wheel |= (leg.wheel.name == ji.name);
    const bool limited = m->jnt_limited[b.joint] && !ji.is_wheel;
    ji.q_min = limited ? m->jnt_range[2 * b.joint] : -INFINITY;
    ji.q_max = limited ? m->jnt_range[2 * b.joint + 1] : INFINITY;
    // The motor's figures come from robot.toml; the model's ctrlrange must not cut them, or
    // MuJoCo would clamp silently below the envelope.
    const double ctrl_limit = std::min(std::abs(m->actuator_ctrlrange[2 * b.actuator]),
                                       std::abs(m->actuator_ctrlrange[2 * b.actuator + 1]));
    ji.motor = {d.peak_torque[j], d.knee_speed[j], d.max_speed[j]};
    if (ctrl_limit < ji.motor.peak_torque - 1e-9) {
      throw InputError(d.peak_torque_where + ": joint '" + ji.name + "': peak torque " +
                       std::to_string(ji.motor.peak_torque) + " N*m is above its actuator's ctrlrange +-" +
                       std::to_string(ctrl_limit) + " in " + d.model_path + " (widen the ctrlrange or lower the peak)");
    }
    ji.tau_max = ji.motor.peak_torque;
    ji.damping = m->dof_damping[b.dof_adr];
    ji.frictionloss = m->dof_frictionloss[b.dof_adr];
    ji.armature = m->dof_armature[b.dof_adr];
    ji.kp = d.kp[j];
    ji.kd = d.kd[j];
    ji.q_home = dd->qpos[b.qpos_adr];
    info.joints.push_back(ji);
  }

  const Eigen::Map<const Eigen::Vector3d> base_pos(dd->xpos + 3 * base_body);
  const Eigen::Matrix3d base_rot = Eigen::Map<const Eigen::Matrix<double, 3, 3, Eigen::RowMajor>>(dd->xmat + 9 * base_body);
  for (size_t l = 0; l < d.legs.size(); ++l) {
    const LegDescription& leg = d.legs[l];
    LegInfo li;
    li.name = leg.name;
    li.foot = static_cast<int>(l);
    for (const NamedRef& ref : leg.joints) {
      const int j = info.JointIndex(ref.name);
      if (j < 0) throw InputError(ref.where + ": joint '" + ref.name + "' is not in the top-level joints list");
      li.joints.push_back(j);
    }
    if (!leg.wheel.name.empty()) {
      li.wheel = info.JointIndex(leg.wheel.name);
      if (li.wheel < 0) throw InputError(leg.wheel.where + ": wheel joint '" + leg.wheel.name + "' is not in the top-level joints list");
    }
    const int hip_joint = joints[li.joints.front()].joint;
    const Eigen::Map<const Eigen::Vector3d> anchor(dd->xanchor + 3 * hip_joint);
    li.hip_offset_base = base_rot.transpose() * (anchor - base_pos);
    info.legs.push_back(li);
    info.feet.push_back(leg.foot.name);
  }
  for (size_t a = 0; a < d.arms.size(); ++a) {
    ArmInfo ai;
    ai.name = d.arms[a].name;
    ai.hand = static_cast<int>(a);
    for (const NamedRef& ref : d.arms[a].joints) {
      const int j = info.JointIndex(ref.name);
      if (j < 0) throw InputError(ref.where + ": joint '" + ref.name + "' is not in the top-level joints list");
      ai.joints.push_back(j);
    }
    info.arms.push_back(ai);
    info.hands.push_back(d.arms[a].hand.name);
  }

  // Mass and composite inertia about the centre of mass, in the base frame, at home.
  info.mass = 0;
  Eigen::Vector3d com = Eigen::Map<const Eigen::Vector3d>(dd->subtree_com + 3 * base_body);
  Eigen::Matrix3d inertia = Eigen::Matrix3d::Zero();
  footprint_radius_ = 0.05;
  for (int b = 0; b < m->nbody; ++b) {
    if (m->body_rootid[b] != base_body) continue;
    const double mass = m->body_mass[b];
    info.mass += mass;
    const Eigen::Map<const Eigen::Matrix<double, 3, 3, Eigen::RowMajor>> rot(dd->ximat + 9 * b);
    const Eigen::Vector3d diag(m->body_inertia[3 * b], m->body_inertia[3 * b + 1], m->body_inertia[3 * b + 2]);
    const Eigen::Vector3d r = Eigen::Map<const Eigen::Vector3d>(dd->xipos + 3 * b) - com;
    inertia += rot * diag.asDiagonal() * rot.transpose() +
               mass * (r.squaredNorm() * Eigen::Matrix3d::Identity() - r * r.transpose());
  }
  for (int g = 0; g < m->ngeom; ++g) {
    if (!robot_geom_[g]) continue;
    const Eigen::Map<const Eigen::Vector3d> p(dd->geom_xpos + 3 * g);
    footprint_radius_ = std::max(footprint_radius_, std::hypot(p.x() - base_pos.x(), p.y() - base_pos.y()) + m->geom_rbound[g] * 0.5);
  }
  info.inertia_base = base_rot.transpose() * inertia * base_rot;
}

void World::PlaceAtKeyframe(mjData* data, int key, double x, double y, double yaw) const {
  const mjModel* m = model_.get();
  mj_resetDataKeyframe(m, data, key);
  double* q = data->qpos + base_qpos_adr;
  const Eigen::Quaterniond turn(Eigen::AngleAxisd(yaw, Eigen::Vector3d::UnitZ()));
  const Eigen::Vector3d p = turn * Eigen::Vector3d(q[0], q[1], 0);
  Eigen::Quaterniond orientation(q[3], q[4], q[5], q[6]);
  orientation = turn * orientation;
  q[0] = p.x() + x;
  q[1] = p.y() + y;
  q[2] += terrain_->MaxHeightAround(q[0], q[1], footprint_radius_);
  q[3] = orientation.w(); q[4] = orientation.x(); q[5] = orientation.y(); q[6] = orientation.z();
  // The footprint's highest point is conservative on slopes: lower in small steps until the
  // robot touches the terrain, then lift out of the last step's penetration.
  auto deepest_terrain_contact = [&] {
    mj_forward(m, data);
    double deepest = INFINITY;
    for (int c = 0; c < data->ncon; ++c) {
      const mjContact& con = data->contact[c];
      if (IsRobotGeom(con.geom1) != IsRobotGeom(con.geom2)) deepest = std::min(deepest, con.dist);
    }
    return deepest;
  };
  constexpr double kLowerStep = 0.002;  // m
  double deepest = deepest_terrain_contact();
  for (int i = 0; i < 200 && deepest > 0; ++i) {  // no contact yet: lower
    q[2] -= kLowerStep;
    deepest = deepest_terrain_contact();
  }
  for (int i = 0; i < 200 && deepest < -0.001; ++i) {  // penetrating: lift out
    q[2] += -deepest + 0.0005;
    deepest = deepest_terrain_contact();
  }
}

}  // namespace stuntsim
