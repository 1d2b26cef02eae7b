#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace stuntsim {

/// The assets folder: $STUNTSIM_ASSETS if set, else the installed share/stuntsim/assets beside
/// the executable's prefix, else the source tree's assets/. Throws InputError if none exists.
std::filesystem::path AssetRoot();

/// assets/robots/<name>/robot.toml; throws InputError listing the known robots if missing.
std::filesystem::path RobotDescriptionPath(const std::string& robot_name);

/// Names of the robots under assets/robots, sorted.
std::vector<std::string> ListRobots();

}  // namespace stuntsim
