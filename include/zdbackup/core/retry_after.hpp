#pragma once
// Parsing the Retry-After header (RFC 9110 §10.2.3) as Zendesk and proxies send it.

#include <chrono>
#include <optional>
#include <string_view>

namespace zdbackup {

/// Longest Retry-After we honour. A longer value is treated as garbage (nullopt), not clamped: a
/// broken header must not stall a daily backup for days, and the caller's backoff still applies.
inline constexpr std::chrono::hours max_retry_after{24};

/// The delay a Retry-After header asks for, rounded up to whole milliseconds.
/// Accepts delay-seconds ("120"), decimal seconds ("1.5"), comma-folded lists of either ("3, 10" →
/// the largest) and HTTP-dates (IMF-fixdate, RFC 850, asctime), taken relative to `now` (a past
/// date → 0). Surrounding whitespace is ignored.
/// Errors: nullopt for empty, negative, malformed or longer than max_retry_after values, and when
/// any element of a list is malformed; the caller then falls back to its own backoff.
std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view header,
                                                           std::chrono::system_clock::time_point now);

/// Parses one HTTP-date (IMF-fixdate, RFC 850 or asctime). nullopt when malformed or out of range.
std::optional<std::chrono::sys_seconds> parse_http_date(std::string_view text);

}  // namespace zdbackup
