#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace stuntsim {

/// A slice of a scenario suite for one CI job: shard `index` of `count` (0 <= index < count).
struct Shard {
  int index = 0;
  int count = 1;
  /// Where the numbers came from, for the log ("--shard 1/4", "SLURM_ARRAY_TASK_ID=3 ...").
  std::string source;
};

/// Reads an environment variable; empty optional when unset.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;
/// EnvLookup over the process environment (std::getenv).
std::optional<std::string> ProcessEnv(const std::string& name);

/// Parses "I/N" (0-based I, 0 <= I < N) or "auto". "auto" takes, from the first that is set:
///  1. Slurm job array: index SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN (MIN default 0),
///     count SLURM_ARRAY_TASK_COUNT (the array must have step 1);
///  2. Kubernetes indexed Job: index JOB_COMPLETION_INDEX, count STUNTSIM_SHARD_COUNT (set it
///     to the Job's spec.completions);
///  3. GitLab `parallel:`: index CI_NODE_INDEX - 1 (CI_NODE_INDEX is 1-based), count CI_NODE_TOTAL;
///  4. STUNTSIM_SHARD_INDEX (0-based) and STUNTSIM_SHARD_COUNT (any other CI, e.g. a GitHub
///     Actions matrix).
/// Throws InputError naming the option or variable and what was expected.
Shard ParseShard(const std::string& text, const EnvLookup& env = ProcessEnv);

/// The scenarios of `shard`, as indices into `names` in ascending name order: the names are
/// sorted, and the k-th name (0-based) belongs to shard k mod count. Every name lands in exactly
/// one shard, shard sizes differ by at most one, and the split depends only on the set of names
/// (not on their order). Names must be unique.
std::vector<size_t> ShardIndices(const std::vector<std::string>& names, const Shard& shard);

}  // namespace stuntsim
