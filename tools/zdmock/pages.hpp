#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "zdmock/api.hpp"
#include "zdmock/dataset.hpp"
#include "zdmock/query.hpp"

namespace zdmock {

/// One exportable resource: aligned id and timestamp arrays in export order, and its JSON.
struct ExportTable {
    std::string_view root;  ///< JSON key of the item array, e.g. "tickets"
    std::string_view path;  ///< e.g. /api/v2/incremental/tickets/cursor.json
    const std::vector<std::int64_t>& ids;
    const std::vector<std::int64_t>& ts;
    std::function<std::string(std::int64_t)> json;
};

/// Any time-based export: timestamps in export order and the JSON of the item at a position.
struct TimeExportSource {
    std::string_view root;  ///< JSON key of the item array, e.g. "ticket_events"
    std::string_view path;  ///< e.g. /api/v2/incremental/ticket_events.json
    std::span<const std::int64_t> ts;
    std::function<std::string(std::size_t)> json;
};

/// Cursor-based incremental export page (`start_time` first, then `cursor`). `now` in epoch seconds.
/// `stuck`: a page asked for with a cursor answers that same cursor again and never ends the stream.
HttpResponse cursor_export(const ExportTable& t, const Query& q, std::int64_t now,
                           const std::string& base_url, bool stuck = false);
/// Time-based incremental export page (`start_time`, pages extended over equal timestamps).
/// `stuck`: every page answers end_time = start_time and never ends the stream.
HttpResponse time_export(const ExportTable& t, const Query& q, std::int64_t now, const std::string& base_url,
                         bool stuck = false);
/// `next_query` is appended to next_page after start_time, e.g. "&include=comment_events".
HttpResponse time_export(const TimeExportSource& s, const Query& q, std::int64_t now,
                         const std::string& base_url, bool stuck = false, std::string_view next_query = {});
/// GET /incremental/ticket_events: a time export of Dataset::ticket_events(); `include=comment_events`
/// (one of a comma-separated list) sideloads the comments, and next_page keeps it.
HttpResponse ticket_events_export(const Dataset& d, const Query& q, std::int64_t now,
                                  const std::string& base_url, bool stuck = false);
/// GET /tickets/{id}/comments: cursor pagination with page[size], offset pagination otherwise.
HttpResponse comments_page(const Dataset& d, std::int64_t ticket, const Query& q,
                           const std::string& base_url);

}  // namespace zdmock
