#pragma once

#include <chrono>
#include <string>

#include "zdmock/api.hpp"
#include "zdmock/limits.hpp"
#include "zdmock/stats.hpp"

namespace zdmock {

/// How the server must treat the connection after process().
enum class Action {
    respond,   ///< write the response normally
    reset,     ///< abort the TCP connection (RST), no response
    truncate,  ///< write the headers (full Content-Length) and half the body, then drop the connection
};

struct Outcome {
    HttpResponse response;
    Action action = Action::respond;
    std::chrono::milliseconds delay{0};  ///< wait this long before answering
};

/// Everything that happens to a request, transport aside: statistics, injected faults, rate limits,
/// the API itself and the common headers. Sans-I/O so it can be tested without sockets.
/// Thread safety: process() is safe to call concurrently once set_base_url() has been called.
class MockService {
  public:
    MockService(const Dataset& dataset, const Options& options);
    void set_base_url(std::string base_url) { api_.set_base_url(std::move(base_url)); }
    Outcome process(const HttpRequest& request);

  private:
    Outcome fault(FaultKind kind, const HttpRequest& request, const Route& route, Clock::time_point now);

    const Options& options_;
    Api api_;
    Stats stats_;
    RateLimiter limiter_;
    RateLimiter hc_limiter_;  // Help Center has its own budget, the same size as the account's
    FaultInjector faults_;
};

}  // namespace zdmock
