#include "stuntsim/sim/scenario_suite.h"

#include <fnmatch.h>
#include <glob.h>

#include <algorithm>
#include <filesystem>

#include "stuntsim/sim/errors.h"

namespace fs = std::filesystem;

namespace stuntsim {
namespace {

std::vector<std::string> Glob(const std::string& pattern) {
  std::vector<std::string> out;
  glob_t g{};
  if (glob(pattern.c_str(), 0, nullptr, &g) == 0) {
    for (size_t i = 0; i < g.gl_pathc; ++i) out.emplace_back(g.gl_pathv[i]);
  }
  globfree(&g);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

std::vector<std::string> ExpandScenarioPaths(const std::vector<std::string>& args) {
  std::vector<std::string> files;
  for (const std::string& arg : args) {
    if (fs::is_directory(arg)) {
      std::vector<std::string> found;
      for (const auto& entry : fs::directory_iterator(arg)) {
        if (entry.is_regular_file() && entry.path().extension() == ".toml") found.push_back(entry.path().string());
      }
      if (found.empty()) throw InputError(arg + ": no *.toml scenario files in this folder");
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(arg)) {
      files.push_back(arg);
    } else if (arg.find_first_of("*?[") != std::string::npos) {
      const std::vector<std::string> found = Glob(arg);
      if (found.empty()) throw InputError(arg + ": the pattern matches no file");
      files.insert(files.end(), found.begin(), found.end());
    } else {
      throw InputError(arg + ": file not found");
    }
  }
  // A file named twice (directly and through its folder) runs once.
  std::vector<std::string> unique;
  std::vector<fs::path> seen;
  for (const std::string& file : files) {
    std::error_code ec;
    const fs::path canonical = fs::weakly_canonical(file, ec);
    if (std::find(seen.begin(), seen.end(), canonical) != seen.end()) continue;
    seen.push_back(canonical);
    unique.push_back(file);
  }
  return unique;
}

std::vector<Scenario> LoadScenarios(const std::vector<std::string>& files) {
  std::vector<Scenario> scenarios;
  for (const std::string& file : files) scenarios.push_back(LoadScenario(file));
  std::stable_sort(scenarios.begin(), scenarios.end(),
                   [](const Scenario& a, const Scenario& b) { return a.name < b.name; });
  for (size_t i = 1; i < scenarios.size(); ++i) {
    if (scenarios[i].name == scenarios[i - 1].name) {
      throw InputError(scenarios[i].file + ": name: scenario name '" + scenarios[i].name + "' is also used by " +
                       scenarios[i - 1].file + " (names must be unique)");
    }
  }
  return scenarios;
}

std::vector<Scenario> FilterScenarios(std::vector<Scenario> scenarios, const std::vector<std::string>& patterns) {
  if (patterns.empty()) return scenarios;
  std::vector<bool> used(patterns.size(), false);
  std::vector<Scenario> kept;
  for (Scenario& s : scenarios) {
    bool keep = false;
    for (size_t p = 0; p < patterns.size(); ++p) {
      if (patterns[p] == s.name || fnmatch(patterns[p].c_str(), s.name.c_str(), 0) == 0) keep = used[p] = true;
    }
    if (keep) kept.push_back(std::move(s));
  }
  for (size_t p = 0; p < patterns.size(); ++p) {
    if (!used[p]) throw InputError("--only " + patterns[p] + ": no scenario has this name");
  }
  return kept;
}

}  // namespace stuntsim
