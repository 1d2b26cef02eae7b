#include "video_recorder.h"

#include <algorithm>
#include <cstdio>

namespace stuntsim {

VideoRecorder::VideoRecorder(std::string path) : path_(std::move(path)) {}

VideoRecorder::~VideoRecorder() = default;

void VideoRecorder::OnStart(const Scenario& scenario, const Simulation& sim) {
  name_ = scenario.name;
  duration_ = scenario.duration;
  model_.reset(mj_copyModel(nullptr, sim.model()));
  data_.reset(mj_makeData(model_.get()));
  renderer_ = std::make_unique<OffscreenRenderer>(model_.get(), kWidth, kHeight);
  writer_ = std::make_unique<VideoWriter>(path_, kWidth, kHeight, kFps);
  camera_.body_id = sim.world().base_body;
  // Far enough to see the whole robot: about 5 standing heights, at least 1.5 m.
  camera_.distance = std::max(1.5, 5.0 * sim.world().info().home_base_height);
  camera_.azimuth = 110;  // from the robot's right, a little ahead: pitch and steps show
  camera_.elevation = -20;
  camera_.smoothing_time = 0.2;
  next_frame_ = 0;
  Frame(sim);
}

void VideoRecorder::OnStep(const Simulation& sim) {
  if (sim.time() + 1e-9 >= next_frame_) Frame(sim);
}

void VideoRecorder::OnFinish(const Simulation& sim) {
  if (!writer_) return;
  writer_->Close();
}

void VideoRecorder::Frame(const Simulation& sim) {
  next_frame_ += 1.0 / kFps;
  mj_copyData(data_.get(), model_.get(), sim.data());
  char time[64];
  std::snprintf(time, sizeof(time), "t = %.2f / %.2f s", sim.time(), duration_);
  renderer_->Render(model_.get(), data_.get(), camera_,
                    {name_, time, "behaviour: " + sim.controller().active_behavior()});
  writer_->AddFrame(renderer_->rgb().data());
}

}  // namespace stuntsim
