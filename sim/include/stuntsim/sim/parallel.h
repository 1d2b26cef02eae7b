#pragma once

#include <functional>

namespace stuntsim {

/// Calls task(i) for every i in [0, count) on `jobs` threads (at least 1, at most count), each
/// thread taking the next unclaimed index; returns when all calls have returned. `task` must
/// not throw (catch inside it). With jobs == 1 the calls run in order on the calling thread.
void ParallelFor(int count, int jobs, const std::function<void(int)>& task);

}  // namespace stuntsim
