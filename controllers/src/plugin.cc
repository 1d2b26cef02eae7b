#include <dlfcn.h>

#include <stdexcept>

#include "stuntsim/controllers/registry.h"

namespace stuntsim {

void LoadControllerPlugin(const std::string& path, ControllerRegistry& registry) {
  // The library stays loaded for the life of the process: its factories live in the registry.
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    throw std::runtime_error("cannot load controller plugin " + path + ": " + dlerror());
  }
  auto entry = reinterpret_cast<RegisterControllersFn>(dlsym(handle, kPluginEntryPoint));
  if (!entry) {
    throw std::runtime_error("controller plugin " + path + " does not export " +
                             kPluginEntryPoint + "()");
  }
  entry(registry);
}

}  // namespace stuntsim
