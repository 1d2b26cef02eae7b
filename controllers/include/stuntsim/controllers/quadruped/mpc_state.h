#pragma once

#include "stuntsim/controllers/quadruped/body_state.h"
#include "stuntsim/controllers/quadruped/convex_mpc.h"

namespace stuntsim {

/// The convex MPC's start state from the sensed and estimated body: attitude, rates, centre of
/// mass position and velocity, and every foot where it is now (relative to the centre of mass).
inline MpcState MpcStateFromBody(const BodyState& body) {
  MpcState x0;
  x0.rpy = body.rpy;
  x0.rot = body.rot;
  x0.angvel = body.angvel;
  x0.com_pos = body.pos + body.com_offset;
  x0.com_vel = body.vel + body.angvel.cross(body.com_offset);
  for (int l = 0; l < kQuadLegs; ++l) x0.foot_rel[l] = body.foot_pos[l] - x0.com_pos;
  return x0;
}

}  // namespace stuntsim
