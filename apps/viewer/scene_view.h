#pragma once

#include <mujoco/mujoco.h>

#include "stuntsim/sim/world.h"

namespace stuntsim {

/// Rendering quality and what is drawn; the View panel edits these.
struct RenderSettings {
  bool shadows = true;
  bool reflections = true;
  bool skybox = true;
  bool contact_points = false;
  bool contact_forces = false;
  /// The 3D view is rendered at this fraction of the window's resolution (offscreen) and
  /// scaled up; below 1 it trades sharpness for frame rate when rendering is fill-bound (a
  /// large window on a software renderer).
  double resolution_scale = 1.0;
  /// Coarser spheres, capsules and cylinders (kCoarseSlices x kCoarseStacks instead of the
  /// model's visual quality): fewer vertices for a software renderer's vertex pipeline.
  bool coarse_geoms = false;
  /// Cheaper defaults for a software renderer (Mesa llvmpipe): shadows, reflections and the
  /// skybox off, coarse geoms. (Multisampling is chosen when the window is made, see
  /// WindowOptions.)
  static RenderSettings Defaults(bool software_renderer);
};

/// Largest offscreen render size, pixels (the scaled 3D view is clipped to it).
inline constexpr int kMaxOffscreen = 2048;
/// Tessellation of spheres, capsules and cylinders with RenderSettings::coarse_geoms.
inline constexpr int kCoarseSlices = 14;
inline constexpr int kCoarseStacks = 8;

/// MuJoCo's abstract scene, visualization options and OpenGL context for one model, drawn
/// into the window's framebuffer. Needs the window's OpenGL context current. Main thread only.
class SceneView {
 public:
  /// Makes the mjvScene and the mjrContext for `model` (which must outlive this). The context
  /// is made from a copy of the model with an offscreen buffer of kMaxOffscreen pixels (for
  /// RenderSettings::resolution_scale), no offscreen multisampling, and infinite planes made
  /// finite with a coarse render grid (see scene_view.cc); `coarse_geoms` as in RenderSettings.
  SceneView(const mjModel* model, bool coarse_geoms);
  ~SceneView();

  SceneView(const SceneView&) = delete;
  SceneView& operator=(const SceneView&) = delete;

  /// Updates the scene from `data` (a snapshot copy) seen by `camera` with the mouse
  /// perturbation `perturb`, and renders it into `viewport` of the window's framebuffer
  /// (pixels, origin bottom-left).
  void Render(mjData* data, mjvCamera* camera, const mjvPerturb& perturb, const RenderSettings& settings,
              const mjrRect& viewport);

  const mjvScene& scene() const { return scene_; }
  const mjvOption& option() const { return option_; }
  const mjModel* model() const { return model_; }
  /// The coarse_geoms setting the context was made with (changing it needs a new SceneView).
  bool coarse_geoms() const { return coarse_geoms_; }

 private:
  const mjModel* model_;
  bool coarse_geoms_;
  ModelPtr render_model_;
  mjvScene scene_;
  mjvOption option_;
  mjrContext context_;
};

}  // namespace stuntsim
