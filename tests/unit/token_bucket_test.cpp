#include <zdbackup/core/token_bucket.hpp>

#include <gtest/gtest.h>

namespace zdbackup {
namespace {

using namespace std::chrono_literals;
using Clock = TokenBucket::Clock;
const Clock::time_point t0{};

TEST(TokenBucket, StartsFullAndHandsOutBurst) {
    TokenBucket b(60, 3, t0);
    EXPECT_FALSE(b.try_take(t0));
    EXPECT_FALSE(b.try_take(t0));
    EXPECT_FALSE(b.try_take(t0));
    const auto wait = b.try_take(t0);
    ASSERT_TRUE(wait);
    EXPECT_EQ(*wait, 1s);  // 60/min = one per second
}

TEST(TokenBucket, RefillsAtConfiguredRate) {
    TokenBucket b(120, 1, t0);  // one every 500 ms
    EXPECT_FALSE(b.try_take(t0));
    EXPECT_EQ(b.try_take(t0 + 100ms), std::optional<Clock::duration>(400ms));
    EXPECT_TRUE(b.try_take(t0 + 499ms));
    EXPECT_FALSE(b.try_take(t0 + 500ms));
    EXPECT_FALSE(b.try_take(t0 + 1000ms));
    EXPECT_TRUE(b.try_take(t0 + 1000ms));
}

TEST(TokenBucket, WaitingTheAnsweredDurationAlwaysSucceeds) {
    TokenBucket b(7, 1, t0);  // awkward rate: 8.571... s per token
    Clock::time_point now = t0;
    EXPECT_FALSE(b.try_take(now));
    for (int i = 0; i < 50; ++i) {
        const auto wait = b.try_take(now);
        ASSERT_TRUE(wait);
        now += *wait;
        EXPECT_FALSE(b.try_take(now)) << i;
    }
}

TEST(TokenBucket, NeverExceedsBurst) {
    TokenBucket b(60, 2, t0);
    EXPECT_FALSE(b.try_take(t0));
    EXPECT_FALSE(b.try_take(t0));
    const auto later = t0 + 1h;
    EXPECT_DOUBLE_EQ(b.tokens(later), 2.0);
    EXPECT_FALSE(b.try_take(later));
    EXPECT_FALSE(b.try_take(later));
    EXPECT_TRUE(b.try_take(later));
}

TEST(TokenBucket, SetRateKeepsAccruedTokensAndChangesPace) {
    TokenBucket b(60, 1, t0);
    EXPECT_FALSE(b.try_take(t0));
    b.set_rate(6, t0 + 500ms);  // half a token accrued at the old rate
    EXPECT_DOUBLE_EQ(b.rate_per_minute(), 6);
    const auto wait = b.try_take(t0 + 500ms);
    ASSERT_TRUE(wait);
    EXPECT_EQ(*wait, 5s);  // the missing half at 0.1/s
}

TEST(TokenBucket, ClockSteppingBackCreatesNoTokens) {
    TokenBucket b(60, 1, t0 + 10s);
    EXPECT_FALSE(b.try_take(t0 + 10s));
    EXPECT_TRUE(b.try_take(t0));
    EXPECT_TRUE(b.try_take(t0 + 10s + 999ms));
    EXPECT_FALSE(b.try_take(t0 + 11s));
}

TEST(TokenBucket, ZeroRateOnlyGivesTheBurst) {
    TokenBucket b(0, 1, t0);
    EXPECT_FALSE(b.try_take(t0));
    const auto wait = b.try_take(t0 + 1h);
    ASSERT_TRUE(wait);
    EXPECT_GT(*wait, 0s);
}

TEST(TokenBucket, PeekDoesNotTake) {
    TokenBucket b(60, 1, t0);
    EXPECT_FALSE(b.peek(t0));
    EXPECT_FALSE(b.peek(t0));
    b.take(t0);
    EXPECT_EQ(b.peek(t0), std::optional<Clock::duration>(1s));
}

TEST(TokenBucket, DrainEmptiesAndSetBurstClamps) {
    TokenBucket b(60, 10, t0);
    b.set_burst(2, t0);
    EXPECT_DOUBLE_EQ(b.tokens(t0), 2.0);
    b.drain(t0);
    EXPECT_EQ(b.try_take(t0), std::optional<Clock::duration>(1s));
}

}  // namespace
}  // namespace zdbackup
