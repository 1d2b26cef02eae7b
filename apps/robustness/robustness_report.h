#pragma once

#include <string>
#include <vector>

#include "push_search.h"
#include "trials.h"

namespace stuntsim {

/// One push mode's search: its cases (directions x push times).
struct PushModeResult {
  PushMode mode;
  std::vector<PushCase> cases;
};

/// How, where and when the figures were produced.
struct RunInfo {
  std::string command, date_utc, build_type, machine, perturbation;
  int trials = 0, jobs = 1;
  uint64_t first_seed = 1;
  double wall_seconds = 0, sim_seconds = 0;
  int runs = 0;
};

/// The heading of the section this tool owns in docs/robustness.md.
inline constexpr const char* kRobustnessHeading = "## Robustness figures";

/// The "## Robustness figures" section (Markdown, ending with a newline): how it was made, the
/// push table and the success-rate table.
std::string RobustnessSection(const RunInfo& info, const std::vector<PushModeResult>& pushes,
                              const std::vector<TrialSummary>& trials);

/// `document` with the section that starts at the line `heading` (up to the next line starting
/// with "## ", or the end) replaced by `section`; appended when there is no such section. Other
/// sections are kept byte for byte.
std::string ReplaceSection(const std::string& document, const std::string& heading, const std::string& section);

/// Reads `path` (empty when missing), replaces the section and writes it back (through a
/// temporary file and a rename). A missing file starts as "# Robustness". Throws InputError
/// naming the path when it cannot be written.
void UpdateRobustnessFile(const std::string& path, const std::string& section);

}  // namespace stuntsim
