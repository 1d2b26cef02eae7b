#include "stuntsim/sim/assets.h"

#include <dlfcn.h>

#include <algorithm>
#include <cstdlib>
#include <system_error>

#include "stuntsim/sim/errors.h"

namespace fs = std::filesystem;

namespace stuntsim {
namespace {

// Folder of the shared library (or executable) this function was linked into.
fs::path LibraryDir() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&LibraryDir), &info) == 0 || !info.dli_fname) return {};
  std::error_code ec;
  const fs::path path = fs::canonical(info.dli_fname, ec);
  return ec ? fs::path() : path.parent_path();
}

}  // namespace

fs::path AssetRoot() {
  if (const char* env = std::getenv("STUNTSIM_ASSETS"); env && *env) {
    if (!fs::is_directory(env)) {
      throw InputError(std::string("STUNTSIM_ASSETS=") + env + " is not a directory");
    }
    return env;
  }
  // Installed layout: <prefix>/lib/libstuntsim_sim.so and <prefix>/share/stuntsim/assets.
  const fs::path installed = LibraryDir() / ".." / "share" / "stuntsim" / "assets";
  if (fs::is_directory(installed / "robots")) return fs::canonical(installed);
  const fs::path source = STUNTSIM_SOURCE_ASSETS;  // compile definition: the source tree
  if (fs::is_directory(source / "robots")) return source;
  throw InputError("cannot find the StuntSim assets folder (set STUNTSIM_ASSETS)");
}

std::vector<std::string> ListRobots() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(AssetRoot() / "robots")) {
    if (fs::exists(entry.path() / "robot.toml")) names.push_back(entry.path().filename());
  }
  std::sort(names.begin(), names.end());
  return names;
}

fs::path RobotDescriptionPath(const std::string& robot_name) {
  const fs::path path = AssetRoot() / "robots" / robot_name / "robot.toml";
  std::error_code ec;  // a name the file system rejects (too long, ...) is unknown too
  if (robot_name.empty() || robot_name.find('/') != std::string::npos || !fs::exists(path, ec)) {
    std::string known;
    for (const std::string& n : ListRobots()) known += (known.empty() ? "" : ", ") + n;
    throw InputError("unknown robot '" + robot_name + "' (known: " + known + ")");
  }
  return path;
}

}  // namespace stuntsim
