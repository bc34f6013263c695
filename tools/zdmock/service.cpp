#include "zdmock/service.hpp"

#include <exception>
#include <memory>
#include <stdexcept>

#include "zdmock/mutation.hpp"
#include "zdmock/retry_after_header.hpp"

namespace zdmock {
namespace {

constexpr std::string_view kLoginPage =
    "<!DOCTYPE html>\n<html><head><title>Sign in to continue</title></head><body><form method=\"post\" "
    "action=\"/login\"><h1>Guest Wi-Fi</h1><p>Accept the terms to continue.</p><input type=\"submit\"></form>"
    "</body></html>\n";

std::int64_t epoch_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

HttpResponse text(unsigned status, std::string content_type, std::string body) {
    HttpResponse r;
    r.status = status;
    r.content_type = std::move(content_type);
    r.body = std::move(body);
    return r;
}

}  // namespace

MockService::MockService(const Dataset& dataset, const Options& options)
    : MockService(std::make_shared<const Dataset>(dataset), options) {}

MockService::MockService(DatasetPtr dataset, const Options& options)
    : options_(options),
      data_(std::move(dataset)),
      api_(options),
      limiter_(options.rate_limit, options.export_rate_limit, std::chrono::seconds(options.rate_window),
               Clock::now()),
      hc_limiter_(options.rate_limit, 0, std::chrono::seconds(options.rate_window), Clock::now()),
      faults_(options.fault_rate, options.faults, options.seed) {}

void MockService::set_base_url(std::string base_url) {
    data_.set_base_url(base_url);
    api_.set_base_url(std::move(base_url));
}

HttpResponse MockService::mutate(const HttpRequest& request) {
    if (request.method != "POST") return error_response(405, "MethodNotAllowed", "Use POST");
    std::string error;
    const auto mutation = parse_mutation(Query(request.target), error);
    if (!mutation) return error_response(400, "InvalidMutation", error);
    try {
        return json_response(mutation_result_json(data_.mutate(*mutation)));
    } catch (const std::invalid_argument& e) {
        return error_response(400, "InvalidMutation", e.what());
    }
}

HttpResponse MockService::retry_later(HttpResponse response, const Route& route, Clock::time_point sent) {
    const auto header = retry_after_header(options_.retry_after_style, 1, std::chrono::system_clock::now());
    for (const auto& line : header.lines) response.headers.push_back(line);
    // The storage host is another host: its Retry-After says nothing about the API account's budget.
    if (route.endpoint != Endpoint::storage) limiter_.announce_retry_after(sent, header.pause);
    return response;
}

Outcome MockService::fault(FaultKind kind, const DatasetPtr& data, const HttpRequest& request,
                           const Route& route, Clock::time_point sent) {
    stats_.record_fault(fault_name(kind));
    const std::uint64_t serial = fault_serial_.fetch_add(1);
    const auto real_answer = [&] { return api_.handle(data, request, route, epoch_now()); };
    Outcome out;
    switch (kind) {
        case FaultKind::http500:
            out.response = error_response(500, "InternalServerError", "Something went wrong");
            break;
        case FaultKind::http502:
            out.response = text(502, "text/html",
                                "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad "
                                "Gateway</h1></center><hr><center>nginx</center></body></html>\n");
            break;
        case FaultKind::http503:
            out.response = text(503, "text/plain", "Service Unavailable\n");
            // Half the 503s ask for a pause, as Zendesk's maintenance answers may.
            if (serial % 2 == 0) out.response = retry_later(std::move(out.response), route, sent);
            break;
        case FaultKind::http504:
            out.response = text(504, "text/html",
                                "<html><head><title>504 Gateway Time-out</title></head><body><h1>504 Gateway "
                                "Time-out</h1></body></html>\n");
            break;
        case FaultKind::http429:
            out.response = retry_later(text(429, "text/plain", "Rate limit exceeded\n"), route, sent);
            stats_.record_rate_limited();
            break;
        case FaultKind::reset:
            out.action = Action::reset;
            break;
        case FaultKind::truncate:
            out.response = real_answer();
            out.action = Action::truncate;
            break;
        case FaultKind::stall:
            out.action = Action::stall;
            break;
        case FaultKind::stall_body:
            out.response = real_answer();
            out.action = Action::stall_body;
            break;
        case FaultKind::html:
            out.response = text(200, "text/html; charset=utf-8", std::string(kLoginPage));
            break;
        case FaultKind::empty:
            out.response = text(200, "application/json; charset=utf-8", "");
            break;
        case FaultKind::garbage: {
            // A complete HTTP answer whose JSON stops halfway: Content-Length matches, the body does not
            // parse.
            out.response = real_answer();
            if (out.response.stream) {
                out.response.stream.reset();
                out.response.body = "\x89PNG garbage";
            } else {
                out.response.body.resize(out.response.body.size() / 2);
            }
            break;
        }
        case FaultKind::tls_alert:
            out.response = real_answer();
            out.action = serial % 2 == 0 ? Action::tls_close_notify : Action::tls_fatal_alert;
            break;
    }
    return out;
}

Outcome MockService::process(const HttpRequest& original) {
    HttpRequest request = original;
    request.target = origin_form(original.target);
    const Route route = route_for(request.target);
    const auto now = Clock::now();
    Outcome out;
    if (options_.captive_portal && route.endpoint != Endpoint::mock_stats) {
        out.response = text(200, "text/html; charset=utf-8", std::string(kLoginPage));
        return out;
    }
    RateLimiter& limiter = is_help_center(route.endpoint) ? hc_limiter_ : limiter_;
    RateLimiter::Decision rate = limiter.peek(now);
    if (route.endpoint == Endpoint::mock_stats) {
        out.response.body = stats_.to_json();
    } else if (route.endpoint == Endpoint::mock_reset_stats) {
        if (request.method == "POST") {
            stats_.reset();
            out.response.body = R"({"reset":true})";
        } else {
            out.response = error_response(405, "MethodNotAllowed", "Use POST");
        }
    } else if (route.endpoint == Endpoint::mock_mutate) {
        out.response = mutate(request);
    } else {
        const DatasetPtr data = data_.snapshot();  // one snapshot for the whole request
        const bool exporting = is_export(route.endpoint);
        const bool download = is_file_download(route.endpoint);
        stats_.record_request(route_name(route));
        if (route.endpoint == Endpoint::storage) stats_.record_storage(!request.authorization.empty());
        if (!download && limiter.ignores_retry_after(exporting, now)) stats_.record_ignored_retry_after();
        out.delay = std::chrono::milliseconds(options_.latency_ms);
        const auto injected = route.endpoint != Endpoint::unknown ? faults_.roll() : std::nullopt;
        if (!options_.fail_path.empty() &&
            request.target.find(options_.fail_path) != std::string_view::npos) {
            out.response = error_response(500, "InternalError", "persistent failure (--fail-path)");
        } else if (injected) {
            const auto delay = out.delay;
            out = fault(*injected, data, request, route, now + delay);
            out.delay = delay;
        } else {
            if (route.endpoint != Endpoint::unknown && !download)
                rate = limiter.admit(exporting, now, out.delay);
            if (!rate.allowed) {
                out.response = error_response(429, "APIRateLimitExceeded",
                                              "Number of allowed API requests per minute exceeded");
                // The limiter recorded the window's end; the spelled value may ask for a little more.
                const auto header = retry_after_header(options_.retry_after_style, rate.retry_after_s,
                                                       std::chrono::system_clock::now());
                for (const auto& line : header.lines) out.response.headers.push_back(line);
                stats_.record_rate_limited();
            } else {
                try {
                    out.response = api_.handle(data, request, route, epoch_now());
                } catch (const std::exception& e) {
                    out.response = error_response(500, "InternalServerError", e.what());
                }
            }
        }
        if (out.action != Action::reset && out.action != Action::stall)
            stats_.record_status(out.response.status);
        stats_.record_answered(out.delay);
    }
    auto& h = out.response.headers;
    if (is_file_download(route.endpoint)) return out;  // a storage host, not the API: no API headers
    if (!is_help_center(route.endpoint)) h.emplace_back("x-zendesk-api-version", "v2");
    h.emplace_back("X-Rate-Limit", std::to_string(rate.limit));
    h.emplace_back("X-Rate-Limit-Remaining", std::to_string(rate.remaining));
    return out;
}

}  // namespace zdmock
