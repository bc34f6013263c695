#include "zdmock/pagination.hpp"

#include <algorithm>
#include <boost/beast/core/detail/base64.hpp>
#include <charconv>

namespace zdmock {
namespace b64 = boost::beast::detail::base64;

std::string base64_encode(std::string_view data) {
    std::string out(b64::encoded_size(data.size()), '\0');
    out.resize(b64::encode(out.data(), data.data(), data.size()));
    return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
    std::string out(b64::decoded_size(text.size()), '\0');
    out.resize(b64::decode(out.data(), text.data(), text.size()).first);
    // Beast stops at the first bad character; round-tripping rejects anything non-canonical.
    if (base64_encode(out) != text) return std::nullopt;
    return out;
}

namespace {
std::optional<std::int64_t> to_int(std::string_view s) {
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || p != s.data() + s.size() || s.empty()) return std::nullopt;
    return v;
}
}  // namespace

std::string encode_export_cursor(std::int64_t ts, std::int64_t id) {
    return base64_encode(std::to_string(ts) + ".0||" + std::to_string(id) + "|");
}

std::optional<ExportPosition> decode_export_cursor(std::string_view cursor) {
    const auto text = base64_decode(cursor);
    if (!text) return std::nullopt;
    const std::string_view s = *text;
    const auto sep = s.find(".0||");
    if (sep == std::string_view::npos || !s.ends_with('|')) return std::nullopt;
    const auto ts = to_int(s.substr(0, sep));
    const auto id = to_int(s.substr(sep + 4, s.size() - sep - 5));
    if (!ts || !id) return std::nullopt;
    return ExportPosition{*ts, *id};
}

Slice cursor_page_from_time(std::span<const std::int64_t> ts, std::int64_t start_time, std::size_t per_page) {
    const auto begin =
        static_cast<std::size_t>(std::lower_bound(ts.begin(), ts.end(), start_time) - ts.begin());
    return {begin, std::min(ts.size(), begin + per_page)};
}

Slice cursor_page_after(std::span<const std::int64_t> ts, std::span<const std::int64_t> ids,
                        ExportPosition after, std::size_t per_page) {
    // First index whose (ts, id) is strictly greater than the cursor position.
    std::size_t lo = 0, hi = ts.size();
    while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        const bool before_or_at = ts[mid] < after.ts || (ts[mid] == after.ts && ids[mid] <= after.id);
        if (before_or_at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return {lo, std::min(ts.size(), lo + per_page)};
}

TimePage time_page(std::span<const std::int64_t> ts, std::int64_t start_time, std::size_t per_page) {
    TimePage page;
    page.slice = cursor_page_from_time(ts, start_time, per_page);
    Slice& s = page.slice;
    if (s.begin == s.end) {
        page.end_time = start_time;
        page.end_of_stream = true;
        return page;
    }
    const std::int64_t last = ts[s.end - 1];
    while (s.end < ts.size() && ts[s.end] == last) ++s.end;
    page.end_time = ts[s.begin] == last ? last + 1 : last;
    page.end_of_stream = s.end == ts.size();
    return page;
}

std::string encode_list_cursor(std::int64_t index) {
    return base64_encode(R"({"o":"created_at,id","i":)" + std::to_string(index) + "}");
}

std::optional<std::int64_t> decode_list_cursor(std::string_view cursor) {
    const auto text = base64_decode(cursor);
    constexpr std::string_view prefix = R"({"o":"created_at,id","i":)";
    if (!text || !text->starts_with(prefix) || !text->ends_with('}')) return std::nullopt;
    return to_int(std::string_view(*text).substr(prefix.size(), text->size() - prefix.size() - 1));
}

}  // namespace zdmock
