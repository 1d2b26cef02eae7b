// The quadruped gait table. Offsets are per leg in FL, FR, RL, RR order; a leg is in stance while
// frac(t / period + offset) < duty, so a stance phase starts when t / period = -offset (mod 1).
// Patterns follow the gaits of Cheetah-Software's convex MPC locomotion (trot, pace, bound, pronk,
// a transverse gallop) and the lateral-sequence crawl; periods are sized for a 15 kg, 0.28 m tall
// robot (Go2 class).
#include "stuntsim/controllers/quadruped/gait.h"

namespace stuntsim {

const std::vector<GaitSpec>& QuadrupedGaits() {
  // name, period s, duty, offsets {FL, FR, RL, RR}, step height m, max vx m/s, max vy m/s,
  // max yaw rate rad/s, period shortening per m/s, Raibert velocity gain s, stance width, MPC
  // roll/pitch rate weight (0: default). Tuned in simulation; the largest speeds are those at
  // which 12 s runs on flat ground stayed up with the state estimator (docs/quadruped.md).
  static const std::vector<GaitSpec> gaits = {
      // All four feet down; the MPC holds the body pose (pose mode).
      {"stand", 0.50, 1.00, {0.0, 0.0, 0.0, 0.0}, 0.00, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0},
      // Static crawl, lateral sequence: swings RL, FL, RR, FR, a quarter period each.
      {"walk", 0.80, 0.75, {0.50, 0.0, 0.75, 0.25}, 0.07, 0.6, 0.4, 1.0, 0.0, 0.03, 1.0, 0.0},
      // Diagonal pairs half a period apart.
      {"trot", 0.36, 0.50, {0.0, 0.5, 0.5, 0.0}, 0.07, 2.2, 0.6, 2.0, 0.10, 0.03, 1.0, 0.0},
      // Lateral pairs half a period apart; feet under the abduction joints so the body rocks less.
      {"pace", 0.26, 0.50, {0.0, 0.5, 0.0, 0.5}, 0.06, 1.2, 0.4, 1.0, 0.0, 0.03, 0.0, 0.0},
      // Front pair, then rear pair.
      {"bound", 0.26, 0.40, {0.0, 0.0, 0.5, 0.5}, 0.07, 1.8, 0.3, 1.0, 0.0, 0.03, 1.0, 0.0},
      // All four together, with a flight phase; body spin damped before each take-off.
      {"pronk", 0.30, 0.55, {0.0, 0.0, 0.0, 0.0}, 0.06, 1.0, 0.3, 1.0, 0.0, 0.03, 1.0, 1.0},
      // Transverse gallop: footfalls RR, RL, FR, FL (as Cheetah-Software's 0, 2, 7, 9 of 10).
      {"gallop", 0.26, 0.50, {0.8, 0.0, 0.1, 0.3}, 0.07, 2.0, 0.3, 1.0, 0.10, 0.03, 1.0, 0.0},
  };
  return gaits;
}

const GaitSpec* FindGait(const std::string& name) {
  for (const GaitSpec& g : QuadrupedGaits()) {
    if (g.name == name) return &g;
  }
  return nullptr;
}

}  // namespace stuntsim
