#include "zdmock/api.hpp"

#include <algorithm>
#include <optional>

#include "zdmock/json_writer.hpp"
#include "zdmock/lists.hpp"
#include "zdmock/pages.hpp"
#include "zdmock/pagination.hpp"
#include "zdmock/query.hpp"
#include "zdmock/time_format.hpp"

namespace zdmock {

namespace {

HttpResponse forbidden() {
    return error_response(
        403, "Forbidden",
        "You do not have access to this page. Please contact the account owner of this help "
        "desk for further help.");
}

std::string_view strip_suffix(std::string_view s, std::string_view suffix) {
    return s.ends_with(suffix) ? s.substr(0, s.size() - suffix.size()) : s;
}

std::string anonymous_me_json() {
    std::string out;
    JsonWriter w(out);
    w.begin_object().key("user").begin_object().knull("id").knull("url").kstr("name", "Anonymous user");
    w.knull("email").knull("created_at").knull("updated_at").kstr("time_zone", "UTC").kstr("locale", "en-US");
    w.kstr("role", "end-user").kbool("verified", false).kbool("active", true).end_object().end_object();
    return out;
}

}  // namespace

HttpResponse json_response(std::string body) {
    HttpResponse r;
    r.body = std::move(body);
    return r;
}

HttpResponse error_response(unsigned status, std::string_view error, std::string_view description) {
    HttpResponse r;
    r.status = status;
    JsonWriter w(r.body);
    w.begin_object().kstr("error", error).kstr("description", description).end_object();
    return r;
}

std::string_view origin_form(std::string_view target) {
    // HTTP/1.1 servers must accept absolute-form targets (RFC 9112 3.2.2); some clients send them.
    if (const auto scheme = target.find("://");
        scheme != std::string_view::npos && !target.starts_with('/')) {
        const auto path = target.find('/', scheme + 3);
        return path == std::string_view::npos ? std::string_view("/") : target.substr(path);
    }
    return target;
}

Route route_for(std::string_view target) {
    std::string_view path = target.substr(0, target.find('?'));
    if (path == "/__mock/stats") return {Endpoint::mock_stats};
    if (path == "/__mock/reset-stats") return {Endpoint::mock_reset_stats};
    if (path == "/__mock/mutate") return {Endpoint::mock_mutate};
    // /attachments/token/<token>/ and /storage/<token>/<name>: the token is the segment that follows.
    for (const auto& [prefix, endpoint] :
         {std::pair{std::string_view("/attachments/token/"), Endpoint::attachment_token},
          std::pair{std::string_view("/storage/"), Endpoint::storage}}) {
        if (!path.starts_with(prefix)) continue;
        const std::string_view rest = path.substr(prefix.size());
        Route r{endpoint};
        r.token = rest.substr(0, rest.find('/'));
        return r;
    }
    if (path.starts_with("/hc/article_attachments/")) {
        const std::string_view rest = path.substr(24);
        if (const auto id = parse_int(rest.substr(0, rest.find('/'))); id && *id > 0)
            return {Endpoint::hc_attachment_file, *id};
        return {Endpoint::unknown};
    }
    if (!path.starts_with("/api/")) return {Endpoint::unknown};
    if (!path.starts_with("/api/v2/")) return {Endpoint::unknown_api};
    path = strip_suffix(path.substr(8), ".json");
    if (path == "incremental/tickets/cursor") return {Endpoint::tickets_cursor};
    if (path == "incremental/users/cursor") return {Endpoint::users_cursor};
    if (path == "incremental/organizations") return {Endpoint::organizations_time};
    if (path == "incremental/users") return {Endpoint::users_time};
    if (path == "incremental/ticket_events") return {Endpoint::ticket_events};
    if (path == "users/me") return {Endpoint::users_me};
    if (path == "tickets") return {Endpoint::tickets_list};
    if (path.starts_with("help_center/")) {
        std::string_view hc = path.substr(12);
        for (std::string_view locale : {"en-us/", "de/", "fr/", "ja/"})
            if (hc.starts_with(locale)) hc.remove_prefix(locale.size());
        if (hc == "categories") return {Endpoint::hc_categories};
        if (hc == "sections") return {Endpoint::hc_sections};
        if (hc == "articles") return {Endpoint::hc_articles};
        if (hc.starts_with("articles/")) {
            std::string_view rest = hc.substr(9);
            const auto slash = rest.find('/');
            const auto id = parse_int(rest.substr(0, slash));
            const std::string_view sub = slash == std::string_view::npos ? "" : rest.substr(slash + 1);
            if (id && sub == "translations") return {Endpoint::hc_translations, *id};
            if (id && sub == "attachments") return {Endpoint::hc_article_attachments, *id};
        }
        return {Endpoint::unknown_api};
    }
    if (const auto kind = support_kind_index(path)) {
        Route r{Endpoint::support_list};
        r.kind = *kind;
        r.name = path;
        return r;
    }
    if (path.starts_with("attachments/")) {
        if (const auto id = parse_int(path.substr(12)); id && *id > 0)
            return {Endpoint::attachment_show, *id};
    }
    if (path.starts_with("tickets/")) {
        std::string_view rest = path.substr(8);
        const bool is_comments = rest.ends_with("/comments");
        if (is_comments) rest = strip_suffix(rest, "/comments");
        if (const auto id = parse_int(rest); id && *id > 0)
            return {is_comments ? Endpoint::ticket_comments : Endpoint::ticket_show, *id};
    }
    return {Endpoint::unknown_api};
}

std::string_view endpoint_name(Endpoint e) {
    switch (e) {
        case Endpoint::tickets_cursor:
            return "incremental/tickets/cursor";
        case Endpoint::users_cursor:
            return "incremental/users/cursor";
        case Endpoint::organizations_time:
            return "incremental/organizations";
        case Endpoint::users_time:
            return "incremental/users";
        case Endpoint::ticket_events:
            return "ticket_events";
        case Endpoint::ticket_comments:
            return "tickets/comments";
        case Endpoint::ticket_show:
            return "tickets/show";
        case Endpoint::users_me:
            return "users/me";
        case Endpoint::tickets_list:
            return "tickets";
        case Endpoint::attachment_show:
            return "attachments/show";
        case Endpoint::attachment_token:
            return "attachments/token";
        case Endpoint::storage:
            return "storage";
        case Endpoint::hc_categories:
            return "help_center/categories";
        case Endpoint::hc_sections:
            return "help_center/sections";
        case Endpoint::hc_articles:
            return "help_center/articles";
        case Endpoint::hc_translations:
            return "help_center/articles/translations";
        case Endpoint::hc_article_attachments:
            return "help_center/articles/attachments";
        case Endpoint::hc_attachment_file:
            return "hc/article_attachments";
        case Endpoint::support_list:
            return "support";
        case Endpoint::mock_stats:
            return "__mock/stats";
        case Endpoint::mock_reset_stats:
            return "__mock/reset-stats";
        case Endpoint::mock_mutate:
            return "__mock/mutate";
        case Endpoint::unknown_api:
            return "unknown";
        case Endpoint::unknown:
            return "unknown";
    }
    return "unknown";
}

bool is_export(Endpoint e) {
    return e == Endpoint::tickets_cursor || e == Endpoint::users_cursor ||
           e == Endpoint::organizations_time || e == Endpoint::users_time || e == Endpoint::ticket_events;
}

bool is_file_download(Endpoint e) {
    return e == Endpoint::storage || e == Endpoint::hc_attachment_file;
}

bool is_help_center(Endpoint e) {
    return e == Endpoint::hc_categories || e == Endpoint::hc_sections || e == Endpoint::hc_articles ||
           e == Endpoint::hc_translations || e == Endpoint::hc_article_attachments;
}

std::string_view route_name(const Route& r) {
    return r.name.empty() ? endpoint_name(r.endpoint) : r.name;
}

void Api::set_base_url(std::string base_url) {
    base_url_ = std::move(base_url);
    // Same port, different host name: a client must not send the API credentials there.
    const auto colon = base_url_.rfind(':');
    const bool has_port = colon != std::string::npos && colon > base_url_.find("://") + 2 &&
                          base_url_.find(']', colon) == std::string::npos;
    storage_base_url_ = "https://localhost" + (has_port ? base_url_.substr(colon) : std::string());
}

namespace {
/// The file name as a path segment; names made only of dots are escaped so no client reads them as `..`.
std::string name_segment(std::string_view name) {
    if (!name.empty() && name.find_first_not_of('.') == std::string_view::npos) {
        std::string out;
        for (std::size_t i = 0; i < name.size(); ++i) out += "%2E";
        return out;
    }
    return encode_param(name);
}
}  // namespace

HttpResponse Api::attachment_redirect(const Dataset& d, std::string_view token) const {
    const auto a = d.attachment_by_token(token);
    if (!a || a->download_status() == 404) return error_response(404, "RecordNotFound", "Not found");
    if (a->download_status() == 403)
        return error_response(403, "Forbidden",
                              "You do not have access to this page. Please contact the account owner of this "
                              "help desk for further help.");
    HttpResponse r;
    r.status = 302;
    r.content_type = "text/html; charset=utf-8";
    const std::string location =
        storage_base_url_ + "/storage/" + a->token + "/" + name_segment(a->file_name);
    r.body = "<html><body>You are being <a href=\"" + location + "\">redirected</a>.</body></html>";
    r.headers.emplace_back("Location", location);
    return r;
}

// The stream holds the snapshot: the body outlives handle() and may outlive a mutation.
HttpResponse Api::storage_file(const DatasetPtr& data, std::string_view token) const {
    const auto a = data->attachment_by_token(token);
    if (!a || a->download_status() != 302) return error_response(404, "RecordNotFound", "Not found");
    HttpResponse r;
    r.content_type = a->content_type;
    r.stream = BodyStream{static_cast<std::uint64_t>(a->size),
                          [data, id = a->id](std::uint64_t offset, std::span<char> out) {
                              data->attachment_bytes_at(id, offset, out);
                          }};
    return r;
}

HttpResponse Api::article_file(const DatasetPtr& data, std::int64_t id) const {
    const auto a = data->guide_article_attachment(id);
    if (!a) return error_response(404, "RecordNotFound", "Not found");
    HttpResponse r;
    r.content_type = a->content_type;
    r.stream = BodyStream{static_cast<std::uint64_t>(a->size),
                          [data, id](std::uint64_t offset, std::span<char> out) {
                              data->attachment_bytes_at(id, offset, out);
                          }};
    return r;
}

HttpResponse Api::support_list(const Dataset& d, const Route& route, const Query& q) const {
    const SupportKind& kind = d.support_kinds().at(route.kind);
    if (kind.forbidden) return forbidden();
    ListSource source{kind.root, base_url_ + std::string(kind.path) + ".json", kind.count,
                      [&](std::int64_t i) { return d.support_item_json(kind, i); }};
    if (kind.paging == Paging::none) return whole_list(source);
    return list_page(source, q, ListStyle::support);
}

HttpResponse Api::help_center(const Dataset& d, const Route& route, const Query& q) const {
    const std::string api = base_url_ + "/api/v2/help_center/";
    const auto table = [&](std::string_view root, const std::vector<std::int64_t>& ids, auto json) {
        return list_page({root, api + std::string(root) + ".json", static_cast<std::int64_t>(ids.size()),
                          [&ids, json](std::int64_t i) { return json(ids[static_cast<std::size_t>(i)]); }},
                         q, ListStyle::help_center);
    };
    switch (route.endpoint) {
        case Endpoint::hc_categories:
            return table("categories", d.guide_category_ids(),
                         [&](std::int64_t id) { return d.guide_category_json(id); });
        case Endpoint::hc_sections:
            return table("sections", d.guide_section_ids(),
                         [&](std::int64_t id) { return d.guide_section_json(id); });
        case Endpoint::hc_articles:
            return table("articles", d.guide_article_ids(),
                         [&](std::int64_t id) { return d.guide_article_json(id); });
        default:
            break;
    }
    const auto& ids = d.guide_article_ids();
    if (std::find(ids.begin(), ids.end(), route.ticket_id) == ids.end())
        return error_response(404, "RecordNotFound", "Not found");
    std::string out;
    JsonWriter w(out);
    if (route.endpoint == Endpoint::hc_translations) {
        w.begin_object().key("translations").begin_array();
        for (const std::string& t : d.guide_translation_jsons(route.ticket_id)) w.raw(t);
        w.end_array()
            .key("meta")
            .begin_object()
            .kbool("has_more", false)
            .knull("after_cursor")
            .knull("before_cursor");
        w.end_object().end_object();
    } else {
        w.begin_object().key("article_attachments").begin_array();
        for (const ArticleAttachment& a : d.guide_article_attachments(route.ticket_id))
            w.raw(d.guide_article_attachment_json(a));
        w.end_array().end_object();
    }
    return json_response(std::move(out));
}

Api::Api(const Options& options)
    : options_(options), expected_basic_(options.email + "/token:" + options.api_token) {}

Api::Auth Api::authenticate(std::string_view authorization) const {
    const auto scheme_is = [&](std::string_view scheme) {
        if (authorization.size() <= scheme.size() || authorization[scheme.size()] != ' ') return false;
        return std::equal(scheme.begin(), scheme.end(), authorization.begin(),
                          [](char a, char b) { return a == (b | 0x20); });
    };
    const auto credentials = [&](std::size_t skip) {
        std::string_view c = authorization.substr(skip);
        while (!c.empty() && c.front() == ' ') c.remove_prefix(1);
        while (!c.empty() && c.back() == ' ') c.remove_suffix(1);
        return c;
    };
    if (scheme_is("bearer")) return credentials(7) == options_.oauth_token ? Auth::ok : Auth::bad_bearer;
    if (scheme_is("basic")) {
        const auto decoded = base64_decode(credentials(6));
        if (decoded && *decoded == expected_basic_) return Auth::ok;
    }
    return Auth::bad_basic;
}

std::string Api::me_json(const Dataset& d) const {
    const std::int64_t id = d.admin_user_id();
    std::string out;
    JsonWriter w(out);
    w.begin_object().key("user").begin_object().knum("id", id);
    w.kstr("url", "https://zdmock.zendesk.com/api/v2/users/" + std::to_string(id) + ".json");
    w.kstr("name", "Admin User").kstr("email", options_.email).kstr("created_at", iso8601(1546300800));
    w.kstr("updated_at", iso8601(1546300800)).kstr("time_zone", "Paris").kstr("locale", "en-US");
    w.kstr("role", options_.role).knum("role_type", 0).kbool("verified", true).kbool("active", true);
    w.kbool("suspended", false).end_object().end_object();
    return out;
}

HttpResponse Api::handle(const DatasetPtr& data, const HttpRequest& request, const Route& route,
                         std::int64_t now) const {
    if (route.endpoint == Endpoint::unknown) return error_response(404, "RecordNotFound", "Not found");
    if (is_file_download(route.endpoint)) {
        if (request.method != "GET") return error_response(405, "MethodNotAllowed", "Only GET is supported");
        return route.endpoint == Endpoint::storage ? storage_file(data, route.token)
                                                   : article_file(data, route.ticket_id);
    }
    if (const Auth auth = authenticate(request.authorization); auth != Auth::ok) {
        if (route.endpoint == Endpoint::users_me && options_.anonymous_me)
            return json_response(anonymous_me_json());
        HttpResponse r;
        r.status = 401;
        if (auth == Auth::bad_bearer) {
            r.body = R"({"error":"invalid_token","error_description":"The access token provided is expired, )"
                     R"(revoked, malformed or invalid for other reasons."})";
            r.headers.emplace_back("WWW-Authenticate",
                                   R"(Bearer realm="Web Password", error="invalid_token")");
        } else {
            r.body = R"({"error":"Couldn't authenticate you"})";
            r.headers.emplace_back("WWW-Authenticate", R"(Basic realm="Web Password")");
        }
        return r;
    }
    if (request.method != "GET") return error_response(405, "MethodNotAllowed", "Only GET is supported");
    if (is_export(route.endpoint) && options_.role != "admin")
        return error_response(403, "Forbidden",
                              "You do not have access to this page. Please contact the account owner of this "
                              "help desk for further help.");
    const Query q(request.target);
    const Dataset& d = *data;
    const bool stuck_cursor = options_.stuck_export == "cursor";
    const bool stuck_time = options_.stuck_export == "time";
    switch (route.endpoint) {
        case Endpoint::tickets_cursor:
            return cursor_export({"tickets", "/api/v2/incremental/tickets/cursor.json", d.ticket_ids(),
                                  d.ticket_timestamps(), [&](std::int64_t id) { return d.ticket_json(id); }},
                                 q, now, base_url_, stuck_cursor);
        case Endpoint::users_cursor:
            return cursor_export({"users", "/api/v2/incremental/users/cursor.json", d.user_ids(),
                                  d.user_timestamps(), [&](std::int64_t id) { return d.user_json(id); }},
                                 q, now, base_url_, stuck_cursor);
        case Endpoint::organizations_time:
            return time_export(
                {"organizations", "/api/v2/incremental/organizations.json", d.organization_ids(),
                 d.organization_timestamps(), [&](std::int64_t id) { return d.organization_json(id); }},
                q, now, base_url_, stuck_time);
        case Endpoint::users_time:
            return time_export({"users", "/api/v2/incremental/users.json", d.user_ids(), d.user_timestamps(),
                                [&](std::int64_t id) { return d.user_json(id); }},
                               q, now, base_url_, stuck_time);
        case Endpoint::ticket_events:
            return ticket_events_export(d, q, now, base_url_, stuck_time);
        case Endpoint::ticket_comments:
            return comments_page(d, route.ticket_id, q, base_url_);
        case Endpoint::ticket_show:
            if (!d.has_ticket(route.ticket_id)) return error_response(404, "RecordNotFound", "Not found");
            return json_response("{\"ticket\":" + d.ticket_json(route.ticket_id) + "}");
        case Endpoint::users_me:
            return json_response(me_json(d));
        case Endpoint::attachment_token:
            return attachment_redirect(d, route.token);
        case Endpoint::tickets_list: {
            const auto& ids = d.listed_ticket_ids();
            return list_page(
                {"tickets", base_url_ + "/api/v2/tickets.json", static_cast<std::int64_t>(ids.size()),
                 [&](std::int64_t i) { return d.ticket_json(ids[static_cast<std::size_t>(i)]); }},
                q, ListStyle::support);
        }
        case Endpoint::support_list:
            return support_list(d, route, q);
        case Endpoint::hc_categories:
        case Endpoint::hc_sections:
        case Endpoint::hc_articles:
        case Endpoint::hc_translations:
        case Endpoint::hc_article_attachments:
            return help_center(d, route, q);
        case Endpoint::attachment_show: {
            const auto a = d.attachment(route.ticket_id);
            if (!a) return error_response(404, "RecordNotFound", "Not found");
            return json_response("{\"attachment\":" + d.attachment_json(*a) + "}");
        }
        default:
            return error_response(404, "RecordNotFound", "Not found");
    }
}

}  // namespace zdmock
