#pragma once

#include <vector>

#include <Eigen/Core>
#include <mujoco/mujoco.h>

#include "stuntsim/controllers/robot_state.h"
#include "stuntsim/sim/world.h"

namespace stuntsim {

/// Fills a RobotState (and its Dynamics) from mjData using the ids a World resolved.
/// Holds its own scratch buffers, so reading does not allocate once `state` is sized.
class StateReader {
 public:
  /// Touch force above which a foot counts as in contact, N.
  static constexpr double kContactThreshold = 1.0;

  explicit StateReader(const World& world);

  /// Reads `data` after mj_step1 or mj_forward (positions and velocities current; touch,
  /// accelerometer and contact forces from the last completed step).
  /// `with_dynamics` false leaves state.dynamics untouched.
  void Read(const mjData* data, RobotState& state, bool with_dynamics = true);
  /// Caches per-foot ground contact forces; call after mj_step2 or mj_forward.
  void UpdateContactForces(const mjData* data);
  /// True when a robot geom other than a foot or wheel touches the terrain.
  bool NonFootGroundContact(const mjData* data) const;

 private:
  using RowMajorMap = Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>;

  void ReadEndEffector(const mjData* data, int site, EndEffectorState& out);

  const World& world_;
  std::vector<mjtNum> jacp_, jacr_, mass_;  // 3 x nv, 3 x nv, nv x nv row-major
  std::vector<Eigen::Vector3d> foot_force_world_;
};

}  // namespace stuntsim
