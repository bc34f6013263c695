#include <zdbackup/zendesk/failure_messages.hpp>

#include <boost/url/parse.hpp>

namespace zdbackup {

namespace {

std::string host_of(const std::string& url) {
    auto parsed = boost::urls::parse_uri(url);
    if (!parsed) return url;
    std::string host(parsed->encoded_host_and_port());
    return host;
}

std::string with_detail(const net::FetchFailure& f) {
    return f.detail.empty() ? "" : " (" + f.detail + ")";
}

}  // namespace

RunError explain_failure(const net::FetchFailure& f) {
    const std::string host = host_of(f.url);
    switch (static_cast<errc>(f.ec.category() == zdbackup_category() ? f.ec.value() : -1)) {
        case errc::unauthorized:
            return {ExitCode::auth,
                    "authentication failed (401) at " + host +
                        ": check ZENDESK_EMAIL and ZENDESK_API_TOKEN (or ZENDESK_OAUTH_TOKEN)"};
        case errc::forbidden:
            return {ExitCode::auth,
                    "access denied (403) for " + f.url +
                        ": zdbackup needs an admin's credentials (incremental exports are admin-only)"};
        case errc::dns_failure:
            return {ExitCode::network, "cannot resolve " + host + with_detail(f) +
                                           ": check --subdomain / --base-url and your DNS"};
        case errc::connection_refused:
            return {ExitCode::network, "cannot connect to " + host + with_detail(f) +
                                           ": check --base-url and that the server is reachable"};
        case errc::tls_untrusted:
            if (f.detail.find("expired") != std::string::npos ||
                f.detail.find("not yet valid") != std::string::npos)
                return {ExitCode::network, "the TLS certificate of " + host +
                                               " is outside its validity period" + with_detail(f) +
                                               ": check this machine's date and time"};
            return {ExitCode::network,
                    "the TLS certificate of " + host + " is not trusted" + with_detail(f) +
                        ": if a proxy or private CA signs it, pass that CA with --ca-file"};
        case errc::tls_hostname_mismatch:
            return {ExitCode::network, "the TLS certificate of " + host + " is not valid for that name" +
                                           with_detail(f) + ": check --subdomain / --base-url"};
        case errc::not_zendesk:
            return {ExitCode::network,
                    f.url + " did not answer like a Zendesk API" + with_detail(f) +
                        ": check --subdomain / --base-url; a proxy or captive portal may be "
                        "in the way"};
        case errc::no_answer:
            return {ExitCode::network,
                    host + " never answered (" + std::to_string(f.attempts) + " attempts" +
                        (f.detail.empty() ? "" : ", the last: " + f.detail) +
                        "): check --subdomain / --base-url, and that no firewall or proxy holds the "
                        "connection; --timeout sets how long each attempt waits"};
        case errc::not_advancing:
            return {ExitCode::api,
                    f.describe() +
                        ": Zendesk returned the same position again; stopped instead of looping. "
                        "Run again later; if it persists, report it"};
        case errc::cancelled:
            return {ExitCode::interrupted, "interrupted"};
        default:
            break;
    }
    return {ExitCode::api, f.describe() + ": the Zendesk API kept failing; run zdbackup again later"};
}

}  // namespace zdbackup
