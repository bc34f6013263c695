#include <zdbackup/core/errc.hpp>
#include <zdbackup/core/json_raw.hpp>
#include <zdbackup/zendesk/failure_messages.hpp>
#include <zdbackup/zendesk/page_sequence.hpp>
#include <zdbackup/zendesk/stream_runner.hpp>

#include <boost/asio/experimental/channel.hpp>
#include <boost/asio/this_coro.hpp>

#include <spdlog/spdlog.h>

#include <unordered_set>

namespace zdbackup {

namespace asio = boost::asio;
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

std::string entry_path(std::string_view folder, std::int64_t id) {
    return std::string(folder) + "/" + std::to_string(id) + ".json";
}

std::int64_t require_id(const PageItem& item, std::string_view kind) {
    if (!item.id)
        throw RunError(
            ExitCode::api,
            "a " + std::string(kind) + " record without a numeric id arrived; the API answer is not usable");
    return *item.id;
}

// ---- tickets: every ticket of the export, each with all its comments -------------------------------

struct TicketJob {
    std::int64_t id = 0;
    std::string raw;
};
using JobChannel = asio::experimental::channel<void(error_code, TicketJob)>;

constexpr std::size_t kQueuedTicketsPerWorker = 64;

/// All comments of one ticket as raw JSON, oldest first (the API's default order).
net::Task<std::string> ticket_with_comments(RunContext& context, TicketJob job, net::TransferStats& stats) {
    PageSequence pages("/api/v2/tickets/" + std::to_string(job.id) + "/comments.json",
                       query_param("page[size]", "100") + "&include_inline_images=true",
                       Pagination::cursor_list);
    std::vector<std::unique_ptr<std::string>> bodies;  // the raw comment slices point into these
    std::vector<std::string_view> comments;
    auto keep = [&](net::FetchedPage& fetched) -> net::Task<void> {
        for (const PageItem& item : fetched.page.items) comments.push_back(item.raw);
        bodies.push_back(std::move(fetched.body));
        co_return;
    };
    auto failure = co_await page_through(context, pages, "comments", Pagination::cursor_list, Bucket::account,
                                         stats, keep);
    if (failure) {
        // A ticket deleted after the export listed it has no comments to fetch any more; keep it.
        if (failure->ec != errc::not_found) throw explain_failure(*failure);
        context.warn("tickets", "ticket " + std::to_string(job.id) +
                                    ": comments answered 404 (deleted?), kept without comments");
        comments.clear();
    }
    co_return append_array_member(job.raw, "comments", comments);
}

net::Task<void> comment_worker(RunContext& context, JobChannel& jobs, BatchBuilder& batches,
                               net::TransferStats& stats) {
    for (;;) {
        auto [ec, job] = co_await jobs.async_receive(net::use_tuple);
        if (ec) co_return;  // end marker
        const std::int64_t id = job.id;
        std::string body = co_await ticket_with_comments(context, std::move(job), stats);
        if (batches.add(Record{entry_path("tickets", id), std::move(body)})) co_await batches.flush();
    }
}

net::Task<void> ticket_producer(RunContext& context, const Resource& resource, JobChannel& jobs,
                                StreamProgress& progress, int workers) {
    PageSequence pages(std::string(resource.path), std::string(resource.first_query), resource.pagination);
    auto enqueue = [&](net::FetchedPage& fetched) -> net::Task<void> {
        for (const PageItem& item : fetched.page.items) {
            const std::int64_t id = require_id(item, resource.kind);
            TicketJob job{id, std::string(item.raw)};
            co_await jobs.async_send(error_code{}, std::move(job), asio::use_awaitable);
        }
    };
    auto failure = co_await page_through(context, pages, resource.items_key, resource.pagination,
                                         resource.bucket, progress.transfer, enqueue);
    if (failure) throw explain_failure(*failure);
    // One end marker per worker: closing the channel would drop the jobs still queued.
    for (int i = 0; i < workers; ++i) {
        TicketJob end_marker;
        co_await jobs.async_send(asio::error::eof, std::move(end_marker), asio::use_awaitable);
    }
}

net::Task<void> run_ticket_stream(RunContext& context, const Resource& resource, StreamProgress& progress) {
    const int workers = context.config.concurrency;
    JobChannel jobs(co_await asio::this_coro::executor, kQueuedTicketsPerWorker * workers);
    BatchBuilder batches(context, std::string(resource.name), progress.records);
    std::vector<net::Task<void>> tasks;
    tasks.push_back(ticket_producer(context, resource, jobs, progress, workers));
    for (int i = 0; i < workers; ++i)
        tasks.push_back(comment_worker(context, jobs, batches, progress.transfer));
    co_await run_all(context, std::move(tasks));
    co_await batches.flush();
}

// ---- plain streams: each item is one record ---------------------------------------------------------

net::Task<void> run_plain_stream(RunContext& context, const Resource& resource, StreamProgress& progress) {
    BatchBuilder batches(context, std::string(resource.name), progress.records);
    PageSequence pages(std::string(resource.path), std::string(resource.first_query), resource.pagination);
    // Time-based exports repeat the items at each page boundary; the first copy is kept.
    std::unordered_set<std::int64_t> seen;
    auto store = [&](net::FetchedPage& fetched) -> net::Task<void> {
        for (const PageItem& item : fetched.page.items) {
            const std::int64_t id = require_id(item, resource.kind);
            if (!seen.insert(id).second) continue;
            if (batches.add(Record{entry_path(resource.name, id), std::string(item.raw)}))
                co_await batches.flush();
        }
    };
    auto failure = co_await page_through(context, pages, resource.items_key, resource.pagination,
                                         resource.bucket, progress.transfer, store);
    if (failure) throw explain_failure(*failure);
    co_await batches.flush();
}

}  // namespace

net::Task<void> run_stream(RunContext& context, const Resource& resource, StreamProgress& progress) {
    if (auto logger = spdlog::get(std::string(resource.kind))) logger->info("started");
    if (resource.enrichment == Enrichment::ticket_comments)
        co_await run_ticket_stream(context, resource, progress);
    else
        co_await run_plain_stream(context, resource, progress);
    progress.done = true;
    if (auto logger = spdlog::get(std::string(resource.kind)))
        logger->info("finished: {} records, {} requests, {} retries, {} rate-limited", progress.records,
                     progress.transfer.requests, progress.transfer.retries, progress.transfer.rate_limited);
}

}  // namespace zdbackup
