#include "perturb_control.h"

namespace stuntsim {

void PerturbControl::Reset() { mjv_defaultPerturb(&perturb_); }

int PerturbControl::BodyAt(const mjModel* model, mjData* data, const mjvOption& option, const mjvScene& scene,
                           double x, double y, int width, int height, mjtNum point[3]) const {
  if (width <= 0 || height <= 0) return -1;
  int geom = -1, skin = -1;
  const int body = mjv_select(model, data, &option, static_cast<mjtNum>(width) / height, x / width,
                              (height - y) / height, &scene, point, &geom, &skin);
  return body;
}

void PerturbControl::Select(const mjModel* model, mjData* data, const mjvOption& option, const mjvScene& scene,
                            double x, double y, int width, int height) {
  mjtNum point[3];
  const int body = BodyAt(model, data, option, scene, x, y, width, height, point);
  perturb_.active = 0;
  perturb_.select = body > 0 ? body : 0;
  if (body > 0) {
    // Grab point in body coordinates: xmat^T (point - xpos).
    mjtNum offset[3];
    mju_sub3(offset, point, data->xpos + 3 * body);
    mju_mulMatTVec(perturb_.localpos, data->xmat + 9 * body, offset, 3, 3);
  }
}

bool PerturbControl::Begin(const mjModel* model, mjData* data, const mjvOption& option, const mjvScene& scene,
                           double x, double y, int width, int height) {
  Select(model, data, option, scene, x, y, width, height);
  const int body = perturb_.select;
  if (body <= 0 || model->body_weldid[body] <= 0) return false;  // nothing, or welded to the world
  perturb_.active = mjPERT_TRANSLATE;
  mjv_initPerturb(model, data, &scene, &perturb_);
  // The pull starts at rest: its reference is the grabbed point itself.
  mju_rotVecMat(perturb_.refpos, perturb_.localpos, data->xmat + 9 * body);
  mju_addTo3(perturb_.refpos, data->xpos + 3 * body);
  return true;
}

void PerturbControl::Drag(const mjModel* model, const mjData* data, const mjvScene& scene, bool shift, double dx,
                          double dy, int window_height) {
  if (!active() || window_height <= 0) return;
  mjv_movePerturb(model, data, shift ? mjMOUSE_MOVE_H : mjMOUSE_MOVE_V, dx / window_height, dy / window_height,
                  &scene, &perturb_);
}

MousePull PerturbControl::ForPhysics() const {
  MousePull p;
  p.active = active() && perturb_.select > 0;
  p.body = perturb_.select;
  for (int i = 0; i < 3; ++i) {
    p.local_point[i] = perturb_.localpos[i];
    p.reference_world[i] = perturb_.refpos[i];
  }
  return p;
}

}  // namespace stuntsim
