#include "zdmock/lists.hpp"

#include <algorithm>
#include <optional>

#include "zdmock/json_writer.hpp"
#include "zdmock/pagination.hpp"

namespace zdmock {
namespace {

constexpr std::int64_t kMaxPage = 100;
constexpr std::int64_t kMaxOffsetRecords = 10000;
constexpr std::string_view kLastPageCursor = "bGFzdF9wYWdl";  // base64("last_page"), as Help Center sends

HttpResponse bad(std::string_view description) {
    return error_response(400, "InvalidPaginationParameter", description);
}

void items(JsonWriter& w, const ListSource& s, std::int64_t begin, std::int64_t end) {
    w.key(s.root).begin_array();
    for (std::int64_t i = begin; i < end; ++i) w.raw(s.item(i));
    w.end_array();
}

HttpResponse cursor_page(const ListSource& s, const Query& q, ListStyle style, std::int64_t size) {
    const std::int64_t count = s.count;
    std::int64_t begin = 0, end = 0;
    if (auto after = q.get("page[after]")) {
        const auto idx = decode_list_cursor(*after);
        if (!idx) return bad("page[after] is invalid");
        begin = std::clamp<std::int64_t>(*idx + 1, 0, count);
        end = std::min(count, begin + size);
    } else if (auto before = q.get("page[before]")) {
        if (*before == kLastPageCursor) {
            end = count;
        } else {
            const auto idx = decode_list_cursor(*before);
            if (!idx) return bad("page[before] is invalid");
            end = std::clamp<std::int64_t>(*idx, 0, count);
        }
        begin = std::max<std::int64_t>(0, end - size);
    } else {
        end = std::min(count, size);
    }
    const bool empty = begin == end;
    const bool has_more = end < count;
    const std::string size_param = "page%5Bsize%5D=" + std::to_string(size);
    const auto link = [&](std::string_view which, const std::string& cursor) {
        return s.url + "?page%5B" + std::string(which) + "%5D=" + encode_param(cursor) + "&" + size_param;
    };
    std::string out;
    JsonWriter w(out);
    w.begin_object();
    items(w, s, begin, end);
    w.key("meta").begin_object().kbool("has_more", has_more);
    if (empty)
        w.knull("after_cursor").knull("before_cursor");
    else
        w.kstr("after_cursor", encode_list_cursor(end - 1)).kstr("before_cursor", encode_list_cursor(begin));
    w.end_object().key("links").begin_object();
    if (style == ListStyle::help_center) {
        w.kstr("first", s.url + "?" + size_param);
        w.kstr("last", link("before", std::string(kLastPageCursor)));
    }
    if (empty)
        w.knull("prev");
    else
        w.kstr("prev", link("before", encode_list_cursor(begin)));
    if (style == ListStyle::help_center && !has_more)
        w.knull("next");
    else  // Support keeps links.next on the last page; clients must stop on meta.has_more.
        w.kstr("next", link("after", encode_list_cursor(empty ? begin - 1 : end - 1)));
    w.end_object().end_object();
    HttpResponse r = json_response(std::move(out));
    if (style == ListStyle::help_center && has_more)
        r.headers.emplace_back("Link", "<" + link("after", encode_list_cursor(end - 1)) + ">; rel=\"next\"");
    return r;
}

HttpResponse offset_page(const ListSource& s, const Query& q, ListStyle style) {
    const bool hc = style == ListStyle::help_center;
    std::int64_t per_page = hc ? 30 : kMaxPage;
    if (auto v = q.get("per_page")) {
        const auto n = parse_int(*v);
        if (!n || *n < 1) return bad("per_page must be a positive integer");
        per_page = std::min(*n, kMaxPage);
    }
    const auto page_text = q.get("page");
    const auto page = page_text ? parse_int(*page_text) : std::optional<std::int64_t>(1);
    if (!page || *page < 1) return bad("page must be a positive integer");
    if ((*page - 1) * per_page >= kMaxOffsetRecords)
        return error_response(
            400, "InvalidPaginationParameter",
            "Offset pagination is limited to the first 10000 records. Use cursor pagination.");
    const std::int64_t count = s.count;
    const std::int64_t begin = std::min(count, (*page - 1) * per_page);
    const std::int64_t end = std::min(count, begin + per_page);
    const auto page_url = [&](std::int64_t p) {
        return s.url + "?page=" + std::to_string(p) + "&per_page=" + std::to_string(per_page);
    };
    std::string out;
    JsonWriter w(out);
    w.begin_object();
    items(w, s, begin, end);
    if (end < count)
        w.kstr("next_page", page_url(*page + 1));
    else
        w.knull("next_page");
    if (*page > 1)
        w.kstr("previous_page", page_url(*page - 1));
    else
        w.knull("previous_page");
    w.knum("count", count);
    if (hc) {
        w.knum("page", *page).knum("per_page", per_page);
        w.knum("page_count", (count + per_page - 1) / per_page);
        w.kstr("sort_by", "position").kstr("sort_order", "asc");
    }
    w.end_object();
    return json_response(std::move(out));
}

}  // namespace

HttpResponse list_page(const ListSource& source, const Query& q, ListStyle style) {
    if (auto v = q.get("page[size]")) {
        const auto n = parse_int(*v);
        if (!n || *n < 1 || *n > kMaxPage) return bad("page[size] must be an integer between 1 and 100");
        return cursor_page(source, q, style, *n);
    }
    return offset_page(source, q, style);
}

HttpResponse whole_list(const ListSource& source) {
    std::string out;
    JsonWriter w(out);
    w.begin_object();
    items(w, source, 0, source.count);
    w.end_object();
    return json_response(std::move(out));
}

}  // namespace zdmock
