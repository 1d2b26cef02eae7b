#pragma once

#include <string>
#include <vector>

#include <mujoco/mujoco.h>

namespace stuntsim {

/// Names of the preset views: "iso", "front", "side", "top".
const std::vector<std::string>& CameraPresetNames();

/// The viewer's camera: follows the robot (its look-at point kept on the robot's centre of
/// mass every frame, whatever the frame rate; MuJoCo's own tracking camera smooths per frame
/// and lags far behind at software-renderer frame rates) or moves freely; the mouse orbits,
/// pans and zooms it through mjv_moveCamera as in mujoco-simulate. Main thread only.
class CameraControl {
 public:
  /// Points the camera at `model`'s body `follow_body` in the "iso" preset, following it; the
  /// preset distances scale with the size of that body's tree (its geoms) in `data`.
  void Reset(const mjModel* model, const mjData* data, int follow_body);

  /// Follow the body or stay looking where the camera looks now (free).
  void SetFollow(bool follow) { follow_ = follow; }
  /// Before rendering `data`: moves the look-at point onto the followed robot.
  void Update(const mjData* data);
  bool follow() const { return follow_; }
  /// Applies a preset's azimuth, elevation and distance; returns false for an unknown name.
  bool ApplyPreset(const std::string& name);

  /// Moves the camera for a mouse drag of (dx, dy) window pixels with `button` (GLFW) and
  /// `shift` held, in a window `window_height` pixels high: left rotates, right pans (and stops
  /// following), middle zooms.
  void Drag(const mjModel* model, const mjvScene& scene, int button, bool shift, double dx, double dy,
            int window_height);
  /// Zooms for a scroll of `offset` notches.
  void Scroll(const mjModel* model, const mjvScene& scene, double offset);

  mjvCamera* camera() { return &camera_; }

 private:
  mjvCamera camera_{};
  int follow_body_ = 1;
  bool follow_ = true;
  double radius_ = 0.5;  // radius of the followed robot, m: presets scale their distance with it
};

}  // namespace stuntsim
