#pragma once

#include <stdexcept>
#include <string>

namespace stuntsim {

/// Bad input: a file that is missing or malformed, or a field with a wrong value. The message
/// names the file, the field (and line where known) and what was expected.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A simulation that went wrong at run time: divergence, a controller fault.
class SimulationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace stuntsim
