#pragma once
// Walks the pages of one listing: knows the next request target for every Zendesk pagination style
// and refuses to loop when the server's cursor, start_time or next page does not move.

#include <zdbackup/core/page.hpp>

#include <boost/system/error_code.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace zdbackup {

/// Percent-encodes everything but RFC 3986 unreserved characters (so '+', '=', '/' and '[' survive).
std::string query_param(std::string_view key, std::string_view value);

class PageSequence {
  public:
    /// `first_query` is sent with the first request (e.g. "start_time=0&per_page=1000"). With a
    /// `saved` position (an export's cursor or start_time from an earlier run), the first request
    /// continues from there instead. Exports append `every_query` (e.g. "&include=comment_events") to
    /// each request after the first (the first request's query is `first_query`, which must hold it).
    PageSequence(std::string path, std::string first_query, Pagination style, std::string saved = {},
                 std::string every_query = {});

    /// The target (path + query) of the page to fetch now.
    const std::string& target() const noexcept { return target_; }
    bool done() const noexcept { return done_; }
    int pages_seen() const noexcept { return pages_; }

    /// Moves past `page`. Errors: errc::not_advancing when the page would lead back to the same
    /// request, or repeats the previous page's items exactly while saying "more" (a server that moves
    /// its cursor but serves the same page again would otherwise spin forever); errc::bad_payload
    /// when the page says "more" but gives no way to get it.
    boost::system::error_code advance(const Page& page);

    /// Cursor / start_time that the next request continues from ("" before the first page).
    const std::string& position() const noexcept { return position_; }

    /// Exports: where a later run continues once the pages seen so far are saved — the last page's
    /// after_cursor or end_time, kept even on the end_of_stream page. "" for lists.
    const std::string& checkpoint() const noexcept { return checkpoint_; }

  private:
    std::string path_;
    std::string first_query_;
    std::string every_query_;
    Pagination style_;
    std::string target_;
    std::string position_;
    std::string checkpoint_;
    bool done_ = false;
    int pages_ = 0;
    std::optional<std::uint64_t> previous_items_;  // fingerprint of the last page's items
};

}  // namespace zdbackup
