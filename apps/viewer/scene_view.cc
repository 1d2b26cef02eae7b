#include "scene_view.h"

#include <algorithm>

#include "stuntsim/render/heightfield_mesh.h"

namespace stuntsim {
namespace {

constexpr int kMaxGeoms = 4000;
// Rendered size of an infinite floor (half side) and the spacing of its render grid, m.
constexpr double kFloorHalfSize = 100.0;
constexpr double kFloorGridSpacing = 4.0;

}  // namespace

RenderSettings RenderSettings::Defaults(bool software_renderer) {
  RenderSettings s;
  if (software_renderer) {
    s.shadows = false;
    s.reflections = false;
    s.skybox = false;
    s.coarse_geoms = true;
  }
  return s;
}

SceneView::SceneView(const mjModel* model, bool coarse_geoms)
    : model_(model), coarse_geoms_(coarse_geoms), render_model_(mj_copyModel(nullptr, model)) {
  render_model_->vis.global.offwidth = kMaxOffscreen;
  render_model_->vis.global.offheight = kMaxOffscreen;
  render_model_->vis.quality.offsamples = 0;
  if (coarse_geoms) {
    render_model_->vis.quality.numslices = std::min(render_model_->vis.quality.numslices, kCoarseSlices);
    render_model_->vis.quality.numstacks = std::min(render_model_->vis.quality.numstacks, kCoarseStacks);
    render_model_->vis.quality.numquads = 1;
  }
  // MuJoCo draws an infinite plane as a 200 x 200 grid of quads (render_context.c, makePlane):
  // 160,000 vertices a frame through a software renderer's vertex pipeline. A finite plane of
  // kFloorHalfSize with kFloorGridSpacing has 50 x 50; the lights are directional, so the
  // coarser grid (per-vertex lighting) looks the same.
  mjModel* m = render_model_.get();
  for (int g = 0; g < m->ngeom; ++g) {
    if (m->geom_type[g] != mjGEOM_PLANE) continue;
    for (int k = 0; k < 2; ++k) {
      if (m->geom_size[3 * g + k] <= 0) m->geom_size[3 * g + k] = kFloorHalfSize;
    }
    m->geom_size[3 * g + 2] = std::max(m->geom_size[3 * g + 2], kFloorGridSpacing);
  }
  mjv_defaultScene(&scene_);
  mjv_defaultOption(&option_);
  mjr_defaultContext(&context_);
  mjv_makeScene(render_model_.get(), &scene_, kMaxGeoms);
  mjr_makeContext(render_model_.get(), &context_, mjFONTSCALE_100);
  UploadShadedHeightfields(render_model_.get(), &context_);
}

SceneView::~SceneView() {
  mjr_freeContext(&context_);
  mjv_freeScene(&scene_);
}

void SceneView::Render(mjData* data, mjvCamera* camera, const mjvPerturb& perturb,
                       const RenderSettings& settings, const mjrRect& viewport) {
  option_.flags[mjVIS_CONTACTPOINT] = settings.contact_points;
  option_.flags[mjVIS_CONTACTFORCE] = settings.contact_forces;
  option_.flags[mjVIS_PERTFORCE] = 1;
  mjv_updateScene(render_model_.get(), data, &option_, &perturb, camera, mjCAT_ALL, &scene_);
  scene_.flags[mjRND_SHADOW] = settings.shadows;
  scene_.flags[mjRND_REFLECTION] = settings.reflections;
  scene_.flags[mjRND_SKYBOX] = settings.skybox;
  const double scale = std::clamp(settings.resolution_scale, 0.1, 1.0);
  if (scale >= 1.0) {
    mjr_setBuffer(mjFB_WINDOW, &context_);
    mjr_render(viewport, &scene_, &context_);
    return;
  }
  // Render small offscreen, then scale up into the window (linear filtering).
  const mjrRect small{0, 0, std::min(kMaxOffscreen, std::max(1, static_cast<int>(viewport.width * scale))),
                      std::min(kMaxOffscreen, std::max(1, static_cast<int>(viewport.height * scale)))};
  mjr_setBuffer(mjFB_OFFSCREEN, &context_);
  mjr_render(small, &scene_, &context_);
  mjr_blitBuffer(small, viewport, 1, 0, &context_);
  mjr_setBuffer(mjFB_WINDOW, &context_);
}

}  // namespace stuntsim
