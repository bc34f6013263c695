#pragma once
// The Retry-After header in each spelling a server or proxy may use, and how long it really asks for.

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "zdmock/options.hpp"

namespace zdmock {

struct RetryAfterHeader {
    std::vector<std::pair<std::string, std::string>> lines;  ///< one Retry-After line, or two (repeated)
    std::chrono::milliseconds pause{0};                      ///< what a correct client waits
};

/// Spells a wait of at least `seconds` (>= 1) in `style`:
/// integer "N"; decimal "N.25"; folded "0, N" (the largest counts); repeated two lines "0" and "N";
/// http-date the IMF-fixdate of the whole second at least N s after `now` (N to N+1 s away).
RetryAfterHeader retry_after_header(RetryAfterStyle style, std::int64_t seconds,
                                    std::chrono::system_clock::time_point now);

}  // namespace zdmock
