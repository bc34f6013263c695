#include <zdbackup/core/errc.hpp>
#include <zdbackup/core/json_raw.hpp>
#include <zdbackup/core/safe_name.hpp>
#include <zdbackup/zendesk/attachment_queue.hpp>
#include <zdbackup/zendesk/failure_messages.hpp>
#include <zdbackup/zendesk/page_sequence.hpp>
#include <zdbackup/zendesk/stream_runner.hpp>

#include <boost/asio/experimental/channel.hpp>
#include <boost/json/value.hpp>

#include <spdlog/spdlog.h>

#include <unordered_set>

namespace zdbackup {

namespace asio = boost::asio;
namespace json = boost::json;
using boost::system::error_code;

namespace {

using PageHandler = std::function<net::Task<void>(net::FetchedPage&)>;

/// Fetches every page of one listing in order, calling `on_page` for each.
/// Returns the failure when a page cannot be fetched (the caller decides what it means).
net::Task<std::optional<net::FetchFailure>> page_through(RunContext& context, PageSequence& pages,
                                                         std::string_view items_key, Pagination style,
                                                         Bucket bucket, net::TransferStats& stats,
                                                         const PageHandler& on_page) {
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

/// The entry name of an item: its numeric id, or a string id (trigger categories) or another field
/// (tags' name) made file-name safe.
std::string item_key(const Resource& resource, const PageItem& item, const json::value& object) {
    if (resource.key_field == "id" && item.id) return std::to_string(*item.id);
    const json::value* field =
        object.is_object() ? object.as_object().if_contains(resource.key_field) : nullptr;
    if (!field || !field->is_string())
        throw RunError(ExitCode::api, std::string(resource.name) + " item without \"" +
                                          std::string(resource.key_field) +
                                          "\"; the API answer is not usable");
    return safe_file_name(field->as_string());
}

net::Task<void> queue_attachments(RunContext& context, const json::array& attachments,
                                  std::string_view folder, const std::string& owner) {
    if (!context.attachments) co_return;
    for (AttachmentJob& job : attachment_jobs(attachments, folder, owner))
        co_await context.attachments->push(std::move(job));
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

// ---- enrichments: per item, after its page arrived --------------------------------------------------

struct ItemJob {
    std::int64_t id = 0;
    std::string raw;
};

/// A ticket with "comments": every comment, oldest first (the API's default order).
net::Task<std::string> ticket_with_comments(RunContext& context, const ItemJob& job,
                                            net::TransferStats& stats) {
    const std::string owner = "ticket " + std::to_string(job.id);
    const std::string path = "/api/v2/tickets/" + std::to_string(job.id) + "/comments.json";
    const std::string query = query_param("page[size]", "100") + "&include_inline_images=true";
    auto listed = co_await list_all(context, path, query, "comments", Bucket::account, stats);
    if (listed.failure) {
        // A deleted ticket (or one deleted after the export listed it) has no comments to fetch.
        if (listed.failure->ec != errc::not_found) throw explain_failure(*listed.failure);
        kind_logger("tickets")->info("{}: comments answered 404 (deleted ticket), kept without comments",
                                     owner);
        co_return append_array_member(job.raw, "comments", {});
    }
    for (const auto& page : listed.pages)
        for (const json::value& comment : page_objects(page, "comments"))
            if (const json::value* attachments = comment.as_object().if_contains("attachments");
                attachments && attachments->is_array())
                co_await queue_attachments(context, attachments->as_array(), "tickets/attachments", owner);
    co_return append_array_member(job.raw, "comments", listed.raw);
}

/// An article with "translations" (every locale, drafts included) when it has any; its attachments queued.
net::Task<std::string> article_with_details(RunContext& context, const ItemJob& job,
                                            net::TransferStats& stats) {
    const std::string base = "/api/v2/help_center/articles/" + std::to_string(job.id);
    const std::string owner = "article " + std::to_string(job.id);
    const std::string query = query_param("page[size]", "100");
    const std::string translations_path = base + "/translations.json";
    auto translations =
        co_await list_all(context, translations_path, query, "translations", Bucket::help_center, stats);
    if (translations.failure) throw explain_failure(*translations.failure);
    if (context.attachments) {
        const std::string attachments_path = base + "/attachments.json";
        auto attachments = co_await list_all(context, attachments_path, query, "article_attachments",
                                             Bucket::help_center, stats);
        if (attachments.failure) throw explain_failure(*attachments.failure);
        for (const auto& page : attachments.pages)
            co_await queue_attachments(context, page_objects(page, "article_attachments"),
                                       "guide_articles/attachments", owner);
    }
    if (translations.raw.empty()) co_return job.raw;
    co_return append_array_member(job.raw, "translations", translations.raw);
}

using JobChannel = asio::experimental::channel<void(error_code, ItemJob)>;
constexpr std::size_t kQueuedItemsPerWorker = 64;

net::Task<void> enrichment_worker(RunContext& context, const Resource& resource, JobChannel& jobs,
                                  BatchBuilder& batches, net::TransferStats& stats) {
    for (;;) {
        auto [ec, job] = co_await jobs.async_receive(net::use_tuple);
        if (ec) co_return;  // end marker
        // Not a ?: with a co_await in each branch: GCC 12 destroys its result twice.
        std::string body;
        if (resource.enrichment == Enrichment::ticket_comments)
            body = co_await ticket_with_comments(context, job, stats);
        else
            body = co_await article_with_details(context, job, stats);
        if (batches.add(memory_record(entry_path(resource.name, std::to_string(job.id)), std::move(body))))
            co_await batches.flush();
    }
}

/// An optional resource the account lacks (403/404 on its first page) is skipped; anything else throws.
void accept_failure(RunContext& context, const Resource& resource, const PageSequence& pages,
                    const net::FetchFailure& failure) {
    const bool absent = failure.ec == errc::forbidden || failure.ec == errc::not_found;
    if (!resource.optional || !absent || pages.pages_seen() > 0) throw explain_failure(failure);
    const std::string reason =
        "HTTP " + std::to_string(failure.http_status) +
        (failure.ec == errc::forbidden ? ": not available to this account's plan or role"
                                       : ": not found on this account");
    context.report.skipped.push_back({std::string(resource.name), reason});
    context.warn(std::string(resource.kind), std::string(resource.name) + " skipped (" + reason + ")");
}

/// Pages through the listing; each item goes to `on_item` (records or enrichment jobs).
net::Task<void> walk(RunContext& context, const Resource& resource, StreamProgress& progress,
                     const std::function<net::Task<void>(const PageItem&, const json::value&)>& on_item) {
    PageSequence pages(std::string(resource.path), std::string(resource.first_query), resource.pagination);
    auto each = [&](net::FetchedPage& fetched) -> net::Task<void> {
        const json::array& objects = page_objects(fetched, resource.items_key);
        for (std::size_t i = 0; i < fetched.page.items.size(); ++i)
            co_await on_item(fetched.page.items[i], objects[i]);
    };
    auto failure = co_await page_through(context, pages, resource.items_key, resource.pagination,
                                         resource.bucket, progress.transfer, each);
    if (failure) accept_failure(context, resource, pages, *failure);
}

net::Task<void> run_enriched_stream(RunContext& context, const Resource& resource, StreamProgress& progress) {
    const int workers = context.config.concurrency;
    JobChannel jobs(context.executor, kQueuedItemsPerWorker * static_cast<std::size_t>(workers));
    BatchBuilder batches(context, std::string(resource.name), progress.records);
    auto produce = [&]() -> net::Task<void> {
        co_await walk(context, resource, progress,
                      [&](const PageItem& item, const json::value&) -> net::Task<void> {
                          ItemJob job{require_id(item, resource.name), std::string(item.raw)};
                          co_await jobs.async_send(error_code{}, std::move(job), asio::use_awaitable);
                      });
        // One end marker per worker: closing the channel would drop the jobs still queued.
        for (int i = 0; i < workers; ++i) {
            ItemJob end_marker;
            co_await jobs.async_send(asio::error::eof, std::move(end_marker), asio::use_awaitable);
        }
    };
    std::vector<net::Task<void>> tasks;
    tasks.push_back(produce());
    for (int i = 0; i < workers; ++i)
        tasks.push_back(enrichment_worker(context, resource, jobs, batches, progress.transfer));
    co_await run_all(context, std::move(tasks));
    co_await batches.flush();
}

net::Task<void> run_plain_stream(RunContext& context, const Resource& resource, StreamProgress& progress) {
    BatchBuilder batches(context, std::string(resource.name), progress.records);
    // Time-based exports repeat the items at each page boundary; the first copy is kept.
    std::unordered_set<std::string> seen;
    const bool dedupe = resource.pagination == Pagination::time_export;
    co_await walk(context, resource, progress,
                  [&](const PageItem& item, const json::value& object) -> net::Task<void> {
                      std::string key = item_key(resource, item, object);
                      if (dedupe && !seen.insert(key).second) co_return;
                      if (batches.add(memory_record(entry_path(resource.name, key), std::string(item.raw))))
                          co_await batches.flush();
                  });
    co_await batches.flush();
}

}  // namespace

net::Task<void> run_stream(RunContext& context, const Resource& resource, StreamProgress& progress) {
    auto log = kind_logger(resource.kind);
    log->info("{}: started", resource.name);
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
