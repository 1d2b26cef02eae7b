#include "stuntsim/render/heightfield_mesh.h"

#include <GL/gl.h>

#include <algorithm>
#include <cmath>

namespace stuntsim {
namespace {

// Brightness of the tint at the lowest and at the highest point (times the material colour).
constexpr float kLowShade = 0.6f;
constexpr float kHighShade = 1.4f;
// Baked hill shading (as on maps): slopes facing a light from the sun's side (azimuth of the
// terrain's sun, 35 deg up) are lighter, the others darker, with slopes exaggerated this many
// times, since bumps of a few degrees barely change the real lighting.
constexpr float kHillShadeExaggeration = 3.0f;
constexpr float kHillShadeLight[3] = {0.57735f, -0.57735f, 0.57735f};

// Colour of the first geom drawing heightfield `h`: its material's rgba, else its own.
void HeightfieldColour(const mjModel* m, int h, float rgba[4]) {
  rgba[0] = rgba[1] = rgba[2] = 0.5f;
  rgba[3] = 1.0f;
  for (int g = 0; g < m->ngeom; ++g) {
    if (m->geom_type[g] != mjGEOM_HFIELD || m->geom_dataid[g] != h) continue;
    const float* c = m->geom_matid[g] >= 0 ? m->mat_rgba + 4 * m->geom_matid[g] : m->geom_rgba + 4 * g;
    std::copy(c, c + 4, rgba);
    return;
  }
}

void UploadOne(const mjModel* m, const mjrContext* con, int h) {
  const int nr = m->hfield_nrow[h], nc = m->hfield_ncol[h];
  if (nr < 2 || nc < 2) return;
  const float* data = m->hfield_data + m->hfield_adr[h];
  const float sx = static_cast<float>(m->hfield_size[4 * h + 0]);
  const float sy = static_cast<float>(m->hfield_size[4 * h + 1]);
  const float sz = static_cast<float>(m->hfield_size[4 * h + 2]);
  const float base = static_cast<float>(m->hfield_size[4 * h + 3]);
  const float dx = 2 * sx / (nc - 1), dy = 2 * sy / (nr - 1);
  const auto [lo, hi] = std::minmax_element(data, data + nr * nc);
  const float low = *lo, range = std::max(*hi - *lo, 1e-6f);
  float rgba[4];
  HeightfieldColour(m, h, rgba);

  auto at = [&](int r, int c) { return data[std::clamp(r, 0, nr - 1) * nc + std::clamp(c, 0, nc - 1)] * sz; };
  auto vertex = [&](int r, int c) {
    // Central differences (one-sided at the border) for a smooth normal.
    const float dzdx = (at(r, c + 1) - at(r, c - 1)) / (dx * (c > 0 && c < nc - 1 ? 2 : 1));
    const float dzdy = (at(r + 1, c) - at(r - 1, c)) / (dy * (r > 0 && r < nr - 1 ? 2 : 1));
    const float inv = 1.0f / std::sqrt(dzdx * dzdx + dzdy * dzdy + 1);
    const float ex = kHillShadeExaggeration;
    const float hill = (-ex * dzdx * kHillShadeLight[0] - ex * dzdy * kHillShadeLight[1] + kHillShadeLight[2]) /
                       (std::sqrt(ex * ex * (dzdx * dzdx + dzdy * dzdy) + 1) * kHillShadeLight[2]);
    const float shade = (kLowShade + (kHighShade - kLowShade) * (data[r * nc + c] - low) / range) *
                        std::clamp(hill, 0.5f, 1.5f);
    glColor4f(std::min(1.0f, rgba[0] * shade), std::min(1.0f, rgba[1] * shade),
              std::min(1.0f, rgba[2] * shade), rgba[3]);
    glNormal3f(-dzdx * inv, -dzdy * inv, inv);
    glVertex3f(-sx + c * dx, -sy + r * dy, at(r, c));
  };

  glDeleteLists(con->baseHField + h, 1);
  glNewList(con->baseHField + h, GL_COMPILE);
  for (int r = 0; r < nr - 1; ++r) {
    glBegin(GL_TRIANGLE_STRIP);  // (r+1, c) then (r, c): counter-clockwise seen from above
    for (int c = 0; c < nc; ++c) {
      vertex(r + 1, c);
      vertex(r, c);
    }
    glEnd();
  }
  // Sides down to the base, and the bottom, as MuJoCo draws them.
  glColor4f(rgba[0] * kLowShade, rgba[1] * kLowShade, rgba[2] * kLowShade, rgba[3]);
  glBegin(GL_QUADS);
  for (int r = 0; r < nr - 1; ++r) {
    const float y0 = -sy + r * dy, y1 = y0 + dy;
    glNormal3f(-1, 0, 0);
    glVertex3f(-sx, y1, -base);
    glVertex3f(-sx, y0, -base);
    glVertex3f(-sx, y0, at(r, 0));
    glVertex3f(-sx, y1, at(r + 1, 0));
    glNormal3f(1, 0, 0);
    glVertex3f(sx, y0, -base);
    glVertex3f(sx, y1, -base);
    glVertex3f(sx, y1, at(r + 1, nc - 1));
    glVertex3f(sx, y0, at(r, nc - 1));
  }
  for (int c = 0; c < nc - 1; ++c) {
    const float x0 = -sx + c * dx, x1 = x0 + dx;
    glNormal3f(0, -1, 0);
    glVertex3f(x0, -sy, -base);
    glVertex3f(x1, -sy, -base);
    glVertex3f(x1, -sy, at(0, c + 1));
    glVertex3f(x0, -sy, at(0, c));
    glNormal3f(0, 1, 0);
    glVertex3f(x1, sy, -base);
    glVertex3f(x0, sy, -base);
    glVertex3f(x0, sy, at(nr - 1, c));
    glVertex3f(x1, sy, at(nr - 1, c + 1));
  }
  glNormal3f(0, 0, -1);
  glVertex3f(-sx, -sy, -base);
  glVertex3f(-sx, sy, -base);
  glVertex3f(sx, sy, -base);
  glVertex3f(sx, -sy, -base);
  glEnd();
  glEndList();
}

}  // namespace

void UploadShadedHeightfields(const mjModel* model, const mjrContext* con) {
  for (int h = 0; h < model->nhfield; ++h) UploadOne(model, con, h);
}

}  // namespace stuntsim
