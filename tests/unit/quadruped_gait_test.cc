// Gait table and scheduler: phases, contacts, swing timing, prediction, switching.
#include <gtest/gtest.h>

#include <array>
#include <cmath>

#include "stuntsim/controllers/quadruped/gait.h"
#include "stuntsim/controllers/quadruped/gait_scheduler.h"

namespace stuntsim {
namespace {

constexpr double kDt = 0.002;
const std::array<bool, kQuadLegs> kNoContact{};

TEST(QuadrupedGaitTable, HasTheSevenGaitsWithSaneData) {
  for (const char* name : {"stand", "walk", "trot", "pace", "bound", "pronk", "gallop"}) {
    const GaitSpec* g = FindGait(name);
    ASSERT_NE(g, nullptr) << name;
    EXPECT_GT(g->period, 0.1) << name;
    EXPECT_GT(g->duty, 0.0) << name;
    EXPECT_LE(g->duty, 1.0) << name;
    for (double o : g->offset) {
      EXPECT_GE(o, 0.0) << name;
      EXPECT_LT(o, 1.0) << name;
    }
  }
  EXPECT_EQ(FindGait("moonwalk"), nullptr);
  EXPECT_DOUBLE_EQ(FindGait("stand")->duty, 1.0);
  EXPECT_NEAR(FindGait("walk")->duty, 0.75, 1e-12);
}

// Runs `gait` from reset for `seconds` and records per tick which legs swing.
struct Record {
  int ticks = 0;
  std::array<int, kQuadLegs> swing_ticks{}, liftoffs{};
  int max_swinging = 0, min_swinging = 4;
  std::array<std::array<int, kQuadLegs>, kQuadLegs> together{};  // ticks both legs swing
};

Record RunGait(const GaitSpec& gait, double seconds) {
  GaitScheduler s;
  s.Reset(gait);
  Record r;
  for (int i = 0; i < std::lround(seconds / kDt); ++i) {
    s.Step(kDt, kNoContact, 0.0);
    int n = 0;
    for (int l = 0; l < kQuadLegs; ++l) {
      n += s.swinging(l);
      r.swing_ticks[l] += s.swinging(l);
      r.liftoffs[l] += s.lifted_off(l);
      for (int m = 0; m < kQuadLegs; ++m) r.together[l][m] += s.swinging(l) && s.swinging(m);
    }
    r.max_swinging = std::max(r.max_swinging, n);
    r.min_swinging = std::min(r.min_swinging, n);
    ++r.ticks;
  }
  return r;
}

TEST(QuadrupedGaitScheduler, TrotSwingsDiagonalPairsHalfAPeriodApart) {
  const GaitSpec& trot = *FindGait("trot");
  const Record r = RunGait(trot, 10 * trot.period);
  enum { FL, FR, RL, RR };
  // Diagonals swing together, sides never.
  EXPECT_NEAR(r.together[FL][RR], r.swing_ticks[FL], 2);
  EXPECT_NEAR(r.together[FR][RL], r.swing_ticks[FR], 2);
  EXPECT_EQ(r.together[FL][FR], 0);
  EXPECT_EQ(r.together[FL][RL], 0);
  // Each leg swings (1 - duty) of the time, once per period.
  for (int l = 0; l < kQuadLegs; ++l) {
    EXPECT_NEAR(static_cast<double>(r.swing_ticks[l]) / r.ticks, 1 - trot.duty, 0.03) << l;
    EXPECT_NEAR(r.liftoffs[l], 10, 1) << l;
  }
}

TEST(QuadrupedGaitScheduler, WalkIsAStaticCrawl) {
  const GaitSpec& walk = *FindGait("walk");
  const Record r = RunGait(walk, 5 * walk.period);
  EXPECT_EQ(r.max_swinging, 1) << "a static crawl lifts one foot at a time";
  for (int l = 0; l < kQuadLegs; ++l) EXPECT_NEAR(r.liftoffs[l], 5, 1) << l;
}

TEST(QuadrupedGaitScheduler, PronkAndBoundMoveTheirPairsTogether) {
  const Record pronk = RunGait(*FindGait("pronk"), 3.0);
  EXPECT_EQ(pronk.min_swinging % 4, 0);
  EXPECT_EQ(pronk.max_swinging, 4);
  const Record bound = RunGait(*FindGait("bound"), 3.0);
  EXPECT_NEAR(bound.together[0][1], bound.swing_ticks[0], 2);  // front pair
  EXPECT_NEAR(bound.together[2][3], bound.swing_ticks[2], 2);  // rear pair
  // Front and rear swings are half a period apart: with swing fraction s they overlap 2s - 1.
  const double s = 1.0 - FindGait("bound")->duty;
  EXPECT_NEAR(static_cast<double>(bound.together[0][2]) / bound.ticks, std::max(0.0, 2 * s - 1), 0.02);
}

TEST(QuadrupedGaitScheduler, StandNeverSwings) {
  const Record r = RunGait(*FindGait("stand"), 2.0);
  EXPECT_EQ(r.max_swinging, 0);
}

TEST(QuadrupedGaitScheduler, ContactPredictionMatchesWhatHappens) {
  for (const char* name : {"trot", "walk", "bound", "gallop", "pace", "pronk"}) {
    GaitScheduler s;
    s.Reset(*FindGait(name));
    for (int i = 0; i < 137; ++i) s.Step(kDt, kNoContact, 0.0);
    // Predict 0.2 s ahead, then step there and compare.
    std::array<std::array<bool, 100>, kQuadLegs> predicted{};
    for (int k = 0; k < 100; ++k) {
      for (int l = 0; l < kQuadLegs; ++l) predicted[l][k] = s.ContactAt(l, (k + 1) * kDt);
    }
    int mismatches = 0;
    for (int k = 0; k < 100; ++k) {
      s.Step(kDt, kNoContact, 0.0);
      for (int l = 0; l < kQuadLegs; ++l) mismatches += predicted[l][k] != !s.swinging(l);
    }
    EXPECT_LE(mismatches, 4) << name << ": prediction differs at most at the switching ticks";
  }
}

TEST(QuadrupedGaitScheduler, SwingProgressAndRemainingTimeAreConsistent) {
  GaitScheduler s;
  s.Reset(*FindGait("trot"));
  for (int i = 0; i < 500; ++i) {
    s.Step(kDt, kNoContact, 0.0);
    for (int l = 0; l < kQuadLegs; ++l) {
      if (!s.swinging(l)) continue;
      EXPECT_NEAR(s.swing_progress(l) * s.swing_duration(l) + s.swing_remaining(l), s.swing_duration(l), 1e-9);
      EXPECT_GE(s.swing_progress(l), 0.0);
      EXPECT_LE(s.swing_progress(l), 1.0);
    }
  }
}

TEST(QuadrupedGaitScheduler, EarlyContactEndsASwingOnlyInItsSecondHalf) {
  GaitScheduler s;
  s.Reset(*FindGait("trot"));
  int leg = -1;
  while (leg < 0) {
    s.Step(kDt, kNoContact, 0.0);
    for (int l = 0; l < kQuadLegs; ++l) {
      if (s.lifted_off(l)) leg = l;
    }
  }
  std::array<bool, kQuadLegs> contact{};
  contact[leg] = true;
  s.Step(kDt, contact, 0.0);  // early in the swing: a touch does not end it
  EXPECT_TRUE(s.swinging(leg));
  while (s.swing_progress(leg) < GaitScheduler::kEarlyTouchdown) s.Step(kDt, kNoContact, 0.0);
  s.Step(kDt, contact, 0.0);
  EXPECT_FALSE(s.swinging(leg));
  EXPECT_TRUE(s.touched_down(leg));
}

TEST(QuadrupedGaitScheduler, SwitchingLetsSwingsInFlightFinish) {
  GaitScheduler s;
  s.Reset(*FindGait("trot"));
  for (int i = 0; i < 60; ++i) s.Step(kDt, kNoContact, 0.0);
  std::array<double, kQuadLegs> left{};
  for (int l = 0; l < kQuadLegs; ++l) left[l] = s.swing_remaining(l);
  s.SetGait(*FindGait("stand"));
  for (int i = 0; i < 200; ++i) {
    s.Step(kDt, kNoContact, 0.0);
    const double t = (i + 1) * kDt;
    for (int l = 0; l < kQuadLegs; ++l) {
      // Swings that were under way continue until their own end, then the feet stay down.
      if (t < left[l] - 1e-9) {
        EXPECT_TRUE(s.swinging(l)) << l << " at " << t;
      }
      if (t > left[l] + kDt) {
        EXPECT_FALSE(s.swinging(l)) << l << " at " << t;
      }
    }
  }
}

TEST(QuadrupedGaitScheduler, MatchingPhaseStartsATrotWithoutLateSwings) {
  GaitScheduler s;
  s.Reset(*FindGait("stand"));
  const GaitSpec& trot = *FindGait("trot");
  const double phase = s.FindMatchingPhase(trot);
  // From all feet down the best phase starts a swing now (no leg is asked to be mid-swing).
  int starting = 0;
  for (int l = 0; l < kQuadLegs; ++l) {
    const double p = phase + trot.offset[l] - std::floor(phase + trot.offset[l]);
    if (p >= trot.duty) {
      EXPECT_LT((p - trot.duty) / (1 - trot.duty), 0.02) << l;
      ++starting;
    }
  }
  EXPECT_EQ(starting, 2);
}

TEST(QuadrupedGaitScheduler, ASwitchWaitsAtMostOnePeriodForAGoodMoment) {
  GaitScheduler s;
  const GaitSpec& trot = *FindGait("trot");
  s.Reset(trot);
  for (int i = 0; i < 70; ++i) s.Step(kDt, kNoContact, 0.0);  // mid-swing of one diagonal
  s.SetGait(*FindGait("bound"));
  int waited = 0;
  while (s.switch_pending()) {
    // Until the switch the old gait keeps running.
    EXPECT_EQ(s.gait().name, "trot");
    s.Step(kDt, kNoContact, 0.0);
    ++waited;
    ASSERT_LE(waited * kDt, trot.period + kDt);
  }
  EXPECT_EQ(s.gait().name, "bound");
  EXPECT_GE(waited, 1) << "mid-swing of a trot is no moment to start a bound";
  // Switching to standing never waits.
  s.SetGait(*FindGait("stand"));
  EXPECT_FALSE(s.switch_pending());
  EXPECT_EQ(s.gait().name, "stand");
}

TEST(QuadrupedGaitScheduler, PeriodShortensWithSpeedForTrot) {
  GaitScheduler s;
  const GaitSpec& trot = *FindGait("trot");
  s.Reset(trot);
  s.Step(kDt, kNoContact, 0.5);
  EXPECT_NEAR(s.period(), trot.period, 1e-12);
  s.Step(kDt, kNoContact, 2.0);
  EXPECT_LT(s.period(), trot.period);
  EXPECT_GE(s.period(), 0.75 * trot.period);
}

}  // namespace
}  // namespace stuntsim
