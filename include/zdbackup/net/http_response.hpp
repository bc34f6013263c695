#pragma once
// What the engine keeps of an HTTP response, and how a failed fetch is described.
// No Asio or Beast here: most of the code base sees only these plain types.

#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>

#include <optional>
#include <string>

namespace zdbackup::net {

struct HttpResponse {
    int status = 0;
    std::string body;
    std::string content_type;
    std::string location;                      ///< Location header (redirects)
    std::string retry_after;                   ///< raw Retry-After header, "" if absent
    std::optional<long> rate_limit;            ///< X-Rate-Limit
    std::optional<long> rate_limit_remaining;  ///< X-Rate-Limit-Remaining
};

/// Why a fetch failed for good: the classified error, and enough context for one clear line.
struct FetchFailure {
    boost::system::error_code ec;
    int http_status = 0;  ///< 0 when no response arrived
    std::string url;      ///< the URL that failed (never contains credentials)
    std::string detail;   ///< e.g. the TLS verification error, or the server's error text
    int attempts = 0;

    /// "GET <url>: <what> (<detail>) after N attempts"
    std::string describe() const;
};

[[noreturn]] void throw_exception_from_error(const FetchFailure& failure, const boost::source_location& loc);

template <class T>
using FetchResult = boost::system::result<T, FetchFailure>;

/// Maps an HTTP status to our error code: 2xx → success, 429 → rate_limited, 5xx → server_error,
/// 401/403/404 → unauthorized/forbidden/not_found, other 4xx → bad_request.
boost::system::error_code classify_status(int status) noexcept;

}  // namespace zdbackup::net
