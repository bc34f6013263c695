// Comments rebuilt from the ticket events export must be byte for byte what /tickets/{id}/comments
// serves: the snapshot may not depend on which source served a comment.
#include <zdbackup/zendesk/comment_events.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>

#include "zdmock/dataset.hpp"
#include "zdmock/mutation.hpp"

namespace {

using zdbackup::CommentRow;

/// Every comment of `ticket` from its audit events, in the snapshot's order (oldest first, then id).
std::vector<CommentRow> comments_from_events(const zdmock::Dataset& truth, std::int64_t ticket) {
    std::vector<CommentRow> rows;
    for (const std::string& event : truth.ticket_events_json(ticket, true)) {
        auto comments = zdbackup::comments_of_audit(event);
        EXPECT_TRUE(comments.has_value()) << event;
        if (!comments) continue;
        for (CommentRow& row : *comments) {
            EXPECT_EQ(row.ticket, ticket);
            rows.push_back(std::move(row));
        }
    }
    std::sort(rows.begin(), rows.end(), [](const CommentRow& a, const CommentRow& b) {
        return std::tie(a.created_at, a.id) < std::tie(b.created_at, b.id);
    });
    return rows;
}

void expect_same_comments(const zdmock::Dataset& truth, std::int64_t ticket) {
    const auto rows = comments_from_events(truth, ticket);
    ASSERT_EQ(static_cast<std::int64_t>(rows.size()), truth.comment_count(ticket)) << "ticket " << ticket;
    for (std::int64_t i = 0; i < truth.comment_count(ticket); ++i) {
        // The backup asks for the comments with include_inline_images=true.
        const std::string expected = truth.comment_json(ticket, i, true);
        EXPECT_EQ(rows[static_cast<std::size_t>(i)].body, expected)
            << "ticket " << ticket << " comment " << i;
        const auto direct = zdbackup::comment_row(ticket, expected);
        ASSERT_TRUE(direct.has_value());
        EXPECT_EQ(direct->id, rows[static_cast<std::size_t>(i)].id);
        EXPECT_EQ(direct->created_at, rows[static_cast<std::size_t>(i)].created_at);
    }
}

TEST(CommentEvents, RebuildEveryCommentOfTheMockByteForByte) {
    const zdmock::Dataset truth(zdmock::DatasetOptions{.tickets = 400, .seed = 7});
    for (std::int64_t t = 1; t <= truth.ticket_count(); ++t) expect_same_comments(truth, t);
}

TEST(CommentEvents, RebuildCommentsAddedByMutations) {
    zdmock::Dataset truth(zdmock::DatasetOptions{.tickets = 200, .seed = 3});
    const auto step = truth.mutate(zdmock::Mutation{.update_tickets = 20, .add_tickets = 5});
    for (const std::int64_t t : step.updated_tickets) expect_same_comments(truth, t);
    for (const std::int64_t t : step.added_tickets) expect_same_comments(truth, t);
}

TEST(CommentEvents, OrdersKnownKeysDropsEventFieldsAndKeepsUnknownOnes) {
    const std::string audit =
        R"({"id":9,"ticket_id":42,"metadata":{"system":{"ip_address":"1"}},"event_type":"Audit",)"
        R"("child_events":[{"id":1,"event_type":"Create","field_name":"status","value":"new"},)"
        R"({"event_type":"Comment","created_at":"2024-01-01T00:00:00Z","via_reference_id":null,)"
        R"("future_field":[1,2],"body":"hi","id":18446744073709551,"type":"Comment","audit_id":9}]})";
    const auto rows = zdbackup::comments_of_audit(audit);
    ASSERT_TRUE(rows.has_value());
    ASSERT_EQ(rows->size(), 1u);
    EXPECT_EQ((*rows)[0].ticket, 42);
    EXPECT_EQ((*rows)[0].id, 18446744073709551);
    EXPECT_EQ((*rows)[0].created_at, "2024-01-01T00:00:00Z");
    EXPECT_EQ((*rows)[0].body, R"({"id":18446744073709551,"type":"Comment","body":"hi","audit_id":9,)"
                               R"("created_at":"2024-01-01T00:00:00Z","future_field":[1,2],)"
                               R"("metadata":{"system":{"ip_address":"1"}}})");
}

TEST(CommentEvents, AnAuditWithoutCommentsHasNone) {
    const auto rows = zdbackup::comments_of_audit(
        R"({"id":3,"ticket_id":1,"child_events":[{"id":4,"event_type":"Change","field_name":"priority"}]})");
    ASSERT_TRUE(rows.has_value());
    EXPECT_TRUE(rows->empty());
}

TEST(CommentEvents, RefusesUnusableAudits) {
    EXPECT_FALSE(zdbackup::comments_of_audit("not json"));
    EXPECT_FALSE(zdbackup::comments_of_audit(R"({"id":3,"child_events":[]})"));  // no ticket_id
    EXPECT_FALSE(zdbackup::comments_of_audit(
        R"({"ticket_id":1,"child_events":[{"event_type":"Comment","created_at":"x"}]})"));  // no id
    EXPECT_FALSE(zdbackup::comments_of_audit(
        R"({"ticket_id":1,"child_events":[{"event_type":"Comment","id":2,"created_at":5}]})"));
    EXPECT_FALSE(zdbackup::comments_of_audit(R"({"ticket_id":1,"child_events":[{]})"));
}

}  // namespace
