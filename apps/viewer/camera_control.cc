#include "camera_control.h"

#include <algorithm>

#include <GLFW/glfw3.h>

namespace stuntsim {
namespace {

struct Preset {
  const char* name;
  double azimuth, elevation;  // deg; MuJoCo convention (azimuth 90 looks along +y)
  double distance;            // in robot radii
};

// Robots face +x at spawn: "front" looks back at their face.
constexpr Preset kPresets[] = {
    {"iso", 135, -18, 4.0},
    {"front", 180, -10, 3.6},
    {"side", 90, -8, 3.6},
    {"top", 90, -89, 5.0},
};

// Radius of the sphere around `body` that holds all geoms of its tree, m.
double TreeRadius(const mjModel* m, const mjData* d, int body) {
  double radius = 0.1;
  const int root = m->body_rootid[body];
  for (int g = 0; g < m->ngeom; ++g) {
    if (m->body_rootid[m->geom_bodyid[g]] != root) continue;
    double offset[3];
    mju_sub3(offset, d->geom_xpos + 3 * g, d->xpos + 3 * body);
    radius = std::max(radius, mju_norm3(offset) + m->geom_rbound[g]);
  }
  return radius;
}

}  // namespace

const std::vector<std::string>& CameraPresetNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const Preset& p : kPresets) out.push_back(p.name);
    return out;
  }();
  return names;
}

void CameraControl::Reset(const mjModel* model, const mjData* data, int follow_body) {
  mjv_defaultFreeCamera(model, &camera_);
  follow_body_ = follow_body;
  radius_ = TreeRadius(model, data, follow_body);
  follow_ = true;
  camera_.type = mjCAMERA_FREE;
  Update(data);
  ApplyPreset("iso");
}

void CameraControl::Update(const mjData* data) {
  if (!follow_) return;
  for (int i = 0; i < 3; ++i) camera_.lookat[i] = data->subtree_com[3 * follow_body_ + i];
}

bool CameraControl::ApplyPreset(const std::string& name) {
  for (const Preset& p : kPresets) {
    if (name == p.name) {
      camera_.azimuth = p.azimuth;
      camera_.elevation = p.elevation;
      camera_.distance = p.distance * radius_;
      return true;
    }
  }
  return false;
}

void CameraControl::Drag(const mjModel* model, const mjvScene& scene, int button, bool shift, double dx,
                         double dy, int window_height) {
  int action = mjMOUSE_NONE;
  if (button == GLFW_MOUSE_BUTTON_LEFT) {
    action = shift ? mjMOUSE_ROTATE_H : mjMOUSE_ROTATE_V;
  } else if (button == GLFW_MOUSE_BUTTON_RIGHT) {
    action = shift ? mjMOUSE_MOVE_H : mjMOUSE_MOVE_V;
    if (follow_) SetFollow(false);
  } else if (button == GLFW_MOUSE_BUTTON_MIDDLE) {
    action = mjMOUSE_ZOOM;
  }
  if (action == mjMOUSE_NONE || window_height <= 0) return;
  mjv_moveCamera(model, action, dx / window_height, dy / window_height, &scene, &camera_);
}

void CameraControl::Scroll(const mjModel* model, const mjvScene& scene, double offset) {
  mjv_moveCamera(model, mjMOUSE_ZOOM, 0, -0.05 * offset, &scene, &camera_);
}

}  // namespace stuntsim
