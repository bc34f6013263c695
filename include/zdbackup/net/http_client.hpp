#pragma once
// The engine's only way to talk to Zendesk: a pool of keep-alive sessions to the configured host,
// behind the account's rate limiter, with retries and backoff. Credentials live here and are sent
// to that one host only.

#include <zdbackup/core/page.hpp>
#include <zdbackup/core/rate_limiter.hpp>
#include <zdbackup/core/retry_policy.hpp>
#include <zdbackup/net/asio_types.hpp>
#include <zdbackup/net/http_response.hpp>
#include <zdbackup/net/https_session.hpp>
#include <zdbackup/net/transfer_stats.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace zdbackup::net {

struct ClientOptions {
    HostPort server;            ///< the Zendesk host (from --subdomain or --base-url)
    std::string authorization;  ///< full Authorization header value; never logged
    int concurrency = 16;       ///< sessions in the pool
    std::chrono::seconds step_timeout{60};
    RetryPolicy retry;
    RateLimits limits;
};

/// A page together with the body its raw item slices point into.
struct FetchedPage {
    std::unique_ptr<std::string> body;
    Page page;
};

struct Download {
    int status = 0;
    std::uint64_t bytes = 0;
    std::string content_type;
};

/// Thread safety: use from the io_context's thread only.
class HttpClient {
  public:
    HttpClient(asio::any_io_executor executor, asio::ssl::context& tls, ClientOptions options);
    ~HttpClient();

    /// GET a path+query on the Zendesk host; retries retryable failures. `accept` may reject a 2xx
    /// response (e.g. a body that is not JSON) with a retryable code. Errors: FetchFailure.
    using Acceptor = std::function<boost::system::error_code(HttpResponse&)>;
    Task<FetchResult<HttpResponse>> get(const std::string& target, Bucket bucket, TransferStats& stats,
                                        const Acceptor& accept = {});

    /// GET one page and parse it; a page is returned only when it arrived whole and parsed.
    Task<FetchResult<FetchedPage>> get_page(const std::string& target, Bucket bucket,
                                            std::string_view items_key, Pagination style,
                                            TransferStats& stats);

    /// Downloads `url` into `file`, following redirects. The Authorization header goes only to the
    /// Zendesk host: a redirect to any other host (attachment storage) is followed without it.
    /// A body whose size differs from `expected_size` is retried as truncated.
    /// Errors: FetchFailure (403/404 are not retried: forbidden/not_found).
    Task<FetchResult<Download>> download(const std::string& url, const std::filesystem::path& file,
                                         std::optional<std::uint64_t> expected_size, TransferStats& stats);

    /// Requests that had to wait for a rate-limit token (each counted once).
    std::uint64_t requests_that_waited() const noexcept;
    /// The current rate of one bucket, requests per minute (learnt or configured).
    double rate_per_minute(Bucket bucket) const;
    std::string url_for(const std::string& target) const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace zdbackup::net
