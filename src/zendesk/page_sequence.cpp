#include <zdbackup/core/errc.hpp>
#include <zdbackup/zendesk/page_sequence.hpp>

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <functional>
#include <string_view>

namespace zdbackup {

namespace {

// The largest pages Zendesk serves: 1000 for exports, 100 for cursor-paginated lists.
constexpr std::string_view kExportPageSize = "1000";

}  // namespace

std::string query_param(std::string_view key, std::string_view value) {
    return boost::urls::encode(key, boost::urls::unreserved_chars) + "=" +
           boost::urls::encode(value, boost::urls::unreserved_chars);
}

namespace {

std::string export_query(Pagination style, const std::string& position) {
    const std::string_view key = style == Pagination::cursor_export ? "cursor" : "start_time";
    return query_param(key, position) + "&" + query_param("per_page", kExportPageSize);
}

bool is_export(Pagination style) {
    return style == Pagination::cursor_export || style == Pagination::time_export;
}

/// A hash of the raw text of every item, in order: equal pages give equal fingerprints. Item by item
/// with std::hash (word at a time), not byte-wise FNV: pages with more to come are hashed whole.
std::uint64_t fingerprint(const Page& page) {
    std::uint64_t h = 14695981039346656037ull;
    for (const PageItem& item : page.items)
        h = (h ^ std::hash<std::string_view>{}(item.raw)) * 1099511628211ull;
    return h;
}

}  // namespace

PageSequence::PageSequence(std::string path, std::string first_query, Pagination style, std::string saved,
                           std::string every_query)
    : path_(std::move(path)),
      first_query_(std::move(first_query)),
      every_query_(std::move(every_query)),
      style_(style) {
    if (!saved.empty() && is_export(style_)) {
        position_ = saved;
        checkpoint_ = std::move(saved);
        target_ = path_ + "?" + export_query(style_, position_) + every_query_;
        return;
    }
    target_ = first_query_.empty() ? path_ : path_ + "?" + first_query_;
}

boost::system::error_code PageSequence::advance(const Page& page) {
    ++pages_;
    if (style_ == Pagination::cursor_export && !page.cursor.empty()) checkpoint_ = page.cursor;
    if (style_ == Pagination::time_export && page.end_time) checkpoint_ = std::to_string(*page.end_time);
    if (!page.has_more || style_ == Pagination::single) {
        done_ = true;
        return {};
    }
    if (!page.items.empty()) {
        const std::uint64_t items = fingerprint(page);
        if (previous_items_ == items) return errc::not_advancing;
        previous_items_ = items;
    }
    std::string next_position;
    std::string query;
    switch (style_) {
        case Pagination::cursor_export:
            next_position = page.cursor;
            query = export_query(style_, next_position);
            break;
        case Pagination::time_export: {
            if (!page.end_time) return errc::bad_payload;
            // Zendesk's next page starts *at* end_time; a page that ends where it started would repeat
            // forever.
            if (!position_.empty() && *page.end_time <= std::stoll(position_)) return errc::not_advancing;
            next_position = std::to_string(*page.end_time);
            query = export_query(style_, next_position);
            break;
        }
        case Pagination::cursor_list:
            next_position = page.cursor;
            query =
                first_query_ + (first_query_.empty() ? "" : "&") + query_param("page[after]", next_position);
            break;
        case Pagination::single:
            break;
    }
    if (next_position.empty()) return errc::bad_payload;
    if (next_position == position_) return errc::not_advancing;
    position_ = std::move(next_position);
    target_ = path_ + "?" + query + (is_export(style_) ? every_query_ : std::string());
    return {};
}

}  // namespace zdbackup
