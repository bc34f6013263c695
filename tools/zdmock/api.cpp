#include "zdmock/api.hpp"

#include <algorithm>
#include <boost/url/encode.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <boost/url/url.hpp>
#include <charconv>
#include <functional>
#include <optional>

#include "zdmock/json_writer.hpp"
#include "zdmock/pagination.hpp"
#include "zdmock/time_format.hpp"

namespace zdmock {
namespace urls = boost::urls;

namespace {

constexpr std::int64_t kMaxExportPage = 1000;
constexpr std::int64_t kMaxListPage = 100;

std::string_view strip_suffix(std::string_view s, std::string_view suffix) {
    return s.ends_with(suffix) ? s.substr(0, s.size() - suffix.size()) : s;
}

std::optional<std::int64_t> to_int(std::string_view s) {
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc{} || p != s.data() + s.size()) return std::nullopt;
    return v;
}

/// Query parameters, percent-decoded; `+` stays `+` (base64 cursors contain it).
class Query {
  public:
    explicit Query(std::string_view target) {
        auto parsed = urls::parse_origin_form(target);
        if (!parsed) {
            // Be lenient with clients (curl -g) that send [ ] | unencoded, as real servers are.
            std::string fixed;
            for (char c : target) {
                if (c == '[' || c == ']' || c == '|' || c == ' ' || c == '"' || c == '{' || c == '}') {
                    static constexpr char hex[] = "0123456789ABCDEF";
                    fixed += '%';
                    fixed += hex[(static_cast<unsigned char>(c) >> 4) & 0xf];
                    fixed += hex[c & 0xf];
                } else {
                    fixed += c;
                }
            }
            parsed = urls::parse_origin_form(fixed);
        }
        if (!parsed) return;
        for (auto p : parsed->params(urls::encoding_opts(false, false, false)))
            params_.emplace_back(p.key, p.value);
    }
    std::optional<std::string> get(std::string_view key) const {
        for (const auto& [k, v] : params_)
            if (k == key) return v;
        return std::nullopt;
    }

  private:
    std::vector<std::pair<std::string, std::string>> params_;
};

std::string encode_param(std::string_view v) {
    return urls::encode(v, urls::unreserved_chars);
}

HttpResponse ok_json(std::string body) {
    HttpResponse r;
    r.body = std::move(body);
    return r;
}

HttpResponse bad_pagination(std::string_view description) {
    return error_response(400, "InvalidPaginationParameter", description);
}

/// Parses per_page/page[size]: default when absent, clamped or refused above `max`.
struct PageSize {
    std::int64_t value = 0;
    bool given = false;
    bool valid = true;
};
PageSize page_size(const Query& q, std::string_view key, std::int64_t def, std::int64_t max, bool clamp) {
    PageSize p{def, false, true};
    if (auto v = q.get(key)) {
        const auto n = to_int(*v);
        p.given = true;
        if (!n || *n < 1 || (!clamp && *n > max))
            p.valid = false;
        else
            p.value = std::min(*n, max);
    }
    return p;
}

struct ExportTable {
    std::string_view root;
    std::string_view path;
    const std::vector<std::int64_t>& ids;
    const std::vector<std::int64_t>& ts;
    std::function<std::string(std::int64_t)> json;
};

HttpResponse cursor_export(const ExportTable& t, const Query& q, std::int64_t now, const std::string& base) {
    const PageSize per_page = page_size(q, "per_page", kMaxExportPage, kMaxExportPage, true);
    if (!per_page.valid) return bad_pagination("per_page must be a positive integer");
    Slice slice;
    ExportPosition position;
    if (auto cursor = q.get("cursor")) {
        const auto pos = decode_export_cursor(*cursor);
        if (!pos) return bad_pagination("The cursor is invalid");
        position = *pos;
        slice = cursor_page_after(t.ts, t.ids, position, static_cast<std::size_t>(per_page.value));
    } else if (auto start = q.get("start_time")) {
        const auto start_time = to_int(*start);
        if (!start_time || *start_time < 0) return bad_pagination("start_time must be a Unix epoch time");
        if (*start_time > now - 60)
            return error_response(400, "StartTimeTooRecent",
                                  "Too recent start_time. Use a start_time older than 1 minute.");
        position = {*start_time, 0};
        slice = cursor_page_from_time(t.ts, *start_time, static_cast<std::size_t>(per_page.value));
    } else {
        return bad_pagination("start_time or cursor is required");
    }
    if (slice.begin != slice.end) position = {t.ts[slice.end - 1], t.ids[slice.end - 1]};
    const std::string after_cursor = encode_export_cursor(position.ts, position.id);
    std::string after_url = base + std::string(t.path) + "?cursor=" + encode_param(after_cursor);
    if (per_page.given) after_url += "&per_page=" + std::to_string(per_page.value);

    std::string out;
    out.reserve((slice.end - slice.begin) * 2200 + 512);
    JsonWriter w(out);
    w.begin_object().key(t.root).begin_array();
    for (std::size_t i = slice.begin; i < slice.end; ++i) w.raw(t.json(t.ids[i]));
    w.end_array().kstr("after_url", after_url).kstr("after_cursor", after_cursor);
    w.knull("before_url").knull("before_cursor").kbool("end_of_stream", slice.end == t.ids.size());
    w.end_object();
    return ok_json(std::move(out));
}

HttpResponse time_export(const ExportTable& t, const Query& q, std::int64_t now, const std::string& base) {
    const PageSize per_page = page_size(q, "per_page", kMaxExportPage, kMaxExportPage, true);
    if (!per_page.valid) return bad_pagination("per_page must be a positive integer");
    const auto start = q.get("start_time");
    const auto start_time = start ? to_int(*start) : std::nullopt;
    if (!start_time || *start_time < 0) return bad_pagination("start_time is required");
    if (*start_time > now - 60)
        return error_response(400, "StartTimeTooRecent",
                              "Too recent start_time. Use a start_time older than 1 minute.");
    const TimePage page = time_page(t.ts, *start_time, static_cast<std::size_t>(per_page.value));
    std::string next = base + std::string(t.path) + "?";
    if (per_page.given) next += "per_page=" + std::to_string(per_page.value) + "&";
    next += "start_time=" + std::to_string(page.end_time);

    std::string out;
    out.reserve((page.slice.end - page.slice.begin) * 1200 + 512);
    JsonWriter w(out);
    w.begin_object().key(t.root).begin_array();
    for (std::size_t i = page.slice.begin; i < page.slice.end; ++i) w.raw(t.json(t.ids[i]));
    w.end_array().knum("count", static_cast<std::int64_t>(page.slice.end - page.slice.begin));
    w.kbool("end_of_stream", page.end_of_stream).knum("end_time", page.end_time).kstr("next_page", next);
    w.end_object();
    return ok_json(std::move(out));
}

HttpResponse comments(const Dataset& d, std::int64_t ticket, const Query& q, const std::string& base) {
    if (!d.has_ticket(ticket)) return error_response(404, "RecordNotFound", "Not found");
    const std::int64_t count = d.comment_count(ticket);
    const std::string path = base + "/api/v2/tickets/" + std::to_string(ticket) + "/comments.json";
    std::string out;
    JsonWriter w(out);
    const PageSize size = page_size(q, "page[size]", kMaxListPage, kMaxListPage, false);
    if (size.given) {
        if (!size.valid) return bad_pagination("page[size] must be an integer between 1 and 100");
        std::int64_t begin = 0, end = 0;
        std::string next_after;
        if (auto after = q.get("page[after]")) {
            const auto idx = decode_list_cursor(*after);
            if (!idx) return bad_pagination("page[after] is invalid");
            begin = std::clamp<std::int64_t>(*idx + 1, 0, count);
            end = std::min(count, begin + size.value);
            next_after = *after;
        } else if (auto before = q.get("page[before]")) {
            const auto idx = decode_list_cursor(*before);
            if (!idx) return bad_pagination("page[before] is invalid");
            end = std::clamp<std::int64_t>(*idx, 0, count);
            begin = std::max<std::int64_t>(0, end - size.value);
        } else {
            end = std::min(count, size.value);
        }
        const bool empty = begin == end;
        if (!empty) next_after = encode_list_cursor(end - 1);
        if (next_after.empty()) next_after = encode_list_cursor(-1);
        const std::string size_param = "&page%5Bsize%5D=" + std::to_string(size.value);
        w.begin_object().key("comments").begin_array();
        for (std::int64_t i = begin; i < end; ++i) w.raw(d.comment_json(ticket, i));
        w.end_array().key("meta").begin_object().kbool("has_more", end < count);
        if (empty)
            w.knull("after_cursor").knull("before_cursor");
        else
            w.kstr("after_cursor", encode_list_cursor(end - 1))
                .kstr("before_cursor", encode_list_cursor(begin));
        w.end_object().key("links").begin_object();
        if (empty)
            w.knull("prev");
        else
            w.kstr("prev",
                   path + "?page%5Bbefore%5D=" + encode_param(encode_list_cursor(begin)) + size_param);
        // Real Zendesk keeps links.next even on the last page; clients must stop on meta.has_more.
        w.kstr("next", path + "?page%5Bafter%5D=" + encode_param(next_after) + size_param);
        w.end_object().end_object();
        return ok_json(std::move(out));
    }
    const PageSize per_page = page_size(q, "per_page", kMaxListPage, kMaxListPage, true);
    const auto page_text = q.get("page");
    const auto page = page_text ? to_int(*page_text) : std::optional<std::int64_t>(1);
    if (!per_page.valid || !page || *page < 1)
        return bad_pagination("page and per_page must be positive integers");
    const std::int64_t begin = std::min(count, (*page - 1) * per_page.value);
    const std::int64_t end = std::min(count, begin + per_page.value);
    const auto page_url = [&](std::int64_t p) {
        return path + "?page=" + std::to_string(p) + "&per_page=" + std::to_string(per_page.value);
    };
    w.begin_object().key("comments").begin_array();
    for (std::int64_t i = begin; i < end; ++i) w.raw(d.comment_json(ticket, i));
    w.end_array();
    if (end < count)
        w.kstr("next_page", page_url(*page + 1));
    else
        w.knull("next_page");
    if (*page > 1)
        w.kstr("previous_page", page_url(*page - 1));
    else
        w.knull("previous_page");
    w.knum("count", count).end_object();
    return ok_json(std::move(out));
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
    if (!path.starts_with("/api/")) return {Endpoint::unknown};
    if (!path.starts_with("/api/v2/")) return {Endpoint::unknown_api};
    path = strip_suffix(path.substr(8), ".json");
    if (path == "incremental/tickets/cursor") return {Endpoint::tickets_cursor};
    if (path == "incremental/users/cursor") return {Endpoint::users_cursor};
    if (path == "incremental/organizations") return {Endpoint::organizations_time};
    if (path == "incremental/users") return {Endpoint::users_time};
    if (path == "users/me") return {Endpoint::users_me};
    if (path.starts_with("tickets/")) {
        std::string_view rest = path.substr(8);
        const bool is_comments = rest.ends_with("/comments");
        if (is_comments) rest = strip_suffix(rest, "/comments");
        if (const auto id = to_int(rest); id && *id > 0)
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
        case Endpoint::ticket_comments:
            return "tickets/comments";
        case Endpoint::ticket_show:
            return "tickets/show";
        case Endpoint::users_me:
            return "users/me";
        case Endpoint::mock_stats:
            return "__mock/stats";
        case Endpoint::mock_reset_stats:
            return "__mock/reset-stats";
        case Endpoint::unknown_api:
            return "unknown";
        case Endpoint::unknown:
            return "unknown";
    }
    return "unknown";
}

bool is_export(Endpoint e) {
    return e == Endpoint::tickets_cursor || e == Endpoint::users_cursor ||
           e == Endpoint::organizations_time || e == Endpoint::users_time;
}

Api::Api(const Dataset& dataset, const Options& options)
    : dataset_(dataset), options_(options), expected_basic_(options.email + "/token:" + options.api_token) {}

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

std::string Api::me_json() const {
    const std::int64_t id = dataset_.admin_user_id();
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

HttpResponse Api::handle(const HttpRequest& request, const Route& route, std::int64_t now) const {
    if (route.endpoint == Endpoint::unknown) return error_response(404, "RecordNotFound", "Not found");
    if (const Auth auth = authenticate(request.authorization); auth != Auth::ok) {
        if (route.endpoint == Endpoint::users_me && options_.anonymous_me)
            return ok_json(anonymous_me_json());
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
    const Dataset& d = dataset_;
    switch (route.endpoint) {
        case Endpoint::tickets_cursor:
            return cursor_export({"tickets", "/api/v2/incremental/tickets/cursor.json", d.ticket_ids(),
                                  d.ticket_timestamps(), [&](std::int64_t id) { return d.ticket_json(id); }},
                                 q, now, base_url_);
        case Endpoint::users_cursor:
            return cursor_export({"users", "/api/v2/incremental/users/cursor.json", d.user_ids(),
                                  d.user_timestamps(), [&](std::int64_t id) { return d.user_json(id); }},
                                 q, now, base_url_);
        case Endpoint::organizations_time:
            return time_export(
                {"organizations", "/api/v2/incremental/organizations.json", d.organization_ids(),
                 d.organization_timestamps(), [&](std::int64_t id) { return d.organization_json(id); }},
                q, now, base_url_);
        case Endpoint::users_time:
            return time_export({"users", "/api/v2/incremental/users.json", d.user_ids(), d.user_timestamps(),
                                [&](std::int64_t id) { return d.user_json(id); }},
                               q, now, base_url_);
        case Endpoint::ticket_comments:
            return comments(d, route.ticket_id, q, base_url_);
        case Endpoint::ticket_show:
            if (!d.has_ticket(route.ticket_id)) return error_response(404, "RecordNotFound", "Not found");
            return ok_json("{\"ticket\":" + d.ticket_json(route.ticket_id) + "}");
        case Endpoint::users_me:
            return ok_json(me_json());
        default:
            return error_response(404, "RecordNotFound", "Not found");
    }
}

}  // namespace zdmock
