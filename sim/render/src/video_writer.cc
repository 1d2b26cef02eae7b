#include "stuntsim/render/video_writer.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

extern char** environ;

namespace stuntsim {
namespace {

std::string ErrnoText(int err) { return std::string(std::strerror(err)); }

// Writes all of `data` to `fd` with SIGPIPE blocked in this thread, so a closed reader gives
// EPIPE instead of killing the process. A SIGPIPE raised by these writes is consumed; one that
// was already pending before is left alone. Returns 0 or the errno of the failed write.
int WriteAllNoSigpipe(int fd, const unsigned char* data, size_t size) {
  sigset_t pipe_set;
  sigemptyset(&pipe_set);
  sigaddset(&pipe_set, SIGPIPE);
  sigset_t pending;
  sigemptyset(&pending);
  sigpending(&pending);
  const bool was_pending = sigismember(&pending, SIGPIPE) == 1;
  sigset_t old_set;
  pthread_sigmask(SIG_BLOCK, &pipe_set, &old_set);

  int result = 0;
  size_t done = 0;
  while (done < size) {
    const ssize_t n = write(fd, data + done, size - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      result = errno;
      break;
    }
    done += static_cast<size_t>(n);
  }
  if (result == EPIPE && !was_pending) {
    const struct timespec zero = {0, 0};
    while (sigtimedwait(&pipe_set, nullptr, &zero) < 0 && errno == EINTR) {
    }
  }
  pthread_sigmask(SIG_SETMASK, &old_set, nullptr);
  return result;
}

std::string FormatFps(double fps) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.10g", fps);
  return buf;
}

}  // namespace

VideoWriter::VideoWriter(const std::string& path, int width, int height, double fps)
    : path_(path), width_(width), height_(height), fps_(fps) {
  if (path.empty()) throw VideoError("VideoWriter: output path is empty");
  if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0) {
    throw VideoError("VideoWriter: width and height must be positive and even (libx264 with "
                     "yuv420p), got " + std::to_string(width) + "x" + std::to_string(height));
  }
  if (!(fps > 0) || !std::isfinite(fps)) {
    throw VideoError("VideoWriter: fps must be positive and finite, got " + FormatFps(fps));
  }

  // ffmpeg's stderr goes to a private temporary file, quoted in error messages.
  const char* tmpdir = std::getenv("TMPDIR");
  std::string log_template =
      std::string(tmpdir != nullptr && tmpdir[0] != '\0' ? tmpdir : "/tmp") +
      "/stuntsim_ffmpeg_XXXXXX";
  std::vector<char> log_name(log_template.begin(), log_template.end());
  log_name.push_back('\0');
  const int log_fd = mkostemp(log_name.data(), O_CLOEXEC);
  if (log_fd < 0) {
    throw VideoError("VideoWriter: cannot create ffmpeg log file " + log_template + ": " +
                     ErrnoText(errno));
  }
  log_path_ = log_name.data();

  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    const int err = errno;
    close(log_fd);
    unlink(log_path_.c_str());
    throw VideoError("VideoWriter: pipe2 failed: " + ErrnoText(err));
  }

  const std::string size = std::to_string(width) + "x" + std::to_string(height);
  const std::string rate = FormatFps(fps);
  std::vector<std::string> args = {"ffmpeg",  "-hide_banner", "-nostdin", "-nostats",
                                   "-loglevel", "error",      "-y",       "-f",
                                   "rawvideo", "-pix_fmt",    "rgb24",    "-s",
                                   size,       "-r",          rate,       "-i",
                                   "-",        "-c:v",        "libx264",  "-pix_fmt",
                                   "yuv420p",  "-preset",     "veryfast", path};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[0], STDIN_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, log_fd, STDERR_FILENO);
  // The child starts with no blocked signals and SIGPIPE at its default action, whatever the
  // calling thread has.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t empty_set;
  sigemptyset(&empty_set);
  sigset_t default_set;
  sigemptyset(&default_set);
  sigaddset(&default_set, SIGPIPE);
  posix_spawnattr_setsigmask(&attr, &empty_set);
  posix_spawnattr_setsigdefault(&attr, &default_set);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  pid_t pid = -1;
  const int err = posix_spawnp(&pid, "ffmpeg", &actions, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  close(fds[0]);
  close(log_fd);
  if (err != 0) {
    close(fds[1]);
    unlink(log_path_.c_str());
    if (err == ENOENT) {
      throw VideoError("VideoWriter: ffmpeg not found on PATH (install the ffmpeg package)");
    }
    throw VideoError("VideoWriter: cannot start ffmpeg: " + ErrnoText(err));
  }
  pid_ = pid;
  pipe_fd_ = fds[1];
}

VideoWriter::~VideoWriter() {
  if (!closed_) {
    closed_ = true;
    Finish();
  }
}

void VideoWriter::AddFrame(const unsigned char* rgb) {
  if (closed_) throw VideoError("VideoWriter::AddFrame: writer for " + path_ + " is closed");
  if (!failure_.empty()) throw VideoError(failure_);
  if (rgb == nullptr) throw VideoError("VideoWriter::AddFrame: frame is null");
  const size_t size = static_cast<size_t>(width_) * height_ * 3;
  const int err = WriteAllNoSigpipe(pipe_fd_, rgb, size);
  if (err != 0) {
    const std::string why = Finish();
    if (err == EPIPE) {
      failure_ = "ffmpeg exited early: " + (why.empty() ? std::string("exit status 0") : why) +
                 " (writing " + path_ + ")";
    } else {
      failure_ = "VideoWriter::AddFrame: write to ffmpeg failed: " + ErrnoText(err) +
                 (why.empty() ? "" : "; ffmpeg: " + why);
    }
    throw VideoError(failure_);
  }
  ++frame_count_;
}

void VideoWriter::Close() {
  if (closed_) return;
  closed_ = true;
  if (!failure_.empty()) throw VideoError(failure_);
  const std::string why = Finish();
  if (!why.empty()) {
    throw VideoError("ffmpeg failed writing " + path_ + ": " + why);
  }
}

std::string VideoWriter::ReadLog() const {
  std::ifstream in(log_path_, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string log = buffer.str();
  while (!log.empty() && (log.back() == '\n' || log.back() == '\r' || log.back() == ' ')) {
    log.pop_back();
  }
  constexpr size_t kMaxLog = 2000;
  if (log.size() > kMaxLog) log = "..." + log.substr(log.size() - kMaxLog);
  return log;
}

std::string VideoWriter::Finish() {
  if (pipe_fd_ >= 0) {
    close(pipe_fd_);
    pipe_fd_ = -1;
  }
  std::string message;
  if (pid_ > 0) {
    int status = 0;
    pid_t r;
    do {
      r = waitpid(pid_, &status, 0);
    } while (r < 0 && errno == EINTR);
    if (r < 0) {
      message = "waitpid failed: " + ErrnoText(errno);
    } else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
      message = "exit status " + std::to_string(WEXITSTATUS(status));
    } else if (WIFSIGNALED(status)) {
      message = "killed by signal " + std::to_string(WTERMSIG(status));
    }
    pid_ = -1;
  }
  if (!log_path_.empty()) {
    if (!message.empty()) {
      const std::string log = ReadLog();
      if (!log.empty()) message += ": " + log;
    }
    unlink(log_path_.c_str());
    log_path_.clear();
  }
  return message;
}

}  // namespace stuntsim
