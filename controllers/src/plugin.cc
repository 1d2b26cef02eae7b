#include <dlfcn.h>

#include <filesystem>
#include <stdexcept>

#include "stuntsim/controllers/registry.h"

namespace stuntsim {

void LoadControllerPlugin(const std::string& path, ControllerRegistry& registry) {
  // The library stays loaded for the life of the process: its factories live in the registry.
  // dlopen reads a name without '/' as a library to search for, never the working directory.
  const bool bare = path.find('/') == std::string::npos;
  const std::string file = bare && std::filesystem::is_regular_file(path) ? "./" + path : path;
  void* handle = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    throw std::runtime_error("cannot load controller plugin " + path + ": " + dlerror());
  }
  auto entry = reinterpret_cast<RegisterControllersFn>(dlsym(handle, kPluginEntryPoint));
  if (!entry) {
    throw std::runtime_error("controller plugin " + path + " does not export " +
                             kPluginEntryPoint + "()");
  }
  entry(registry);
  ++registry.plugins_loaded_;
}

}  // namespace stuntsim
