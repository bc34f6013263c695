#include <zdbackup/core/errc.hpp>
#include <zdbackup/core/iso_time.hpp>
#include <zdbackup/core/run_error.hpp>
#include <zdbackup/zendesk/comment_events.hpp>
#include <zdbackup/zendesk/comment_planner.hpp>
#include <zdbackup/zendesk/failure_messages.hpp>
#include <zdbackup/zendesk/ticket_stream.hpp>

#include "stream_support.hpp"

#include <boost/json/value.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <unordered_set>

namespace zdbackup {

namespace json = boost::json;

namespace {

using namespace streams;

constexpr std::string_view kEventsStream = "tickets/comment_events";
constexpr std::string_view kEventsPath = "/api/v2/incremental/ticket_events.json";
constexpr std::string_view kEventsQuery = "&include=comment_events";
/// Tickets fetched one by one before the split is planned, to learn how many comments a ticket has.
constexpr std::size_t kSampleTickets = 50;
/// Zendesk refuses a start_time within the last minute; keep a margin for clock skew.
constexpr std::int64_t kNewestStartAge = 120;

std::int64_t now_seconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

bool is_deleted(const json::value& object) {
    const json::value* status = object.is_object() ? object.as_object().if_contains("status") : nullptr;
    return status && status->is_string() && status->as_string() == "deleted";
}

std::int64_t time_field(const json::value& object, std::string_view key) {
    const json::value* value = object.is_object() ? object.as_object().if_contains(key) : nullptr;
    if (!value || !value->is_string()) return 0;
    return parse_iso8601(value->as_string()).value_or(0);
}

struct TicketStream {
    RunContext& context;
    const Resource& resource;
    StreamProgress& progress;
    BatchBuilder batches;
    /// Listed in this attempt with comments due (earlier attempts' ones are in the cache).
    std::map<std::int64_t, PendingTicket> listed;
    /// Deleted tickets: their comments are not taken from the events export (see take_events).
    std::unordered_set<std::int64_t> deleted;
    // What the per-ticket fetches taught, for the planner.
    std::uint64_t fetched_tickets = 0, fetched_comments = 0, fetched_pages = 0, fetched_files = 0;

    bool full_run() const { return context.run.full; }

    /// The cached comments of a ticket are still complete for this version of it.
    bool settled(const TicketFacts& ticket, std::optional<CachedStamp>& cached) const {
        cached = context.cache.comments_settled(ticket.id);
        if (!cached || cached->stamp != ticket.stamp || ticket.stamp.empty()) return false;
        return !full_run() || cached->run == context.run.id;  // a full run trusts only itself
    }

    // ---- 1. the ticket export --------------------------------------------------------------------

    net::Task<void> take_page(const std::vector<PageItem>& items, const json::array& objects,
                              const std::string& checkpoint) {
        for (std::size_t i = 0; i < items.size(); ++i) {
            const std::int64_t id = require_id(items[i], resource.name);
            TicketFacts facts{id, time_field(objects[i], "created_at"), time_field(objects[i], "updated_at"),
                              stamp_of(objects[i]), is_deleted(objects[i])};
            if (facts.deleted) deleted.insert(id);
            std::optional<CachedStamp> cached;
            if (settled(facts, cached)) {
                ++progress.reused;
            } else {
                // A full run refetches every comment, whatever an earlier run cached.
                listed[id] = PendingTicket{facts, cached.has_value() && !full_run()};
            }
            batches.add(TicketFacts(facts));
            const bool full = batches.add(memory_record(entry_path(resource.name, std::to_string(id)),
                                                        std::string(items[i].raw), std::move(facts.stamp)));
            if (full) co_await batches.flush();
        }
        // After the page's tickets, so the position never runs ahead of them.
        if (!checkpoint.empty()) batches.mark(position_mark(resource.name, checkpoint));
    }

    /// Every ticket whose comments are due: this attempt's and those an interrupted one left.
    std::vector<PendingTicket> pending() {
        std::map<std::int64_t, PendingTicket> all;
        for (PendingTicket& ticket : context.cache.tickets_without_comments(context.run)) {
            ticket.has_comments = ticket.has_comments && !full_run();
            all.emplace(ticket.facts.id, std::move(ticket));
        }
        for (auto& [id, ticket] : listed) all[id] = std::move(ticket);  // newer than what is committed
        listed.clear();
        std::vector<PendingTicket> out;
        out.reserve(all.size());
        for (auto& [id, ticket] : all) out.push_back(std::move(ticket));
        std::sort(out.begin(), out.end(), [](const PendingTicket& a, const PendingTicket& b) {
            return std::tie(a.facts.created, a.facts.id) < std::tie(b.facts.created, b.facts.id);
        });
        return out;
    }

    // ---- 2. comments, one ticket at a time ---------------------------------------------------------

    net::Task<void> fetch_comments(const PendingTicket& ticket) {
        const std::int64_t id = ticket.facts.id;
        const std::string owner = "ticket " + std::to_string(id);
        const std::string path = "/api/v2/tickets/" + std::to_string(id) + "/comments.json";
        const std::string query = query_param("page[size]", "100") + "&include_inline_images=true";
        auto listed_comments =
            co_await list_all(context, path, query, "comments", Bucket::account, progress.transfer);
        CommentsSettled settled{id, ticket.facts.stamp, std::nullopt};
        if (listed_comments.failure) {
            // A deleted ticket (or one deleted after the export listed it) has no comments to fetch:
            // it keeps the ones cached before, if any.
            if (listed_comments.failure->ec != errc::not_found)
                throw explain_failure(*listed_comments.failure);
            kind_logger("tickets")->info(
                "{}: comments answered 404 (deleted ticket), kept its cached comments", owner);
            if (batches.add(std::move(settled))) co_await batches.flush();
            co_return;
        }
        std::vector<FileEntry> files;
        for (const auto& page : listed_comments.pages)
            for (const json::value& comment : page_objects(page, "comments"))
                if (const json::value* attachments = comment.as_object().if_contains("attachments");
                    attachments && attachments->is_array())
                    co_await collect_attachments(context, attachments->as_array(), "tickets/attachments",
                                                 owner, files);
        std::vector<CommentRow> rows;
        for (std::string_view raw : listed_comments.raw) {
            auto row = comment_row(id, raw);
            if (!row)
                throw RunError(ExitCode::api,
                               "a comment of " + owner +
                                   " has no integer id or created_at; the API answer is not usable");
            rows.push_back(std::move(*row));
        }
        std::string newest;
        for (const CommentRow& row : rows) newest = std::max(newest, row.created_at);
        settled.drop_through = newest;
        ++fetched_tickets;
        fetched_comments += rows.size();
        fetched_pages += listed_comments.pages.size();
        fetched_files += files.size();
        batches.add(std::move(settled));
        for (FileEntry& file : files) batches.add(FileUpdate{std::move(file), FileState::wanted, {}});
        bool full = false;
        for (CommentRow& row : rows) full = batches.add(std::move(row)) || full;
        if (full) co_await batches.flush();
    }

    /// `concurrency` workers take tickets[next, end) in order.
    net::Task<void> fetch_each(const std::vector<PendingTicket>& tickets, std::size_t& next,
                               std::size_t end) {
        while (next < end) {
            const PendingTicket& ticket = tickets[next++];
            co_await fetch_comments(ticket);
        }
    }

    net::Task<void> fetch_all(const std::vector<PendingTicket>& tickets, std::size_t& next, std::size_t end) {
        std::vector<net::Task<void>> workers;
        const auto count =
            std::min<std::size_t>(static_cast<std::size_t>(context.config.concurrency), end - next);
        for (std::size_t i = 0; i < count; ++i) workers.push_back(fetch_each(tickets, next, end));
        co_await run_all(context, std::move(workers));
    }

    // ---- 3. comments from the ticket events export --------------------------------------------------

    net::Task<void> take_events(const std::vector<PageItem>& items, const json::array& objects,
                                const std::string& checkpoint) {
        for (std::size_t i = 0; i < items.size(); ++i) {
            auto comments = comments_of_audit(items[i].raw);
            if (!comments)
                throw RunError(ExitCode::api,
                               "a ticket event without a usable ticket_id or comment arrived from the ticket "
                               "events export; the API answer is not usable");
            // The comments endpoint answers 404 for a deleted ticket, so per ticket it keeps only what
            // was cached before; the events export still lists its history. Taking it from there
            // would make the snapshot depend on which source served the ticket.
            if (comments->empty() || deleted.contains(comments->front().ticket)) continue;
            const json::value* children = objects[i].as_object().if_contains("child_events");
            std::vector<FileEntry> files;
            const std::string owner = "ticket " + std::to_string(comments->front().ticket);
            for (const json::value& child : children->as_array())
                if (const json::value* attachments = child.as_object().if_contains("attachments");
                    attachments && attachments->is_array())
                    co_await collect_attachments(context, attachments->as_array(), "tickets/attachments",
                                                 owner, files);
            for (FileEntry& file : files) batches.add(FileUpdate{std::move(file), FileState::wanted, {}});
            bool full = false;
            for (CommentRow& row : *comments) full = batches.add(std::move(row)) || full;
            if (full) co_await batches.flush();
        }
        if (!checkpoint.empty()) batches.mark(position_mark(kEventsStream, checkpoint));
    }

    net::Task<void> read_events(std::int64_t from) {
        const std::string first_query =
            "start_time=" + std::to_string(from) + "&per_page=1000" + std::string(kEventsQuery);
        const Resource events{resource.kind,
                              kEventsStream,
                              kEventsPath,
                              "ticket_events",
                              Pagination::time_export,
                              Bucket::incremental_export,
                              first_query,
                              Enrichment::none,
                              false,
                              "id",
                              kEventsQuery};
        auto on_page = [this](const std::vector<PageItem>& items, const json::array& objects,
                              const std::string& checkpoint) -> net::Task<void> {
            co_await take_events(items, objects, checkpoint);
        };
        co_await walk(context, events, progress, on_page);
        StreamMark done = position_mark(kEventsStream, {});
        done.complete = true;
        batches.mark(std::move(done));
    }

    // ---- planning ------------------------------------------------------------------------------------

    /// `tickets`: how many tickets' comments are still due (their attachments cost account requests).
    CommentBudget budget(std::size_t tickets) const {
        CommentBudget b;
        b.account_rpm = context.client.rate_per_minute(Bucket::account);
        b.export_rpm = context.client.rate_per_minute(Bucket::incremental_export);
        // Comments per ticket, as the sample showed: a low estimate of its events (every comment is
        // an event; other updates are too), which errs towards keeping the export busy to the end.
        if (fetched_tickets > 0) {
            b.events_per_ticket =
                static_cast<double>(fetched_comments) / static_cast<double>(fetched_tickets);
            b.requests_per_ticket = static_cast<double>(fetched_pages) / static_cast<double>(fetched_tickets);
            if (context.attachments)
                b.account_backlog = static_cast<double>(tickets) * static_cast<double>(fetched_files) /
                                    static_cast<double>(fetched_tickets);
        }
        return b;
    }

    /// Settles the tickets the events export will serve, committed with the position it starts from,
    /// so that an interrupted run resumes the export instead of forgetting them.
    net::Task<void> hand_to_events(const std::vector<PendingTicket>& tickets, std::int64_t from) {
        for (const PendingTicket& ticket : tickets) {
            CommentsSettled settled{ticket.facts.id, ticket.facts.stamp, std::nullopt};
            // A full run forgets what it cached before only when the export will bring the ticket's
            // whole history again; a ticket older than where the export resumes (a resumed run, a
            // ticket updated since the interruption) keeps the comments already read.
            if (full_run() && ticket.facts.created >= from) settled.drop_through = std::string(kAllComments);
            if (batches.add(std::move(settled))) co_await batches.flush();
        }
        if (context.saved_state(kEventsStream).position.empty())
            batches.mark(position_mark(kEventsStream, std::to_string(from)));
        co_await batches.flush();
    }
};

std::int64_t saved_start(const std::string& position) {
    try {
        return position.empty() ? -1 : std::stoll(position);
    } catch (const std::exception&) {
        return -1;
    }
}

}  // namespace

net::Task<void> run_ticket_stream(RunContext& context, const Resource& resource, StreamProgress& progress) {
    TicketStream stream{context,  resource,
                        progress, BatchBuilder(context, std::string(resource.name), progress.records),
                        {},       {}};
    auto log = kind_logger(resource.kind);
    auto on_page = [&stream](const std::vector<PageItem>& items, const json::array& objects,
                             const std::string& checkpoint) -> net::Task<void> {
        co_await stream.take_page(items, objects, checkpoint);
    };
    const std::string skipped = co_await walk(context, resource, progress, on_page);
    co_await stream.batches.flush();

    std::vector<PendingTicket> pending = stream.pending();
    for (const std::int64_t id : context.cache.deleted_tickets()) stream.deleted.insert(id);
    const CommentSource source = context.config.comments_from;
    const std::int64_t saved = saved_start(context.saved_state(kEventsStream).position);
    const std::int64_t latest_start = now_seconds() - kNewestStartAge;
    std::size_t next = 0;
    std::size_t cut = pending.size();
    std::optional<std::int64_t> events_from;
    std::vector<PendingTicket> by_events;

    if (source == CommentSource::events) {
        events_from = saved >= 0 ? saved : 0;
        cut = 0;
    } else if (source == CommentSource::automatic && saved >= 0) {
        // Later runs: the export continues where the last one stopped and brings every new comment
        // of a ticket already cached; only tickets older than that position and never cached (a new
        // cache of an old account, or a run with --comments-from tickets before) are fetched alone.
        events_from = saved;
        std::vector<PendingTicket> alone;
        for (PendingTicket& ticket : pending)
            if (ticket.facts.created >= saved || ticket.has_comments)
                by_events.push_back(std::move(ticket));
            else
                alone.push_back(std::move(ticket));
        pending = std::move(alone);
        cut = pending.size();
    } else if (source == CommentSource::automatic) {
        // A full run: learn from a sample how many comments a ticket has, then split.
        co_await stream.fetch_all(pending, next, std::min(kSampleTickets, pending.size()));
        const std::span<const PendingTicket> rest(pending.begin() + static_cast<std::ptrdiff_t>(next),
                                                  pending.end());
        const CommentBudget budget = stream.budget(rest.size());
        const CommentSplit split = split_comment_work(rest, budget, latest_start);
        cut = next + split.cut;
        events_from = split.events_from;
        const SplitCost cost = split_cost(rest, budget, split.cut, split.events_from);
        log->info(
            "tickets: {} tickets' comments one by one ({:.1f} min at {:.0f}/min), {} from the ticket "
            "events export from {} ({:.1f} min at {:.0f}/min; {:.1f} comments per ticket)",
            split.cut, cost.account_minutes, budget.account_rpm, rest.size() - split.cut, split.events_from,
            cost.export_minutes, budget.export_rpm, budget.events_per_ticket);
    }
    if (events_from) {
        by_events.insert(by_events.end(),
                         std::make_move_iterator(pending.begin() + static_cast<std::ptrdiff_t>(cut)),
                         std::make_move_iterator(pending.end()));
        co_await stream.hand_to_events(by_events, *events_from);
    }
    std::vector<net::Task<void>> sources;
    if (next < cut) sources.push_back(stream.fetch_all(pending, next, cut));
    if (events_from) sources.push_back(stream.read_events(*events_from));
    co_await run_all(context, std::move(sources));

    stream.batches.mark(completion(context, resource, skipped));
    co_await stream.batches.flush();
}

}  // namespace zdbackup
