#include "gui_harness.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace stuntsim::gui_test {
namespace {

using Clock = std::chrono::steady_clock;

std::vector<char*> Argv(std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  return argv;
}

// The environment with DISPLAY replaced (removed when `display` is empty) and `extra`
// ("NAME=value") replacing or adding variables.
std::vector<std::string> Environment(const std::string& display, const std::vector<std::string>& extra) {
  std::vector<std::string> replaced = extra;
  replaced.push_back("DISPLAY=");
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry = *e;
    bool keep = true;
    for (const std::string& r : replaced) keep = keep && entry.rfind(r.substr(0, r.find('=') + 1), 0) != 0;
    if (keep) env.push_back(entry);
  }
  if (!display.empty()) env.push_back("DISPLAY=" + display);
  env.insert(env.end(), extra.begin(), extra.end());
  return env;
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

std::string ArtifactPath(const std::string& name) {
  std::filesystem::create_directories(STUNTSIM_GUI_ARTIFACTS);
  return std::string(STUNTSIM_GUI_ARTIFACTS) + "/" + name;
}

std::string ViewerPath() { return STUNTSIM_VIEWER_EXE; }

VirtualDisplay& VirtualDisplay::Get() {
  static VirtualDisplay display;
  return display;
}

VirtualDisplay::VirtualDisplay() {
  int fds[2];
  if (pipe(fds) != 0) {
    why_not_ = "pipe failed";
    return;
  }
  std::vector<std::string> args = {"Xvfb", "-displayfd", std::to_string(fds[1]), "-screen", "0", "1280x720x24",
                                   "-nolisten", "tcp"};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  std::vector<char*> argv = Argv(args);
  const int err = posix_spawnp(&pid_, "Xvfb", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  if (err != 0) {
    close(fds[0]);
    pid_ = -1;
    why_not_ = "Xvfb is not installed (apt-get install xvfb)";
    return;
  }
  // Xvfb writes the display number and a newline when it is ready; wait up to 10 s.
  std::string number;
  const Clock::time_point deadline = Clock::now() + std::chrono::seconds(10);
  fcntl(fds[0], F_SETFL, O_NONBLOCK);
  while (Clock::now() < deadline) {
    char c;
    const ssize_t n = read(fds[0], &c, 1);
    if (n == 1) {
      if (c == '\n') break;
      number += c;
    } else if (n == 0) {
      break;
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  close(fds[0]);
  if (number.empty()) {
    why_not_ = "Xvfb did not start";
    return;
  }
  display_ = ":" + number;
}

VirtualDisplay::~VirtualDisplay() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
}

Process::Process(const std::vector<std::string>& argv_in, const std::string& display, const std::string& stderr_file,
                 const std::vector<std::string>& extra_env, bool merge_stdout)
    : stderr_file_(stderr_file), start_(std::chrono::steady_clock::now()) {
  std::vector<std::string> args = argv_in;
  std::vector<std::string> env_strings = Environment(display, extra_env);
  std::vector<char*> env = Argv(env_strings);
  std::vector<char*> argv = Argv(args);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, stderr_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (merge_stdout) {
    posix_spawn_file_actions_adddup2(&actions, STDERR_FILENO, STDOUT_FILENO);
  } else {
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  }
  // Run in the artifacts folder, so files the viewer names itself (F12 screenshots) land there.
  const std::string folder = std::filesystem::path(ArtifactPath("x")).parent_path().string();
  posix_spawn_file_actions_addchdir_np(&actions, folder.c_str());
  if (posix_spawnp(&pid_, argv[0], &actions, nullptr, argv.data(), env.data()) != 0) pid_ = -1;
  posix_spawn_file_actions_destroy(&actions);
}

Process::~Process() {
  if (!result_ && pid_ > 0) Wait(0);
}

ProcessResult Process::Wait(double timeout_s) {
  if (result_) return *result_;
  ProcessResult r;
  if (pid_ <= 0) {
    r.stderr_text = "could not start the process";
    result_ = r;
    return r;
  }
  const Clock::time_point deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(timeout_s));
  int status = 0;
  for (;;) {
    const pid_t done = waitpid(pid_, &status, WNOHANG);
    if (done == pid_) break;
    if (Clock::now() >= deadline) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      r.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  r.exit_code = !r.timed_out && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  r.seconds = std::chrono::duration<double>(Clock::now() - start_).count();
  r.stderr_text = ReadText(stderr_file_);
  result_ = r;
  return r;
}

ProcessResult RunViewer(const std::vector<std::string>& args, const std::string& display, double timeout_s,
                        const std::string& log_name) {
  std::vector<std::string> argv = {ViewerPath()};
  argv.insert(argv.end(), args.begin(), args.end());
  Process p(argv, display, ArtifactPath(log_name));
  return p.Wait(timeout_s);
}

int RunCommand(const std::string& command, const std::string& display) {
  const std::string line = "DISPLAY=" + display + " " + command + " >/dev/null 2>&1";
  const int status = std::system(line.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::optional<nlohmann::json> ReadJson(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  try {
    return nlohmann::json::parse(in);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::optional<std::pair<int, int>> WaitForWidget(const std::string& map_path, const std::string& widget,
                                                  double timeout_s) {
  const Clock::time_point deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(timeout_s));
  while (Clock::now() < deadline) {
    if (std::optional<nlohmann::json> map = ReadJson(map_path)) {
      const nlohmann::json& widgets = (*map)["widgets"];
      if (widgets.contains(widget)) {
        const auto r = widgets[widget].get<std::vector<double>>();
        return std::make_pair(static_cast<int>((r[0] + r[2]) / 2), static_cast<int>((r[1] + r[3]) / 2));
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return std::nullopt;
}

bool ClickAt(int x, int y, const std::string& display) {
  // Move relative to the viewer's window (found by its title), press, hold a moment, release.
  const std::string move = "xdotool search --name '^StuntSim$' mousemove --window %1 --sync " + std::to_string(x) +
                           " " + std::to_string(y);
  if (RunCommand(move, display) != 0 || RunCommand("xdotool mousedown 1", display) != 0) return false;
  std::this_thread::sleep_for(std::chrono::milliseconds(80));
  return RunCommand("xdotool mouseup 1", display) == 0;
}

std::string WriteArtifact(const std::string& name, const std::string& text) {
  const std::string path = ArtifactPath(name);
  std::ofstream(path) << text;
  return path;
}

}  // namespace stuntsim::gui_test
