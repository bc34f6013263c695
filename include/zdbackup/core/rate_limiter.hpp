#pragma once
// The account-wide request limiter: one token bucket per Zendesk rate-limit budget plus an
// account-wide pause for Retry-After. Sans-I/O: callers pass `now` and wait on their own timer.

#include <zdbackup/core/token_bucket.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>

namespace zdbackup {

/// The Zendesk budget a request is charged to.
enum class Bucket {
    account,             ///< Support API: the account-wide limit
    incremental_export,  ///< incremental exports: their own 10/min limit and the account limit
    help_center,         ///< Help Center API: its own account-wide limit
};

/// Configured limits in requests per minute.
struct RateLimits {
    /// 0 = learn from X-Rate-Limit, starting at 200.
    double account_rpm = 0;
    /// Incremental exports: 10, or 30 with the High Volume add-on. Never learned (no header for it).
    double export_rpm = 10;
    /// 0 = learn from Help Center X-Rate-Limit, starting at 200.
    double help_center_rpm = 0;
};

/// Counters for the progress display and run summary.
struct RateLimiterStats {
    std::uint64_t waits = 0;                ///< times try_acquire answered "wait"
    std::chrono::nanoseconds wait_time{0};  ///< sum of the waits it answered
    std::uint64_t pauses = 0;               ///< Retry-After pauses that extended the pause
};

/// Decides when the next request may go. Export requests are charged to both the export and the
/// account bucket, atomically. A Retry-After pause blocks every bucket.
/// Thread safety: none; share one instance per account from one strand (or guard it).
class RateLimiter {
  public:
    using Clock = std::chrono::steady_clock;

    /// Rate used in learn mode until the first X-Rate-Limit header arrives.
    static constexpr double learn_start_rpm = 200;

    RateLimiter(const RateLimits& limits, Clock::time_point now);

    /// nullopt = send now (tokens taken); otherwise wait that long and ask again.
    std::optional<Clock::duration> try_acquire(Bucket bucket, Clock::time_point now);

    /// Feeds X-Rate-Limit / X-Rate-Limit-Remaining of a response for `bucket` (export responses carry
    /// the account's headers). Learn mode adopts `limit`; a configured rate is only ever lowered.
    /// A low `remaining` (<= 5% of limit or <= 2) spaces the next requests so that at most about
    /// `remaining` go in the next minute (remaining = 0 holds the bucket for a minute); the normal
    /// rate returns with the first response that is not low.
    void on_response(Bucket bucket, std::optional<long> limit, std::optional<long> remaining,
                     Clock::time_point now);

    /// Retry-After: no bucket gives a token before `t`. A later pause extends, an earlier one is ignored.
    void pause_until(Clock::time_point t);

    /// The current rate of one bucket, requests per minute.
    double rate_per_minute(Bucket bucket) const;
    /// The end of the account-wide pause (time_point{} when never paused).
    Clock::time_point paused_until() const { return pause_until_; }
    const RateLimiterStats& stats() const { return stats_; }

  private:
    struct Lane {
        TokenBucket bucket;
        bool learning;
        double configured_rpm;           // 0 when learning
        double normal_rpm;               // the rate when not pacing
        bool pacing = false;             // slowed down by a low X-Rate-Limit-Remaining
        Clock::time_point hold_until{};  // no token before this while pacing
    };

    static Lane make_lane(double configured, bool may_learn, Clock::time_point now);
    Lane& lane(Bucket b) { return lanes_[static_cast<std::size_t>(b)]; }
    const Lane& lane(Bucket b) const { return lanes_[static_cast<std::size_t>(b)]; }
    std::optional<Clock::duration> wait_for(const Lane& l, Clock::time_point now) const;
    std::optional<Clock::duration> record_wait(Clock::duration d);

    std::array<Lane, 3> lanes_;
    Clock::time_point pause_until_{};
    RateLimiterStats stats_;
};

/// Burst size used for a rate: about six seconds' worth, at least one request.
double burst_for_rate(double per_minute);

}  // namespace zdbackup
