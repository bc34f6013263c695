#include "zdmock/limits.hpp"

#include <algorithm>

namespace zdmock {
namespace {
constexpr std::int64_t kUnlimitedAdvertised = 1000000;  // far above any client in this repo
constexpr auto kTolerance = std::chrono::milliseconds(100);
}  // namespace

RateLimiter::RateLimiter(std::int64_t account_limit, std::int64_t export_limit, std::chrono::seconds window,
                         Clock::time_point start)
    : window_(window), start_(start) {
    account_.limit = account_limit;
    export_.limit = export_limit;
}

void RateLimiter::roll_window(Clock::time_point now) {
    const std::int64_t index = (now - start_) / window_;
    if (index != window_index_) {
        window_index_ = index;
        account_.used = 0;
        export_.used = 0;
    }
}

RateLimiter::Decision RateLimiter::headers() const {
    // Advertised per minute, as Zendesk does, whatever the window: a bench that shortens the window to
    // scale a plan up (--rate-window 6 --rate-limit 70 is 700/min) tells clients the per-minute rate.
    const auto per_minute = [&](std::int64_t n) { return n * 60 / window_.count(); };
    Decision d;
    if (account_.limit <= 0) {
        d.limit = d.remaining = kUnlimitedAdvertised;
        return d;
    }
    d.limit = per_minute(account_.limit);
    d.remaining = std::max<std::int64_t>(0, per_minute(account_.limit - account_.used));
    return d;
}

RateLimiter::Decision RateLimiter::admit(bool is_export, Clock::time_point now,
                                         std::chrono::milliseconds answer_delay) {
    std::lock_guard lock(mutex_);
    roll_window(now);
    const bool account_full = account_.limit > 0 && account_.used >= account_.limit;
    const bool export_full = is_export && export_.limit > 0 && export_.used >= export_.limit;
    if (account_full || export_full) {
        Decision d = headers();
        d.allowed = false;
        const auto left = std::chrono::ceil<std::chrono::seconds>(window_end() - now);
        d.retry_after_s = std::max<std::int64_t>(1, left.count());
        Bucket& b = account_full ? account_ : export_;
        // Requests that arrive while this answer is still on its way have not seen it.
        const auto sent = now + answer_delay;
        b.announced_at = sent;
        b.retry_until = std::max(b.retry_until, sent + std::chrono::seconds(d.retry_after_s));
        return d;
    }
    ++account_.used;
    if (is_export) ++export_.used;
    return headers();
}

RateLimiter::Decision RateLimiter::peek(Clock::time_point now) {
    std::lock_guard lock(mutex_);
    roll_window(now);
    return headers();
}

void RateLimiter::announce_retry_after(Clock::time_point sent, std::chrono::milliseconds after) {
    std::lock_guard lock(mutex_);
    account_.announced_at = sent;
    account_.retry_until = std::max(account_.retry_until, sent + after);
}

bool RateLimiter::ignores_retry_after(bool is_export, Clock::time_point now) const {
    std::lock_guard lock(mutex_);
    // Requests already in flight when the 429 left, and rounding at the end, are not the client's fault.
    const auto running = [&](const Bucket& b) {
        return now > b.announced_at + kTolerance && now + kTolerance < b.retry_until;
    };
    return running(account_) || (is_export && running(export_));
}

FaultInjector::FaultInjector(double rate, std::vector<FaultKind> kinds, std::uint64_t seed)
    : rate_(rate), kinds_(std::move(kinds)), rng_(seed, 0xfa017, 0) {}

std::optional<FaultKind> FaultInjector::roll() {
    if (rate_ <= 0 || kinds_.empty()) return std::nullopt;
    std::lock_guard lock(mutex_);
    if (!rng_.chance(rate_)) return std::nullopt;
    return kinds_[rng_.below(kinds_.size())];
}

}  // namespace zdmock
