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

}  // namespace stuntsim
