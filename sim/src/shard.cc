#include "stuntsim/sim/shard.h"

#include <algorithm>
#include <cstdlib>
#include <numeric>

#include "stuntsim/sim/errors.h"

namespace stuntsim {
namespace {

// A non-negative decimal integer, or nullopt.
std::optional<int> ParseCount(const std::string& text) {
  if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  return std::stoi(text);
}

class EnvReader {
 public:
  explicit EnvReader(const EnvLookup& env) : env_(env) {}

  bool Has(const std::string& name) const { return env_(name).has_value(); }

  int Integer(const std::string& name, std::optional<int> fallback = std::nullopt) {
    const std::optional<std::string> value = env_(name);
    if (!value) {
      if (fallback) return *fallback;
      throw InputError("--shard auto: " + name + " is not set (needed with " + source_ + ")");
    }
    const std::optional<int> n = ParseCount(*value);
    if (!n) throw InputError("--shard auto: " + name + "=" + *value + ": expected a non-negative integer");
    source_ += (source_.empty() ? "" : " ") + name + "=" + *value;
    return *n;
  }

  const std::string& source() const { return source_; }

 private:
  const EnvLookup& env_;
  std::string source_;
};

Shard Checked(int index, int count, const std::string& source) {
  if (count < 1) throw InputError(source + ": expected a shard count of at least 1, got " + std::to_string(count));
  if (index < 0 || index >= count) {
    throw InputError(source + ": shard index " + std::to_string(index) + " is outside 0.." +
                     std::to_string(count - 1) + " (" + std::to_string(count) + " shards)");
  }
  return Shard{index, count, source};
}

Shard AutoShard(const EnvLookup& env) {
  EnvReader r(env);
  if (r.Has("SLURM_ARRAY_TASK_ID")) {
    const int id = r.Integer("SLURM_ARRAY_TASK_ID");
    const int min = r.Integer("SLURM_ARRAY_TASK_MIN", 0);
    const int count = r.Integer("SLURM_ARRAY_TASK_COUNT");
    if (r.Has("SLURM_ARRAY_TASK_STEP") && r.Integer("SLURM_ARRAY_TASK_STEP") != 1) {
      throw InputError("--shard auto: the Slurm array must have step 1 (e.g. --array=0-3), " + r.source());
    }
    return Checked(id - min, count, "--shard auto (" + r.source() + ")");
  }
  if (r.Has("JOB_COMPLETION_INDEX")) {
    const int index = r.Integer("JOB_COMPLETION_INDEX");
    return Checked(index, r.Integer("STUNTSIM_SHARD_COUNT"), "--shard auto (" + r.source() + ")");
  }
  if (r.Has("CI_NODE_INDEX")) {
    const int index = r.Integer("CI_NODE_INDEX") - 1;
    return Checked(index, r.Integer("CI_NODE_TOTAL"), "--shard auto (" + r.source() + ", 1-based)");
  }
  if (r.Has("STUNTSIM_SHARD_INDEX")) {
    const int index = r.Integer("STUNTSIM_SHARD_INDEX");
    return Checked(index, r.Integer("STUNTSIM_SHARD_COUNT"), "--shard auto (" + r.source() + ")");
  }
  throw InputError("--shard auto: no shard found in the environment (looked for SLURM_ARRAY_TASK_ID, "
                   "JOB_COMPLETION_INDEX, CI_NODE_INDEX, STUNTSIM_SHARD_INDEX); give --shard I/N instead");
}

}  // namespace

std::optional<std::string> ProcessEnv(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  return value ? std::optional<std::string>(value) : std::nullopt;
}

Shard ParseShard(const std::string& text, const EnvLookup& env) {
  if (text == "auto") return AutoShard(env);
  const size_t slash = text.find('/');
  const std::optional<int> index = slash == std::string::npos ? std::nullopt : ParseCount(text.substr(0, slash));
  const std::optional<int> count = slash == std::string::npos ? std::nullopt : ParseCount(text.substr(slash + 1));
  if (!index || !count) {
    throw InputError("--shard " + text + ": expected I/N with 0 <= I < N (e.g. 0/4), or auto");
  }
  return Checked(*index, *count, "--shard " + text);
}

std::vector<size_t> ShardIndices(const std::vector<std::string>& names, const Shard& shard) {
  std::vector<size_t> order(names.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&names](size_t a, size_t b) { return names[a] < names[b]; });
  std::vector<size_t> selected;
  for (size_t k = 0; k < order.size(); ++k) {
    if (static_cast<int>(k % shard.count) == shard.index) selected.push_back(order[k]);
  }
  return selected;
}

}  // namespace stuntsim
