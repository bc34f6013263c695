#pragma once
// Where each changed ticket's comments come from. Two sources, each on its own rate budget: the
// ticket events export (about 1,000 comments a request, on the 10/min export budget) and one request
// per ticket (on the account budget, 200-700/min). Used together, the run ends when the slower of
// the two does; the planner splits the tickets so both end together. Pure: no I/O, no clock.

#include <zdbackup/cache/cache_store.hpp>

#include <cstdint>
#include <optional>
#include <span>

namespace zdbackup {

/// What the split is weighed with.
struct CommentBudget {
    double account_rpm = 200;        ///< per-ticket requests per minute
    double export_rpm = 10;          ///< events export requests per minute
    double events_per_ticket = 1;    ///< audit events a ticket has over its life (≥ its comments)
    double requests_per_ticket = 1;  ///< comment pages a ticket needs when fetched alone (≥ 1)
    double export_backlog = 0;       ///< export requests still due before events can start
    /// Account requests due whatever the split (each attachment's content_url is one), which the
    /// per-ticket requests share the account budget with.
    double account_backlog = 0;
};

/// The split: pending[0, cut) per ticket, pending[cut, end) from the events export, which starts at
/// `events_from` (Unix seconds, ≤ the latest allowed start).
struct CommentSplit {
    std::size_t cut = 0;
    std::int64_t events_from = 0;
};

/// Splits `pending` (sorted by creation time) so that the per-ticket requests and the events export
/// pages take the same time at their budgets. A ticket created at or after the events' start has all
/// its events in the export; an older ticket's events after the start are paid for too (assumed
/// spread evenly between its creation and its last update). `latest_start` is the newest start the
/// export accepts (Zendesk refuses the last minute).
CommentSplit split_comment_work(std::span<const PendingTicket> pending, const CommentBudget& budget,
                                std::int64_t latest_start);

/// Estimated minutes each budget needs for a split (for logs and tests).
struct SplitCost {
    double account_minutes = 0;
    double export_minutes = 0;
};
SplitCost split_cost(std::span<const PendingTicket> pending, const CommentBudget& budget, std::size_t cut,
                     std::int64_t events_from);

}  // namespace zdbackup
