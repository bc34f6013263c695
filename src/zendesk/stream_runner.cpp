#include <zdbackup/core/entry_key.hpp>
#include <zdbackup/core/errc.hpp>
#include <zdbackup/core/json_raw.hpp>
#include <zdbackup/core/safe_name.hpp>
#include <zdbackup/zendesk/attachment_queue.hpp>
#include <zdbackup/zendesk/failure_messages.hpp>
#include <zdbackup/zendesk/page_sequence.hpp>
#include <zdbackup/zendesk/page_tracker.hpp>
#include <zdbackup/zendesk/stream_runner.hpp>

#include <boost/asio/experimental/channel.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <spdlog/spdlog.h>

#include <unordered_set>

namespace zdbackup {

namespace asio = boost::asio;
namespace json = boost::json;
using boost::system::error_code;

namespace {

using FetchedPageHandler = std::function<net::Task<void>(net::FetchedPage&)>;

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

/// The entry name of an item: its numeric id, or a string id (trigger categories, webhooks) made
/// file-name safe, or another field (tags' name) made a key that stays unique where case is ignored.
/// String ids are Zendesk's (digits, uppercase ULIDs): two never differ only in case, and keeping them
/// plain keeps their entries where earlier snapshots had them.
std::string item_key(const Resource& resource, const PageItem& item, const json::value& object) {
    if (resource.key_field == "id" && item.id) return std::to_string(*item.id);
    const json::value* field =
        object.is_object() ? object.as_object().if_contains(resource.key_field) : nullptr;
    if (!field || !field->is_string())
        throw RunError(ExitCode::api, std::string(resource.name) + " item without \"" +
                                          std::string(resource.key_field) +
                                          "\"; the API answer is not usable");
    if (resource.key_field == "id") return safe_file_name(field->as_string());
    return entry_key_for_name(field->as_string());
}

/// The attachments an item lists: recorded as wanted with the item, and queued for download.
struct Enriched {
    std::string body;
    std::vector<FileEntry> files;
};

net::Task<void> collect_attachments(RunContext& context, const json::array& attachments,
                                    std::string_view folder, const std::string& owner,
                                    std::vector<FileEntry>& files) {
    for (FileEntry& file : attachment_jobs(attachments, folder, owner)) {
        files.push_back(file);
        if (context.attachments) co_await context.attachments->push(std::move(file));
    }
}

/// All pages of a per-item list (comments, translations) as raw items, plus the parsed pages.
struct ListedItems {
    std::vector<net::FetchedPage> pages;
    std::vector<std::string_view> raw;
    std::optional<net::FetchFailure> failure;
};

// Coroutine parameters are references, and callers pass named objects: GCC 12 mishandles prvalue
// arguments of coroutines (PR 99576).
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

// ---- the cache: what has not changed is not fetched again ------------------------------------------

/// The record's updated_at as received ("" when it has none: such a record always counts as changed).
std::string stamp_of(const json::value& object) {
    const json::value* value = object.is_object() ? object.as_object().if_contains("updated_at") : nullptr;
    if (!value || value->is_null()) return {};
    return value->is_string() ? std::string(value->as_string()) : json::serialize(*value);
}

/// The elements of array `member` ("comments", "translations") of the cached copy of `path`; nullopt
/// when nothing is cached. A cached copy without the member has none.
std::optional<std::vector<std::string>> cached_details(RunContext& context, const std::string& path,
                                                       std::string_view member) {
    const auto body = context.cache.body_of(path);
    if (!body) return std::nullopt;
    std::vector<std::string> details;
    if (auto elements = top_level_array_elements(*body, member))
        for (std::string_view element : *elements) details.emplace_back(element);
    return details;
}

/// The cached details of a record that has not changed since it was cached (same updated_at). A full
/// run trusts only what it cached itself (a resumed full run does not fetch twice).
std::optional<std::vector<std::string>> unchanged_details(RunContext& context, const std::string& path,
                                                          const std::string& stamp, std::string_view member) {
    if (stamp.empty()) return std::nullopt;
    const auto cached = context.cache.stamp_of(path);
    if (!cached || cached->stamp != stamp) return std::nullopt;
    if (context.run.full && cached->run != context.run.id) return std::nullopt;
    return cached_details(context, path, member);
}

std::string with_member(std::string_view raw, std::string_view member,
                        const std::vector<std::string>& elements) {
    const std::vector<std::string_view> views(elements.begin(), elements.end());
    return append_array_member(raw, member, views);
}

// ---- enrichments: per item, after its page arrived --------------------------------------------------

struct ItemJob {
    std::int64_t id = 0;
    std::string raw;
    std::string stamp;
    std::uint64_t page = 0;  ///< PageTracker number
};

/// A ticket with "comments": every comment, oldest first (the API's default order).
net::Task<Enriched> ticket_with_comments(RunContext& context, const ItemJob& job, net::TransferStats& stats) {
    const std::string owner = "ticket " + std::to_string(job.id);
    const std::string path = "/api/v2/tickets/" + std::to_string(job.id) + "/comments.json";
    const std::string query = query_param("page[size]", "100") + "&include_inline_images=true";
    auto listed = co_await list_all(context, path, query, "comments", Bucket::account, stats);
    Enriched enriched;
    if (listed.failure) {
        // A deleted ticket (or one deleted after the export listed it) has no comments to fetch: it
        // keeps the ones cached before, if any.
        if (listed.failure->ec != errc::not_found) throw explain_failure(*listed.failure);
        const auto cached =
            cached_details(context, entry_path("tickets", std::to_string(job.id)), "comments");
        kind_logger("tickets")->info("{}: comments answered 404 (deleted ticket), kept {} cached comments",
                                     owner, cached ? cached->size() : 0);
        enriched.body = with_member(job.raw, "comments", cached.value_or(std::vector<std::string>{}));
        co_return enriched;
    }
    for (const auto& page : listed.pages)
        for (const json::value& comment : page_objects(page, "comments"))
            if (const json::value* attachments = comment.as_object().if_contains("attachments");
                attachments && attachments->is_array())
                co_await collect_attachments(context, attachments->as_array(), "tickets/attachments", owner,
                                             enriched.files);
    enriched.body = append_array_member(job.raw, "comments", listed.raw);
    co_return enriched;
}

/// An article with "translations" (every locale, drafts included) when it has any; its attachments queued.
net::Task<Enriched> article_with_details(RunContext& context, const ItemJob& job, net::TransferStats& stats) {
    const std::string base = "/api/v2/help_center/articles/" + std::to_string(job.id);
    const std::string owner = "article " + std::to_string(job.id);
    const std::string query = query_param("page[size]", "100");
    const std::string translations_path = base + "/translations.json";
    auto translations =
        co_await list_all(context, translations_path, query, "translations", Bucket::help_center, stats);
    if (translations.failure) throw explain_failure(*translations.failure);
    Enriched enriched;
    const std::string attachments_path = base + "/attachments.json";
    auto attachments = co_await list_all(context, attachments_path, query, "article_attachments",
                                         Bucket::help_center, stats);
    if (attachments.failure) throw explain_failure(*attachments.failure);
    for (const auto& page : attachments.pages)
        co_await collect_attachments(context, page_objects(page, "article_attachments"),
                                     "guide_articles/attachments", owner, enriched.files);
    enriched.body =
        translations.raw.empty() ? job.raw : append_array_member(job.raw, "translations", translations.raw);
    co_return enriched;
}

/// Saves the stream's position (committed with the records handed over before it).
StreamMark position_mark(const Resource& resource, std::string position) {
    StreamMark mark;
    mark.stream = resource.name;
    mark.position = std::move(position);
    return mark;
}

/// What an enriched resource adds to its records.
std::string_view detail_member(const Resource& resource) {
    return resource.enrichment == Enrichment::ticket_comments ? "comments" : "translations";
}

using JobChannel = asio::experimental::channel<void(error_code, ItemJob)>;
constexpr std::size_t kQueuedItemsPerWorker = 64;

/// The state an enriched stream's producer and workers share.
struct EnrichedStream {
    RunContext& context;
    const Resource& resource;
    StreamProgress& progress;
    BatchBuilder batches;
    PageTracker tracker;

    /// Hands a finished item to the writer and saves the stream's position once its page is covered.
    net::Task<void> hand_over(const ItemJob& job, Enriched& enriched, bool reused) {
        for (FileEntry& file : enriched.files)
            batches.add(FileUpdate{std::move(file), FileState::wanted, {}});
        if (reused) ++progress.reused;
        const bool full = batches.add(memory_record(entry_path(resource.name, std::to_string(job.id)),
                                                    std::move(enriched.body), job.stamp));
        tracker.item_done(job.page);
        if (auto position = tracker.covered()) batches.mark(position_mark(resource, *position));
        if (full) co_await batches.flush();
    }
};

net::Task<void> enrichment_worker(EnrichedStream& stream, JobChannel& jobs) {
    for (;;) {
        auto [ec, job] = co_await jobs.async_receive(net::use_tuple);
        if (ec) co_return;  // end marker
        // Not a ?: with a co_await in each branch: GCC 12 destroys its result twice.
        Enriched enriched;
        if (stream.resource.enrichment == Enrichment::ticket_comments)
            enriched = co_await ticket_with_comments(stream.context, job, stream.progress.transfer);
        else
            enriched = co_await article_with_details(stream.context, job, stream.progress.transfer);
        co_await stream.hand_over(job, enriched, false);
    }
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
using PageHandler = std::function<net::Task<void>(const std::vector<PageItem>& items,
                                                  const json::array& objects, const std::string& checkpoint)>;

/// Pages through the listing from the stream's saved position, handing each page to `on_page`.
/// Returns the skip reason of an absent optional resource ("" otherwise).
net::Task<std::string> walk(RunContext& context, const Resource& resource, StreamProgress& progress,
                            const PageHandler& on_page) {
    const std::string saved = context.saved_state(resource.name).position;
    PageSequence pages(std::string(resource.path), std::string(resource.first_query), resource.pagination,
                       saved);
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

net::Task<void> run_enriched_stream(RunContext& context, const Resource& resource, StreamProgress& progress) {
    const int workers = context.config.concurrency;
    JobChannel jobs(context.executor, kQueuedItemsPerWorker * static_cast<std::size_t>(workers));
    EnrichedStream stream{context, resource, progress,
                          BatchBuilder(context, std::string(resource.name), progress.records), PageTracker{}};
    std::string skipped;
    const std::string_view member = detail_member(resource);
    auto on_item = [&](ItemJob& job) -> net::Task<void> {
        const std::string path = entry_path(resource.name, std::to_string(job.id));
        if (auto details = unchanged_details(context, path, job.stamp, member)) {
            Enriched enriched;
            enriched.body = member == "translations" && details->empty()
                                ? job.raw
                                : with_member(job.raw, member, *details);
            co_await stream.hand_over(job, enriched, true);
            co_return;
        }
        co_await jobs.async_send(error_code{}, std::move(job), asio::use_awaitable);
    };
    auto on_page = [&](const std::vector<PageItem>& items, const json::array& objects,
                       const std::string& checkpoint) -> net::Task<void> {
        // The page is registered before its items go out, so no item can finish before it is known.
        const std::uint64_t page = stream.tracker.open_page(items.size(), checkpoint);
        for (std::size_t i = 0; i < items.size(); ++i) {
            ItemJob job{require_id(items[i], resource.name), std::string(items[i].raw), stamp_of(objects[i]),
                        page};
            co_await on_item(job);
        }
        if (auto position = stream.tracker.covered())  // an empty page, or every item reused
            stream.batches.mark(position_mark(resource, *position));
    };
    auto produce = [&]() -> net::Task<void> {
        skipped = co_await walk(context, resource, progress, on_page);
        // One end marker per worker: closing the channel would drop the jobs still queued.
        for (int i = 0; i < workers; ++i) {
            ItemJob end_marker;
            co_await jobs.async_send(asio::error::eof, std::move(end_marker), asio::use_awaitable);
        }
    };
    std::vector<net::Task<void>> tasks;
    tasks.push_back(produce());
    for (int i = 0; i < workers; ++i) tasks.push_back(enrichment_worker(stream, jobs));
    co_await run_all(context, std::move(tasks));
    stream.batches.mark(completion(context, resource, skipped));
    co_await stream.batches.flush();
}

net::Task<void> run_plain_stream(RunContext& context, const Resource& resource, StreamProgress& progress) {
    BatchBuilder batches(context, std::string(resource.name), progress.records);
    // Time-based exports repeat the items at each page boundary; the first copy is kept.
    std::unordered_set<std::string> seen;
    const bool dedupe = resource.pagination == Pagination::time_export;
    auto on_page = [&](const std::vector<PageItem>& items, const json::array& objects,
                       const std::string& checkpoint) -> net::Task<void> {
        for (std::size_t i = 0; i < items.size(); ++i) {
            std::string key = item_key(resource, items[i], objects[i]);
            if (dedupe && !seen.insert(key).second) continue;
            if (batches.add(memory_record(entry_path(resource.name, key), std::string(items[i].raw),
                                          stamp_of(objects[i]))))
                co_await batches.flush();
        }
        // After the page's records, so the position never runs ahead of them.
        if (!checkpoint.empty()) batches.mark(position_mark(resource, checkpoint));
    };
    const std::string skipped = co_await walk(context, resource, progress, on_page);
    batches.mark(completion(context, resource, skipped));
    co_await batches.flush();
}

}  // namespace

net::Task<void> run_stream(RunContext& context, const Resource& resource, StreamProgress& progress) {
    auto log = kind_logger(resource.kind);
    // Even a stream an interrupted attempt of this run finished runs again: an export continues from
    // its saved position (one request when nothing changed) and a list is listed again, so a run
    // resumed hours later still brings the snapshot up to date.
    log->info("{}: started{}", resource.name,
              context.saved_state(resource.name).position.empty() ? "" : " from the saved position");
    if (resource.enrichment == Enrichment::none)
        co_await run_plain_stream(context, resource, progress);
    else
        co_await run_enriched_stream(context, resource, progress);
    progress.done = true;
    log->info("{}: finished: {} records, {} requests, {} retries, {} rate-limited", resource.name,
              progress.records, progress.transfer.requests, progress.transfer.retries,
              progress.transfer.rate_limited);
}

}  // namespace zdbackup
