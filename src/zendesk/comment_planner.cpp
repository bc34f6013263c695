#include <zdbackup/zendesk/comment_planner.hpp>

#include <algorithm>
#include <cmath>

namespace zdbackup {

namespace {

constexpr double kEventsPerPage = 1000;

std::int64_t start_for(std::span<const PendingTicket> pending, std::size_t cut, std::int64_t latest_start) {
    if (cut >= pending.size()) return latest_start;
    return std::min(pending[cut].facts.created, latest_start);
}

/// The share of a ticket's events at or after `from`.
double share_after(const TicketFacts& ticket, std::int64_t from) {
    if (ticket.created >= from) return 1;
    if (ticket.updated <= from) return 0;
    return static_cast<double>(ticket.updated - from) / static_cast<double>(ticket.updated - ticket.created);
}

}  // namespace

SplitCost split_cost(std::span<const PendingTicket> pending, const CommentBudget& budget, std::size_t cut,
                     std::int64_t events_from) {
    double events = 0;
    for (const PendingTicket& ticket : pending) events += share_after(ticket.facts, events_from);
    events *= budget.events_per_ticket;
    SplitCost cost;
    cost.account_minutes =
        (static_cast<double>(cut) * std::max(1.0, budget.requests_per_ticket) + budget.account_backlog) /
        std::max(1.0, budget.account_rpm);
    // The export is read to its end even when it brings nothing: at least one request.
    const double pages = std::max(1.0, std::ceil(events / kEventsPerPage));
    cost.export_minutes = (budget.export_backlog + pages) / std::max(0.1, budget.export_rpm);
    return cost;
}

CommentSplit split_comment_work(std::span<const PendingTicket> pending, const CommentBudget& budget,
                                std::int64_t latest_start) {
    // More tickets per ticket (a larger cut) costs the account budget more and the export less, so
    // the balance point is found by bisection: the smallest cut whose account time reaches the export's.
    std::size_t low = 0, high = pending.size();
    while (low < high) {
        const std::size_t mid = low + (high - low) / 2;
        const SplitCost cost = split_cost(pending, budget, mid, start_for(pending, mid, latest_start));
        if (cost.account_minutes >= cost.export_minutes)
            high = mid;
        else
            low = mid + 1;
    }
    // The balance lies between low - 1 and low: take whichever finishes sooner.
    std::size_t best = low;
    if (low > 0) {
        const auto worst = [&](std::size_t cut) {
            const SplitCost c = split_cost(pending, budget, cut, start_for(pending, cut, latest_start));
            return std::max(c.account_minutes, c.export_minutes);
        };
        if (worst(low - 1) <= worst(low)) best = low - 1;
    }
    // Tickets created after the latest start still come from events (the export starts before them).
    return CommentSplit{best, start_for(pending, best, latest_start)};
}

}  // namespace zdbackup
