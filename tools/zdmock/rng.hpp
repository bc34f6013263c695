#pragma once

#include <cstdint>

namespace zdmock {

/// splitmix64: tiny, fast and good enough to derive independent streams from (seed, kind, id).
/// Thread safety: none; make one per use.
class Rng {
  public:
    explicit Rng(std::uint64_t seed) : state_(seed) {}
    Rng(std::uint64_t seed, std::uint64_t kind, std::uint64_t id)
        : state_(mix(mix(seed ^ 0x9e3779b97f4a7c15ULL) ^ (kind * 0xbf58476d1ce4e5b9ULL)) ^ id) {}

    std::uint64_t next() {
        state_ += 0x9e3779b97f4a7c15ULL;
        return mix(state_);
    }
    /// Uniform in [0, n); n must be > 0.
    std::uint64_t below(std::uint64_t n) { return next() % n; }
    /// Uniform in [lo, hi].
    std::int64_t range(std::int64_t lo, std::int64_t hi) {
        return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo + 1)));
    }
    /// True with probability p (0..1).
    bool chance(double p) { return static_cast<double>(next() >> 11) * 0x1.0p-53 < p; }

    static std::uint64_t mix(std::uint64_t z) {
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }

  private:
    std::uint64_t state_;
};

}  // namespace zdmock
