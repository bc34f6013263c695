#pragma once

#include <atomic>
#include <chrono>
#include <string>

#include "zdmock/api.hpp"
#include "zdmock/limits.hpp"
#include "zdmock/live_dataset.hpp"
#include "zdmock/stats.hpp"

namespace zdmock {

/// How the server must treat the connection after process().
enum class Action {
    respond,           ///< write the response normally
    reset,             ///< abort the TCP connection (RST), no response
    truncate,          ///< write the headers (full Content-Length) and half the body, then FIN
    stall,             ///< write nothing; keep the connection open until the client gives up
    stall_body,        ///< write the headers and half the body, then nothing more
    tls_close_notify,  ///< write the headers and half the body, then a TLS close_notify alert
    tls_fatal_alert,   ///< write the headers and half the body, then a fatal TLS alert record
};

/// True when the action writes the headers and half the body, then ends the connection its own way.
inline bool cuts_body(Action a) {
    return a == Action::truncate || a == Action::stall_body || a == Action::tls_close_notify ||
           a == Action::tls_fatal_alert;
}

struct Outcome {
    HttpResponse response;
    Action action = Action::respond;
    std::chrono::milliseconds delay{0};  ///< wait this long before answering
};

/// Everything that happens to a request, transport aside: statistics, injected faults, rate limits,
/// the API itself and the common headers. Sans-I/O so it can be tested without sockets.
/// POST /__mock/mutate changes the served dataset (copy-on-write, see LiveDataset); each request is
/// answered from the snapshot current when it arrived.
/// Thread safety: process() is safe to call concurrently once set_base_url() has been called.
class MockService {
  public:
    /// Serves a copy of `dataset`: mutations do not touch the caller's object.
    MockService(const Dataset& dataset, const Options& options);
    MockService(DatasetPtr dataset, const Options& options);
    /// Scheme, host and port of the API: next-page links and the dataset's attachment URLs.
    void set_base_url(std::string base_url);
    Outcome process(const HttpRequest& request);
    /// Counts a completed TLS handshake (for /__mock/stats: how many connections a client opened).
    void record_handshake(bool resumed) { stats_.record_handshake(resumed); }
    /// The dataset currently served (changes after each successful POST /__mock/mutate).
    DatasetPtr dataset() const { return data_.snapshot(); }

  private:
    Outcome fault(FaultKind kind, const DatasetPtr& data, const HttpRequest& request, const Route& route,
                  Clock::time_point sent);
    HttpResponse retry_later(HttpResponse response, const Route& route, Clock::time_point sent);
    HttpResponse mutate(const HttpRequest& request);

    const Options& options_;
    LiveDataset data_;
    Api api_;
    Stats stats_;
    RateLimiter limiter_;
    RateLimiter hc_limiter_;  // Help Center has its own budget, the same size as the account's
    FaultInjector faults_;
    std::atomic<std::uint64_t> fault_serial_{0};  // alternates the variants of 503 and tls_alert faults
};

}  // namespace zdmock
