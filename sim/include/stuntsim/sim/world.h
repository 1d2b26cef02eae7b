#pragma once

#include <memory>
#include <string>
#include <vector>

#include <mujoco/mujoco.h>

#include "stuntsim/controllers/robot_info.h"
#include "stuntsim/sim/perturbation.h"
#include "stuntsim/sim/robot_description.h"
#include "stuntsim/sim/terrain.h"

namespace stuntsim {

struct MjModelDeleter {
  void operator()(mjModel* m) const { mj_deleteModel(m); }
};
struct MjDataDeleter {
  void operator()(mjData* d) const { mj_deleteData(d); }
};
/// Owning pointers to MuJoCo's model and data.
using ModelPtr = std::unique_ptr<mjModel, MjModelDeleter>;
using DataPtr = std::unique_ptr<mjData, MjDataDeleter>;

/// Compiles MJCF text; `name` is the file it came from (for messages and relative paths).
/// Throws InputError "<name>: <MuJoCo's message>".
ModelPtr LoadModelFromString(const std::string& xml, const std::string& name);
/// Reads and compiles an MJCF file; throws InputError naming the file.
ModelPtr LoadModel(const std::string& path);

/// Model ids of one actuated joint.
struct JointBinding {
  int joint = -1, qpos_adr = -1, dof_adr = -1, actuator = -1;
};

/// Model ids of one foot: its site, touch sensor and contact geoms.
struct FootBinding {
  int site = -1, touch_adr = -1;
  std::vector<int> geoms;
};

/// A robot on a terrain, compiled into one mjModel, with every role in robot.toml resolved to
/// model ids once. Const after creation (and Perturb); one World can serve several Simulations.
class World {
 public:
  /// Loads assets/robots/<robot>/robot.toml and its model onto `terrain`.
  static std::unique_ptr<World> Create(const std::string& robot, const TerrainSpec& terrain);
  /// Same from a parsed description.
  static std::unique_ptr<World> Create(RobotDescription description, const TerrainSpec& terrain);

  const mjModel* model() const { return model_.get(); }
  const RobotInfo& info() const { return info_; }
  const RobotDescription& description() const { return description_; }
  const Terrain& terrain() const { return *terrain_; }

  /// Keyframe id by name; throws InputError listing the model's keyframes.
  int KeyframeId(const std::string& name) const;
  /// Names of the model's keyframes.
  std::vector<std::string> KeyframeNames() const;
  /// Body id by name; throws InputError listing a few body names.
  int BodyId(const std::string& name) const;

  /// Resets `data` to keyframe `key` with the base moved to (x, y) and turned by `yaw` (rad),
  /// raised so that the robot rests on the terrain's surface without penetrating it.
  void PlaceAtKeyframe(mjData* data, int key, double x, double y, double yaw) const;

  /// Draws `p`'s model perturbation from its seed and applies it to this World's own model
  /// (PerturbModel). info() stays nominal: what controllers are told (mass, inertia) is the
  /// unperturbed robot, as a real robot's model is. Call before any simulation steps.
  void Perturb(const Perturbation& p) { perturbation_ = PerturbModel(p, model_.get(), base_body); }
  /// What Perturb drew (friction 1, no mass scales, latency 0 when it was not called).
  const PerturbationDraw& perturbation() const { return perturbation_; }

  /// True if geom `g` belongs to the robot (not the terrain).
  bool IsRobotGeom(int g) const { return robot_geom_[g]; }
  /// Index of the foot that geom `g` belongs to, or -1.
  int FootOfGeom(int g) const { return foot_of_geom_[g]; }

  // Resolved ids (read-only after creation).
  int base_body = -1, base_qpos_adr = -1, base_dof_adr = -1;
  int imu_site = -1, imu_quat_adr = -1, imu_gyro_adr = -1, imu_acc_adr = -1;
  std::vector<JointBinding> joints;
  std::vector<FootBinding> feet;
  std::vector<int> hand_sites;

 private:
  World() = default;
  void Bind();
  void ComputeInfo();

  RobotDescription description_;
  std::unique_ptr<Terrain> terrain_;
  ModelPtr model_;
  RobotInfo info_;
  std::vector<bool> robot_geom_;
  std::vector<int> foot_of_geom_;
  PerturbationDraw perturbation_;
  double footprint_radius_ = 0.3;  // horizontal reach of the robot's geoms from the base, m
};

}  // namespace stuntsim
