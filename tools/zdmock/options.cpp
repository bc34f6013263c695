#include "zdmock/options.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <iterator>
#include <stdexcept>
#include <string_view>

namespace zdmock {
namespace {

constexpr const char* kUsage = R"(usage: zdmock [options]
  --host ADDR              listen address (127.0.0.1)
  --port N                 port, 0 = any free port (0)
  --port-file FILE         write the chosen port there (temp + rename)
  --ca-out FILE            write the generated CA certificate (PEM) there
  --tickets N              number of tickets (25000)
  --seed N                 data and fault seed (1)
  --threads N              server threads (2)
  --email ADDR             account email for API-token auth (admin@example.com)
  --api-token T            API token (zdmock-token)
  --oauth-token T          OAuth bearer token (zdmock-oauth)
  --role admin|agent       role of the authenticated user (admin)
  --anonymous-me           /users/me answers 200 anonymous on bad credentials
  --rate-limit RPM         account requests per window, 0 = unlimited (0)
  --export-rate-limit RPM  incremental export requests per window, 0 = unlimited (0)
  --rate-window SECONDS    fixed window length (60)
  --latency-ms N           delay before each response (0)
  --fault-rate P           probability of a fault per /api/ request (0)
  --faults LIST            comma list of 500,502,503,504,429,reset,truncate,stall,stall_body,html,
                           empty,garbage,tls_alert (500,502,503,reset,truncate)
  --retry-after-style S    integer|decimal|folded|repeated|http-date: how 429/503 spell Retry-After
                           (integer)
  --stuck-export KIND      time|cursor: that export stops advancing (same end_time / cursor again)
  --captive-portal         every request answers 200 text/html (a login page in the way)
  --cert-names SAN         leaf certificate subjectAltName (DNS:localhost,IP:127.0.0.1)
  --cert-expired           serve a leaf certificate that expired yesterday
  --forbid KINDS           comma list of support kinds answering 403, "" = none (sla_policies)
  --fail-path TEXT         every request whose target contains TEXT answers 500 (a persistent failure)
  --dump-truth DIR         write ground-truth JSON to DIR and exit
  --help                   this text
)";

std::int64_t to_int(std::string_view flag, std::string_view s) {
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || p != s.data() + s.size() || v < 0)
        throw std::invalid_argument(std::string(flag) + ": not a non-negative integer: " + std::string(s));
    return v;
}

constexpr FaultKind kAllFaults[] = {
    FaultKind::http500, FaultKind::http502,  FaultKind::http503,   FaultKind::http504,    FaultKind::http429,
    FaultKind::reset,   FaultKind::truncate, FaultKind::stall,     FaultKind::stall_body, FaultKind::html,
    FaultKind::empty,   FaultKind::garbage,  FaultKind::tls_alert,
};

constexpr RetryAfterStyle kAllStyles[] = {RetryAfterStyle::integer, RetryAfterStyle::decimal,
                                          RetryAfterStyle::folded, RetryAfterStyle::repeated,
                                          RetryAfterStyle::http_date};

std::vector<FaultKind> to_faults(std::string_view s) {
    std::vector<FaultKind> out;
    while (!s.empty()) {
        const auto comma = s.find(',');
        const std::string_view item = s.substr(0, comma);
        const auto* found = std::find_if(std::begin(kAllFaults), std::end(kAllFaults),
                                         [&](FaultKind k) { return fault_name(k) == item; });
        if (found != std::end(kAllFaults))
            out.push_back(*found);
        else if (!item.empty())
            throw std::invalid_argument("--faults: unknown fault: " + std::string(item));
        s = comma == std::string_view::npos ? std::string_view{} : s.substr(comma + 1);
    }
    if (out.empty()) throw std::invalid_argument("--faults: empty list");
    return out;
}

void apply(Options& o, std::string_view flag, std::string_view v) {
    if (flag == "--host")
        o.host = v;
    else if (flag == "--port") {
        const auto p = to_int(flag, v);
        if (p > 65535) throw std::invalid_argument("--port: out of range");
        o.port = static_cast<std::uint16_t>(p);
    } else if (flag == "--port-file")
        o.port_file = v;
    else if (flag == "--ca-out")
        o.ca_out = v;
    else if (flag == "--tickets")
        o.tickets = to_int(flag, v);
    else if (flag == "--seed")
        o.seed = static_cast<std::uint64_t>(to_int(flag, v));
    else if (flag == "--threads")
        o.threads = static_cast<int>(std::max<std::int64_t>(1, to_int(flag, v)));
    else if (flag == "--email")
        o.email = v;
    else if (flag == "--api-token")
        o.api_token = v;
    else if (flag == "--oauth-token")
        o.oauth_token = v;
    else if (flag == "--role") {
        if (v != "admin" && v != "agent") throw std::invalid_argument("--role: must be admin or agent");
        o.role = v;
    } else if (flag == "--rate-limit")
        o.rate_limit = to_int(flag, v);
    else if (flag == "--export-rate-limit")
        o.export_rate_limit = to_int(flag, v);
    else if (flag == "--rate-window")
        o.rate_window = std::max<std::int64_t>(1, to_int(flag, v));
    else if (flag == "--latency-ms")
        o.latency_ms = to_int(flag, v);
    else if (flag == "--fault-rate") {
        std::size_t used = 0;
        const double p = std::stod(std::string(v), &used);
        if (used != v.size() || p < 0 || p > 1)
            throw std::invalid_argument("--fault-rate: must be in [0, 1]");
        o.fault_rate = p;
    } else if (flag == "--faults")
        o.faults = to_faults(v);
    else if (flag == "--retry-after-style") {
        const auto* found = std::find_if(std::begin(kAllStyles), std::end(kAllStyles),
                                         [&](RetryAfterStyle st) { return retry_after_style_name(st) == v; });
        if (found == std::end(kAllStyles))
            throw std::invalid_argument("--retry-after-style: unknown style: " + std::string(v));
        o.retry_after_style = *found;
    } else if (flag == "--stuck-export") {
        if (v != "time" && v != "cursor")
            throw std::invalid_argument("--stuck-export: must be time or cursor");
        o.stuck_export = v;
    } else if (flag == "--cert-names")
        o.cert_names = v;
    else if (flag == "--forbid") {
        o.forbid.clear();
        while (!v.empty()) {
            const auto comma = v.find(',');
            if (v.substr(0, comma).size() > 0) o.forbid.emplace_back(v.substr(0, comma));
            v = comma == std::string_view::npos ? std::string_view{} : v.substr(comma + 1);
        }
    } else if (flag == "--fail-path")
        o.fail_path = v;
    else if (flag == "--dump-truth")
        o.dump_truth = v;
    else
        throw std::invalid_argument("unknown option: " + std::string(flag));
}

}  // namespace

std::string_view fault_name(FaultKind kind) {
    switch (kind) {
        case FaultKind::http500:
            return "500";
        case FaultKind::http502:
            return "502";
        case FaultKind::http503:
            return "503";
        case FaultKind::http429:
            return "429";
        case FaultKind::reset:
            return "reset";
        case FaultKind::truncate:
            return "truncate";
        case FaultKind::http504:
            return "504";
        case FaultKind::stall:
            return "stall";
        case FaultKind::stall_body:
            return "stall_body";
        case FaultKind::html:
            return "html";
        case FaultKind::empty:
            return "empty";
        case FaultKind::garbage:
            return "garbage";
        case FaultKind::tls_alert:
            return "tls_alert";
    }
    return "?";
}

std::string_view retry_after_style_name(RetryAfterStyle style) {
    switch (style) {
        case RetryAfterStyle::integer:
            return "integer";
        case RetryAfterStyle::decimal:
            return "decimal";
        case RetryAfterStyle::folded:
            return "folded";
        case RetryAfterStyle::repeated:
            return "repeated";
        case RetryAfterStyle::http_date:
            return "http-date";
    }
    return "?";
}

ParseResult parse_options(int argc, char** argv) {
    ParseResult r;
    try {
        for (int i = 1; i < argc; ++i) {
            std::string_view arg = argv[i];
            if (arg == "--help" || arg == "-h") {
                std::fputs(kUsage, stdout);
                r.exit_code = 0;
                return r;
            }
            if (arg == "--anonymous-me") {
                r.options.anonymous_me = true;
                continue;
            }
            if (arg == "--captive-portal") {
                r.options.captive_portal = true;
                continue;
            }
            if (arg == "--cert-expired") {
                r.options.cert_expired = true;
                continue;
            }
            // Accept both `--flag value` and `--flag=value`.
            std::string_view value;
            if (const auto eq = arg.find('='); eq != std::string_view::npos && arg.starts_with("--")) {
                value = arg.substr(eq + 1);
                arg = arg.substr(0, eq);
            } else if (i + 1 < argc) {
                value = argv[++i];
            } else {
                throw std::invalid_argument("missing value for " + std::string(arg));
            }
            apply(r.options, arg, value);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "zdmock: %s\n%s", e.what(), kUsage);
        r.exit_code = 2;
    }
    return r;
}

}  // namespace zdmock
