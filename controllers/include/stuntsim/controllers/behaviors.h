#pragma once

#include <string>
#include <vector>

namespace stuntsim {

/// The refusal for a behaviour a controller does not have: "unknown behaviour 'x' (known: a,
/// b, ...)", or empty if `behavior` is one of `known`.
std::string UnknownBehaviorRefusal(const std::string& behavior, const std::vector<std::string>& known);

}  // namespace stuntsim
