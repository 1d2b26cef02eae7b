// The allocation counter itself: without this, every "does not allocate" test would pass if
// malloc were not really interposed.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "allocation_counter.h"

namespace stuntsim {
namespace {

TEST(AllocationCounter, CountsHeapAllocationsOnlyWhileCounting) {
  if (!testing::CanCountAllocations()) GTEST_SKIP() << "allocation counting needs glibc without sanitizers";
  testing::StartCountingAllocations();
  auto vec = std::make_unique<std::vector<double>>(1000, 1.0);
  asm volatile("" : : "r"(vec->data()) : "memory");  // keep the allocation from being elided
  const long counted = testing::StopCountingAllocations();
  EXPECT_GE(counted, 2);  // the vector object and its buffer
  vec.reset(new std::vector<double>(10));
  testing::StartCountingAllocations();
  EXPECT_EQ(testing::StopCountingAllocations(), 0);
}

}  // namespace
}  // namespace stuntsim
