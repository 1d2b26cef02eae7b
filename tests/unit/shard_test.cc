// --shard: parsing I/N and the CI environments, and that shards partition a suite stably.

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include <gtest/gtest.h>

#include "stuntsim/sim/errors.h"
#include "stuntsim/sim/shard.h"

namespace stuntsim {
namespace {

EnvLookup Env(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    const auto it = vars.find(name);
    return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
}

std::string ErrorOf(const std::string& text, const EnvLookup& env = Env({})) {
  try {
    ParseShard(text, env);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(ShardTest, ParsesIndexSlashCount) {
  const Shard s = ParseShard("1/4", Env({}));
  EXPECT_EQ(s.index, 1);
  EXPECT_EQ(s.count, 4);
  EXPECT_EQ(ParseShard("0/1", Env({})).count, 1);
  for (const char* bad : {"4/4", "-1/4", "a/b", "1/0", "1", "", "1/4/2", " 1/4", "1/+4"}) {
    SCOPED_TRACE(bad);
    EXPECT_NE(ErrorOf(bad).find("--shard"), std::string::npos) << ErrorOf(bad);
  }
  EXPECT_NE(ErrorOf("4/4").find("shard index 4 is outside 0..3"), std::string::npos) << ErrorOf("4/4");
}

TEST(ShardTest, AutoFromSlurmArray) {
  // sbatch --array=3-6: task 5 is the third of four.
  const Shard s = ParseShard("auto", Env({{"SLURM_ARRAY_TASK_ID", "5"}, {"SLURM_ARRAY_TASK_MIN", "3"},
                                          {"SLURM_ARRAY_TASK_COUNT", "4"}, {"CI_NODE_INDEX", "1"},
                                          {"CI_NODE_TOTAL", "9"}}));
  EXPECT_EQ(s.index, 2);
  EXPECT_EQ(s.count, 4);
  EXPECT_NE(s.source.find("SLURM_ARRAY_TASK_ID=5"), std::string::npos) << s.source;
  EXPECT_EQ(ParseShard("auto", Env({{"SLURM_ARRAY_TASK_ID", "0"}, {"SLURM_ARRAY_TASK_COUNT", "2"}})).index, 0);
  EXPECT_NE(ErrorOf("auto", Env({{"SLURM_ARRAY_TASK_ID", "0"}, {"SLURM_ARRAY_TASK_COUNT", "4"},
                                 {"SLURM_ARRAY_TASK_STEP", "2"}}))
                .find("step 1"),
            std::string::npos);
  EXPECT_NE(ErrorOf("auto", Env({{"SLURM_ARRAY_TASK_ID", "3"}})).find("SLURM_ARRAY_TASK_COUNT is not set"),
            std::string::npos);
  EXPECT_NE(ErrorOf("auto", Env({{"SLURM_ARRAY_TASK_ID", "x"}, {"SLURM_ARRAY_TASK_COUNT", "4"}}))
                .find("SLURM_ARRAY_TASK_ID=x: expected a non-negative integer"),
            std::string::npos);
}

TEST(ShardTest, AutoFromKubernetesIndexedJob) {
  const Shard s = ParseShard("auto", Env({{"JOB_COMPLETION_INDEX", "2"}, {"STUNTSIM_SHARD_COUNT", "3"}}));
  EXPECT_EQ(s.index, 2);
  EXPECT_EQ(s.count, 3);
  EXPECT_NE(ErrorOf("auto", Env({{"JOB_COMPLETION_INDEX", "2"}})).find("STUNTSIM_SHARD_COUNT is not set"),
            std::string::npos);
  EXPECT_NE(ErrorOf("auto", Env({{"JOB_COMPLETION_INDEX", "3"}, {"STUNTSIM_SHARD_COUNT", "3"}})).find("outside 0..2"),
            std::string::npos);
}

TEST(ShardTest, AutoFromGitLabIsOneBased) {
  const Shard first = ParseShard("auto", Env({{"CI_NODE_INDEX", "1"}, {"CI_NODE_TOTAL", "2"}}));
  EXPECT_EQ(first.index, 0);
  EXPECT_EQ(first.count, 2);
  EXPECT_EQ(ParseShard("auto", Env({{"CI_NODE_INDEX", "2"}, {"CI_NODE_TOTAL", "2"}})).index, 1);
  EXPECT_NE(ErrorOf("auto", Env({{"CI_NODE_INDEX", "0"}, {"CI_NODE_TOTAL", "2"}})).find("outside"), std::string::npos);
}

TEST(ShardTest, AutoFromGenericVariablesAndNothing) {
  const Shard s = ParseShard("auto", Env({{"STUNTSIM_SHARD_INDEX", "1"}, {"STUNTSIM_SHARD_COUNT", "5"}}));
  EXPECT_EQ(s.index, 1);
  EXPECT_EQ(s.count, 5);
  EXPECT_NE(ErrorOf("auto").find("no shard found in the environment"), std::string::npos);
}

TEST(ShardTest, SortedIndexModuloCount) {
  const std::vector<std::string> names = {"e", "a", "d", "b", "c"};
  const Shard zero{0, 2, ""}, one{1, 2, ""};
  // Sorted: a b c d e -> shard 0 gets a c e, shard 1 gets b d (indices into `names`).
  EXPECT_EQ(ShardIndices(names, zero), (std::vector<size_t>{1, 4, 0}));
  EXPECT_EQ(ShardIndices(names, one), (std::vector<size_t>{3, 2}));
}

TEST(ShardTest, ShardsPartitionTheSuiteWhateverTheOrder) {
  std::vector<std::string> names;
  for (int i = 0; i < 23; ++i) names.push_back("scenario_" + std::to_string(i * 7919 % 101));
  std::mt19937 rng(42);
  for (int count = 1; count <= 9; ++count) {
    SCOPED_TRACE("count " + std::to_string(count));
    std::vector<int> owner(names.size(), -1);
    size_t smallest = names.size(), largest = 0;
    for (int index = 0; index < count; ++index) {
      const std::vector<size_t> shard = ShardIndices(names, Shard{index, count, ""});
      smallest = std::min(smallest, shard.size());
      largest = std::max(largest, shard.size());
      for (size_t i : shard) {
        EXPECT_EQ(owner[i], -1) << names[i] << " is in two shards";
        owner[i] = index;
      }
      // The same names in another order give the same shard.
      std::vector<std::string> shuffled = names;
      std::shuffle(shuffled.begin(), shuffled.end(), rng);
      std::set<std::string> a, b;
      for (size_t i : shard) a.insert(names[i]);
      for (size_t i : ShardIndices(shuffled, Shard{index, count, ""})) b.insert(shuffled[i]);
      EXPECT_EQ(a, b);
    }
    EXPECT_EQ(std::count(owner.begin(), owner.end(), -1), 0) << "a scenario is in no shard";
    EXPECT_LE(largest - smallest, 1u);
  }
}

}  // namespace
}  // namespace stuntsim
