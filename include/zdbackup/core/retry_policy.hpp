#pragma once
// When and how long to wait before repeating a failed request. Pure: the caller supplies the
// randomness and does the waiting.

#include <boost/system/error_code.hpp>

#include <chrono>
#include <cstdint>
#include <optional>

namespace zdbackup {

/// Backoff settings; `max_attempts` comes from --max-retries.
struct RetryPolicy {
    int max_attempts = 8;                  ///< failures after which a request is given up (0 = never retry)
    std::chrono::milliseconds base{500};   ///< first backoff ceiling
    std::chrono::milliseconds cap{60000};  ///< largest backoff
};

/// What to do after a failure.
struct RetryDecision {
    bool retry;                       ///< false = give up (the error is permanent or the budget is spent)
    std::chrono::milliseconds delay;  ///< wait this long first (0 when not retrying)
};

/// Rate-limited failures (errc::rate_limited) are the server telling us when to come back, not a
/// sign that the request is broken, so they get this larger attempt budget instead of max_attempts.
inline constexpr int rate_limited_attempt_budget = 50;

/// Decides the next step after the `attempt`-th failure (1-based) of one request.
/// - non-retryable `ec` (see is_retryable) → no retry;
/// - errc::rate_limited → retry while attempt < rate_limited_attempt_budget;
///   others → retry while attempt < max_attempts;
/// - a Retry-After value → wait exactly that long;
/// - otherwise exponential backoff with jitter: a delay in
///   [min(base·2^(attempt−1)/2, ceiling), ceiling] with ceiling = min(cap, base·2^(attempt−1)),
///   picked deterministically from `random_bits`.
RetryDecision next_retry(const RetryPolicy& policy, int attempt, const boost::system::error_code& ec,
                         std::optional<std::chrono::milliseconds> retry_after, std::uint64_t random_bits);

}  // namespace zdbackup
