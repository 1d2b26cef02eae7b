// Counts heap allocations, so tests can check that a real-time path (a QP solve, a controller
// tick) does not allocate once warmed up.
#pragma once

namespace stuntsim::testing {

/// False where malloc cannot be interposed (not glibc, or a sanitizer owns malloc): skip then.
bool CanCountAllocations();

/// Starts counting every malloc (operator new and Eigen's aligned malloc end there too).
void StartCountingAllocations();

/// Stops counting and returns the allocations made since StartCountingAllocations().
long StopCountingAllocations();

}  // namespace stuntsim::testing
