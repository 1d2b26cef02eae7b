#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <mujoco/mujoco.h>

namespace stuntsim {

/// Error from offscreen rendering: EGL/OpenGL context creation (the message names the failing
/// step and the eglGetError code), bad sizes or ids, or a model that does not match the renderer.
class RenderError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Camera that follows a body: it looks at the body's position (world frame, m) plus
/// `lookat_offset` (m, world frame) from `distance` (m), at `azimuth` (deg, about world +z) and
/// `elevation` (deg, negative looks down so the ground stays in view). The look-at point is
/// low-pass filtered with time constant `smoothing_time` (s of simulation time, data->time);
/// 0 follows the body exactly. The filter snaps to the body on the first frame, when the body
/// changes and when simulation time does not advance (reset, re-render).
struct FollowCamera {
  /// Body to follow (index into model->body_*, 0 is the world: a fixed camera at the origin).
  int body_id = 1;
  /// Distance from the look-at point to the camera (m), > 0.
  double distance = 2.0;
  /// Azimuth (deg); MuJoCo convention, 90 looks along +y.
  double azimuth = 135;
  /// Elevation (deg); negative values look down.
  double elevation = -20;
  /// Offset added to the body position to get the look-at point (m, world frame).
  double lookat_offset[3] = {0, 0, 0};
  /// Time constant of the look-at low-pass filter (s of simulation time); 0 disables it.
  double smoothing_time = 0.0;
};

/// Quality settings of an OffscreenRenderer. The defaults favour speed on a software renderer
/// (Mesa llvmpipe): no shadows, reflections, skybox or multisampling.
struct RenderOptions {
  /// Shadows from lights that cast them (mjRND_SHADOW); roughly halves the frame rate.
  bool shadows = false;
  /// Reflections on reflective materials (mjRND_REFLECTION).
  bool reflections = false;
  /// Skybox texture in the background (mjRND_SKYBOX); off gives the plain background colour.
  bool skybox = false;
  /// Multisamples (MSAA) of the offscreen buffer (0, 2, 4, 8...); overrides
  /// model->vis.quality.offsamples while the context is created.
  int multisamples = 0;
  /// Font scale of the overlay text, an mjtFontScale value (50, 100, 150...; percent).
  int font_scale = mjFONTSCALE_100;
  /// Maximum number of geoms in the abstract scene (mjv_makeScene).
  int max_geoms = 2000;
};

/// Renders a MuJoCo model headlessly into an RGB buffer through an EGL surfaceless OpenGL context
/// (no X server needed; Mesa's llvmpipe works). Each renderer owns its own OpenGL context, so
/// several renderers can exist at once, one after another or one per thread (a renderer must be
/// used by one thread at a time). Not copyable; movable.
class OffscreenRenderer {
 public:
  /// Creates an EGL surfaceless OpenGL context and an mjrContext for `model` at `width` x
  /// `height` pixels (each 1..the OpenGL maximum renderbuffer size). If
  /// model->vis.global.offwidth / offheight are smaller they are raised to width / height, so
  /// `model` is modified (not thread-safe if other threads create renderers for the same model
  /// at the same time). `model` must outlive the renderer and be the one passed to Render.
  /// The calling thread's current OpenGL context (none, EGL, or GLX such as a GLFW window's) is
  /// the same afterwards. Throws RenderError.
  OffscreenRenderer(mjModel* model, int width, int height, RenderOptions options = {});

  /// Frees the mjrContext, the mjvScene and the EGL context (makes it current on this thread
  /// for a moment to free GL objects; if that fails they go with the context). The EGL display
  /// is terminated when the last renderer of the process is destroyed.
  ~OffscreenRenderer();

  OffscreenRenderer(const OffscreenRenderer&) = delete;
  OffscreenRenderer& operator=(const OffscreenRenderer&) = delete;
  /// Moves the context; the moved-from renderer may only be destroyed.
  OffscreenRenderer(OffscreenRenderer&&) noexcept;
  /// Moves the context; the moved-from renderer may only be destroyed.
  OffscreenRenderer& operator=(OffscreenRenderer&&) noexcept;

  /// Renders `data` (after mj_forward or mj_step: uses xpos/xquat/geom_xpos...) from a camera
  /// following `camera.body_id`, draws `overlay` (one string per line, may be empty) in the
  /// top-left corner, and reads the pixels into rgb() (width*height*3 bytes, rows top-down).
  /// Makes this renderer's EGL context current on the calling thread for the call and then
  /// restores what was current before (nothing, another EGL context, or a GLX context such as a
  /// GLFW window's, which is released for the call since libglvnd allows only one of them).
  /// `model` must be the constructor's model.
  /// Throws RenderError on a bad body id, a different model or an EGL/OpenGL failure.
  void Render(const mjModel* model, mjData* data, const FollowCamera& camera,
              const std::vector<std::string>& overlay);

  /// Forgets the filtered look-at point so the next Render snaps to the followed body.
  void ResetCamera();

  /// The last rendered image: width()*height()*3 bytes, RGB, 8 bits a channel, top row first
  /// (all zeros before the first Render).
  const std::vector<unsigned char>& rgb() const;
  /// Image width (pixels).
  int width() const;
  /// Image height (pixels).
  int height() const;
  /// OpenGL renderer string of the context (e.g. "llvmpipe (LLVM 15.0.6, 256 bits)").
  const std::string& gl_renderer() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace stuntsim
