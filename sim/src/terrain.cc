#include "stuntsim/sim/terrain.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <sstream>

#include "stuntsim/sim/errors.h"

namespace stuntsim {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kWidth = 6.0;            // lateral extent of slope and stairs, m
constexpr double kLanding = 3.0;          // flat top after the stairs, m
constexpr double kHillsResolution = 0.1;  // heightfield sample spacing, m
constexpr double kHillsFlatRadius = 0.6;  // the spawn point stays flat, m
constexpr double kHillsFloorDrop = 0.02;  // drawn floor below the hills' lowest points, m

std::string Num(double v) {
  std::ostringstream s;
  s.precision(9);
  s << v;
  return s.str();
}

// One box geom in MJCF, pose as position and rotation about y.
std::string Box(const std::string& name, double cx, double cz, double hx, double hy, double hz,
                double pitch_rad = 0.0) {
  std::ostringstream s;
  s << "    <geom name=\"" << name << "\" type=\"box\" material=\"terrain_feature\" pos=\"" << Num(cx)
    << " 0 " << Num(cz) << "\" size=\"" << Num(hx) << " " << Num(hy) << " " << Num(hz)
    << "\" euler=\"0 " << Num(pitch_rad) << " 0\"/>\n";
  return s.str();
}

}  // namespace

const std::vector<std::string>& TerrainKinds() {
  static const std::vector<std::string> kinds = {"flat", "slope", "stairs", "hills"};
  return kinds;
}

void ValidateTerrain(const TerrainSpec& spec, const std::string& where) {
  auto fail = [&](const std::string& field, const std::string& what) {
    throw InputError(where + ": terrain." + field + ": " + what);
  };
  if (std::find(TerrainKinds().begin(), TerrainKinds().end(), spec.kind) == TerrainKinds().end()) {
    fail("kind", "unknown terrain '" + spec.kind + "' (expected flat, slope, stairs or hills)");
  }
  if (!(spec.friction > 0 && spec.friction <= 5)) fail("friction", "expected 0 < friction <= 5");
  if (!(spec.slope_deg > 0 && spec.slope_deg < 45)) fail("slope_deg", "expected 0 < angle < 45");
  if (!(spec.slope_length > 0.1 && spec.slope_length <= 50)) fail("slope_length", "expected 0.1..50 m");
  if (!(spec.plateau_length >= 0 && spec.plateau_length <= 50)) fail("plateau_length", "expected 0..50 m");
  if (!(spec.step_rise > 0 && spec.step_rise <= 0.5)) fail("step_rise", "expected 0 < rise <= 0.5 m");
  if (!(spec.step_run >= 0.05 && spec.step_run <= 5)) fail("step_run", "expected 0.05..5 m");
  if (!(spec.step_count >= 1 && spec.step_count <= 100)) fail("step_count", "expected 1..100");
  if (!(spec.hills_size >= 2 && spec.hills_size <= 200)) fail("hills_size", "expected 2..200 m");
  if (!(spec.hills_max_height > 0 && spec.hills_max_height <= 2)) fail("hills_max_height", "expected 0..2 m");
  if (!(spec.start_x >= 0 && spec.start_x <= 50)) fail("start_x", "expected 0..50 m");
}

Terrain::Terrain(const TerrainSpec& spec) : spec_(spec) {
  ValidateTerrain(spec, "terrain");
  if (spec.kind != "hills") return;
  // Smooth random hills: a sum of Gaussian bumps from a seeded generator, normalized to 0..1,
  // faded to zero near the origin so the default spawn is flat.
  hills_cells_ = static_cast<int>(std::lround(spec.hills_size / kHillsResolution)) + 1;
  std::mt19937_64 rng(spec.seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const double half = spec.hills_size / 2;
  const int bumps = static_cast<int>(spec.hills_size * spec.hills_size / 3.0);
  struct Bump { double x, y, sigma, amplitude; };
  std::vector<Bump> list(bumps);
  for (Bump& b : list) {
    b = {(unit(rng) * 2 - 1) * half, (unit(rng) * 2 - 1) * half, 0.6 + 1.2 * unit(rng),
         unit(rng) * 2 - 1};
  }
  std::vector<double> h(hills_cells_ * hills_cells_, 0.0);
  for (int r = 0; r < hills_cells_; ++r) {
    const double y = -half + r * kHillsResolution;
    for (int c = 0; c < hills_cells_; ++c) {
      const double x = -half + c * kHillsResolution;
      double z = 0;
      for (const Bump& b : list) {
        const double d2 = (x - b.x) * (x - b.x) + (y - b.y) * (y - b.y);
        if (d2 < 9 * b.sigma * b.sigma) z += b.amplitude * std::exp(-d2 / (2 * b.sigma * b.sigma));
      }
      h[r * hills_cells_ + c] = z;
    }
  }
  const auto [lo, hi] = std::minmax_element(h.begin(), h.end());
  const double low = *lo, range = std::max(*hi - *lo, 1e-9);
  hills_.resize(h.size());
  for (int r = 0; r < hills_cells_; ++r) {
    for (int c = 0; c < hills_cells_; ++c) {
      const double x = -half + c * kHillsResolution, y = -half + r * kHillsResolution;
      const double dist = std::hypot(x, y);
      const double fade = std::clamp((dist - kHillsFlatRadius) / 1.5, 0.0, 1.0);
      // Fade towards the height at the origin so the spawn area is level, not a pit.
      hills_[r * hills_cells_ + c] = static_cast<float>(fade * (h[r * hills_cells_ + c] - low) / range);
    }
  }
}

std::string Terrain::Mjcf() const {
  std::ostringstream s;
  s << "  <asset>\n"
       "    <texture name=\"terrain_sky\" type=\"skybox\" builtin=\"gradient\" rgb1=\"0.55 0.7 0.9\" rgb2=\"0.1 0.15 0.25\" width=\"256\" height=\"256\"/>\n"
       "    <texture name=\"terrain_grid\" type=\"2d\" builtin=\"checker\" rgb1=\"0.32 0.36 0.4\" rgb2=\"0.26 0.3 0.34\" width=\"256\" height=\"256\" mark=\"edge\" markrgb=\"0.5 0.55 0.6\"/>\n"
       "    <material name=\"terrain_ground\" texture=\"terrain_grid\" texrepeat=\"1 1\" texuniform=\"true\" reflectance=\"0.1\"/>\n"
       "    <material name=\"terrain_feature\" rgba=\"0.55 0.5 0.42 1\"/>\n"
       // Hills: grid lines 1 m apart (texuniform and texrepeat 2: one texture a metre) that bend
       // over the bumps; the renderers also tint the heightfield by height and slope
       // (stuntsim/render/heightfield_mesh.h). Little specular: glare would flatten the slopes.
       "    <texture name=\"terrain_hills_grid\" type=\"2d\" builtin=\"checker\" rgb1=\"1 1 1\" rgb2=\"1 1 1\" width=\"256\" height=\"256\" mark=\"edge\" markrgb=\"0.7 0.7 0.7\"/>\n"
       "    <material name=\"terrain_hills\" texture=\"terrain_hills_grid\" texrepeat=\"2 2\" texuniform=\"true\" rgba=\"0.42 0.52 0.36 1\" specular=\"0.05\" shininess=\"0.1\"/>\n";
  if (spec_.kind == "hills") {
    s << "    <hfield name=\"terrain_hills\" nrow=\"" << hills_cells_ << "\" ncol=\"" << hills_cells_
      << "\" size=\"" << Num(spec_.hills_size / 2) << " " << Num(spec_.hills_size / 2) << " "
      << Num(spec_.hills_max_height) << " 0.1\"/>\n";
  }
  s << "  </asset>\n  <worldbody>\n"
       "    <light name=\"terrain_sun\" directional=\"true\" pos=\"0 0 5\" dir=\"-0.3 0.3 -1\" diffuse=\"0.8 0.8 0.8\" castshadow=\"true\"/>\n";
  // All terrain geoms: contype 0, conaffinity 1 (robots use contype 1, conaffinity 0), and
  // priority 1: MuJoCo then uses the terrain's friction for every robot contact instead of the
  // pair's maximum, so [terrain] friction is what the feet get (docs/physics.md).
  const std::string friction = Num(spec_.friction) + " 0.005 0.0001";
  const std::string contact = "contype=\"0\" conaffinity=\"1\" priority=\"1\" friction=\"" + friction + "\"";
  if (spec_.kind == "hills") {
    // The hills' lowest points lie at z = 0, where the floor's plane would show through them
    // (z-fighting): the colliding floor stays at z = 0 (physics and HeightAt unchanged) in geom
    // group 3, which renderers skip by default, and a non-colliding copy is drawn lower.
    s << "    <geom name=\"terrain_floor\" type=\"plane\" size=\"0 0 0.05\" material=\"terrain_ground\" group=\"3\" "
      << contact << "/>\n"
      << "    <geom name=\"terrain_floor_visual\" type=\"plane\" size=\"0 0 0.05\" pos=\"0 0 " << Num(-kHillsFloorDrop)
      << "\" material=\"terrain_ground\" contype=\"0\" conaffinity=\"0\"/>\n";
  } else {
    s << "    <geom name=\"terrain_floor\" type=\"plane\" size=\"0 0 0.05\" material=\"terrain_ground\" " << contact
      << "/>\n";
  }
  std::ostringstream features;
  if (spec_.kind == "slope") {
    const double a = spec_.slope_deg * kPi / 180, L = spec_.slope_length, t = 0.1;
    const double rise = L * std::sin(a), run = L * std::cos(a);
    const double x0 = spec_.start_x, x1 = x0 + run, x2 = x1 + spec_.plateau_length;
    // Ramp boxes: top face through the ramp's surface line, thickness 2t below it.
    features << Box("terrain_ramp_up", x0 + run / 2 + t * std::sin(a), rise / 2 - t * std::cos(a), L / 2, kWidth / 2, t, -a);
    if (spec_.plateau_length > 0) features << Box("terrain_plateau", (x1 + x2) / 2, rise / 2, (x2 - x1) / 2, kWidth / 2, rise / 2);
    features << Box("terrain_ramp_down", x2 + run / 2 - t * std::sin(a), rise / 2 - t * std::cos(a), L / 2, kWidth / 2, t, a);
  } else if (spec_.kind == "stairs") {
    const double end = spec_.start_x + spec_.step_count * spec_.step_run + kLanding;
    for (int i = 0; i < spec_.step_count; ++i) {
      const double x = spec_.start_x + i * spec_.step_run, top = (i + 1) * spec_.step_rise;
      features << Box("terrain_step" + std::to_string(i), (x + end) / 2, top / 2, (end - x) / 2, kWidth / 2, top / 2);
    }
  } else if (spec_.kind == "hills") {
    features << "    <geom name=\"terrain_hills\" type=\"hfield\" hfield=\"terrain_hills\" material=\"terrain_hills\" pos=\"0 0 0\"/>\n";
  }
  // Feature geoms take the terrain's contact flags and friction.
  std::string f = features.str();
  for (size_t pos = 0; (pos = f.find("<geom ", pos)) != std::string::npos; pos += 6) {
    f.insert(pos + 6, contact + " ");
  }
  s << f << "  </worldbody>\n";
  return s.str();
}

void Terrain::FillHeightfield(mjModel* model) const {
  if (spec_.kind != "hills") return;
  const int id = mj_name2id(model, mjOBJ_HFIELD, "terrain_hills");
  if (id < 0 || model->hfield_nrow[id] != hills_cells_ || model->hfield_ncol[id] != hills_cells_) {
    throw SimulationError("heightfield 'terrain_hills' missing or of the wrong size in the model");
  }
  std::copy(hills_.begin(), hills_.end(), model->hfield_data + model->hfield_adr[id]);
}

double Terrain::HillsHeight(double x, double y) const {
  const double half = spec_.hills_size / 2;
  if (std::abs(x) > half || std::abs(y) > half) return 0.0;
  const double fc = std::clamp((x + half) / kHillsResolution, 0.0, hills_cells_ - 1.000001);
  const double fr = std::clamp((y + half) / kHillsResolution, 0.0, hills_cells_ - 1.000001);
  const int c = static_cast<int>(fc), r = static_cast<int>(fr);
  const double u = fc - c, v = fr - r;
  auto at = [&](int rr, int cc) { return static_cast<double>(hills_[rr * hills_cells_ + cc]); };
  const double z = (1 - u) * (1 - v) * at(r, c) + u * (1 - v) * at(r, c + 1) +
                   (1 - u) * v * at(r + 1, c) + u * v * at(r + 1, c + 1);
  return z * spec_.hills_max_height;
}

double Terrain::HeightAt(double x, double y) const {
  if (spec_.kind == "slope") {
    if (std::abs(y) > kWidth / 2) return 0.0;
    const double a = spec_.slope_deg * kPi / 180, L = spec_.slope_length;
    const double rise = L * std::sin(a), run = L * std::cos(a);
    const double x0 = spec_.start_x, x1 = x0 + run, x2 = x1 + spec_.plateau_length, x3 = x2 + run;
    if (x <= x0 || x >= x3) return 0.0;
    if (x < x1) return (x - x0) * std::tan(a);
    if (x <= x2) return rise;
    return (x3 - x) * std::tan(a);
  }
  if (spec_.kind == "stairs") {
    const double end = spec_.start_x + spec_.step_count * spec_.step_run + kLanding;
    if (std::abs(y) > kWidth / 2 || x < spec_.start_x || x > end) return 0.0;
    const int step = std::min(static_cast<int>((x - spec_.start_x) / spec_.step_run), spec_.step_count - 1);
    return (step + 1) * spec_.step_rise;
  }
  if (spec_.kind == "hills") return HillsHeight(x, y);
  return 0.0;
}

double Terrain::MaxHeightAround(double x, double y, double radius) const {
  double top = HeightAt(x, y);
  constexpr int kRings = 4, kSpokes = 16;
  for (int i = 1; i <= kRings; ++i) {
    const double r = radius * i / kRings;
    for (int k = 0; k < kSpokes; ++k) {
      const double t = 2 * kPi * k / kSpokes;
      top = std::max(top, HeightAt(x + r * std::cos(t), y + r * std::sin(t)));
    }
  }
  return top;
}

}  // namespace stuntsim
