#include "zdmock/pages.hpp"

#include <algorithm>
#include <optional>

#include "zdmock/json_writer.hpp"
#include "zdmock/pagination.hpp"

namespace zdmock {
namespace {

constexpr std::int64_t kMaxExportPage = 1000;
constexpr std::int64_t kMaxListPage = 100;

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
        const auto n = parse_int(*v);
        p.given = true;
        if (!n || *n < 1 || (!clamp && *n > max))
            p.valid = false;
        else
            p.value = std::min(*n, max);
    }
    return p;
}

}  // namespace

HttpResponse cursor_export(const ExportTable& t, const Query& q, std::int64_t now, const std::string& base,
                           bool stuck) {
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
        const auto start_time = parse_int(*start);
        if (!start_time || *start_time < 0) return bad_pagination("start_time must be a Unix epoch time");
        if (*start_time > now - 60)
            return error_response(400, "StartTimeTooRecent",
                                  "Too recent start_time. Use a start_time older than 1 minute.");
        position = {*start_time, 0};
        slice = cursor_page_from_time(t.ts, *start_time, static_cast<std::size_t>(per_page.value));
    } else {
        return bad_pagination("start_time or cursor is required");
    }
    const auto given_cursor = q.get("cursor");
    if (slice.begin != slice.end) position = {t.ts[slice.end - 1], t.ids[slice.end - 1]};
    const bool repeat = stuck && given_cursor.has_value();
    const std::string after_cursor =
        repeat ? std::string(*given_cursor) : encode_export_cursor(position.ts, position.id);
    std::string after_url = base + std::string(t.path) + "?cursor=" + encode_param(after_cursor);
    if (per_page.given) after_url += "&per_page=" + std::to_string(per_page.value);

    std::string out;
    out.reserve((slice.end - slice.begin) * 2200 + 512);
    JsonWriter w(out);
    w.begin_object().key(t.root).begin_array();
    for (std::size_t i = slice.begin; i < slice.end; ++i) w.raw(t.json(t.ids[i]));
    w.end_array().kstr("after_url", after_url).kstr("after_cursor", after_cursor);
    w.knull("before_url").knull("before_cursor").kbool("end_of_stream", !stuck && slice.end == t.ids.size());
    w.end_object();
    return json_response(std::move(out));
}

HttpResponse time_export(const ExportTable& t, const Query& q, std::int64_t now, const std::string& base,
                         bool stuck) {
    const TimeExportSource source{t.root, t.path, t.ts, [&](std::size_t i) { return t.json(t.ids[i]); }};
    return time_export(source, q, now, base, stuck);
}

HttpResponse time_export(const TimeExportSource& s, const Query& q, std::int64_t now, const std::string& base,
                         bool stuck, std::string_view next_query) {
    const PageSize per_page = page_size(q, "per_page", kMaxExportPage, kMaxExportPage, true);
    if (!per_page.valid) return bad_pagination("per_page must be a positive integer");
    const auto start = q.get("start_time");
    const auto start_time = start ? parse_int(*start) : std::nullopt;
    if (!start_time || *start_time < 0) return bad_pagination("start_time is required");
    if (*start_time > now - 60)
        return error_response(400, "StartTimeTooRecent",
                              "Too recent start_time. Use a start_time older than 1 minute.");
    TimePage page = time_page(s.ts, *start_time, static_cast<std::size_t>(per_page.value));
    if (stuck) page.end_time = *start_time, page.end_of_stream = false;
    std::string next = base + std::string(s.path) + "?";
    if (per_page.given) next += "per_page=" + std::to_string(per_page.value) + "&";
    next += "start_time=" + std::to_string(page.end_time);
    next += next_query;

    std::string out;
    out.reserve((page.slice.end - page.slice.begin) * 1200 + 512);
    JsonWriter w(out);
    w.begin_object().key(s.root).begin_array();
    for (std::size_t i = page.slice.begin; i < page.slice.end; ++i) w.raw(s.json(i));
    w.end_array().knum("count", static_cast<std::int64_t>(page.slice.end - page.slice.begin));
    w.kbool("end_of_stream", page.end_of_stream).knum("end_time", page.end_time).kstr("next_page", next);
    w.end_object();
    return json_response(std::move(out));
}

HttpResponse ticket_events_export(const Dataset& d, const Query& q, std::int64_t now, const std::string& base,
                                  bool stuck) {
    const auto include = q.get("include");
    const std::string sideloads = include.value_or("");
    bool comments = false;
    for (std::string_view rest = sideloads; !comments && !rest.empty();) {
        const auto comma = rest.find(',');
        comments = rest.substr(0, comma) == "comment_events";
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
    const TicketEventIndex& events = d.ticket_events();
    const TimeExportSource source{
        "ticket_events", "/api/v2/incremental/ticket_events.json", events.timestamps(),
        [&](std::size_t i) { return d.ticket_event_json(events.refs()[i], comments); }};
    // Following next_page must keep the sideload, or the comments would stop after the first page.
    const std::string next_query = include ? "&include=" + encode_param(*include) : std::string();
    return time_export(source, q, now, base, stuck, next_query);
}

HttpResponse comments_page(const Dataset& d, std::int64_t ticket, const Query& q, const std::string& base) {
    if (!d.has_ticket(ticket) || d.ticket_deleted(ticket))
        return error_response(404, "RecordNotFound", "Not found");
    const std::int64_t count = d.comment_count(ticket);
    const bool inline_images = q.get("include_inline_images") == "true";
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
        for (std::int64_t i = begin; i < end; ++i) w.raw(d.comment_json(ticket, i, inline_images));
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
        return json_response(std::move(out));
    }
    const PageSize per_page = page_size(q, "per_page", kMaxListPage, kMaxListPage, true);
    const auto page_text = q.get("page");
    const auto page = page_text ? parse_int(*page_text) : std::optional<std::int64_t>(1);
    if (!per_page.valid || !page || *page < 1)
        return bad_pagination("page and per_page must be positive integers");
    const std::int64_t begin = std::min(count, (*page - 1) * per_page.value);
    const std::int64_t end = std::min(count, begin + per_page.value);
    const auto page_url = [&](std::int64_t p) {
        return path + "?page=" + std::to_string(p) + "&per_page=" + std::to_string(per_page.value);
    };
    w.begin_object().key("comments").begin_array();
    for (std::int64_t i = begin; i < end; ++i) w.raw(d.comment_json(ticket, i, inline_images));
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
    return json_response(std::move(out));
}

}  // namespace zdmock
