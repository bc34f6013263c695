#include "stream_support.hpp"

#include <zdbackup/core/errc.hpp>
#include <zdbackup/core/run_error.hpp>
#include <zdbackup/zendesk/attachment_queue.hpp>
#include <zdbackup/zendesk/failure_messages.hpp>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace zdbackup::streams {

namespace json = boost::json;
using boost::system::error_code;

/// Fetches every page of one listing in order, calling `on_page` for each.
/// Returns the failure when a page cannot be fetched (the caller decides what it means).
net::Task<std::optional<net::FetchFailure>> page_through(RunContext& context, PageSequence& pages,
                                                         std::string_view items_key, Pagination style,
                                                         Bucket bucket, net::TransferStats& stats,
                                                         const FetchedPageHandler& on_page) {
    while (!pages.done()) {
        auto fetched = co_await context.client.get_page(pages.target(), bucket, items_key, style, stats);
        if (!fetched) co_return fetched.error();
        if (const error_code ec = pages.advance(fetched->page)) {
            co_return net::FetchFailure{ec, 200, context.client.url_for(pages.target()),
                                        "position " + pages.position(), 1};
        }
        co_await on_page(*fetched);
    }
    co_return std::nullopt;
}

/// The items of a fetched page as parsed JSON objects, aligned with page.items.
const json::array& page_objects(const net::FetchedPage& fetched, std::string_view items_key) {
    return fetched.page.doc.at(items_key).as_array();
}

std::string entry_path(std::string_view folder, std::string_view key) {
    return std::string(folder) + "/" + std::string(key) + ".json";
}

std::int64_t require_id(const PageItem& item, std::string_view kind) {
    if (!item.id)
        throw RunError(
            ExitCode::api,
            "a " + std::string(kind) + " record without a numeric id arrived; the API answer is not usable");
    return *item.id;
}

net::Task<void> collect_attachments(RunContext& context, const json::array& attachments,
                                    std::string_view folder, const std::string& owner,
                                    std::vector<FileEntry>& files) {
    for (FileEntry& file : attachment_jobs(attachments, folder, owner)) {
        files.push_back(file);
        if (context.attachments) co_await context.attachments->push(std::move(file));
    }
}

net::Task<ListedItems> list_all(RunContext& context, const std::string& path, const std::string& query,
                                std::string_view items_key, Bucket bucket, net::TransferStats& stats) {
    ListedItems listed;
    PageSequence pages(path, query, Pagination::cursor_list);
    auto keep = [&](net::FetchedPage& fetched) -> net::Task<void> {
        for (const PageItem& item : fetched.page.items) listed.raw.push_back(item.raw);
        listed.pages.push_back(
            std::move(fetched));  // the raw slices point into its body, which does not move
        co_return;
    };
    listed.failure =
        co_await page_through(context, pages, items_key, Pagination::cursor_list, bucket, stats, keep);
    co_return listed;
}

/// The record's updated_at as received ("" when it has none: such a record always counts as changed).
std::string stamp_of(const json::value& object) {
    const json::value* value = object.is_object() ? object.as_object().if_contains("updated_at") : nullptr;
    if (!value || value->is_null()) return {};
    return value->is_string() ? std::string(value->as_string()) : json::serialize(*value);
}

/// Saves the stream's position (committed with the records handed over before it).
StreamMark position_mark(std::string_view stream, std::string position) {
    StreamMark mark;
    mark.stream = stream;
    mark.position = std::move(position);
    return mark;
}

/// An optional resource the account lacks (403/404 on its first page) is skipped; anything else throws.
/// Returns the reason.
std::string accept_failure(RunContext& context, const Resource& resource, const PageSequence& pages,
                           const net::FetchFailure& failure) {
    const bool absent = failure.ec == errc::forbidden || failure.ec == errc::not_found;
    if (!resource.optional || !absent || pages.pages_seen() > 0) throw explain_failure(failure);
    const std::string reason =
        "HTTP " + std::to_string(failure.http_status) +
        (failure.ec == errc::forbidden ? ": not available to this account's plan or role"
                                       : ": not found on this account");
    context.report.skipped.push_back({std::string(resource.name), reason});
    context.warn(std::string(resource.kind), std::string(resource.name) + " skipped (" + reason + ")");
    return reason;
}

/// One page's items (raw and parsed, aligned) and the position a later run continues from after it.

/// Pages through the listing from the stream's saved position, handing each page to `on_page`.
/// Returns the skip reason of an absent optional resource ("" otherwise).
net::Task<std::string> walk(RunContext& context, const Resource& resource, StreamProgress& progress,
                            const PageHandler& on_page) {
    const std::string saved = context.saved_state(resource.name).position;
    PageSequence pages(std::string(resource.path), std::string(resource.first_query), resource.pagination,
                       saved, std::string(resource.every_query));
    auto each = [&](net::FetchedPage& fetched) -> net::Task<void> {
        co_await on_page(fetched.page.items, page_objects(fetched, resource.items_key), pages.checkpoint());
    };
    auto failure = co_await page_through(context, pages, resource.items_key, resource.pagination,
                                         resource.bucket, progress.transfer, each);
    if (failure && failure->ec == errc::bad_request && !saved.empty() && pages.pages_seen() == 0)
        // Retrying cannot help: every later run would fail the same way.
        throw RunError(ExitCode::api, "Zendesk refused the saved position of " + std::string(resource.name) +
                                          " (HTTP " + std::to_string(failure->http_status) +
                                          "): run once with --full to start that export over");
    if (failure) co_return accept_failure(context, resource, pages, *failure);
    co_return std::string();
}

/// The mark that ends a stream. A complete listing (lists always, exports in a full run) also drops
/// cached records that are gone from the account.
StreamMark completion(const RunContext& context, const Resource& resource, std::string skipped_reason) {
    StreamMark mark;
    mark.stream = resource.name;
    mark.complete = true;
    const bool is_export =
        resource.pagination == Pagination::cursor_export || resource.pagination == Pagination::time_export;
    mark.sweep = !is_export || context.run.full || !skipped_reason.empty();
    mark.skipped_reason = std::move(skipped_reason);
    return mark;
}

}  // namespace zdbackup::streams
