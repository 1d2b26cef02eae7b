#pragma once

#include <map>
#include <string>
#include <vector>

#include "stuntsim/controllers/humanoid/motion.h"

namespace stuntsim {

/// The folder of the humanoid's move files: $STUNTSIM_ASSETS/motions when STUNTSIM_ASSETS is set,
/// else the installed share/stuntsim/assets/motions beside this library, else the source tree's
/// assets/motions (the same order as the simulator's AssetRoot()).
std::string DefaultMotionDirectory();

/// The moves in a folder, loaded by name (<folder>/<name>.toml). A sequence (combo) is expanded
/// into one keyframed move by chaining its parts. Load() never throws: a file that does not
/// parse is remembered with its error, which error() returns.
class MotionLibrary {
 public:
  /// Names of the *.toml files in `directory`, sorted (empty if it does not exist).
  static std::vector<std::string> ListNames(const std::string& directory);

  /// Loads every move in `directory`; replaces what was loaded before.
  void LoadAll(const std::string& directory);
  /// The move called `name`, or nullptr (then error(name) says why).
  const Motion* Find(const std::string& name) const;
  /// Why `name` could not be loaded ("<file>:<line>: <field>: ..."), or "no such move ...".
  std::string error(const std::string& name) const;
  const std::string& directory() const { return directory_; }

 private:
  // Expands sequences; `depth` guards against cycles.
  void Expand(const std::string& name, int depth);

  std::string directory_;
  std::map<std::string, Motion> motions_;
  std::map<std::string, std::string> errors_;
};

}  // namespace stuntsim
