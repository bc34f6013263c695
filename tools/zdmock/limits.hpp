#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <vector>

#include "zdmock/options.hpp"
#include "zdmock/rng.hpp"

namespace zdmock {

using Clock = std::chrono::steady_clock;

/// Fixed-window request limits: one account-wide bucket and one for incremental exports.
/// Also remembers the Retry-After it announced, to count clients that ignore it.
/// Thread safety: all members are safe to call concurrently.
class RateLimiter {
  public:
    /// A limit of 0 means unlimited (the advertised X-Rate-Limit is then 1,000,000).
    RateLimiter(std::int64_t account_limit, std::int64_t export_limit, std::chrono::seconds window,
                Clock::time_point start);

    struct Decision {
        bool allowed = true;
        std::int64_t retry_after_s = 0;  ///< whole seconds until the window ends, >= 1 when refused
        std::int64_t limit = 0;          ///< X-Rate-Limit, per minute
        std::int64_t remaining = 0;      ///< X-Rate-Limit-Remaining, per minute
    };
    /// Counts the request if it fits in the current window(s); refusals announce a Retry-After, which
    /// runs from when the answer leaves: `now + answer_delay` (the mock's --latency-ms).
    Decision admit(bool is_export, Clock::time_point now,
                   std::chrono::milliseconds answer_delay = std::chrono::milliseconds(0));
    /// Headers for a response that did not go through admit() (faults, /__mock/).
    Decision peek(Clock::time_point now);
    /// Records a Retry-After sent for some other reason (an injected 429 or 503) in an answer that
    /// leaves at `sent`.
    void announce_retry_after(Clock::time_point sent, std::chrono::milliseconds after);
    /// True when a request arrives while an announced Retry-After is running (100 ms tolerance both ends).
    bool ignores_retry_after(bool is_export, Clock::time_point now) const;

  private:
    struct Bucket {
        std::int64_t limit = 0;
        std::int64_t used = 0;
        Clock::time_point announced_at{};
        Clock::time_point retry_until{};
    };
    void roll_window(Clock::time_point now);
    Clock::time_point window_end() const { return start_ + window_ * (window_index_ + 1); }
    Decision headers() const;

    mutable std::mutex mutex_;
    Bucket account_, export_;
    std::chrono::seconds window_;
    Clock::time_point start_;
    std::int64_t window_index_ = 0;
};

/// Chooses which /api/ requests fail and how, from a PRNG seeded by --seed.
/// Thread safety: roll() is safe to call concurrently.
class FaultInjector {
  public:
    FaultInjector(double rate, std::vector<FaultKind> kinds, std::uint64_t seed);
    std::optional<FaultKind> roll();

  private:
    std::mutex mutex_;
    double rate_;
    std::vector<FaultKind> kinds_;
    Rng rng_;
};

}  // namespace zdmock
