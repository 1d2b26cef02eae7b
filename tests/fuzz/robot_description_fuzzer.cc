// Fuzzes the robot.toml parser (ParseRobotDescription, the text form of LoadRobotDescription).
// The text stands for the quadruped's robot.toml, so `model = "quadruped.xml"` resolves to a real
// file. InputError is the parser's documented error; anything else escaping, a crash or a
// sanitizer report is a finding.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "stuntsim/sim/assets.h"
#include "stuntsim/sim/errors.h"
#include "stuntsim/sim/robot_description.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string source = (stuntsim::AssetRoot() / "robots" / "quadruped" / "robot.toml").string();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    stuntsim::ParseRobotDescription(text, source);
  } catch (const stuntsim::InputError&) {
  }
  return 0;
}
