#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "stuntsim/controllers/controller.h"

namespace stuntsim {

/// How to make a controller, and what it offers.
struct ControllerEntry {
  /// Unique name used by --controller and the viewer.
  std::string name;
  /// One line for listings.
  std::string description;
  /// Robot kinds it drives ("quadruped", "humanoid", "wheel_legged"); empty means any.
  std::vector<std::string> robot_kinds;
  /// Behaviour names it accepts in OperatorCommand::behavior.
  std::vector<std::string> behaviors;
  /// Makes a fresh controller.
  std::function<std::unique_ptr<Controller>()> factory;

  /// True when this controller can drive a robot of `kind`.
  bool Supports(const std::string& kind) const;
};

/// Name -> controller factory. The built-in controllers are registered on first use; plugins
/// add theirs through LoadControllerPlugin().
class ControllerRegistry {
 public:
  /// The process-wide registry, with the built-in controllers.
  static ControllerRegistry& Global();

  /// Adds an entry; throws std::invalid_argument if the name is taken or empty.
  void Register(ControllerEntry entry);
  /// The entry called `name`, or nullptr.
  const ControllerEntry* Find(const std::string& name) const;
  /// Creates `name`; throws std::invalid_argument with UnknownMessage(name) if it is unknown.
  std::unique_ptr<Controller> Create(const std::string& name) const;
  /// "unknown controller '<name>' (known: ...)", plus a hint at --plugin while no plugin has
  /// been loaded into this registry (a user's own controller lives in their library).
  std::string UnknownMessage(const std::string& name) const;
  /// Plugins loaded into this registry by LoadControllerPlugin.
  int plugins_loaded() const { return plugins_loaded_; }
  /// All entries in registration order.
  const std::vector<ControllerEntry>& entries() const { return entries_; }

 private:
  friend void LoadControllerPlugin(const std::string& path, ControllerRegistry& registry);
  std::vector<ControllerEntry> entries_;
  int plugins_loaded_ = 0;
};

/// Entry point a plugin shared library exports (extern "C").
using RegisterControllersFn = void (*)(ControllerRegistry&);
/// Symbol name of that entry point.
inline constexpr const char* kPluginEntryPoint = "stuntsim_register_controllers";

/// Loads a shared library and calls its stuntsim_register_controllers(registry); a bare file
/// name that exists in the working directory is loaded from there (the dynamic loader alone
/// would search only the library path). Throws std::runtime_error naming the file and the
/// loader's message on failure.
void LoadControllerPlugin(const std::string& path, ControllerRegistry& registry);

}  // namespace stuntsim
