#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "stuntsim/render/video_writer.h"

namespace stuntsim {

/// Screenshots (PNG, through WritePng) and video recordings (MP4, through VideoWriter's ffmpeg
/// pipe) of the window, read from the back buffer after a frame is drawn and before the swap.
/// Main thread only (it needs the window's OpenGL context).
class FrameCapture {
 public:
  /// Video frames per second; frames are repeated or skipped to keep wall-clock timing.
  static constexpr double kVideoFps = 30.0;

  /// Saves the next drawn frame to `path` (empty: an automatic name in the working folder).
  void RequestScreenshot(const std::string& path);
  /// Starts recording to `path` (empty: an automatic name) from the next drawn frame.
  void StartRecording(const std::string& path);
  /// Stops recording and finishes the file; throws VideoError if ffmpeg failed.
  void StopRecording();
  bool recording() const { return video_ != nullptr || !pending_video_.empty(); }

  /// After drawing a `width` x `height` frame: writes a requested screenshot and feeds the
  /// video. Returns the path of the screenshot written now, or empty. Throws ImageIoError /
  /// VideoError (a failed recording is stopped).
  std::string OnFrameDrawn(int width, int height);

  /// A one-line note about the last capture ("saved shot.png"), for the panel.
  const std::string& message() const { return message_; }
  /// Path of the last screenshot written, or empty.
  const std::string& last_screenshot() const { return last_screenshot_; }

 private:
  using Clock = std::chrono::steady_clock;

  // Reads the back buffer into rgb_ (top row first).
  void ReadBackBuffer(int width, int height);

  std::string pending_screenshot_;
  bool screenshot_requested_ = false;
  std::string pending_video_;
  std::unique_ptr<VideoWriter> video_;
  Clock::time_point video_start_;
  std::vector<unsigned char> rgb_, row_, frame_;
  std::string message_;
  std::string last_screenshot_;
};

/// "stuntsim_<stamp>.<extension>" with the local date and time, for automatic file names.
std::string TimestampedName(const std::string& extension);

}  // namespace stuntsim
