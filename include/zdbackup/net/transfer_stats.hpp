#pragma once

#include <cstdint>

namespace zdbackup::net {

/// Request accounting for one stream (or the whole run). Thread safety: owned by the network thread.
struct TransferStats {
    std::uint64_t requests = 0;      ///< every request sent, retries included
    std::uint64_t retries = 0;       ///< requests repeated after a retryable failure
    std::uint64_t rate_limited = 0;  ///< 429 (and 503 + Retry-After) answers
    std::uint64_t bytes = 0;         ///< response body bytes received

    TransferStats& operator+=(const TransferStats& other) {
        requests += other.requests;
        retries += other.retries;
        rate_limited += other.rate_limited;
        bytes += other.bytes;
        return *this;
    }
};

}  // namespace zdbackup::net
