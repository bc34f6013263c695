#include <zdbackup/core/retry_policy.hpp>

#include <zdbackup/core/errc.hpp>

#include <gtest/gtest.h>

#include <boost/system/errc.hpp>

namespace zdbackup {
namespace {

using namespace std::chrono_literals;
using std::chrono::milliseconds;

TEST(RetryPolicy, BackoffStaysWithinJitterBounds) {
    const RetryPolicy p;  // 500 ms base, 60 s cap
    const struct {
        int attempt;
        milliseconds lo, hi;
    } table[] = {{1, 250ms, 500ms},
                 {2, 500ms, 1000ms},
                 {3, 1000ms, 2000ms},
                 {4, 2000ms, 4000ms},
                 {7, 16000ms, 32000ms}};
    for (const auto& row : table) {
        for (std::uint64_t bits : {0ull, 1ull, 12345ull, 987654321ull, ~0ull}) {
            const RetryDecision d = next_retry(p, row.attempt, errc::server_error, std::nullopt, bits);
            ASSERT_TRUE(d.retry);
            EXPECT_GE(d.delay, row.lo) << row.attempt;
            EXPECT_LE(d.delay, row.hi) << row.attempt;
        }
        EXPECT_EQ(next_retry(p, row.attempt, errc::timeout, std::nullopt, 0).delay, row.lo);
    }
}

TEST(RetryPolicy, CapLimitsLargeAttempts) {
    const RetryPolicy p{.max_attempts = 100, .base = 500ms, .cap = 60000ms};
    for (int attempt : {8, 9, 20, 63, 64, 99}) {
        const RetryDecision d = next_retry(p, attempt, errc::server_error, std::nullopt, 0xDEADBEEF);
        ASSERT_TRUE(d.retry);
        EXPECT_LE(d.delay, 60000ms) << attempt;
        EXPECT_GE(d.delay, 30000ms) << attempt;
    }
}

TEST(RetryPolicy, JitterIsDeterministic) {
    const RetryPolicy p;
    for (std::uint64_t bits : {7ull, 1ull << 40, 424242ull})
        EXPECT_EQ(next_retry(p, 3, errc::connection_lost, std::nullopt, bits).delay,
                  next_retry(p, 3, errc::connection_lost, std::nullopt, bits).delay);
    EXPECT_NE(next_retry(p, 5, errc::connection_lost, std::nullopt, 1).delay,
              next_retry(p, 5, errc::connection_lost, std::nullopt, 2).delay);
}

TEST(RetryPolicy, NonRetryableErrorsStop) {
    const RetryPolicy p;
    for (errc e :
         {errc::unauthorized, errc::forbidden, errc::not_found, errc::not_advancing, errc::cancelled}) {
        const RetryDecision d = next_retry(p, 1, e, 5s, 0);
        EXPECT_FALSE(d.retry);
        EXPECT_EQ(d.delay, 0ms);
    }
    EXPECT_FALSE(next_retry(p, 1,
                            boost::system::errc::make_error_code(boost::system::errc::no_space_on_device),
                            std::nullopt, 0)
                     .retry);
}

TEST(RetryPolicy, StopsWhenAttemptsAreExhausted) {
    const RetryPolicy p{.max_attempts = 3};
    EXPECT_TRUE(next_retry(p, 1, errc::server_error, std::nullopt, 0).retry);
    EXPECT_TRUE(next_retry(p, 2, errc::server_error, std::nullopt, 0).retry);
    EXPECT_FALSE(next_retry(p, 3, errc::server_error, std::nullopt, 0).retry);
    EXPECT_FALSE(next_retry(RetryPolicy{.max_attempts = 0}, 1, errc::timeout, std::nullopt, 0).retry);
}

TEST(RetryPolicy, RetryAfterOverridesBackoff) {
    const RetryPolicy p;
    EXPECT_EQ(next_retry(p, 1, errc::rate_limited, 42s, 999).delay, 42s);
    EXPECT_EQ(next_retry(p, 1, errc::server_error, 1500ms, 999).delay, 1500ms);
    EXPECT_EQ(next_retry(p, 1, errc::rate_limited, 0ms, 999).delay, 0ms);
}

TEST(RetryPolicy, RateLimitedHasItsOwnLargerBudget) {
    const RetryPolicy p{.max_attempts = 3};
    EXPECT_TRUE(next_retry(p, 10, errc::rate_limited, 1s, 0).retry);
    EXPECT_TRUE(next_retry(p, rate_limited_attempt_budget - 1, errc::rate_limited, 1s, 0).retry);
    EXPECT_FALSE(next_retry(p, rate_limited_attempt_budget, errc::rate_limited, 1s, 0).retry);
    EXPECT_FALSE(next_retry(p, 3, errc::server_error, 1s, 0).retry);  // 503 + Retry-After counts normally
}

}  // namespace
}  // namespace zdbackup
