#include "stuntsim/sim/parallel.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace stuntsim {

void ParallelFor(int count, int jobs, const std::function<void(int)>& task) {
  jobs = std::clamp(jobs, 1, std::max(count, 1));
  if (jobs == 1) {
    for (int i = 0; i < count; ++i) task(i);
    return;
  }
  std::atomic<int> next{0};
  std::vector<std::thread> threads;
  threads.reserve(jobs);
  for (int t = 0; t < jobs; ++t) {
    threads.emplace_back([&] {
      for (int i = next++; i < count; i = next++) task(i);
    });
  }
  for (std::thread& t : threads) t.join();
}

}  // namespace stuntsim
