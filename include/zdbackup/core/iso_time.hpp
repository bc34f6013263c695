#pragma once
// Zendesk's timestamps ("2024-06-01T12:34:56Z") as Unix seconds, without the C library's time zone.

#include <cstdint>
#include <optional>
#include <string_view>

namespace zdbackup {

/// "YYYY-MM-DDTHH:MM:SS", optional fraction, then "Z" or "±HH:MM" → Unix seconds.
/// Errors: nullopt for anything else.
std::optional<std::int64_t> parse_iso8601(std::string_view text);

}  // namespace zdbackup
