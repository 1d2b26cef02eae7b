#pragma once

#include <string>

#include "session.h"
#include "sim_link.h"

namespace stuntsim {

/// Figures of the viewer itself for the state dump.
struct ViewerFigures {
  /// Mean frames per second since the first second, and frames drawn.
  double mean_fps = 0;
  long frames = 0;
  std::string gl_renderer;
};

/// Writes the state dump (JSON) to `path`: robot, terrain, controller, requested and active
/// behaviour, refusal, base position (m, world), yaw (rad), height above the terrain (m),
/// fell, sim time (s), real-time factor, error, seconds since the physics thread last
/// published (stalled_seconds), and the viewer's frame rate. Throws
/// std::runtime_error if the file cannot be written.
void WriteStateDump(const std::string& path, const SessionChoice& choice, const SimStatus& status,
                    const ViewerFigures& figures);

}  // namespace stuntsim
