#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace zdmock {

/// Injected failure kinds (see --faults).
enum class FaultKind {
    http500,
    http502,
    http503,  ///< text/plain; half of them carry a Retry-After
    http504,
    http429,     ///< text/plain body, as a proxy or the edge may send it
    reset,       ///< RST instead of an answer
    truncate,    ///< full Content-Length, half the body, then FIN
    stall,       ///< the request is read and never answered; the connection stays open
    stall_body,  ///< headers and half the body, then silence
    html,        ///< 200 with an HTML page (a captive portal or proxy error page)
    empty,       ///< 200 application/json with an empty body
    garbage,     ///< 200 application/json whose body is not JSON
    tls_alert,   ///< headers and half the body, then a TLS alert (close_notify or a fatal one)
};

/// How Retry-After values are spelled on 429s and 503s (see --retry-after-style).
enum class RetryAfterStyle { integer, decimal, folded, repeated, http_date };

/// Everything the command line controls. Defaults match `zdmock --help`.
struct Options {
    std::string host = "127.0.0.1";  ///< listen address; also the host in generated URLs
    std::uint16_t port = 0;          ///< 0 = pick a free port
    std::string port_file;           ///< empty = do not write the port anywhere
    std::string ca_out;              ///< empty = do not write the CA certificate
    std::int64_t tickets = 25000;
    std::uint64_t seed = 1;
    int threads = 2;
    std::string email = "admin@example.com";
    std::string api_token = "zdmock-token";
    std::string oauth_token = "zdmock-oauth";
    std::string role = "admin";          ///< "admin" or "agent" (agents get 403 on exports)
    bool anonymous_me = false;           ///< /users/me answers 200 with an anonymous user on bad credentials
    std::int64_t rate_limit = 0;         ///< account requests per window; 0 = unlimited
    std::int64_t export_rate_limit = 0;  ///< incremental export requests per window; 0 = unlimited
    std::int64_t rate_window = 60;       ///< seconds per fixed rate window
    std::int64_t latency_ms = 0;         ///< added before each /api/ response
    double fault_rate = 0.0;             ///< probability that an /api/ request gets a fault
    std::vector<FaultKind> faults = {FaultKind::http500, FaultKind::http502, FaultKind::http503,
                                     FaultKind::reset, FaultKind::truncate};
    RetryAfterStyle retry_after_style = RetryAfterStyle::integer;
    std::vector<std::string> forbid = {"sla_policies"};  ///< support kinds that answer 403
    std::string fail_path;        ///< requests whose target contains it always answer 500 ("" = none)
    std::string dump_truth;       ///< non-empty = write the ground truth there and exit
    std::string stuck_export;     ///< "time" or "cursor": that kind of export stops advancing ("" = none)
    bool captive_portal = false;  ///< every request answers 200 with an HTML login page
    std::string cert_names;       ///< leaf certificate SAN ("" = DNS:localhost,IP:127.0.0.1)
    bool cert_expired = false;    ///< the leaf certificate expired yesterday
};

/// Result of parsing: options, or an exit request (help printed or an error).
struct ParseResult {
    Options options;
    std::optional<int> exit_code;  ///< set when the program should exit right away
};

/// Parses argv. Prints usage on --help (exit 0) and an error plus usage on bad input (exit 2).
ParseResult parse_options(int argc, char** argv);

std::string_view fault_name(FaultKind kind);
std::string_view retry_after_style_name(RetryAfterStyle style);

}  // namespace zdmock
