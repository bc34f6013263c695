#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace zdmock {

/// Request counters served by GET /__mock/stats.
/// Thread safety: all members are safe to call concurrently.
class Stats {
  public:
    void record_request(std::string_view endpoint);
    void record_status(unsigned status);
    void record_rate_limited();
    void record_ignored_retry_after();
    void record_fault(std::string_view kind);
    /// A request to the attachment storage host; `authorization` = it carried an Authorization header.
    void record_storage(bool authorization);
    /// A TLS handshake completed; `resumed`: an abbreviated one (the client offered a session ticket).
    void record_handshake(bool resumed);
    /// An API or storage request has been answered: its response is written after `delay` (--latency-ms).
    void record_answered(std::chrono::steady_clock::duration delay);
    void reset();
    /// {"total_requests","by_endpoint","by_status","rate_limited","ignored_retry_after","faults_injected",
    ///  "storage_requests","storage_authorization_seen","first_to_last_s",
    ///  "tls_handshakes","tls_resumed"}
    /// first_to_last_s: from the first counted request's arrival to the last answer since the reset, so
    /// a client's request rate can be taken over its fetching alone (zdbench), whatever it did before
    /// and after.
    std::string to_json() const;

  private:
    mutable std::mutex mutex_;
    std::int64_t total_ = 0;
    std::int64_t rate_limited_ = 0;
    std::int64_t ignored_retry_after_ = 0;
    std::int64_t storage_requests_ = 0;
    std::int64_t storage_authorization_seen_ = 0;
    std::int64_t tls_handshakes_ = 0;
    std::int64_t tls_resumed_ = 0;
    std::map<std::string, std::int64_t, std::less<>> by_endpoint_;
    std::map<unsigned, std::int64_t> by_status_;
    std::map<std::string, std::int64_t, std::less<>> faults_;
    std::optional<std::chrono::steady_clock::time_point> first_request_, last_answer_;
};

}  // namespace zdmock
