// Interposes malloc in the test executable that links this file (glibc only) and forwards to
// glibc's own; a sanitizer runtime already interposes malloc, so counting is off there.
#include "allocation_counter.h"

#include <atomic>
#include <cstddef>

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer) || __has_feature(thread_sanitizer)
#define STUNTSIM_SANITIZED 1
#endif
#endif
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__) && \
    !defined(STUNTSIM_SANITIZED)
#define STUNTSIM_COUNT_MALLOC 1
#endif

namespace {
std::atomic<bool> g_counting{false};
std::atomic<long> g_count{0};
}  // namespace

#ifdef STUNTSIM_COUNT_MALLOC
extern "C" void* __libc_malloc(size_t size);
extern "C" void* malloc(size_t size) {
  if (g_counting.load(std::memory_order_relaxed)) g_count.fetch_add(1, std::memory_order_relaxed);
  return __libc_malloc(size);
}
#endif

namespace stuntsim::testing {

bool CanCountAllocations() {
#ifdef STUNTSIM_COUNT_MALLOC
  return true;
#else
  return false;
#endif
}

void StartCountingAllocations() {
  g_count = 0;
  g_counting = true;
}

long StopCountingAllocations() {
  g_counting = false;
  return g_count.load();
}

}  // namespace stuntsim::testing
