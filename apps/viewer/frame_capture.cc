#include "frame_capture.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <ctime>

#include <GLFW/glfw3.h>

#include "stuntsim/render/image_io.h"

namespace stuntsim {
namespace {

// At most this many copies of one frame keep a slow viewer's video in wall-clock time.
constexpr int kMaxRepeats = 4;

}  // namespace

std::string TimestampedName(const std::string& extension) {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char stamp[32];
  std::strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &local);
  return std::string("stuntsim_") + stamp + "." + extension;
}

void FrameCapture::RequestScreenshot(const std::string& path) {
  screenshot_requested_ = true;
  pending_screenshot_ = path.empty() ? TimestampedName("png") : path;
}

void FrameCapture::StartRecording(const std::string& path) {
  if (recording()) return;
  pending_video_ = path.empty() ? TimestampedName("mp4") : path;
}

void FrameCapture::StopRecording() {
  pending_video_.clear();
  if (!video_) return;
  std::unique_ptr<VideoWriter> video = std::move(video_);
  const int frames = video->frame_count();
  const std::string path = video->path();
  video->Close();
  message_ = "recorded " + path + " (" + std::to_string(frames) + " frames)";
}

void FrameCapture::ReadBackBuffer(int width, int height) {
  const size_t stride = static_cast<size_t>(width) * 3;
  rgb_.resize(stride * height);
  row_.resize(stride);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, rgb_.data());
  // OpenGL's rows are bottom-up.
  for (int y = 0; y < height / 2; ++y) {
    unsigned char* a = rgb_.data() + y * stride;
    unsigned char* b = rgb_.data() + (height - 1 - y) * stride;
    std::memcpy(row_.data(), a, stride);
    std::memcpy(a, b, stride);
    std::memcpy(b, row_.data(), stride);
  }
}

std::string FrameCapture::OnFrameDrawn(int width, int height) {
  if (width <= 0 || height <= 0) return "";
  if (!screenshot_requested_ && !recording()) return "";
  ReadBackBuffer(width, height);
  std::string written;
  if (screenshot_requested_) {
    screenshot_requested_ = false;
    WritePng(pending_screenshot_, rgb_.data(), width, height);
    last_screenshot_ = written = pending_screenshot_;
    message_ = "saved " + pending_screenshot_;
  }
  if (!pending_video_.empty()) {
    const std::string path = pending_video_;
    pending_video_.clear();
    // yuv420p needs even sizes: the video keeps the first frame's size rounded down to even.
    video_ = std::make_unique<VideoWriter>(path, width & ~1, height & ~1, kVideoFps);
    video_start_ = Clock::now();
    message_ = "recording " + path;
  }
  if (!video_) return written;
  // Crop or pad this frame to the video's size (the window may have been resized).
  const int vw = video_->width(), vh = video_->height();
  frame_.assign(static_cast<size_t>(vw) * vh * 3, 0);
  const int copy_w = std::min(vw, width), copy_h = std::min(vh, height);
  for (int y = 0; y < copy_h; ++y) {
    std::memcpy(frame_.data() + static_cast<size_t>(y) * vw * 3, rgb_.data() + static_cast<size_t>(y) * width * 3,
                static_cast<size_t>(copy_w) * 3);
  }
  const double elapsed = std::chrono::duration<double>(Clock::now() - video_start_).count();
  const int due = static_cast<int>(std::floor(elapsed * kVideoFps)) + 1 - video_->frame_count();
  try {
    for (int i = 0; i < std::min(due, kMaxRepeats); ++i) video_->AddFrame(frame_.data());
  } catch (const std::exception&) {
    video_.reset();
    throw;
  }
  return written;
}

}  // namespace stuntsim
