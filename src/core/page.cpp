#include <zdbackup/core/page.hpp>

#include <zdbackup/core/errc.hpp>
#include <zdbackup/core/json_raw.hpp>

#include <boost/json/parse.hpp>

#include <limits>

namespace zdbackup {
namespace {

namespace json = boost::json;

std::string string_or_empty(const json::value* v) {
    if (v && v->is_string()) return std::string(v->get_string());
    return {};
}

const json::value* member(const json::object& o, std::string_view key) {
    return o.if_contains(key);
}

}  // namespace

std::optional<std::int64_t> json_int64(const json::value* v) {
    if (!v) return std::nullopt;
    if (v->is_int64()) return v->get_int64();
    if (v->is_uint64() &&
        v->get_uint64() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        return static_cast<std::int64_t>(v->get_uint64());
    return std::nullopt;
}

boost::system::result<Page> parse_page(std::string_view body, std::string_view items_key, Pagination style) {
    const boost::system::error_code bad = make_error_code(errc::bad_payload);
    // The first block fits a typical page's nodes; the resource grows geometrically past it.
    auto arena = std::make_unique<json::monotonic_resource>(body.size() + 1024);
    boost::system::error_code ec;
    json::value parsed = json::parse(body, ec, json::storage_ptr(arena.get()));
    Page page(std::move(arena), std::move(parsed));  // a move keeps the nodes in the arena
    if (ec || !page.doc.is_object()) return bad;
    const json::object& obj = page.doc.get_object();

    const json::value* items_value = member(obj, items_key);
    if (!items_value || !items_value->is_array()) return bad;
    const json::array& parsed_items = items_value->get_array();
    auto raw = top_level_array_elements(body, items_key);
    // Both views come from the same text; a mismatch means the scanner and parser disagree.
    if (!raw || raw->size() != parsed_items.size()) return bad;
    page.items.reserve(raw->size());
    for (std::size_t i = 0; i < raw->size(); ++i) {
        const json::object* item = parsed_items[i].if_object();
        page.items.push_back({(*raw)[i], item ? json_int64(item->if_contains("id")) : std::nullopt});
    }

    switch (style) {
        case Pagination::cursor_export:
        case Pagination::time_export: {
            const json::value* eos = member(obj, "end_of_stream");
            if (!eos || !eos->is_bool()) return bad;
            page.has_more = !eos->get_bool();
            if (style == Pagination::cursor_export) {
                page.next_url = string_or_empty(member(obj, "after_url"));
                page.cursor = string_or_empty(member(obj, "after_cursor"));
                if (page.has_more && page.next_url.empty() && page.cursor.empty()) return bad;
            } else {
                page.next_url = string_or_empty(member(obj, "next_page"));
                page.end_time = json_int64(member(obj, "end_time"));
                if (page.has_more && page.next_url.empty() && !page.end_time) return bad;
            }
            break;
        }
        case Pagination::cursor_list: {
            const json::value* meta = member(obj, "meta");
            if (!meta || meta->is_null()) break;  // an endpoint that ignored page[size]: one last page
            if (!meta->is_object()) return bad;
            const json::value* more = meta->get_object().if_contains("has_more");
            if (!more || !more->is_bool()) return bad;
            page.has_more = more->get_bool();
            page.cursor = string_or_empty(meta->get_object().if_contains("after_cursor"));
            if (const json::value* links = member(obj, "links"); links && links->is_object())
                page.next_url = string_or_empty(links->get_object().if_contains("next"));
            if (page.has_more && page.cursor.empty() && page.next_url.empty()) return bad;
            break;
        }
        case Pagination::single:
            break;
    }
    return page;
}

}  // namespace zdbackup
