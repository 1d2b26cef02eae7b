#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <mujoco/mujoco.h>

namespace stuntsim {

/// Ground the robot walks on. Features start ahead of the origin (+x) so robots spawn on flat
/// ground unless placed elsewhere. Lengths in m, angles in degrees.
struct TerrainSpec {
  /// "flat", "slope", "stairs" or "hills".
  std::string kind = "flat";
  /// Ground friction coefficient (sliding).
  double friction = 1.0;
  /// slope: a ramp up at `slope_deg`, a plateau, and a ramp down, starting at x = `start_x`.
  double slope_deg = 15.0, slope_length = 3.0, plateau_length = 2.0;
  /// stairs: `step_count` steps up of `step_rise` x `step_run`, then a landing.
  double step_rise = 0.10, step_run = 0.30;
  int step_count = 6;
  /// hills: a square heightfield of side `hills_size` centred on the origin, smooth random
  /// bumps up to `hills_max_height`, generated from `seed`.
  double hills_size = 24.0, hills_max_height = 0.15;
  uint64_t seed = 1;
  /// Where slope and stairs begin, m along x.
  double start_x = 1.0;
};

/// Names accepted in TerrainSpec::kind.
const std::vector<std::string>& TerrainKinds();

/// Throws InputError (naming `where`) if a field of `spec` is out of range.
void ValidateTerrain(const TerrainSpec& spec, const std::string& where);

/// A terrain: its MJCF (assets and world bodies) and its analytic surface height.
class Terrain {
 public:
  explicit Terrain(const TerrainSpec& spec);

  /// `<asset>` and `<worldbody>` sections to append to a robot's MJCF.
  std::string Mjcf() const;
  /// Writes the heightfield elevations into a model compiled from Mjcf() (hills only).
  void FillHeightfield(mjModel* model) const;
  /// Surface height at (x, y), m.
  double HeightAt(double x, double y) const;
  /// Highest surface point within `radius` of (x, y), m.
  double MaxHeightAround(double x, double y, double radius) const;

  const TerrainSpec& spec() const { return spec_; }

 private:
  double HillsHeight(double x, double y) const;

  TerrainSpec spec_;
  int hills_cells_ = 0;            // heightfield is hills_cells_ x hills_cells_ samples
  std::vector<float> hills_;       // row-major (row = y), normalized 0..1
};

}  // namespace stuntsim
