#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace stuntsim::gui_test {

/// Folder for the tests' screenshots, dumps and logs (kept in the build tree).
std::string ArtifactPath(const std::string& name);

/// An Xvfb server on a free display (Xvfb picks it: -displayfd), 1280x720x24, for the whole
/// test program. Empty display() if Xvfb could not start (tests then skip).
class VirtualDisplay {
 public:
  /// The shared server, started on first use.
  static VirtualDisplay& Get();
  ~VirtualDisplay();
  /// ":N", or empty if unavailable; `why_not` says why.
  const std::string& display() const { return display_; }
  const std::string& why_not() const { return why_not_; }

 private:
  VirtualDisplay();
  pid_t pid_ = -1;
  std::string display_, why_not_;
};

/// Result of a finished process.
struct ProcessResult {
  /// Exit status, or -1 if it was killed after the timeout (or by a signal).
  int exit_code = -1;
  bool timed_out = false;
  /// The signal that ended it (0 if it exited; SIGKILL after a timeout).
  int signal = 0;
  /// Wall-clock seconds from start to end.
  double seconds = 0;
  std::string stderr_text;
};

/// A running stuntsim-viewer (or any program), its stderr captured to a file.
class Process {
 public:
  /// Starts `argv` in the artifacts folder with DISPLAY=`display` (unset if empty); stderr goes
  /// to `stderr_file` (stdout too when `merge_stdout`, else to /dev/null). `env` entries
  /// ("NAME=value") are added to the environment, replacing variables of the same name.
  Process(const std::vector<std::string>& argv, const std::string& display, const std::string& stderr_file,
          const std::vector<std::string>& env = {}, bool merge_stdout = false);
  /// Kills the process if it still runs.
  ~Process();
  /// Waits up to `timeout_s`, then kills it.
  ProcessResult Wait(double timeout_s);

 private:
  pid_t pid_ = -1;
  std::string stderr_file_;
  std::chrono::steady_clock::time_point start_;
  std::optional<ProcessResult> result_;
};

/// Runs the viewer with `args` to the end (killed after `timeout_s`).
ProcessResult RunViewer(const std::vector<std::string>& args, const std::string& display, double timeout_s,
                        const std::string& log_name);

/// Runs a shell command line (xdotool ...) with DISPLAY set; returns its exit status.
int RunCommand(const std::string& command, const std::string& display);

/// Reads a JSON file; nullopt if missing or not yet complete.
std::optional<nlohmann::json> ReadJson(const std::string& path);

/// Waits until the viewer's --widget-map file lists `widget`; returns its centre in window
/// pixels, or nullopt after `timeout_s`.
std::optional<std::pair<int, int>> WaitForWidget(const std::string& map_path, const std::string& widget,
                                                  double timeout_s);

/// Clicks window pixel (x, y) of the viewer's window for real (xdotool: move, click).
bool ClickAt(int x, int y, const std::string& display);

/// Writes `text` to artifact `name` and returns its path.
std::string WriteArtifact(const std::string& name, const std::string& text);

/// Path of the viewer executable.
std::string ViewerPath();

}  // namespace stuntsim::gui_test
