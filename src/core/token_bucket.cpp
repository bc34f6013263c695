#include <zdbackup/core/token_bucket.hpp>

#include <algorithm>
#include <cmath>

namespace zdbackup {
namespace {

/// Wait long enough for `missing` tokens to accrue, rounded up so that waiting exactly this long
/// always yields the token.
TokenBucket::Clock::duration time_for(double missing, double per_minute) {
    using namespace std::chrono;
    if (per_minute <= 0) return minutes(1);  // nothing will refill; check back later
    const double seconds = missing * 60.0 / per_minute;
    const auto whole = duration<double>(seconds);
    auto wait = duration_cast<TokenBucket::Clock::duration>(whole);
    if (wait < whole) wait += TokenBucket::Clock::duration(1);
    return std::max(wait, TokenBucket::Clock::duration(1));
}

}  // namespace

// Floating-point refill may land a hair below a whole token after waiting exactly time_for().
constexpr double kWhole = 1.0 - 1e-9;

TokenBucket::TokenBucket(double per_minute, double burst, Clock::time_point now)
    : per_minute_(std::max(per_minute, 0.0)), burst_(std::max(burst, 1.0)), tokens_(burst_), last_(now) {}

double TokenBucket::tokens(Clock::time_point now) const {
    if (now <= last_) return tokens_;
    const double elapsed = std::chrono::duration<double>(now - last_).count();
    return std::min(burst_, tokens_ + elapsed * per_minute_ / 60.0);
}

void TokenBucket::refill(Clock::time_point now) {
    // A clock that steps back must not create or destroy tokens.
    if (now <= last_) return;
    tokens_ = tokens(now);
    last_ = now;
}

std::optional<TokenBucket::Clock::duration> TokenBucket::peek(Clock::time_point now) const {
    const double available = tokens(now);
    if (available >= kWhole) return std::nullopt;
    return time_for(1.0 - available, per_minute_);
}

void TokenBucket::take(Clock::time_point now) {
    refill(now);
    tokens_ = std::max(tokens_ - 1.0, 0.0);
}

std::optional<TokenBucket::Clock::duration> TokenBucket::try_take(Clock::time_point now) {
    refill(now);
    if (tokens_ >= kWhole) {
        tokens_ = std::max(tokens_ - 1.0, 0.0);
        return std::nullopt;
    }
    return time_for(1.0 - tokens_, per_minute_);
}

void TokenBucket::set_rate(double per_minute, Clock::time_point now) {
    refill(now);
    per_minute_ = std::max(per_minute, 0.0);
}

void TokenBucket::set_burst(double burst, Clock::time_point now) {
    refill(now);
    burst_ = std::max(burst, 1.0);
    tokens_ = std::min(tokens_, burst_);
}

void TokenBucket::drain(Clock::time_point now) {
    refill(now);
    tokens_ = 0.0;
}

}  // namespace zdbackup
