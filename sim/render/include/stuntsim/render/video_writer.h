#pragma once

#include <stdexcept>
#include <string>
#include <sys/types.h>

namespace stuntsim {

/// Error from video writing: ffmpeg missing or failing to start, ffmpeg exiting early or with an
/// error (the message includes ffmpeg's own error output), bad sizes.
class VideoError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Writes an H.264 video by piping raw RGB frames into an ffmpeg child process:
/// `ffmpeg -y -f rawvideo -pix_fmt rgb24 -s WxH -r FPS -i - -c:v libx264 -pix_fmt yuv420p
/// -preset veryfast path` (with -loglevel error; its messages go to a temporary log that is
/// quoted in exceptions). The container follows the extension of `path` (.mp4, .mkv...).
/// SIGPIPE is blocked around writes (only in the writing thread), so a dead ffmpeg is an
/// exception, never a signal. The child is always reaped (no zombies). Not copyable.
class VideoWriter {
 public:
  /// Starts ffmpeg (found on PATH) writing `path` (overwritten) from frames of `width` x
  /// `height` pixels (both even and positive: yuv420p needs even sizes) at `fps` frames per
  /// second (> 0). Throws VideoError if ffmpeg is missing or cannot start.
  VideoWriter(const std::string& path, int width, int height, double fps);

  /// Closes quietly (waits for ffmpeg, ignores its errors); call Close() to see them.
  ~VideoWriter();

  VideoWriter(const VideoWriter&) = delete;
  VideoWriter& operator=(const VideoWriter&) = delete;

  /// Sends one frame: `rgb` holds width*height*3 bytes, RGB 8 bits a channel, top row first.
  /// Blocks while ffmpeg is busy encoding. Throws VideoError("ffmpeg exited early: ...") if
  /// ffmpeg is gone, or if the writer is closed.
  void AddFrame(const unsigned char* rgb);

  /// Ends the input, waits for ffmpeg to finish the file and throws VideoError if it failed
  /// (non-zero exit, killed by a signal, or an earlier AddFrame failure). Later calls do nothing.
  void Close();

  /// Number of frames accepted by AddFrame so far.
  int frame_count() const { return frame_count_; }
  /// Output path as given to the constructor.
  const std::string& path() const { return path_; }
  /// Frame width (pixels).
  int width() const { return width_; }
  /// Frame height (pixels).
  int height() const { return height_; }

 private:
  // Closes the pipe, reaps ffmpeg, returns an error message ("" if ffmpeg succeeded).
  std::string Finish();
  // ffmpeg's log (last part), for error messages.
  std::string ReadLog() const;

  std::string path_;
  int width_ = 0;
  int height_ = 0;
  double fps_ = 0;
  int pipe_fd_ = -1;  // Write end of ffmpeg's stdin; -1 when closed.
  pid_t pid_ = -1;    // ffmpeg's process id; -1 once reaped.
  std::string log_path_;
  std::string failure_;  // Set when ffmpeg died early; reported by Close().
  bool closed_ = false;
  int frame_count_ = 0;
};

}  // namespace stuntsim
