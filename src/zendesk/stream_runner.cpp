#include <zdbackup/core/entry_key.hpp>
#include <zdbackup/core/errc.hpp>
#include <zdbackup/core/json_raw.hpp>
#include <zdbackup/core/safe_name.hpp>
#include <zdbackup/zendesk/attachment_queue.hpp>
#include <zdbackup/zendesk/failure_messages.hpp>
#include <zdbackup/zendesk/page_sequence.hpp>
#include <zdbackup/zendesk/page_tracker.hpp>
#include <zdbackup/zendesk/stream_runner.hpp>
#include <zdbackup/zendesk/ticket_stream.hpp>

#include "stream_support.hpp"

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

using namespace streams;

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

// ---- the cache: what has not changed is not fetched again ------------------------------------------

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

/// What an enriched resource (Guide articles) adds to its records.
std::string_view detail_member(const Resource&) {
    return "translations";
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
        if (auto position = tracker.covered()) batches.mark(position_mark(resource.name, *position));
        if (full) co_await batches.flush();
    }
};

net::Task<void> enrichment_worker(EnrichedStream& stream, JobChannel& jobs) {
    for (;;) {
        auto [ec, job] = co_await jobs.async_receive(net::use_tuple);
        if (ec) co_return;  // end marker
        Enriched enriched = co_await article_with_details(stream.context, job, stream.progress.transfer);
        co_await stream.hand_over(job, enriched, false);
    }
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
            stream.batches.mark(position_mark(resource.name, *position));
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
        if (!checkpoint.empty()) batches.mark(position_mark(resource.name, checkpoint));
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
    if (resource.enrichment == Enrichment::ticket_comments)
        co_await run_ticket_stream(context, resource, progress);
    else if (resource.enrichment == Enrichment::none)
        co_await run_plain_stream(context, resource, progress);
    else
        co_await run_enriched_stream(context, resource, progress);
    progress.done = true;
    log->info("{}: finished: {} records, {} requests, {} retries, {} rate-limited", resource.name,
              progress.records, progress.transfer.requests, progress.transfer.retries,
              progress.transfer.rate_limited);
}

}  // namespace zdbackup
