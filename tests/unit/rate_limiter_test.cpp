#include <zdbackup/core/rate_limiter.hpp>

#include <gtest/gtest.h>

namespace zdbackup {
namespace {

using namespace std::chrono_literals;
using Clock = RateLimiter::Clock;
const Clock::time_point t0{};

/// Takes tokens until told to wait; returns how many went.
int drain(RateLimiter& rl, Bucket b, Clock::time_point now) {
    int n = 0;
    while (!rl.try_acquire(b, now)) ++n;
    return n;
}

TEST(RateLimiter, LearnModeStartsAt200) {
    RateLimiter rl({}, t0);
    EXPECT_DOUBLE_EQ(rl.rate_per_minute(Bucket::account), 200);
    EXPECT_DOUBLE_EQ(rl.rate_per_minute(Bucket::help_center), 200);
    EXPECT_DOUBLE_EQ(rl.rate_per_minute(Bucket::incremental_export), 10);
}

TEST(RateLimiter, LearnsAccountRateFromHeaders) {
    RateLimiter rl({}, t0);
    rl.on_response(Bucket::account, 700, 650, t0);
    EXPECT_DOUBLE_EQ(rl.rate_per_minute(Bucket::account), 700);
    rl.on_response(Bucket::account, 400, 300, t0 + 1s);
    EXPECT_DOUBLE_EQ(rl.rate_per_minute(Bucket::account), 400);
}

TEST(RateLimiter, ExportResponsesTeachTheAccountBucket) {
    RateLimiter rl({}, t0);
    rl.on_response(Bucket::incremental_export, 700, 690, t0);
    EXPECT_DOUBLE_EQ(rl.rate_per_minute(Bucket::account), 700);
    EXPECT_DOUBLE_EQ(rl.rate_per_minute(Bucket::incremental_export), 10);
}

TEST(RateLimiter, HelpCenterLearnsSeparately) {
    RateLimiter rl({}, t0);
    rl.on_response(Bucket::help_center, 2500, 2400, t0);
    EXPECT_DOUBLE_EQ(rl.rate_per_minute(Bucket::help_center), 2500);
    EXPECT_DOUBLE_EQ(rl.rate_per_minute(Bucket::account), 200);
}

TEST(RateLimiter, ConfiguredRateIsNeverRaisedOnlyLowered) {
    RateLimiter rl({.account_rpm = 300}, t0);
    rl.on_response(Bucket::account, 700, 690, t0);
    EXPECT_DOUBLE_EQ(rl.rate_per_minute(Bucket::account), 300);
    rl.on_response(Bucket::account, 200, 190, t0 + 1s);
    EXPECT_DOUBLE_EQ(rl.rate_per_minute(Bucket::account), 200);
}

TEST(RateLimiter, ExportTakesBothTokens) {
    RateLimiter rl({.account_rpm = 60, .export_rpm = 600}, t0);  // account burst 6, export burst 60
    EXPECT_EQ(drain(rl, Bucket::incremental_export, t0), 6);     // limited by the account bucket
    EXPECT_TRUE(rl.try_acquire(Bucket::account, t0));            // the exports spent the account's tokens
}

TEST(RateLimiter, ExportWaitDoesNotConsumeAccountToken) {
    RateLimiter rl({.account_rpm = 600, .export_rpm = 10}, t0);  // export burst 1
    EXPECT_FALSE(rl.try_acquire(Bucket::incremental_export, t0));
    const auto wait = rl.try_acquire(Bucket::incremental_export, t0);
    ASSERT_TRUE(wait);
    EXPECT_EQ(*wait, 6s);
    // Account burst 60: one went to the export, the refused export took nothing.
    EXPECT_EQ(drain(rl, Bucket::account, t0), 59);
}

TEST(RateLimiter, ExportWaitIsTheLongerOfTheTwo) {
    RateLimiter rl({.account_rpm = 10, .export_rpm = 60}, t0);  // account: burst 1, 6 s per token
    EXPECT_FALSE(rl.try_acquire(Bucket::incremental_export, t0));
    EXPECT_EQ(rl.try_acquire(Bucket::incremental_export, t0), std::optional<Clock::duration>(6s));
}

TEST(RateLimiter, PauseBlocksEveryBucket) {
    RateLimiter rl({}, t0);
    rl.pause_until(t0 + 30s);
    for (Bucket b : {Bucket::account, Bucket::incremental_export, Bucket::help_center}) {
        EXPECT_EQ(rl.try_acquire(b, t0 + 10s), std::optional<Clock::duration>(20s));
    }
    for (Bucket b : {Bucket::account, Bucket::incremental_export, Bucket::help_center})
        EXPECT_FALSE(rl.try_acquire(b, t0 + 30s));
}

TEST(RateLimiter, LaterPauseExtendsEarlierNeverShortens) {
    RateLimiter rl({}, t0);
    rl.pause_until(t0 + 30s);
    rl.pause_until(t0 + 10s);
    EXPECT_EQ(rl.paused_until(), t0 + 30s);
    rl.pause_until(t0 + 45s);
    EXPECT_EQ(rl.paused_until(), t0 + 45s);
    EXPECT_EQ(rl.stats().pauses, 2u);
}

TEST(RateLimiter, SlowsDownWhenRemainingIsLow) {
    RateLimiter rl({.account_rpm = 600}, t0);
    rl.on_response(Bucket::account, 600, 2, t0);
    // Two left in the minute: one request every 20 s, no burst.
    const auto wait = rl.try_acquire(Bucket::account, t0);
    ASSERT_TRUE(wait);
    EXPECT_EQ(*wait, 20s);
    EXPECT_FALSE(rl.try_acquire(Bucket::account, t0 + 20s));
    EXPECT_TRUE(rl.try_acquire(Bucket::account, t0 + 20s));
    EXPECT_FALSE(rl.try_acquire(Bucket::account, t0 + 40s));
    EXPECT_TRUE(rl.try_acquire(Bucket::account, t0 + 40s));
}

TEST(RateLimiter, FivePercentOfLimitCountsAsLow) {
    RateLimiter rl({.account_rpm = 700}, t0);
    rl.on_response(Bucket::account, 700, 36, t0);  // > 5 %: normal
    EXPECT_FALSE(rl.try_acquire(Bucket::account, t0));
    rl.on_response(Bucket::account, 700, 35, t0);  // 5 %: pace 36/min
    EXPECT_TRUE(rl.try_acquire(Bucket::account, t0));
    EXPECT_DOUBLE_EQ(rl.rate_per_minute(Bucket::account), 36);
}

TEST(RateLimiter, ZeroRemainingHoldsForAMinute) {
    RateLimiter rl({}, t0);
    rl.on_response(Bucket::account, 200, 0, t0);
    EXPECT_EQ(rl.try_acquire(Bucket::account, t0), std::optional<Clock::duration>(60s));
    EXPECT_FALSE(rl.try_acquire(Bucket::account, t0 + 60s));
    // Other budgets are unaffected.
    EXPECT_FALSE(rl.try_acquire(Bucket::help_center, t0));
}

TEST(RateLimiter, FreshWindowRestoresNormalPace) {
    RateLimiter rl({.account_rpm = 600}, t0);
    rl.on_response(Bucket::account, 600, 1, t0);
    EXPECT_TRUE(rl.try_acquire(Bucket::account, t0 + 1s));
    rl.on_response(Bucket::account, 600, 599, t0 + 2s);
    EXPECT_DOUBLE_EQ(rl.rate_per_minute(Bucket::account), 600);
    EXPECT_FALSE(rl.try_acquire(Bucket::account, t0 + 2s + 100ms));
}

TEST(RateLimiter, CountsWaits) {
    RateLimiter rl({.account_rpm = 10}, t0);
    EXPECT_FALSE(rl.try_acquire(Bucket::account, t0));
    EXPECT_TRUE(rl.try_acquire(Bucket::account, t0));
    EXPECT_TRUE(rl.try_acquire(Bucket::account, t0 + 3s));
    EXPECT_EQ(rl.stats().waits, 2u);
    EXPECT_EQ(rl.stats().wait_time, std::chrono::nanoseconds(9s));
}

}  // namespace
}  // namespace zdbackup
