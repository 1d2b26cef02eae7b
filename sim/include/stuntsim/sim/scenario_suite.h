#pragma once

#include <string>
#include <vector>

#include "stuntsim/sim/scenario.h"

namespace stuntsim {

/// Scenario files named by command-line arguments: a file as given; a directory gives its
/// *.toml files; a glob pattern (quoted, so the shell left it alone) gives its matches.
/// Directory and glob matches are sorted; a file named twice is kept once (the first time).
/// Throws InputError for an argument that names nothing.
std::vector<std::string> ExpandScenarioPaths(const std::vector<std::string>& args);

/// Loads every file (LoadScenario) and sorts the scenarios by name. Throws the first file's
/// InputError, or an InputError naming both files when two scenarios share a name.
std::vector<Scenario> LoadScenarios(const std::vector<std::string>& files);

/// Keeps the scenarios whose name equals, or matches as a glob (fnmatch), one of `patterns`;
/// all of them when `patterns` is empty. Throws InputError for a pattern that matches none.
std::vector<Scenario> FilterScenarios(std::vector<Scenario> scenarios, const std::vector<std::string>& patterns);

}  // namespace stuntsim
