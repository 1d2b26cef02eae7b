#include "stuntsim/controllers/humanoid/task_space.h"

#include <cmath>

namespace stuntsim {

Eigen::Matrix3d RotZ(double yaw) {
  return Eigen::AngleAxisd(yaw, Eigen::Vector3d::UnitZ()).toRotationMatrix();
}

Eigen::Matrix3d RotZyx(double yaw, double pitch, double roll) {
  return (Eigen::AngleAxisd(yaw, Eigen::Vector3d::UnitZ()) *
          Eigen::AngleAxisd(pitch, Eigen::Vector3d::UnitY()) *
          Eigen::AngleAxisd(roll, Eigen::Vector3d::UnitX()))
      .toRotationMatrix();
}

double Heading(const Eigen::Matrix3d& rot) { return std::atan2(rot(1, 0), rot(0, 0)); }

double WrapAngle(double angle) {
  angle = std::remainder(angle, 2.0 * M_PI);
  return angle <= -M_PI ? angle + 2.0 * M_PI : angle;
}

Eigen::Vector3d OrientationError(const Eigen::Matrix3d& desired, const Eigen::Matrix3d& actual) {
  const Eigen::AngleAxisd aa(Eigen::Matrix3d(desired * actual.transpose()));
  return aa.angle() * aa.axis();
}

Blend MinimumJerk(double t, double duration) {
  Blend b;
  if (t <= 0) return b;
  if (t >= duration) {
    b.s = 1;
    return b;
  }
  const double s = t / duration, s2 = s * s, s3 = s2 * s;
  b.s = s3 * (10.0 - 15.0 * s + 6.0 * s2);
  b.ds = 30.0 * s2 * (1.0 - 2.0 * s + s2) / duration;
  b.dds = 60.0 * s * (1.0 - 3.0 * s + 2.0 * s2) / (duration * duration);
  return b;
}

}  // namespace stuntsim
