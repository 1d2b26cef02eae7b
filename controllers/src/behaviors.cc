#include "stuntsim/controllers/behaviors.h"

#include <algorithm>

namespace stuntsim {

std::string UnknownBehaviorRefusal(const std::string& behavior, const std::vector<std::string>& known) {
  if (std::find(known.begin(), known.end(), behavior) != known.end()) return {};
  std::string list;
  for (const std::string& k : known) list += (list.empty() ? "" : ", ") + k;
  return "unknown behaviour '" + behavior + "' (known: " + list + ")";
}

}  // namespace stuntsim
