#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <set>

#include "zdmock/dataset.hpp"
#include "zdmock/pagination.hpp"

namespace {

using zdmock::Dataset;

constexpr std::int64_t kTickets = 1000;

const Dataset& shared_dataset() {
    static const Dataset dataset({kTickets, 7});
    return dataset;
}

TEST(Dataset, SameSeedGivesSameJson) {
    const Dataset a({300, 42}), b({300, 42});
    for (std::int64_t id : {1, 100, 101, 300}) {
        EXPECT_EQ(a.ticket_json(id), b.ticket_json(id));
        EXPECT_EQ(a.comment_jsons(id), b.comment_jsons(id));
    }
    EXPECT_EQ(a.user_json(a.user_ids().back()), b.user_json(b.user_ids().back()));
    EXPECT_EQ(a.organization_json(a.organization_ids()[3]), b.organization_json(b.organization_ids()[3]));
}

TEST(Dataset, DifferentSeedGivesDifferentJson) {
    const Dataset a({300, 1}), b({300, 2});
    EXPECT_NE(a.ticket_json(5), b.ticket_json(5));
}

TEST(Dataset, SizesFollowTicketCount) {
    const Dataset& d = shared_dataset();
    EXPECT_EQ(d.ticket_ids().size(), static_cast<std::size_t>(kTickets));
    EXPECT_EQ(d.user_ids().size(), 200u);
    EXPECT_EQ(d.organization_ids().size(), 20u);
    const Dataset tiny({10, 1});
    EXPECT_EQ(tiny.user_ids().size(), 20u);
    EXPECT_EQ(tiny.organization_ids().size(), 5u);
}

TEST(Dataset, EveryRecordParsesAndIdsAreUnique) {
    const Dataset& d = shared_dataset();
    std::set<std::int64_t> comment_ids;
    for (std::int64_t id : d.ticket_ids()) {
        const auto ticket = boost::json::parse(d.ticket_json(id)).as_object();
        EXPECT_EQ(ticket.at("id").as_int64(), id);
        EXPECT_TRUE(ticket.at("generated_timestamp").is_int64());
        for (const auto& c : d.comment_jsons(id)) {
            const auto comment = boost::json::parse(c).as_object();
            EXPECT_TRUE(comment_ids.insert(comment.at("id").as_int64()).second);
            EXPECT_TRUE(comment.at("attachments").is_array());
        }
    }
    std::set<std::int64_t> user_ids;
    for (std::int64_t id : d.user_ids()) {
        const auto user = boost::json::parse(d.user_json(id)).as_object();
        EXPECT_EQ(user.at("id").as_int64(), id);
        EXPECT_TRUE(user_ids.insert(id).second);
    }
    std::set<std::int64_t> org_ids;
    for (std::int64_t id : d.organization_ids()) {
        EXPECT_EQ(boost::json::parse(d.organization_json(id)).at("id").as_int64(), id);
        EXPECT_TRUE(org_ids.insert(id).second);
    }
}

TEST(Dataset, IdsDoNotFitInADouble) {
    const Dataset& d = shared_dataset();
    const std::int64_t user = d.user_ids().front();
    EXPECT_GT(user, std::int64_t{1} << 53);
    EXPECT_NE(static_cast<std::int64_t>(static_cast<double>(user)), user);
}

TEST(Dataset, KeepsAdversarialValues) {
    const std::string json = shared_dataset().ticket_json(1);
    EXPECT_NE(json.find(R"("value":9007199254740993)"), std::string::npos);
    EXPECT_NE(json.find(R"("value":1.0})"), std::string::npos);
    EXPECT_NE(json.find(R"("value":1})"), std::string::npos);
    EXPECT_NE(json.find(R"("value":null})"), std::string::npos);
    const auto value = boost::json::parse(json).at("custom_fields").as_array()[0].at("value");
    EXPECT_EQ(value.as_int64(), 9007199254740993);
}

TEST(Dataset, CommentCountsIncludeMultiPageTickets) {
    const Dataset& d = shared_dataset();
    EXPECT_EQ(d.comment_count(100), 100);
    EXPECT_EQ(d.comment_count(101), 101);
    std::int64_t over_100 = 0, small = 0;
    for (std::int64_t id : d.ticket_ids()) {
        const std::int64_t n = d.comment_count(id);
        EXPECT_GE(n, 1);
        EXPECT_LE(n, 180);
        if (n > 100) ++over_100;
        if (n <= 8) ++small;
    }
    EXPECT_GE(over_100, 5);  // ~2% of 1000
    EXPECT_LE(over_100, 60);
    EXPECT_GE(small, 900);
    EXPECT_EQ(d.comment_jsons(101).size(), 101u);
}

TEST(Dataset, CommentsAreOldestFirst) {
    const Dataset& d = shared_dataset();
    const auto comments = d.comment_jsons(101);
    for (std::size_t i = 1; i < comments.size(); ++i) {
        const auto prev = boost::json::parse(comments[i - 1]);
        const auto cur = boost::json::parse(comments[i]);
        // ISO-8601 UTC strings compare chronologically.
        EXPECT_LE(prev.at("created_at").as_string(), cur.at("created_at").as_string());
        EXPECT_LT(prev.at("id").as_int64(), cur.at("id").as_int64());
    }
}

TEST(Dataset, TimestampsAreNonDecreasingWithTies) {
    const Dataset& d = shared_dataset();
    for (const auto* ts : {&d.ticket_timestamps(), &d.user_timestamps(), &d.organization_timestamps()}) {
        EXPECT_TRUE(std::is_sorted(ts->begin(), ts->end()));
        EXPECT_NE(std::adjacent_find(ts->begin(), ts->end()), ts->end());  // some ties
        EXPECT_GT(ts->front(), 1500000000);
        EXPECT_LT(ts->back(), 1735689600);  // before 2025
    }
    for (std::size_t i = 0; i < d.ticket_ids().size(); i += 97) {
        const auto ticket = boost::json::parse(d.ticket_json(d.ticket_ids()[i]));
        EXPECT_EQ(ticket.at("generated_timestamp").as_int64(), d.ticket_timestamps()[i]);
    }
}

TEST(Dataset, SomeTicketsAreDeleted) {
    const Dataset& d = shared_dataset();
    std::size_t deleted = 0;
    for (std::int64_t id : d.ticket_ids())
        deleted += boost::json::parse(d.ticket_json(id)).at("status").as_string() == "deleted";
    EXPECT_GT(deleted, 0u);
}

TEST(Pagination, ExportCursorRoundTrips) {
    const std::string cursor = zdmock::encode_export_cursor(1695062724, 1571);
    EXPECT_EQ(cursor, "MTY5NTA2MjcyNC4wfHwxNTcxfA==");
    const auto pos = zdmock::decode_export_cursor(cursor);
    ASSERT_TRUE(pos);
    EXPECT_EQ(pos->ts, 1695062724);
    EXPECT_EQ(pos->id, 1571);
    EXPECT_FALSE(zdmock::decode_export_cursor("garbage"));
}

TEST(Pagination, TimePageExtendsOverTiesAndRepeatsBoundary) {
    const std::vector<std::int64_t> ts = {10, 20, 20, 20, 30, 40};
    auto page = zdmock::time_page(ts, 0, 2);
    EXPECT_EQ(page.slice.begin, 0u);
    EXPECT_EQ(page.slice.end, 4u);  // extended to every item at 20
    EXPECT_EQ(page.end_time, 20);
    EXPECT_FALSE(page.end_of_stream);
    page = zdmock::time_page(ts, 20, 2);  // one timestamp only: must still progress
    EXPECT_EQ(page.slice.end, 4u);
    EXPECT_EQ(page.end_time, 21);
    page = zdmock::time_page(ts, 21, 5);
    EXPECT_TRUE(page.end_of_stream);
}

}  // namespace
