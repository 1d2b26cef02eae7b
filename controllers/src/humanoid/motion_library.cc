#include "stuntsim/controllers/humanoid/motion_library.h"

#include <dlfcn.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace fs = std::filesystem;

namespace stuntsim {
namespace {

// Folder of the shared library this function is linked into.
fs::path LibraryDir() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&LibraryDir), &info) == 0 || !info.dli_fname) return {};
  std::error_code ec;
  const fs::path path = fs::canonical(info.dli_fname, ec);
  return ec ? fs::path() : path.parent_path();
}

// Sequences nest at most this deep.
constexpr int kMaxDepth = 4;

}  // namespace

std::string DefaultMotionDirectory() {
  if (const char* env = std::getenv("STUNTSIM_ASSETS"); env && *env)
    return (fs::path(env) / "motions").string();
  const fs::path installed = LibraryDir() / ".." / "share" / "stuntsim" / "assets" / "motions";
  if (fs::is_directory(installed)) return fs::canonical(installed).string();
  return (fs::path(STUNTSIM_SOURCE_ASSETS) / "motions").string();
}

std::vector<std::string> MotionLibrary::ListNames(const std::string& directory) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(directory, ec)) {
    if (entry.path().extension() == ".toml") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

void MotionLibrary::LoadAll(const std::string& directory) {
  directory_ = directory;
  motions_.clear();
  errors_.clear();
  for (const std::string& name : ListNames(directory)) {
    try {
      motions_[name] = LoadMotionFile((fs::path(directory) / (name + ".toml")).string());
    } catch (const MotionError& e) {
      errors_[name] = e.what();
    }
  }
  std::vector<std::string> names;
  for (const auto& [name, motion] : motions_) names.push_back(name);
  for (const std::string& name : names) Expand(name, 0);
}

void MotionLibrary::Expand(const std::string& name, int depth) {
  auto it = motions_.find(name);
  if (it == motions_.end() || it->second.sequence.empty() || !it->second.keys.empty()) return;
  Motion& combo = it->second;
  if (depth > kMaxDepth) {
    errors_[name] =
        combo.source + ": sequence: nested deeper than " + std::to_string(kMaxDepth) + " (a cycle?)";
    motions_.erase(it);
    return;
  }
  std::vector<MotionKey> keys;
  double offset = 0;
  for (const std::string& part : combo.sequence) {
    Expand(part, depth + 1);
    const Motion* motion = Find(part);
    if (motion == nullptr) {
      errors_[name] = combo.source + ": sequence: move '" + part + "' is not available (" + error(part) + ")";
      motions_.erase(name);
      return;
    }
    for (MotionKey key : motion->keys) {
      key.time += offset;
      keys.push_back(key);
    }
    offset += motion->duration;
  }
  Motion& expanded = motions_[name];
  expanded.keys = std::move(keys);
  expanded.duration = offset;
}

const Motion* MotionLibrary::Find(const std::string& name) const {
  auto it = motions_.find(name);
  if (it == motions_.end() || (!it->second.sequence.empty() && it->second.keys.empty())) return nullptr;
  return &it->second;
}

std::string MotionLibrary::error(const std::string& name) const {
  auto it = errors_.find(name);
  if (it != errors_.end()) return it->second;
  return "no move '" + name + "' in " + directory_;
}

}  // namespace stuntsim
