#pragma once

#include <cstdint>
#include <string>

namespace zdmock {

/// Formats Unix epoch seconds as ISO-8601 UTC, e.g. `2021-03-04T05:06:07Z` (the Zendesk form).
std::string iso8601(std::int64_t epoch_seconds);

}  // namespace zdmock
