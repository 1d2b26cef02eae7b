#include "stuntsim/controllers/registry.h"

#include <algorithm>
#include <stdexcept>

namespace stuntsim {

void RegisterBuiltinControllers(ControllerRegistry& registry);  // builtin_controllers.cc

bool ControllerEntry::Supports(const std::string& kind) const {
  return robot_kinds.empty() ||
         std::find(robot_kinds.begin(), robot_kinds.end(), kind) != robot_kinds.end();
}

ControllerRegistry& ControllerRegistry::Global() {
  static ControllerRegistry* registry = [] {
    auto* r = new ControllerRegistry;
    RegisterBuiltinControllers(*r);
    return r;
  }();
  return *registry;
}

void ControllerRegistry::Register(ControllerEntry entry) {
  if (entry.name.empty()) throw std::invalid_argument("controller registered without a name");
  if (!entry.factory) {
    throw std::invalid_argument("controller '" + entry.name + "' registered without a factory");
  }
  if (Find(entry.name)) {
    throw std::invalid_argument("controller '" + entry.name + "' is already registered");
  }
  entries_.push_back(std::move(entry));
}

const ControllerEntry* ControllerRegistry::Find(const std::string& name) const {
  for (const ControllerEntry& e : entries_) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

std::unique_ptr<Controller> ControllerRegistry::Create(const std::string& name) const {
  const ControllerEntry* entry = Find(name);
  if (!entry) throw std::invalid_argument(UnknownMessage(name));
  return entry->factory();
}

std::string ControllerRegistry::UnknownMessage(const std::string& name) const {
  std::string known;
  for (const ControllerEntry& e : entries_) known += (known.empty() ? "" : ", ") + e.name;
  std::string message = "unknown controller '" + name + "' (known: " + known + ")";
  if (plugins_loaded_ == 0) message += "; a controller of your own library loads with --plugin <path/to/lib.so>";
  return message;
}

}  // namespace stuntsim
