#include "stuntsim/sim/trajectory.h"

#include <algorithm>
#include <cmath>

namespace stuntsim {

Trajectory::Trajectory(TrajectoryLayout layout) : layout_(std::move(layout)) {
  const size_t nj = layout_.joints.size();
  layout_.tau_max.resize(nj, 0.0);
  layout_.q_min.resize(nj, -INFINITY);  // not given: unlimited
  layout_.q_max.resize(nj, INFINITY);
  layout_.max_speed.resize(nj, INFINITY);
  stride_ = 3 * layout_.joints.size() + 2 * layout_.feet.size() + layout_.hands.size();
}

void Trajectory::Reserve(size_t rows) {
  samples_.reserve(rows);
  columns_.reserve(rows * stride_);
}

size_t Trajectory::Append(const TrajectorySample& sample) {
  samples_.push_back(sample);
  columns_.resize(columns_.size() + stride_, 0.0);
  return samples_.size() - 1;
}

int Trajectory::BehaviorIndex(const std::string& name) {
  if (name.empty()) return -1;
  const auto it = std::find(behaviors_.begin(), behaviors_.end(), name);
  if (it != behaviors_.end()) return static_cast<int>(it - behaviors_.begin());
  behaviors_.push_back(name);
  return static_cast<int>(behaviors_.size()) - 1;
}

const std::string& Trajectory::BehaviorName(int index) const {
  static const std::string kNone;
  return index >= 0 && index < static_cast<int>(behaviors_.size()) ? behaviors_[index] : kNone;
}

int Trajectory::RefusalIndex(const std::string& text) {
  if (text.empty()) return -1;
  const auto it = std::find(refusals_.begin(), refusals_.end(), text);
  if (it != refusals_.end()) return static_cast<int>(it - refusals_.begin());
  refusals_.push_back(text);
  return static_cast<int>(refusals_.size()) - 1;
}

const std::string& Trajectory::RefusalText(int index) const {
  static const std::string kNone;
  return index >= 0 && index < static_cast<int>(refusals_.size()) ? refusals_[index] : kNone;
}

bool Trajectory::RefusalStarts(size_t row) const {
  const TrajectorySample& s = samples_[row];
  if (s.refusal < 0) return false;
  if (row == 0) return true;
  const TrajectorySample& previous = samples_[row - 1];
  return s.refusal != previous.refusal || s.cmd_behavior != previous.cmd_behavior;
}

std::vector<RefusalEvent> Trajectory::RefusalEvents() const {
  std::vector<RefusalEvent> events;
  for (size_t row = 0; row < samples_.size(); ++row) {
    if (!RefusalStarts(row)) continue;
    const TrajectorySample& s = samples_[row];
    events.push_back({s.time, BehaviorName(s.cmd_behavior), RefusalText(s.refusal)});
  }
  return events;
}

}  // namespace stuntsim
