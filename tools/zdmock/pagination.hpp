#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace zdmock {

std::string base64_encode(std::string_view data);
/// Strict: returns nullopt unless `text` is canonical padded base64.
std::optional<std::string> base64_decode(std::string_view text);

/// Export cursor as Zendesk writes it: base64("<ts>.0||<id>|").
std::string encode_export_cursor(std::int64_t ts, std::int64_t id);
struct ExportPosition {
    std::int64_t ts = 0;
    std::int64_t id = 0;
};
std::optional<ExportPosition> decode_export_cursor(std::string_view cursor);

/// Half-open index range into the export arrays.
struct Slice {
    std::size_t begin = 0;
    std::size_t end = 0;
};

/// Cursor export: first item with ts >= start_time, or the first item after `after` in (ts, id) order;
/// then exactly `per_page` items. `ts` and `ids` are aligned and sorted by (ts, id).
Slice cursor_page_from_time(std::span<const std::int64_t> ts, std::int64_t start_time, std::size_t per_page);
Slice cursor_page_after(std::span<const std::int64_t> ts, std::span<const std::int64_t> ids,
                        ExportPosition after, std::size_t per_page);

/// Time-based export page: items with ts >= start_time, `per_page` of them, extended to every item that
/// shares the last item's timestamp. `end_time` is the last item's timestamp, except when the whole page is
/// one timestamp (then end_time = ts + 1, or a client with a tiny per_page would loop forever).
struct TimePage {
    Slice slice;
    std::int64_t end_time = 0;
    bool end_of_stream = false;
};
TimePage time_page(std::span<const std::int64_t> ts, std::int64_t start_time, std::size_t per_page);

/// Opaque list cursor for ticket comments: encodes a comment index.
std::string encode_list_cursor(std::int64_t index);
std::optional<std::int64_t> decode_list_cursor(std::string_view cursor);

}  // namespace zdmock
