#pragma once

#include <array>

#include "stuntsim/controllers/quadruped/gait.h"

namespace stuntsim {

/// Runs a GaitSpec in time and decides, per leg, stance or swing.
///
/// The gait gives a desired pattern from one global phase; each leg follows it with its own
/// state so that a swing, once started, always finishes (over the duration it started with),
/// even across a gait switch. A switch picks the new gait's phase that best matches what the
/// legs are doing (FindMatchingPhase), so switching while moving needs no stop; it waits (at
/// most one period of the old gait) for a moment when that match is good, typically just
/// after a touch-down when every foot is down. A swing foot that touches the ground in the
/// second half of its swing lands early.
class GaitScheduler {
 public:
  /// Swing phase (0..1) past which a leg that should already be swinging skips that swing.
  static constexpr double kLateStart = 0.3;
  /// Swing progress (0..1) after which a contact ends the swing early.
  static constexpr double kEarlyTouchdown = 0.6;

  /// Starts `gait` at phase 0 with every foot in stance.
  void Reset(const GaitSpec& gait);
  /// Switches to `gait` at the phase that best matches the legs' current states, now if the
  /// match is good (cost <= kSwitchCost) or the new gait is standing, else at the first good
  /// moment within one period of the current gait.
  void SetGait(const GaitSpec& gait);
  /// Match cost (see FindMatchingPhase) below which a switch happens at once.
  static constexpr double kSwitchCost = 0.25;
  /// True while a requested switch waits for a good moment.
  bool switch_pending() const { return pending_; }
  /// Advances by `dt` (s). `contact` (per leg) ends swings early; `speed` (m/s, >= 0) sets the
  /// period for gaits that shorten with speed.
  void Step(double dt, const std::array<bool, kQuadLegs>& contact, double speed);

  /// The gait running now.
  const GaitSpec& gait() const { return gait_; }
  /// Global phase of the gait, 0..1.
  double phase() const { return phase_; }
  /// Period in use now (the gait's, shortened with speed), s.
  double period() const { return period_; }
  /// Nominal stance and swing durations at the current period, s.
  double stance_time() const { return gait_.duty * period_; }
  double swing_time() const { return (1.0 - gait_.duty) * period_; }

  /// True while `leg` swings.
  bool swinging(int leg) const { return legs_[leg].swinging; }
  /// Swing progress of `leg`, 0 at lift-off .. 1 at touch-down (0 in stance).
  double swing_progress(int leg) const;
  /// Duration of the current swing of `leg`, s.
  double swing_duration(int leg) const { return legs_[leg].swing_duration; }
  /// Time left in the current swing of `leg`, s (0 in stance).
  double swing_remaining(int leg) const;
  /// Stance progress of `leg` from its touch-down to its next scheduled lift-off, 0..1 (the
  /// state estimator trusts the middle of a stance most).
  double stance_progress(int leg) const;
  /// Time since `leg` touched down (or since reset), s (0 while swinging).
  double stance_elapsed(int leg) const { return legs_[leg].swinging ? 0.0 : legs_[leg].stance_elapsed; }
  /// True if `leg` lifted off / touched down during the last Step.
  bool lifted_off(int leg) const { return legs_[leg].lifted_off; }
  bool touched_down(int leg) const { return legs_[leg].touched_down; }

  /// Predicted contact of `leg` at `t_ahead` seconds from now (t_ahead >= 0), for the MPC.
  bool ContactAt(int leg, double t_ahead) const;

  /// Global phase of `gait` (0..1, in 1/200 steps) that best matches the legs' current states;
  /// `cost` (if given) receives the mismatch there: per leg, 0 if it agrees, the fraction of a
  /// swing it would start late or the share of a swing left over when it should be down.
  double FindMatchingPhase(const GaitSpec& gait, double* cost = nullptr) const;

 private:
  struct Leg {
    bool swinging = false;
    double swing_elapsed = 0, swing_duration = 0;  // s
    double stance_elapsed = 0;                     // s
    bool lifted_off = false, touched_down = false;
  };

  // Leg phase under the gait at global phase `phase`, 0..1.
  double LegPhase(int leg, double phase) const;
  // Time until the scheduled swing of `leg` that is under way at `phase` ends, s.
  double ScheduledSwingLeft(int leg, double phase) const;

  // Switches to `gait` at `phase` now.
  void Switch(const GaitSpec& gait, double phase);

  GaitSpec gait_;
  GaitSpec pending_gait_;
  bool pending_ = false;
  double pending_wait_ = 0;  // s waited for a good switching moment
  double phase_ = 0;
  double period_ = 0.5;
  std::array<Leg, kQuadLegs> legs_{};
};

}  // namespace stuntsim
