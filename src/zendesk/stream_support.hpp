#pragma once
// What the stream runners share: paging through a listing, the entries they write, the positions
// they save. Internal to the engine (included by its translation units only).

#include <zdbackup/core/page.hpp>
#include <zdbackup/zendesk/page_sequence.hpp>
#include <zdbackup/zendesk/resource.hpp>
#include <zdbackup/zendesk/run_context.hpp>

#include <boost/json/array.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zdbackup::streams {

using FetchedPageHandler = std::function<net::Task<void>(net::FetchedPage&)>;

/// Fetches every page of one listing in order, calling `on_page` for each.
/// Returns the failure when a page cannot be fetched (the caller decides what it means).
net::Task<std::optional<net::FetchFailure>> page_through(RunContext& context, PageSequence& pages,
                                                         std::string_view items_key, Pagination style,
                                                         Bucket bucket, net::TransferStats& stats,
                                                         const FetchedPageHandler& on_page);

/// The items of a fetched page as parsed JSON objects, aligned with page.items.
const boost::json::array& page_objects(const net::FetchedPage& fetched, std::string_view items_key);

/// "<folder>/<key>.json"
std::string entry_path(std::string_view folder, std::string_view key);

/// The item's integer id. Errors: RunError(api) when it has none.
std::int64_t require_id(const PageItem& item, std::string_view kind);

/// The attachments an item lists: recorded in `files` and queued for download.
net::Task<void> collect_attachments(RunContext& context, const boost::json::array& attachments,
                                    std::string_view folder, const std::string& owner,
                                    std::vector<FileEntry>& files);

/// All pages of a per-item list (comments, translations) as raw items, plus the parsed pages.
struct ListedItems {
    std::vector<net::FetchedPage> pages;
    std::vector<std::string_view> raw;
    std::optional<net::FetchFailure> failure;
};

/// Coroutine parameters are references, and callers pass named objects: GCC 12 mishandles prvalue
/// arguments of coroutines (PR 99576).
net::Task<ListedItems> list_all(RunContext& context, const std::string& path, const std::string& query,
                                std::string_view items_key, Bucket bucket, net::TransferStats& stats);

/// The record's updated_at as received ("" when it has none: such a record always counts as changed).
std::string stamp_of(const boost::json::value& object);

/// Saves the stream's position (committed with the records handed over before it).
StreamMark position_mark(std::string_view stream, std::string position);

/// An optional resource the account lacks (403/404 on its first page) is skipped; anything else throws.
/// Returns the reason.
std::string accept_failure(RunContext& context, const Resource& resource, const PageSequence& pages,
                           const net::FetchFailure& failure);

/// One page's items (raw and parsed, aligned) and the position a later run continues from after it.
using PageHandler = std::function<net::Task<void>(
    const std::vector<PageItem>& items, const boost::json::array& objects, const std::string& checkpoint)>;

/// Pages through the listing from the stream's saved position, handing each page to `on_page`.
/// Returns the skip reason of an absent optional resource ("" otherwise).
net::Task<std::string> walk(RunContext& context, const Resource& resource, StreamProgress& progress,
                            const PageHandler& on_page);

/// The mark that ends a stream. A complete listing (lists always, exports in a full run) also drops
/// cached records that are gone from the account.
StreamMark completion(const RunContext& context, const Resource& resource, std::string skipped_reason);

}  // namespace zdbackup::streams
