#include "stuntsim/sim/state_reader.h"

#include <limits>

#include <Eigen/Geometry>

namespace stuntsim {
namespace {

using Vec3Map = Eigen::Map<const Eigen::Vector3d>;
using Mat3Map = Eigen::Map<const Eigen::Matrix<double, 3, 3, Eigen::RowMajor>>;

}  // namespace

StateReader::StateReader(const World& world)
    : world_(world),
      jacp_(3 * world.model()->nv),
      jacr_(3 * world.model()->nv),
      mass_(world.model()->nv * world.model()->nv),
      foot_force_world_(world.feet.size(), Eigen::Vector3d::Zero()) {}

void StateReader::ReadEndEffector(const mjData* d, int site, EndEffectorState& out) {
  const mjModel* m = world_.model();
  const int nv = m->nv;
  out.pos_world = Vec3Map(d->site_xpos + 3 * site);
  out.rot_world = Mat3Map(d->site_xmat + 9 * site);
  mj_jacSite(m, d, jacp_.data(), jacr_.data(), site);
  out.jacobian.resize(6, nv);
  out.jacobian.topRows(3) = RowMajorMap(jacp_.data(), 3, nv);
  out.jacobian.bottomRows(3) = RowMajorMap(jacr_.data(), 3, nv);
  out.linvel_world = out.jacobian.topRows(3) * Eigen::Map<const Eigen::VectorXd>(d->qvel, nv);
  const Vec3Map base_pos(d->xpos + 3 * world_.base_body);
  const Mat3Map base_rot(d->xmat + 9 * world_.base_body);
  out.pos_base = base_rot.transpose() * (out.pos_world - base_pos);
}

void StateReader::Read(const mjData* d, RobotState& s, bool with_dynamics) {
  const mjModel* m = world_.model();
  const int nv = m->nv, nj = static_cast<int>(world_.joints.size());
  s.time = d->time;
  const double* q = d->qpos + world_.base_qpos_adr;
  s.base_pos_world = Eigen::Vector3d(q[0], q[1], q[2]);
  s.base_quat_world = Eigen::Quaterniond(q[3], q[4], q[5], q[6]).normalized();
  s.base_rot_world = s.base_quat_world.toRotationMatrix();
  const double* v = d->qvel + world_.base_dof_adr;
  s.base_linvel_world = Eigen::Vector3d(v[0], v[1], v[2]);
  s.base_angvel_body = Eigen::Vector3d(v[3], v[4], v[5]);
  s.base_linvel_body = s.base_rot_world.transpose() * s.base_linvel_world;
  s.base_angvel_world = s.base_rot_world * s.base_angvel_body;

  s.joint_q.resize(nj);
  s.joint_dq.resize(nj);
  if (s.joint_tau.size() != nj) s.joint_tau.setZero(nj);
  for (int j = 0; j < nj; ++j) {
    s.joint_q[j] = d->qpos[world_.joints[j].qpos_adr];
    s.joint_dq[j] = d->qvel[world_.joints[j].dof_adr];
  }
  s.qvel = Eigen::Map<const Eigen::VectorXd>(d->qvel, nv);

  s.feet.resize(world_.feet.size());
  for (size_t f = 0; f < world_.feet.size(); ++f) {
    ReadEndEffector(d, world_.feet[f].site, s.feet[f]);
    s.feet[f].contact = d->sensordata[world_.feet[f].touch_adr] > kContactThreshold;
    s.feet[f].contact_force_world = foot_force_world_[f];
  }
  s.hands.resize(world_.hand_sites.size());
  for (size_t h = 0; h < world_.hand_sites.size(); ++h) ReadEndEffector(d, world_.hand_sites[h], s.hands[h]);

  const double* quat = d->sensordata + world_.imu_quat_adr;
  s.imu.orientation = Eigen::Quaterniond(quat[0], quat[1], quat[2], quat[3]).normalized();
  s.imu.gyro = Vec3Map(d->sensordata + world_.imu_gyro_adr);
  s.imu.accelerometer = Vec3Map(d->sensordata + world_.imu_acc_adr);

  Dynamics& dyn = s.dynamics;
  if (!with_dynamics) {
    // Not filled: empty matrices and NaN vectors, so nothing stale can be read unnoticed (an
    // empty matrix fails Eigen's size checks, a NaN reaches the joint command's NaN check).
    dyn.mass_matrix.resize(0, 0);
    dyn.bias.resize(0);
    dyn.com_jacobian.resize(0, 0);
    dyn.base_jacobian.resize(0, 0);
    dyn.com_pos_world.setConstant(std::numeric_limits<double>::quiet_NaN());
    dyn.com_vel_world.setConstant(std::numeric_limits<double>::quiet_NaN());
    return;
  }
  mj_fullM(m, mass_.data(), d->qM);
  dyn.mass_matrix = RowMajorMap(mass_.data(), nv, nv);
  dyn.bias = Eigen::Map<const Eigen::VectorXd>(d->qfrc_bias, nv);
  dyn.com_pos_world = Vec3Map(d->subtree_com + 3 * world_.base_body);
  mj_jacSubtreeCom(m, const_cast<mjData*>(d), jacp_.data(), world_.base_body);
  dyn.com_jacobian = RowMajorMap(jacp_.data(), 3, nv);
  dyn.com_vel_world = dyn.com_jacobian * s.qvel;
  mj_jacBody(m, d, jacp_.data(), jacr_.data(), world_.base_body);
  dyn.base_jacobian.resize(6, nv);
  dyn.base_jacobian.topRows(3) = RowMajorMap(jacp_.data(), 3, nv);
  dyn.base_jacobian.bottomRows(3) = RowMajorMap(jacr_.data(), 3, nv);
}

void StateReader::UpdateContactForces(const mjData* d) {
  const mjModel* m = world_.model();
  for (Eigen::Vector3d& f : foot_force_world_) f.setZero();
  for (int c = 0; c < d->ncon; ++c) {
    const mjContact& con = d->contact[c];
    const int foot1 = world_.FootOfGeom(con.geom1), foot2 = world_.FootOfGeom(con.geom2);
    if (foot1 < 0 && foot2 < 0) continue;
    mjtNum local[6];
    mj_contactForce(m, d, c, local);
    // Contact frame rows are its axes; the force acts on geom2 along +normal.
    const Mat3Map frame(con.frame);
    const Eigen::Vector3d on_geom2 = frame.transpose() * Eigen::Vector3d(local[0], local[1], local[2]);
    if (foot2 >= 0 && !world_.IsRobotGeom(con.geom1)) foot_force_world_[foot2] += on_geom2;
    if (foot1 >= 0 && !world_.IsRobotGeom(con.geom2)) foot_force_world_[foot1] -= on_geom2;
  }
}

bool StateReader::NonFootGroundContact(const mjData* d) const {
  for (int c = 0; c < d->ncon; ++c) {
    const mjContact& con = d->contact[c];
    const bool robot1 = world_.IsRobotGeom(con.geom1), robot2 = world_.IsRobotGeom(con.geom2);
    if (robot1 == robot2) continue;  // robot-robot or terrain-terrain
    const int robot_geom = robot1 ? con.geom1 : con.geom2;
    if (world_.FootOfGeom(robot_geom) < 0 && con.dist < 0) return true;
  }
  return false;
}

}  // namespace stuntsim
