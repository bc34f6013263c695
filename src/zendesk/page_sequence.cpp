#include <zdbackup/core/errc.hpp>
#include <zdbackup/zendesk/page_sequence.hpp>

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

namespace zdbackup {

namespace {

// The largest pages Zendesk serves: 1000 for exports, 100 for cursor-paginated lists.
constexpr std::string_view kExportPageSize = "1000";

}  // namespace

std::string query_param(std::string_view key, std::string_view value) {
    return boost::urls::encode(key, boost::urls::unreserved_chars) + "=" +
           boost::urls::encode(value, boost::urls::unreserved_chars);
}

PageSequence::PageSequence(std::string path, std::string first_query, Pagination style)
    : path_(std::move(path)), first_query_(std::move(first_query)), style_(style) {
    target_ = first_query_.empty() ? path_ : path_ + "?" + first_query_;
}

boost::system::error_code PageSequence::advance(const Page& page) {
    ++pages_;
    if (!page.has_more || style_ == Pagination::single) {
        done_ = true;
        return {};
    }
    std::string next_position;
    std::string query;
    switch (style_) {
        case Pagination::cursor_export:
            next_position = page.cursor;
            query = query_param("cursor", next_position) + "&" + query_param("per_page", kExportPageSize);
            break;
        case Pagination::time_export: {
            if (!page.end_time) return errc::bad_payload;
            // Zendesk's next page starts *at* end_time; a page that ends where it started would repeat
            // forever.
            if (!position_.empty() && *page.end_time <= std::stoll(position_)) return errc::not_advancing;
            next_position = std::to_string(*page.end_time);
            query = query_param("start_time", next_position) + "&" + query_param("per_page", kExportPageSize);
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
    target_ = path_ + "?" + query;
    return {};
}

}  // namespace zdbackup
