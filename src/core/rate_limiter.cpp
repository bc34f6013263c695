#include <zdbackup/core/rate_limiter.hpp>

#include <algorithm>

namespace zdbackup {

double burst_for_rate(double per_minute) {
    // Zendesk counts per minute, so a full minute's burst would be allowed; a tenth keeps several
    // workers busy at start without spending the minute's budget in the first second.
    return std::max(1.0, per_minute / 10.0);
}

namespace {

TokenBucket make_bucket(double rpm, TokenBucket::Clock::time_point now) {
    return TokenBucket(rpm, burst_for_rate(rpm), now);
}

double start_rate(double configured) {
    return configured > 0 ? configured : RateLimiter::learn_start_rpm;
}

}  // namespace

RateLimiter::Lane RateLimiter::make_lane(double configured, bool may_learn, Clock::time_point now) {
    const double rate = start_rate(configured);
    return Lane{make_bucket(rate, now), may_learn && configured <= 0, configured > 0 ? configured : rate,
                rate};
}

namespace {

/// Which bucket a response's X-Rate-Limit headers describe.
Bucket header_bucket(Bucket b) {
    // Export responses carry the account-wide headers; the 10/min export limit has none.
    return b == Bucket::incremental_export ? Bucket::account : b;
}

}  // namespace

RateLimiter::RateLimiter(const RateLimits& limits, Clock::time_point now)
    : lanes_{make_lane(limits.account_rpm, true, now), make_lane(limits.export_rpm, false, now),
             make_lane(limits.help_center_rpm, true, now)} {}

std::optional<RateLimiter::Clock::duration> RateLimiter::wait_for(const Lane& l,
                                                                  Clock::time_point now) const {
    std::optional<Clock::duration> wait = l.bucket.peek(now);
    if (now < l.hold_until) {
        const Clock::duration hold = l.hold_until - now;
        if (!wait || *wait < hold) wait = hold;
    }
    return wait;
}

std::optional<RateLimiter::Clock::duration> RateLimiter::record_wait(Clock::duration d) {
    ++stats_.waits;
    stats_.wait_time += std::chrono::duration_cast<std::chrono::nanoseconds>(d);
    return d;
}

std::optional<RateLimiter::Clock::duration> RateLimiter::try_acquire(Bucket bucket, Clock::time_point now) {
    if (now < pause_until_) return record_wait(pause_until_ - now);

    Lane& own = lane(bucket);
    Lane* also = bucket == Bucket::incremental_export ? &lane(Bucket::account) : nullptr;

    // Look at both before taking from either: a wait on one must not waste the other's token.
    std::optional<Clock::duration> wait = wait_for(own, now);
    if (also) {
        const auto other = wait_for(*also, now);
        if (other && (!wait || *wait < *other)) wait = other;
    }
    if (wait) return record_wait(*wait);

    own.bucket.take(now);
    if (also) also->bucket.take(now);
    return std::nullopt;
}

void RateLimiter::on_response(Bucket bucket, std::optional<long> limit, std::optional<long> remaining,
                              Clock::time_point now) {
    Lane& l = lane(header_bucket(bucket));

    if (limit && *limit > 0) {
        const double server = static_cast<double>(*limit);
        l.normal_rpm = l.learning ? server : std::min(l.configured_rpm, server);
    }

    const double cap = limit && *limit > 0 ? static_cast<double>(*limit) : l.normal_rpm;
    const long left = remaining ? std::max(*remaining, 0L) : 0L;
    const bool low = remaining && (left <= 2 || static_cast<double>(left) <= cap * 0.05);

    if (low) {
        // We do not know when Zendesk's minute window resets, so assume a whole minute remains and
        // let about `left` more requests through, one every minute / (left + 1). Burst 1 so the
        // tokens saved during the hold cannot leave in a rush.
        const double pace = std::min(l.normal_rpm, static_cast<double>(left + 1));
        const auto spacing =
            std::chrono::duration_cast<Clock::duration>(std::chrono::minutes(1)) / (left + 1);
        l.pacing = true;
        l.bucket.set_rate(pace, now);
        l.bucket.set_burst(1, now);
        l.bucket.drain(now);
        l.hold_until = std::max(l.hold_until, now + spacing);
        return;
    }

    if (l.pacing || l.bucket.rate_per_minute() != l.normal_rpm) {
        // A fresh window (or a new limit): back to the normal pace. Tokens are not refunded.
        l.pacing = false;
        l.hold_until = {};
        l.bucket.set_rate(l.normal_rpm, now);
        l.bucket.set_burst(burst_for_rate(l.normal_rpm), now);
    }
}

void RateLimiter::pause_until(Clock::time_point t) {
    if (t <= pause_until_) return;
    pause_until_ = t;
    ++stats_.pauses;
}

double RateLimiter::rate_per_minute(Bucket bucket) const {
    return lane(bucket).bucket.rate_per_minute();
}

}  // namespace zdbackup
