#include <zdbackup/core/errc.hpp>
#include <zdbackup/core/retry_after.hpp>
#include <zdbackup/net/http_client.hpp>

#include <boost/algorithm/string/predicate.hpp>
#include <boost/asio/experimental/channel.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include <spdlog/spdlog.h>

#include <filesystem>
#include <map>
#include <random>
#include <utility>
#include <vector>

namespace zdbackup::net {

using boost::system::error_code;
using Clock = std::chrono::steady_clock;

namespace {

bool looks_like_json(const HttpResponse& response) {
    for (char c : response.body) {
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
        return c == '{' || c == '[';
    }
    return false;
}

std::string short_detail(const HttpResponse& response) {
    if (!looks_like_json(response)) return response.content_type.empty() ? "" : response.content_type;
    constexpr std::size_t kMax = 200;
    return response.body.size() <= kMax ? response.body : response.body.substr(0, kMax) + "...";
}

/// Where a URL points: the server and the origin-form target. nullopt unless it is https.
struct Location {
    HostPort server;
    std::string target;
};

std::optional<Location> locate(std::string_view url) {
    auto parsed = boost::urls::parse_uri(url);
    if (!parsed || parsed->scheme_id() != boost::urls::scheme::https || parsed->host().empty())
        return std::nullopt;
    Location where;
    where.server.host = parsed->host_address();
    where.server.port = parsed->has_port() ? std::string(parsed->port()) : "443";
    where.target = parsed->encoded_path().empty() ? "/" : std::string(parsed->encoded_path());
    if (parsed->has_query()) where.target += "?" + std::string(parsed->encoded_query());
    return where;
}

/// A redirect's Location, resolved against the URL that answered (it may be relative).
std::string resolve_location(const std::string& base, const std::string& location) {
    // An absolute Location is used as sent: Boost.URL 1.81's resolve() decodes %2F while removing
    // dot segments, turning ".../..%2F..%2Fetc" into "/etc".
    if (boost::urls::parse_uri(location)) return location;
    auto base_url = boost::urls::parse_uri(base);
    auto reference = boost::urls::parse_uri_reference(location);
    if (!base_url || !reference) return location;
    boost::urls::url resolved;
    if (boost::urls::resolve(*base_url, *reference, resolved)) return std::string(resolved.buffer());
    return location;
}

bool is_redirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

bool same_host(const HostPort& a, const HostPort& b) {
    return a.port == b.port && boost::algorithm::iequals(a.host, b.host);
}

constexpr int kMaxRedirects = 5;

/// Attempts that may time out before a server that never answered anything is given up on. A server
/// that answered once and then stalls gets the whole retry budget; one that never did is most likely
/// a wrong address or a firewall, and the user should hear so in minutes, not after every retry.
constexpr int kAttemptsBeforeAnyAnswer = 3;

}  // namespace

struct HttpClient::Impl {
    asio::any_io_executor executor;
    ClientOptions options;
    RateLimiter limiter;
    std::vector<std::unique_ptr<HttpsSession>> sessions;
    // Idle sessions. A worker takes one for the duration of one request.
    asio::experimental::channel<void(error_code, HttpsSession*)> idle;
    std::mt19937_64 random{std::random_device{}()};
    bool reached_server = false;
    asio::ssl::context& tls;
    std::map<std::string, std::vector<std::unique_ptr<HttpsSession>>> foreign_idle;  // by host:port
    std::uint64_t requests_that_waited = 0;

    Impl(asio::any_io_executor ex, asio::ssl::context& tls_context, ClientOptions opts)
        : executor(ex),
          options(std::move(opts)),
          limiter(options.limits, Clock::now()),
          idle(ex, static_cast<std::size_t>(options.concurrency)),
          tls(tls_context) {
        for (int i = 0; i < options.concurrency; ++i) {
            sessions.push_back(
                std::make_unique<HttpsSession>(ex, tls_context, options.server, options.step_timeout));
            idle.try_send(error_code{}, sessions.back().get());
        }
    }

    Task<void> wait_for_token(Bucket bucket) {
        asio::steady_timer timer(executor);
        bool waited = false;
        while (auto wait = limiter.try_acquire(bucket, Clock::now())) {
            if (!std::exchange(waited, true)) ++requests_that_waited;
            timer.expires_after(*wait);
            co_await timer.async_wait(use_tuple);
        }
    }

    Task<void> wait_out_pause() {
        asio::steady_timer timer(executor);
        for (auto now = Clock::now(); limiter.paused_until() > now; now = Clock::now()) {
            timer.expires_at(limiter.paused_until());
            co_await timer.async_wait(use_tuple);
        }
    }

    /// One request on a pooled session to the Zendesk host; the body goes to `file` when given.
    Task<FetchResult<HttpResponse>> send_once(const std::string& target,
                                              const std::filesystem::path* file = nullptr) {
        auto [ec, session] = co_await idle.async_receive(use_tuple);
        if (ec) co_return FetchFailure{errc::cancelled, 0, {}, "client shut down"};
        // Return the session to the pool on every path, exceptions included.
        struct Release {
            Impl* impl;
            HttpsSession* session;
            ~Release() { impl->idle.try_send(error_code{}, session); }
        } release{this, session};
        // A Retry-After may have arrived while this request waited for a session or a handshake: the
        // request is held until it has elapsed, right before it is written.
        auto connected = co_await session->connect_if_needed();
        if (!connected) co_return connected.error();
        co_await wait_out_pause();
        if (file) co_return co_await session->get_to_file(target, options.authorization, *file);
        co_return co_await session->get(target, options.authorization);
    }

    /// One request to another host (an attachment's storage): never with credentials.
    Task<FetchResult<HttpResponse>> send_foreign(const HostPort& server, const std::string& target,
                                                 const std::filesystem::path& file) {
        auto& idle_sessions = foreign_idle[server.host + ":" + server.port];
        std::unique_ptr<HttpsSession> session;
        if (idle_sessions.empty()) {
            session = std::make_unique<HttpsSession>(executor, tls, server, options.step_timeout);
        } else {
            session = std::move(idle_sessions.back());
            idle_sessions.pop_back();
        }
        auto outcome = co_await session->get_to_file(target, "", file);
        idle_sessions.push_back(std::move(session));  // map nodes never move, and none is erased
        co_return outcome;
    }

    /// The classified outcome of one attempt: ok, or an error with what we know about it.
    /// Responses from another host (`zendesk_host` false) say nothing about Zendesk's rate limits.
    error_code judge(FetchResult<HttpResponse>& attempt, Bucket bucket, const Acceptor& accept,
                     std::optional<std::chrono::milliseconds>& retry_after, TransferStats& stats,
                     bool zendesk_host = true) {
        if (!attempt) {
            // Refused or unresolvable before the first answer means a wrong address; after it, a
            // server restarting or a network that went away for a moment.
            const error_code failed = attempt.error().ec;
            if ((failed == errc::connection_refused || failed == errc::dns_failure) && reached_server)
                return errc::connection_lost;
            return attempt.error().ec;
        }
        reached_server = true;
        HttpResponse& response = *attempt;
        stats.bytes += response.body.size();
        const auto now = Clock::now();
        if (zendesk_host)
            limiter.on_response(bucket, response.rate_limit, response.rate_limit_remaining, now);
        // The status decides before any body is looked at: a 429 or 5xx body may be text or HTML.
        error_code ec = classify_status(response.status);
        if (response.status == 429 || response.status == 503) {
            retry_after = parse_retry_after(response.retry_after, std::chrono::system_clock::now());
            if (retry_after) {
                if (zendesk_host) limiter.pause_until(now + *retry_after);
                ec = errc::rate_limited;
            }
            if (response.status == 429) ++stats.rate_limited;
        }
        if (!ec && accept) ec = accept(response);
        return ec;
    }
};

HttpClient::HttpClient(asio::any_io_executor executor, asio::ssl::context& tls, ClientOptions options)
    : impl_(std::make_unique<Impl>(std::move(executor), tls, std::move(options))) {}

HttpClient::~HttpClient() = default;

std::uint64_t HttpClient::requests_that_waited() const noexcept {
    return impl_->requests_that_waited;
}

double HttpClient::rate_per_minute(Bucket bucket) const {
    return impl_->limiter.rate_per_minute(bucket);
}

std::string HttpClient::url_for(const std::string& target) const {
    const auto& server = impl_->options.server;
    std::string url = "https://" + server.host;
    if (server.port != "443") url += ":" + server.port;
    return url + target;
}

Task<FetchResult<HttpResponse>> HttpClient::get(const std::string& target, Bucket bucket,
                                                TransferStats& stats, const Acceptor& accept) {
    Impl& s = *impl_;
    asio::steady_timer backoff(s.executor);
    for (int attempt = 1;; ++attempt) {
        co_await s.wait_for_token(bucket);
        ++stats.requests;
        auto outcome = co_await s.send_once(target);
        std::optional<std::chrono::milliseconds> retry_after;
        const error_code ec = s.judge(outcome, bucket, accept, retry_after, stats);
        if (!ec) co_return std::move(*outcome);

        const int status = outcome ? outcome->status : 0;
        const auto decision = next_retry(s.options.retry, attempt, ec, retry_after, s.random());
        const bool never_answered =
            ec == errc::timeout && !s.reached_server && attempt >= kAttemptsBeforeAnyAnswer;
        if (!decision.retry || never_answered) {
            FetchFailure failure =
                outcome ? FetchFailure{ec, status, {}, short_detail(*outcome)} : outcome.error();
            if (never_answered)
                failure.ec = errc::no_answer;
            else if (is_retryable(ec) && attempt > 1)
                failure.ec = errc::retries_exhausted, failure.detail = ec.message();
            failure.url = url_for(target);
            failure.attempts = attempt;
            co_return failure;
        }
        ++stats.retries;
        spdlog::info("GET {}: {}{}; retry {} in {} ms", url_for(target),
                     status ? "HTTP " + std::to_string(status) + " " : "", ec.message(), attempt,
                     decision.delay.count());
        backoff.expires_after(decision.delay);
        co_await backoff.async_wait(use_tuple);
    }
}

Task<FetchResult<FetchedPage>> HttpClient::get_page(const std::string& target, Bucket bucket,
                                                    std::string_view items_key, Pagination style,
                                                    TransferStats& stats) {
    std::optional<FetchedPage> fetched;
    // Parsing inside the acceptor makes a malformed 200 page a retryable failure like any other.
    // The body moves to the heap first: the page's raw item slices point into it.
    auto accept = [&](HttpResponse& response) -> error_code {
        auto body = std::make_unique<std::string>(std::move(response.body));
        auto page = parse_page(*body, items_key, style);
        if (!page) {
            response.body = std::move(*body);
            return page.error();
        }
        fetched.reset();  // a Page is constructed, never assigned (see Page)
        fetched.emplace(FetchedPage{std::move(body), std::move(*page)});
        return {};
    };
    auto response = co_await get(target, bucket, stats, accept);
    if (!response) co_return response.error();
    co_return std::move(*fetched);
}

Task<FetchResult<Download>> HttpClient::download(const std::string& url, const std::filesystem::path& file,
                                                 std::optional<std::uint64_t> expected_size,
                                                 TransferStats& stats) {
    Impl& s = *impl_;
    asio::steady_timer backoff(s.executor);
    // An attempt is two requests that can each fail (content_url, then the storage host): twice the
    // attempts gives a download the same odds as any one request (at 30 % faults, 8 two-hop attempts
    // failed now and then: each one fails 51 % of the time).
    RetryPolicy download_policy = s.options.retry;
    download_policy.max_attempts *= 2;
    for (int attempt = 1;; ++attempt) {
        // Every attempt starts from the original URL: a redirect target may be short-lived.
        std::string current = url;
        FetchResult<HttpResponse> outcome = FetchFailure{errc::bad_request, 0, url, "not an https URL"};
        bool zendesk_host = true;
        for (int hop = 0; hop <= kMaxRedirects; ++hop) {
            const auto where = locate(current);
            if (!where) {
                outcome = FetchFailure{errc::bad_request, 0, current, "not an https URL"};
                break;
            }
            // Credentials go to the configured Zendesk host only, never to a storage host.
            zendesk_host = same_host(where->server, s.options.server);
            if (zendesk_host) co_await s.wait_for_token(Bucket::account);
            ++stats.requests;
            // Not a ?: with a co_await in each branch: GCC 12 destroys its result twice.
            if (zendesk_host)
                outcome = co_await s.send_once(where->target, &file);
            else
                outcome = co_await s.send_foreign(where->server, where->target, file);
            if (!outcome || !is_redirect(outcome->status) || outcome->location.empty()) break;
            current = resolve_location(current, outcome->location);
        }

        std::optional<std::chrono::milliseconds> retry_after;
        const auto check_size = [&](HttpResponse&) -> error_code {
            std::error_code size_ec;
            const auto bytes = std::filesystem::file_size(file, size_ec);
            if (size_ec || (expected_size && bytes != *expected_size)) return errc::truncated_body;
            stats.bytes += bytes;
            return {};
        };
        error_code ec = s.judge(outcome, Bucket::account, check_size, retry_after, stats, zendesk_host);
        if (!ec && outcome && is_redirect(outcome->status)) ec = errc::bad_request;  // too many redirects
        if (!ec) co_return Download{outcome->status, std::filesystem::file_size(file), outcome->content_type};

        const auto decision = next_retry(download_policy, attempt, ec, retry_after, s.random());
        if (!decision.retry) {
            FetchFailure failure = outcome ? FetchFailure{ec, outcome->status, {}, {}} : outcome.error();
            if (is_retryable(ec) && attempt > 1)
                failure.ec = errc::retries_exhausted, failure.detail = ec.message();
            failure.url = url;
            failure.attempts = attempt;
            co_return failure;
        }
        ++stats.retries;
        spdlog::info("download {}: {}; retry {} in {} ms", url, ec.message(), attempt,
                     decision.delay.count());
        backoff.expires_after(decision.delay);
        co_await backoff.async_wait(use_tuple);
    }
}

}  // namespace zdbackup::net
