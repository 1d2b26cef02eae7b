// Fuzzes the humanoid motion-file parser (ParseMotion). MotionError is the parser's documented
// error; anything else escaping, a crash or a sanitizer report is a finding.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "stuntsim/controllers/humanoid/motion.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    stuntsim::ParseMotion(text, "fuzz.toml", "fuzz");
  } catch (const stuntsim::MotionError&) {
  }
  return 0;
}
