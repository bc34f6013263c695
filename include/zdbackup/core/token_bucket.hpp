#pragma once
// A continuous-refill token bucket driven by an injected clock (no sleeping, no I/O).

#include <chrono>
#include <optional>

namespace zdbackup {

/// Hands out one token per request; refills continuously at `per_minute / 60` tokens per second, up
/// to `burst` tokens. Starts full.
/// Thread safety: none; own it from one strand or guard it.
class TokenBucket {
  public:
    using Clock = std::chrono::steady_clock;

    /// A rate of 0 (or less) gives no tokens beyond the initial burst.
    TokenBucket(double per_minute, double burst, Clock::time_point now);

    /// nullopt = a token was taken; otherwise how long to wait before trying again.
    std::optional<Clock::duration> try_take(Clock::time_point now);

    /// Like try_take but never takes: nullopt = a token is available now.
    std::optional<Clock::duration> peek(Clock::time_point now) const;

    /// Takes a token when available; call after peek() said yes with the same `now`.
    void take(Clock::time_point now);

    /// Changes the rate from `now` on; tokens accrued so far at the old rate are kept.
    void set_rate(double per_minute, Clock::time_point now);

    /// Changes the capacity; current tokens are clamped to it.
    void set_burst(double burst, Clock::time_point now);

    /// Removes all tokens: the next one comes after 1 / rate.
    void drain(Clock::time_point now);

    double rate_per_minute() const { return per_minute_; }
    double burst() const { return burst_; }
    /// Tokens available at `now` (fractional).
    double tokens(Clock::time_point now) const;

  private:
    void refill(Clock::time_point now);

    double per_minute_;
    double burst_;
    double tokens_;
    Clock::time_point last_;
};

}  // namespace zdbackup
