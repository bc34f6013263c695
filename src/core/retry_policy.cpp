#include <zdbackup/core/retry_policy.hpp>

#include <zdbackup/core/errc.hpp>

#include <algorithm>

namespace zdbackup {

RetryDecision next_retry(const RetryPolicy& policy, int attempt, const boost::system::error_code& ec,
                         std::optional<std::chrono::milliseconds> retry_after, std::uint64_t random_bits) {
    using std::chrono::milliseconds;
    constexpr RetryDecision give_up{false, milliseconds(0)};
    if (!is_retryable(ec)) return give_up;

    const bool rate_limited = ec == make_error_code(errc::rate_limited);
    const int budget =
        rate_limited ? std::max(rate_limited_attempt_budget, policy.max_attempts) : policy.max_attempts;
    if (attempt >= budget) return give_up;

    if (retry_after) return {true, std::max(*retry_after, milliseconds(0))};

    // base·2^(attempt−1) without overflow: stop doubling once half of it is past the cap.
    const std::int64_t base = std::max<std::int64_t>(policy.base.count(), 1);
    const std::int64_t cap = std::max<std::int64_t>(policy.cap.count(), 0);
    std::int64_t exp = base;
    for (int i = 1; i < std::max(attempt, 1) && exp / 2 <= cap; ++i) exp *= 2;
    const std::int64_t upper = std::min(cap, exp);
    const std::int64_t lower = std::min(exp / 2, upper);
    const auto span = static_cast<std::uint64_t>(upper - lower) + 1;
    return {true, milliseconds(lower + static_cast<std::int64_t>(random_bits % span))};
}

}  // namespace zdbackup
