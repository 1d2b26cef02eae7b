#pragma once

#include <mujoco/mujoco.h>

#include "sim_link.h"

namespace stuntsim {

/// Selecting a body with the mouse and pulling it (Ctrl+drag) as in mujoco-simulate: MuJoCo's
/// mjv_select / mjv_initPerturb / mjv_movePerturb move a reference point, and the physics
/// thread pulls the grabbed point towards it with a spring (see MousePull). Main thread only.
class PerturbControl {
 public:
  /// Forgets the selection (after a reload: body ids change).
  void Reset();

  /// The body under point (x, y) of the 3D view, a `width` x `height` rectangle (window
  /// coordinates relative to its top-left corner), or -1; `point` gets the world position hit.
  int BodyAt(const mjModel* model, mjData* data, const mjvOption& option, const mjvScene& scene, double x,
             double y, int width, int height, mjtNum point[3]) const;

  /// Selects (highlights) the body under the cursor, or clears the selection.
  void Select(const mjModel* model, mjData* data, const mjvOption& option, const mjvScene& scene, double x,
              double y, int width, int height);
  /// Starts pulling the body under the cursor; false if no movable body is there.
  bool Begin(const mjModel* model, mjData* data, const mjvOption& option, const mjvScene& scene, double x,
             double y, int width, int height);
  /// Moves the pull's reference point for a drag of (dx, dy) pixels (`shift`: horizontal plane).
  void Drag(const mjModel* model, const mjData* data, const mjvScene& scene, bool shift, double dx, double dy,
            int window_height);
  /// Lets go.
  void End() { perturb_.active = 0; }

  bool active() const { return perturb_.active != 0; }
  /// For mjv_updateScene (draws the selection and the pull).
  const mjvPerturb& perturb() const { return perturb_; }
  /// The pull for the physics thread.
  MousePull ForPhysics() const;

 private:
  mjvPerturb perturb_ = [] {
    mjvPerturb p;
    mjv_defaultPerturb(&p);
    return p;
  }();
};

}  // namespace stuntsim
