#pragma once
// One page of any Zendesk pagination style, with its items kept as the raw text received.

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/value.hpp>
#include <boost/system/result.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zdbackup {

/// How an endpoint pages.
enum class Pagination {
    cursor_export,  ///< incremental cursor export: after_url, after_cursor, end_of_stream
    time_export,    ///< incremental time export: next_page, end_time, end_of_stream
    cursor_list,    ///< list endpoint with page[size]: meta.has_more, meta.after_cursor, links.next
    single,         ///< one response holds everything
};

/// One record of a page.
struct PageItem {
    std::string_view raw;            ///< the element's exact text, a slice of the parsed body
    std::optional<std::int64_t> id;  ///< its "id" when an integer that fits int64
};

/// A parsed page. `items` point into the body given to parse_page: keep the body alive.
/// Movable but not move-assignable: assigning a json::value copies it into the target's memory
/// resource, which for a parsed page would be slow at best and, with the arena swapped first, unsafe.
struct Page {
    Page() = default;
    Page(std::unique_ptr<boost::json::monotonic_resource> memory, boost::json::value&& parsed)
        : arena(std::move(memory)), doc(std::move(parsed)) {}
    Page(Page&&) noexcept = default;
    Page& operator=(Page&&) = delete;

    /// The memory `doc` lives in (parse_page's pages only): a page is parsed once and dropped whole,
    /// so its thousands of nodes are neither allocated nor freed one by one. Declared before `doc`,
    /// so it outlives it; its address survives moves.
    std::unique_ptr<boost::json::monotonic_resource> arena;
    boost::json::value doc;       ///< the parsed page
    std::vector<PageItem> items;  ///< raw slices into the body, in order
    bool has_more = false;        ///< fetch another page (exports: !end_of_stream; lists: meta.has_more)
    std::string next_url;         ///< after_url / next_page / links.next ("" if absent or null)
    std::string cursor;           ///< after_cursor / meta.after_cursor ("" if absent or null)
    std::optional<std::int64_t> end_time;  ///< time_export only
};

/// Parses one page.
/// Zendesk quirks handled: links.next may be non-null on the last list page (has_more decides);
/// exports keep after_url/next_page on the end_of_stream page; a cursor_list page without `meta` is a
/// single last page.
/// Errors: errc::bad_payload when the body is not JSON, not an object, lacks `items_key` as an array,
/// or lacks what the style needs to continue (end_of_stream as a bool for exports, with a next URL or
/// cursor (cursor export) or end_time/next_page (time export) when not at the end; meta.has_more as a
/// bool for cursor_list when meta is present).
boost::system::result<Page> parse_page(std::string_view body, std::string_view items_key, Pagination style);

/// An "id"-like JSON value as int64: int64, or uint64 up to INT64_MAX; anything else → nullopt.
std::optional<std::int64_t> json_int64(const boost::json::value* v);

}  // namespace zdbackup
