// The split between per-ticket comment requests and the ticket events export: both budgets should
// finish together, and the extremes behave.
#include <zdbackup/zendesk/comment_planner.hpp>

#include <gtest/gtest.h>

#include <cmath>

namespace {

using namespace zdbackup;

/// `count` tickets created one hour apart, each updated `life` seconds after its creation.
std::vector<PendingTicket> tickets(std::size_t count, std::int64_t life = 600) {
    std::vector<PendingTicket> out;
    for (std::size_t i = 0; i < count; ++i) {
        const auto created = 1'000'000 + static_cast<std::int64_t>(i) * 3600;
        out.push_back(PendingTicket{
            TicketFacts{static_cast<std::int64_t>(i + 1), created, created + life, "s"}, false});
    }
    return out;
}

constexpr std::int64_t kLatest = 2'000'000'000;

TEST(CommentPlanner, BalancesBothBudgets) {
    const auto pending = tickets(25'000);
    CommentBudget budget;
    budget.account_rpm = 700;
    budget.export_rpm = 10;
    budget.events_per_ticket = 20;
    const CommentSplit split = split_comment_work(pending, budget, kLatest);
    // f = 1 / (1 + k * Ra / (1000 * Re)) of the tickets from events: 1 / (1 + 20 * 700 / 10000)
    const double expected_events_share = 1.0 / (1.0 + 20.0 * 700.0 / 10'000.0);
    const double events_share = 1.0 - static_cast<double>(split.cut) / 25'000.0;
    EXPECT_NEAR(events_share, expected_events_share, 0.01);
    EXPECT_EQ(split.events_from, pending[split.cut].facts.created);
    const SplitCost cost = split_cost(pending, budget, split.cut, split.events_from);
    EXPECT_NEAR(cost.account_minutes, cost.export_minutes, 0.2);
    EXPECT_LT(cost.account_minutes, 25'000.0 / 700.0 * 0.7) << "much sooner than one request per ticket";
}

TEST(CommentPlanner, PaysForOlderTicketsEventsAfterTheStart) {
    // Tickets that live long have events after the start: fewer tickets can go to the export.
    CommentBudget budget;
    budget.account_rpm = 700;
    budget.export_rpm = 10;
    budget.events_per_ticket = 20;
    const auto short_lived = split_comment_work(tickets(10'000, 60), budget, kLatest);
    const auto long_lived = split_comment_work(tickets(10'000, 3600 * 2000), budget, kLatest);
    EXPECT_GT(long_lived.cut, short_lived.cut);
}

TEST(CommentPlanner, AttachmentDownloadsLeaveLessAccountBudgetForComments) {
    const auto pending = tickets(10'000);
    CommentBudget budget;
    budget.account_rpm = 700;
    budget.export_rpm = 10;
    budget.events_per_ticket = 20;
    const auto without = split_comment_work(pending, budget, kLatest);
    budget.account_backlog = 5000;  // content_url requests of the attachments
    const auto with = split_comment_work(pending, budget, kLatest);
    EXPECT_LT(with.cut, without.cut);
    const SplitCost cost = split_cost(pending, budget, with.cut, with.events_from);
    EXPECT_NEAR(cost.account_minutes, cost.export_minutes, 0.2);
}

TEST(CommentPlanner, CheapEventsTakeEverything) {
    CommentBudget budget;
    budget.account_rpm = 10;
    budget.export_rpm = 1000;
    budget.events_per_ticket = 1;
    const auto pending = tickets(1000);
    const CommentSplit split = split_comment_work(pending, budget, kLatest);
    EXPECT_EQ(split.cut, 0u);
    EXPECT_EQ(split.events_from, pending.front().facts.created);
}

TEST(CommentPlanner, ExpensiveEventsLeaveEverythingPerTicket) {
    CommentBudget budget;
    budget.account_rpm = 100'000;
    budget.export_rpm = 0.5;
    budget.events_per_ticket = 5000;
    const auto pending = tickets(100);
    const CommentSplit split = split_comment_work(pending, budget, kLatest);
    EXPECT_GE(split.cut, 99u);
}

TEST(CommentPlanner, NoTicketsStartsTheExportAtTheLatestStart) {
    const CommentSplit split = split_comment_work({}, CommentBudget{}, kLatest);
    EXPECT_EQ(split.cut, 0u);
    EXPECT_EQ(split.events_from, kLatest);
}

TEST(CommentPlanner, NeverStartsTheExportAfterTheLatestStart) {
    auto pending = tickets(10);
    CommentBudget budget;
    budget.account_rpm = 10;
    budget.export_rpm = 1000;
    const std::int64_t latest = pending[3].facts.created - 1;
    const CommentSplit split = split_comment_work(pending, budget, latest);
    EXPECT_LE(split.events_from, latest);
}

}  // namespace
