// Fuzzes the scenario parser (ParseScenario, the text form of LoadScenario). InputError is the
// parser's documented error; anything else escaping, a crash or a sanitizer report is a finding.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "stuntsim/sim/errors.h"
#include "stuntsim/sim/scenario.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    stuntsim::ParseScenario(text, "fuzz.toml");
  } catch (const stuntsim::InputError&) {
  }
  return 0;
}
