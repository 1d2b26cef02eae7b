#include "stuntsim/sim/wheel_motion.h"

#include <algorithm>

#include <Eigen/Core>
#include <Eigen/Geometry>

namespace stuntsim {

std::vector<WheelMotion> MeasureWheels(const World& world, const mjData* data) {
  const mjModel* m = world.model();
  const RobotInfo& info = world.info();
  std::vector<WheelMotion> wheels;
  for (size_t l = 0; l < info.legs.size(); ++l) {
    const LegInfo& leg = info.legs[l];
    if (leg.wheel < 0) continue;
    WheelMotion w;
    w.leg = static_cast<int>(l);
    w.joint = leg.wheel;
    const int jnt = m->dof_jntid[info.joints[leg.wheel].dof];
    const int body = m->jnt_bodyid[jnt];
    double radius = 0;
    for (int g = 0; g < m->ngeom; ++g) {
      if (world.FootOfGeom(g) == leg.foot) radius = std::max(radius, m->geom_size[3 * g]);
    }
    const Eigen::Map<const Eigen::Vector3d> axis(data->xaxis + 3 * jnt);
    mjtNum vel[6];  // rotational, then linear; world frame, at the body's frame origin
    mj_objectVelocity(m, data, mjOBJ_BODY, body, vel, 0);
    const Eigen::Vector3d angular(vel[0], vel[1], vel[2]), linear(vel[3], vel[4], vel[5]);
    Eigen::Vector3d along = axis.cross(Eigen::Vector3d::UnitZ());
    if (along.norm() > 1e-9) along.normalize();
    w.rim = radius * angular.dot(axis);
    w.ground = linear.dot(along);
    w.slip = w.rim - w.ground;
    wheels.push_back(w);
  }
  return wheels;
}

}  // namespace stuntsim
