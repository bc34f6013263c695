#include "zdmock/service.hpp"

#include <exception>
#include <memory>
#include <stdexcept>

#include "zdmock/mutation.hpp"

namespace zdmock {
namespace {

std::int64_t epoch_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

HttpResponse rate_limited(std::int64_t retry_after) {
    HttpResponse r =
        error_response(429, "APIRateLimitExceeded", "Number of allowed API requests per minute exceeded");
    r.headers.emplace_back("Retry-After", std::to_string(retry_after));
    return r;
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

Outcome MockService::fault(FaultKind kind, const DatasetPtr& data, const HttpRequest& request,
                           const Route& route, Clock::time_point now) {
    stats_.record_fault(fault_name(kind));
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
            break;
        case FaultKind::http429:
            out.response = rate_limited(1);
            limiter_.announce_retry_after(now, std::chrono::seconds(1));
            stats_.record_rate_limited();
            break;
        case FaultKind::reset:
            out.action = Action::reset;
            break;
        case FaultKind::truncate:
            out.response = api_.handle(data, request, route, epoch_now());
            out.action = Action::truncate;
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
            out = fault(*injected, data, request, route, now);
            out.delay = delay;
        } else {
            if (route.endpoint != Endpoint::unknown && !download) rate = limiter.admit(exporting, now);
            if (!rate.allowed) {
                out.response = rate_limited(rate.retry_after_s);
                stats_.record_rate_limited();
            } else {
                try {
                    out.response = api_.handle(data, request, route, epoch_now());
                } catch (const std::exception& e) {
                    out.response = error_response(500, "InternalServerError", e.what());
                }
            }
        }
        if (out.action != Action::reset) stats_.record_status(out.response.status);
    }
    auto& h = out.response.headers;
    if (is_file_download(route.endpoint)) return out;  // a storage host, not the API: no API headers
    if (!is_help_center(route.endpoint)) h.emplace_back("x-zendesk-api-version", "v2");
    h.emplace_back("X-Rate-Limit", std::to_string(rate.limit));
    h.emplace_back("X-Rate-Limit-Remaining", std::to_string(rate.remaining));
    return out;
}

}  // namespace zdmock
