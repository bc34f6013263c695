// parse_page against its documented contract, re-derived from Boost.JSON's view of the body: a page
// is accepted exactly when it is a JSON object with the items array and what its style needs to
// continue (so it is never refused because the raw slicing failed, and never accepted without
// slices), and an accepted page's fields and item slices say what the body says.

#include "checks.hpp"
#include "json_support.hpp"
#include "property.hpp"

#include <zdbackup/core/errc.hpp>
#include <zdbackup/core/page.hpp>

#include <array>
#include <cstdint>
#include <limits>

namespace zdbackup::fuzz {
namespace {

namespace json = boost::json;

constexpr std::array kStyles{Pagination::cursor_export, Pagination::time_export, Pagination::cursor_list,
                             Pagination::single};

const json::value* get(const json::object& o, std::string_view key) {
    return o.if_contains(key);
}

const json::value* get(const json::value* o, std::string_view key) {
    return o && o->is_object() ? o->get_object().if_contains(key) : nullptr;
}

std::string text_of(const json::value* v) {
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

/// An id as the header describes it: an integer that fits int64.
std::optional<std::int64_t> int64_of(const json::value* v) {
    if (!v) return std::nullopt;
    if (v->is_int64()) return v->get_int64();
    if (v->is_uint64() && v->get_uint64() <= std::uint64_t{std::numeric_limits<std::int64_t>::max()})
        return static_cast<std::int64_t>(v->get_uint64());
    return std::nullopt;
}

/// The fields an accepted page must have, or nullopt when the style's rules refuse the page.
std::optional<Page> expected_fields(const json::object& o, Pagination style) {
    Page p;
    switch (style) {
        case Pagination::cursor_export:
        case Pagination::time_export: {
            const json::value* eos = get(o, "end_of_stream");
            if (!eos || !eos->is_bool()) return std::nullopt;
            p.has_more = !eos->get_bool();
            if (style == Pagination::cursor_export) {
                p.next_url = text_of(get(o, "after_url"));
                p.cursor = text_of(get(o, "after_cursor"));
                if (p.has_more && p.next_url.empty() && p.cursor.empty()) return std::nullopt;
            } else {
                p.next_url = text_of(get(o, "next_page"));
                p.end_time = int64_of(get(o, "end_time"));
                if (p.has_more && p.next_url.empty() && !p.end_time) return std::nullopt;
            }
            return p;
        }
        case Pagination::cursor_list: {
            const json::value* meta = get(o, "meta");
            if (!meta || meta->is_null()) return p;  // one last page
            const json::value* more = get(meta, "has_more");
            if (!more || !more->is_bool()) return std::nullopt;
            p.has_more = more->get_bool();
            p.cursor = text_of(get(meta, "after_cursor"));
            p.next_url = text_of(get(get(o, "links"), "next"));
            if (p.has_more && p.cursor.empty() && p.next_url.empty()) return std::nullopt;
            return p;
        }
        case Pagination::single:
            return p;
    }
    return std::nullopt;
}

void check_one(std::string_view body, const std::optional<json::value>& doc, std::string_view key,
               Pagination style) {
    const auto page = parse_page(body, key, style);
    const json::object* object = doc && doc->is_object() ? &doc->get_object() : nullptr;
    const json::value* items = object ? get(*object, key) : nullptr;
    const std::optional<Page> expected =
        items && items->is_array() ? expected_fields(*object, style) : std::nullopt;

    ZDB_REQUIRE(page.has_value() == expected.has_value());
    if (!page) {
        ZDB_REQUIRE(page.error() == make_error_code(errc::bad_payload));
        return;
    }
    ZDB_REQUIRE(same_json(page->doc, *doc));
    ZDB_REQUIRE(page->has_more == expected->has_more);
    ZDB_REQUIRE(page->cursor == expected->cursor);
    ZDB_REQUIRE(page->end_time == expected->end_time);
    if (style != Pagination::cursor_list || get(*object, "meta"))  // no meta: next_url is not read
        ZDB_REQUIRE(page->next_url == expected->next_url);
    // "More" always comes with a way to ask for it.
    if (page->has_more) ZDB_REQUIRE(!page->cursor.empty() || !page->next_url.empty() || page->end_time);

    const json::array& parsed = items->get_array();
    ZDB_REQUIRE(page->items.size() == parsed.size());
    std::vector<std::string_view> raws;
    for (const PageItem& item : page->items) raws.push_back(item.raw);
    ZDB_REQUIRE(are_ordered_trimmed_slices(raws, body));
    for (std::size_t i = 0; i < parsed.size(); ++i) {
        ZDB_REQUIRE(same_json(parse_json(page->items[i].raw), parsed[i]));
        ZDB_REQUIRE(page->items[i].id == int64_of(get(&parsed[i], "id")));
    }
}

}  // namespace

void check_page(std::string_view input) {
    const auto doc = parse_json(input);
    std::vector<std::string> keys{"tickets"};
    for (std::string& k : array_keys(doc, 4))
        if (k != "tickets") keys.push_back(std::move(k));
    for (const std::string& key : keys)
        for (Pagination style : kStyles) check_one(input, doc, key, style);
}

}  // namespace zdbackup::fuzz
