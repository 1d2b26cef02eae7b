#include "stuntsim/controllers/quadruped/gait_scheduler.h"

#include <algorithm>
#include <cmath>

namespace stuntsim {
namespace {

double Wrap01(double x) { return x - std::floor(x); }

}  // namespace

void GaitScheduler::Reset(const GaitSpec& gait) {
  gait_ = gait;
  period_ = gait.period;
  phase_ = 0;
  for (Leg& leg : legs_) leg = Leg{};
}

void GaitScheduler::Switch(const GaitSpec& gait, double phase) {
  gait_ = gait;
  period_ = gait.period;
  phase_ = phase;
  pending_ = false;
}

void GaitScheduler::SetGait(const GaitSpec& gait) {
  double cost = 0;
  const double phase = FindMatchingPhase(gait, &cost);
  if (gait.duty >= 1.0 || gait_.duty >= 1.0 || cost <= kSwitchCost) {
    Switch(gait, phase);
    return;
  }
  pending_gait_ = gait;
  pending_ = true;
  pending_wait_ = 0;
}

double GaitScheduler::LegPhase(int leg, double phase) const {
  return Wrap01(phase + gait_.offset[leg]);
}

double GaitScheduler::ScheduledSwingLeft(int leg, double phase) const {
  const double p = LegPhase(leg, phase);
  return p < gait_.duty ? 0.0 : (1.0 - p) * period_;
}

double GaitScheduler::FindMatchingPhase(const GaitSpec& gait, double* cost_out) const {
  if (cost_out) *cost_out = 0;
  if (gait.duty >= 1.0) return 0.0;
  constexpr int kCandidates = 200;
  double best_phase = 0, best_cost = 1e300;
  const double swing_time = (1.0 - gait.duty) * gait.period;
  for (int c = 0; c < kCandidates; ++c) {
    const double phase = static_cast<double>(c) / kCandidates;
    double cost = 0;
    for (int l = 0; l < kQuadLegs; ++l) {
      const double p = Wrap01(phase + gait.offset[l]);
      const bool stance = p < gait.duty;
      const double s = stance ? 0.0 : (p - gait.duty) / (1.0 - gait.duty);
      if (!legs_[l].swinging) {
        // A stance leg that should already be part-way through a swing: it starts late or skips.
        cost += stance ? 0.0 : (s <= kLateStart ? s : 1.0);
      } else {
        const double left = legs_[l].swing_duration - legs_[l].swing_elapsed;
        cost += stance ? left / std::max(swing_time, 1e-3) + 0.5
                       : std::abs(left - (1.0 - s) * swing_time) / std::max(swing_time, 1e-3);
      }
    }
    if (cost < best_cost - 1e-9) {
      best_cost = cost;
      best_phase = phase;
    }
  }
  if (cost_out) *cost_out = best_cost;
  return best_phase;
}

void GaitScheduler::Step(double dt, const std::array<bool, kQuadLegs>& contact, double speed) {
  if (pending_) {
    pending_wait_ += dt;
    double cost = 0;
    const double phase = FindMatchingPhase(pending_gait_, &cost);
    if (cost <= kSwitchCost || pending_wait_ >= period_) Switch(pending_gait_, phase);
  }
  double scale = 1.0;
  if (gait_.shorten_per_mps > 0) {
    scale = std::clamp(1.0 - gait_.shorten_per_mps * (speed - 1.0), 0.75, 1.0);
  }
  period_ = gait_.period * scale;
  phase_ = Wrap01(phase_ + dt / period_);
  const double swing_time = this->swing_time();
  for (int l = 0; l < kQuadLegs; ++l) {
    Leg& leg = legs_[l];
    leg.lifted_off = leg.touched_down = false;
    if (leg.swinging) {
      leg.swing_elapsed += dt;
      const double progress = leg.swing_elapsed / leg.swing_duration;
      if (progress >= 1.0 || (progress >= kEarlyTouchdown && contact[l])) {
        leg.swinging = false;
        leg.touched_down = true;
        leg.stance_elapsed = 0;
      }
      continue;
    }
    leg.stance_elapsed += dt;
    if (gait_.duty >= 1.0) continue;
    const double p = LegPhase(l, phase_);
    if (p < gait_.duty) continue;
    const double s = (p - gait_.duty) / (1.0 - gait_.duty);
    const double left = (1.0 - s) * swing_time;
    // Start the scheduled swing unless it is too far along to be worth it (then skip it).
    if (s <= kLateStart && left > 0.5 * swing_time) {
      leg.swinging = true;
      leg.lifted_off = true;
      leg.swing_elapsed = 0;
      leg.swing_duration = left;
    }
  }
}

double GaitScheduler::swing_progress(int leg) const {
  const Leg& l = legs_[leg];
  return l.swinging ? std::clamp(l.swing_elapsed / l.swing_duration, 0.0, 1.0) : 0.0;
}

double GaitScheduler::swing_remaining(int leg) const {
  const Leg& l = legs_[leg];
  return l.swinging ? std::max(l.swing_duration - l.swing_elapsed, 0.0) : 0.0;
}

double GaitScheduler::stance_progress(int leg) const {
  const Leg& l = legs_[leg];
  if (l.swinging) return 0.0;
  if (gait_.duty >= 1.0) return 0.5;
  const double p = LegPhase(leg, phase_);
  // Time to the next scheduled lift-off (a skipped swing counts as part of this stance).
  const double to_liftoff = (p < gait_.duty ? gait_.duty - p : 1.0 - p + gait_.duty) * period_;
  const double total = l.stance_elapsed + to_liftoff;
  return total > 0 ? std::clamp(l.stance_elapsed / total, 0.0, 1.0) : 0.5;
}

bool GaitScheduler::ContactAt(int leg, double t_ahead) const {
  const Leg& l = legs_[leg];
  if (gait_.duty >= 1.0) return !l.swinging || t_ahead >= l.swing_duration - l.swing_elapsed;
  if (l.swinging) {
    const double left = l.swing_duration - l.swing_elapsed;
    if (t_ahead < left) return false;
    // After landing, the schedule resumes; a landing into a scheduled swing stays down until
    // that swing's end (the scheduler does not relaunch a leg late in a swing).
    const double land_phase = phase_ + left / period_;
    if (LegPhase(leg, land_phase) >= gait_.duty) {
      return t_ahead < left + ScheduledSwingLeft(leg, land_phase) ||
             LegPhase(leg, phase_ + t_ahead / period_) < gait_.duty;
    }
    return LegPhase(leg, phase_ + t_ahead / period_) < gait_.duty;
  }
  const double p_now = LegPhase(leg, phase_);
  if (p_now >= gait_.duty) {
    // Stance while the schedule swings: this swing is skipped.
    if (t_ahead < ScheduledSwingLeft(leg, phase_)) return true;
  }
  return LegPhase(leg, phase_ + t_ahead / period_) < gait_.duty;
}

}  // namespace stuntsim
