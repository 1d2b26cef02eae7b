#include "state_dump.h"

#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace stuntsim {

void WriteStateDump(const std::string& path, const SessionChoice& choice, const SimStatus& status,
                    const ViewerFigures& figures) {
  const Eigen::Vector3d& p = status.base_position;
  const nlohmann::json doc = {
      {"robot", choice.robot},
      {"terrain", choice.terrain},
      {"controller", choice.controller},
      {"requested_behavior", choice.behavior},
      {"behavior", status.active_behavior},
      {"refusal", status.refusal},
      {"base_position", {p.x(), p.y(), p.z()}},
      {"yaw", status.yaw},
      {"height", status.height},
      {"fell", status.fell},
      {"sim_time", status.time},
      {"real_time_factor", status.real_time_factor},
      {"paused", status.paused},
      {"error", status.error},
      {"stalled_seconds", status.stalled_seconds},
      {"fps", figures.mean_fps},
      {"frames", figures.frames},
      {"gl_renderer", figures.gl_renderer},
  };
  std::ofstream out(path);
  if (!out) throw std::runtime_error("--state-dump: cannot write '" + path + "'");
  out << doc.dump(2) << "\n";
  if (!out) throw std::runtime_error("--state-dump: error writing '" + path + "'");
}

}  // namespace stuntsim
