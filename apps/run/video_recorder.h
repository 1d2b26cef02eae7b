#pragma once

#include <memory>
#include <string>

#include "stuntsim/render/offscreen_renderer.h"
#include "stuntsim/render/video_writer.h"
#include "stuntsim/sim/scenario_runner.h"
#include "stuntsim/sim/world.h"

namespace stuntsim {

/// Records a scenario run to an MP4: 640x480 at 30 frames per simulated second, rendered
/// offscreen (EGL) from a camera following the base, with an overlay of the scenario name, the
/// simulated time and the running behaviour. Renders from its own copies of the model and data,
/// so the simulation is never modified. Errors (RenderError, VideoError) fail the scenario.
class VideoRecorder : public ScenarioObserver {
 public:
  static constexpr int kWidth = 640, kHeight = 480;
  static constexpr double kFps = 30;

  explicit VideoRecorder(std::string path);
  ~VideoRecorder() override;

  void OnStart(const Scenario& scenario, const Simulation& sim) override;
  void OnStep(const Simulation& sim) override;
  /// Renders the last frame and closes the file (throws VideoError if ffmpeg failed).
  void OnFinish(const Simulation& sim) override;

 private:
  void Frame(const Simulation& sim);

  std::string path_, name_;
  double duration_ = 0, next_frame_ = 0;
  ModelPtr model_;
  DataPtr data_;
  FollowCamera camera_;
  std::unique_ptr<OffscreenRenderer> renderer_;
  std::unique_ptr<VideoWriter> writer_;
};

}  // namespace stuntsim
