#pragma once
// Expected outcomes of talking to Zendesk, as error codes in our own category.
// Classified by what the caller should do: retry, stop the stream, or stop the run.

#include <boost/system/error_code.hpp>

#include <system_error>
#include <type_traits>

namespace zdbackup {

enum class errc {
    ok = 0,
    // Retryable: the same request may succeed later.
    rate_limited = 1,  ///< 429, or 503 with Retry-After
    server_error,      ///< 5xx
    timeout,           ///< a network step missed its deadline
    connection_lost,   ///< reset, EOF mid-response, TLS alert mid-stream
    truncated_body,    ///< body shorter than announced
    bad_payload,       ///< status 200 but the body is not the JSON we expect
    // Permanent for this request.
    unauthorized,   ///< 401
    forbidden,      ///< 403
    not_found,      ///< 404
    bad_request,    ///< other 4xx
    not_advancing,  ///< an export cursor/start_time/next page that does not move
    // Setup problems: the run cannot start.
    dns_failure,            ///< host name does not resolve
    connection_refused,     ///< nothing listens there
    tls_untrusted,          ///< certificate chain not trusted
    tls_hostname_mismatch,  ///< certificate does not name the host
    not_zendesk,            ///< the host answers, but not like Zendesk (HTML, captive portal)
    no_answer,              ///< every attempt timed out before the server ever answered
    retries_exhausted,      ///< a retryable failure that kept failing
    cancelled,              ///< the run was interrupted (Ctrl-C, SIGTERM)
};

const boost::system::error_category& zdbackup_category() noexcept;

inline boost::system::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), zdbackup_category()};
}

/// True when repeating the same request later may succeed.
bool is_retryable(const boost::system::error_code& ec) noexcept;

/// Process exit codes, documented in the README and --help.
enum class ExitCode : int {
    success = 0,
    failure = 1,        ///< anything not covered below
    usage = 2,          ///< bad command line or configuration
    auth = 3,           ///< credentials rejected or not an admin
    network = 4,        ///< cannot reach or trust the server
    api = 5,            ///< the API kept failing or sent data we cannot use
    local_io = 6,       ///< disk full, permission denied, cache unusable
    verify_failed = 7,  ///< `verify` found a damaged or incomplete zip
    no_backup = 8,      ///< `status`: no cache, or no backup has succeeded in it yet
    last_failed = 9,    ///< `status`: the last attempt failed or did not finish
    too_old = 10,       ///< `status --max-age`: the last success is older than that
    interrupted = 130,  ///< SIGINT/SIGTERM
};

ExitCode exit_code_for(const boost::system::error_code& ec) noexcept;

}  // namespace zdbackup

template <>
struct boost::system::is_error_code_enum<zdbackup::errc> : std::true_type {};
