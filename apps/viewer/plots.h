#pragma once

#include <deque>
#include <string>
#include <vector>

#include "sim_link.h"

namespace stuntsim {

/// The live plots: the last few seconds of PlotSamples drawn with ImGui's PlotLines and draw
/// list (ImPlot is not packaged for Debian 12). Main thread only.
class Plots {
 public:
  /// Seconds of history kept and shown.
  static constexpr double kHistorySeconds = 8.0;

  /// Forgets the history (after a reset or reload).
  void Clear() { samples_.clear(); }
  /// Appends new samples; a sample older than the newest (a reset) clears the history first.
  void Append(const std::vector<PlotSample>& samples);

  /// Draws the plots into the current ImGui window, `width` pixels wide. `foot_names` label the
  /// gait diagram's rows; `torque_share` (per joint, 0..1) feeds the torque bars.
  void Draw(float width, const std::vector<std::string>& foot_names, const std::vector<float>& torque_share) const;

 private:
  std::deque<PlotSample> samples_;
};

}  // namespace stuntsim
