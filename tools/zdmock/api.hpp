#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "zdmock/dataset.hpp"
#include "zdmock/options.hpp"
#include "zdmock/query.hpp"

namespace zdmock {

/// The parts of an HTTP request the mock looks at (views into the caller's request).
struct HttpRequest {
    std::string_view method;
    std::string_view target;  ///< origin-form, e.g. /api/v2/tickets/1.json?x=y
    std::string_view authorization;
};

/// A body produced in chunks (attachment bytes): `size` bytes, `fill(offset, out)` writes a range.
struct BodyStream {
    std::uint64_t size = 0;
    std::function<void(std::uint64_t offset, std::span<char> out)> fill;
};

/// A response before it is put on the wire; the server adds Content-Length and Connection.
struct HttpResponse {
    unsigned status = 200;
    std::string body;
    std::optional<BodyStream> stream;  ///< when set, replaces `body`
    std::string content_type = "application/json; charset=utf-8";
    std::vector<std::pair<std::string, std::string>> headers;
};

/// Routes the mock knows; names are the keys of /__mock/stats "by_endpoint".
enum class Endpoint {
    tickets_cursor,
    users_cursor,
    organizations_time,
    users_time,
    ticket_events,
    ticket_comments,
    ticket_show,
    users_me,
    tickets_list,
    attachment_show,
    attachment_token,
    storage,
    hc_categories,
    hc_sections,
    hc_articles,
    hc_translations,
    hc_article_attachments,
    hc_attachment_file,
    support_list,
    mock_stats,
    mock_reset_stats,
    mock_mutate,
    unknown_api,
    unknown
};
struct Route {
    Route(Endpoint e = Endpoint::unknown, std::int64_t id = 0) : endpoint(e), ticket_id(id) {}
    Endpoint endpoint = Endpoint::unknown;
    std::int64_t ticket_id = 0;  ///< or the attachment / article / item id
    std::string_view token;      ///< attachment token of attachment_token and storage routes
    std::size_t kind = 0;        ///< support_list: index into Dataset::support_kinds()
    std::string_view name;       ///< stats key when it is not endpoint_name(endpoint)
};
/// The /__mock/stats "by_endpoint" key of a route.
std::string_view route_name(const Route& r);
/// The origin-form part of a request target: strips `scheme://authority` from an absolute-form target.
std::string_view origin_form(std::string_view target);
/// Classifies a request target (query ignored; the `.json` suffix is optional).
Route route_for(std::string_view target);
std::string_view endpoint_name(Endpoint e);
/// Incremental export endpoints: admin only, own rate bucket.
bool is_export(Endpoint e);
/// File downloads that bypass authentication and the account rate limit (faults still apply).
bool is_file_download(Endpoint e);
/// Help Center API: own rate budget, only X-Rate-Limit headers.
bool is_help_center(Endpoint e);

/// A 200 response with a JSON body.
HttpResponse json_response(std::string body);
/// Builds a JSON error response.
HttpResponse error_response(unsigned status, std::string_view error, std::string_view description);

/// The Zendesk API proper: authentication and the JSON of each route.
/// Thread safety: handle() is const and safe to call concurrently once set_base_url() has been called.
class Api {
  public:
    explicit Api(const Options& options);
    /// Scheme, host and port used in next-page URLs, e.g. https://127.0.0.1:8443
    /// Also derives the storage host of attachment redirects: https://localhost:<same port>.
    void set_base_url(std::string base_url);
    /// Answers from `data`, one snapshot for the whole request (streamed bodies keep it alive).
    /// `now` is Unix epoch seconds (start_time must be at least 60 s in the past).
    HttpResponse handle(const DatasetPtr& data, const HttpRequest& request, const Route& route,
                        std::int64_t now) const;

  private:
    enum class Auth { ok, bad_basic, bad_bearer };
    Auth authenticate(std::string_view authorization) const;
    std::string me_json(const Dataset& d) const;
    HttpResponse attachment_redirect(const Dataset& d, std::string_view token) const;
    HttpResponse storage_file(const DatasetPtr& data, std::string_view token) const;
    HttpResponse article_file(const DatasetPtr& data, std::int64_t id) const;
    HttpResponse support_list(const Dataset& d, const Route& route, const Query& q) const;
    HttpResponse help_center(const Dataset& d, const Route& route, const Query& q) const;

    const Options& options_;
    std::string base_url_;
    std::string storage_base_url_;
    std::string expected_basic_;  // "<email>/token:<token>"
};

}  // namespace zdmock
