#pragma once

#include <mujoco/mujoco.h>

namespace stuntsim {

/// Replaces MuJoCo 2.2.2's heightfield display lists (mjr_uploadHField: one flat normal per
/// triangle, one colour) with smooth per-vertex normals and a tint by height, so that low hills
/// read as hills. The tint scales the colour of the geom's material (or rgba) from darker at the
/// lowest point to lighter at the highest. Drawn as triangle strips: a third of the vertices.
/// Call with `con`'s OpenGL context current, right after mjr_makeContext.
void UploadShadedHeightfields(const mjModel* model, const mjrContext* con);

}  // namespace stuntsim
