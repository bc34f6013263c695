#include <zdbackup/core/page.hpp>

#include <zdbackup/core/errc.hpp>

#include <gtest/gtest.h>

namespace zdbackup {
namespace {

bool is_bad_payload(const boost::system::result<Page>& r) {
    return !r && r.error() == make_error_code(errc::bad_payload);
}

TEST(ParsePage, CursorExportMidStream) {
    const std::string body = R"({"tickets":[{"id":1,"subject":"a"},{"id":2}],
        "after_url":"https://x.zendesk.com/api/v2/incremental/tickets/cursor.json?cursor=MTY%3D&per_page=2",
        "after_cursor":"MTY=","before_url":null,"before_cursor":null,"end_of_stream":false})";
    const auto page = parse_page(body, "tickets", Pagination::cursor_export);
    ASSERT_TRUE(page);
    ASSERT_EQ(page->items.size(), 2u);
    EXPECT_EQ(page->items[0].raw, R"({"id":1,"subject":"a"})");
    EXPECT_EQ(page->items[0].id, 1);
    EXPECT_EQ(page->items[1].id, 2);
    EXPECT_TRUE(page->has_more);
    EXPECT_EQ(page->cursor, "MTY=");
    EXPECT_NE(page->next_url.find("cursor=MTY%3D"), std::string::npos);
}

TEST(ParsePage, CursorExportEndOfStreamKeepsAfterCursor) {
    const std::string body =
        R"({"users":[],"after_url":"https://x/a?cursor=Zg%3D%3D","after_cursor":"Zg==","end_of_stream":true})";
    const auto page = parse_page(body, "users", Pagination::cursor_export);
    ASSERT_TRUE(page);
    EXPECT_FALSE(page->has_more);
    EXPECT_EQ(page->cursor, "Zg==");
    EXPECT_TRUE(page->items.empty());
}

TEST(ParsePage, CursorExportWithoutEndOfStreamIsBadPayload) {
    EXPECT_TRUE(is_bad_payload(
        parse_page(R"({"tickets":[],"after_cursor":"x"})", "tickets", Pagination::cursor_export)));
    EXPECT_TRUE(is_bad_payload(
        parse_page(R"({"tickets":[],"end_of_stream":"false"})", "tickets", Pagination::cursor_export)));
    // Not at the end but nowhere to go next.
    EXPECT_TRUE(is_bad_payload(parse_page(R"({"tickets":[],"end_of_stream":false,"after_url":null})",
                                          "tickets", Pagination::cursor_export)));
}

TEST(ParsePage, TimeExport) {
    const std::string body = R"({"organizations":[{"id":5}],"count":1,"end_of_stream":false,
        "end_time":1601357503,"next_page":"https://x/api/v2/incremental/organizations.json?start_time=1601357503"})";
    const auto page = parse_page(body, "organizations", Pagination::time_export);
    ASSERT_TRUE(page);
    EXPECT_TRUE(page->has_more);
    EXPECT_EQ(page->end_time, 1601357503);
    EXPECT_NE(page->next_url.find("start_time=1601357503"), std::string::npos);
    EXPECT_TRUE(page->cursor.empty());
}

TEST(ParsePage, TimeExportEndOfStreamWithNextPageStops) {
    const std::string body =
        R"({"organizations":[],"count":0,"end_of_stream":true,"end_time":5,"next_page":"https://x/n"})";
    const auto page = parse_page(body, "organizations", Pagination::time_export);
    ASSERT_TRUE(page);
    EXPECT_FALSE(page->has_more);
    EXPECT_EQ(page->next_url, "https://x/n");
    EXPECT_TRUE(is_bad_payload(
        parse_page(R"({"organizations":[],"end_time":5})", "organizations", Pagination::time_export)));
}

TEST(ParsePage, CursorListHasMore) {
    const std::string body =
        R"({"groups":[{"id":1}],"meta":{"has_more":true,"after_cursor":"eyJvIjoiaWQifQ==",
        "before_cursor":null},"links":{"prev":null,"next":"https://x/api/v2/groups?page%5Bafter%5D=eyJ"}})";
    const auto page = parse_page(body, "groups", Pagination::cursor_list);
    ASSERT_TRUE(page);
    EXPECT_TRUE(page->has_more);
    EXPECT_EQ(page->cursor, "eyJvIjoiaWQifQ==");
    EXPECT_EQ(page->next_url, "https://x/api/v2/groups?page%5Bafter%5D=eyJ");
}

TEST(ParsePage, CursorListNextLinkOnLastPageDoesNotContinue) {
    const std::string body = R"({"comments":[{"id":3}],"meta":{"has_more":false,"after_cursor":"abc"},
        "links":{"next":"https://x/api/v2/tickets/1/comments?page%5Bafter%5D=abc"}})";
    const auto page = parse_page(body, "comments", Pagination::cursor_list);
    ASSERT_TRUE(page);
    EXPECT_FALSE(page->has_more);
}

TEST(ParsePage, CursorListWithoutMetaIsSingleLastPage) {
    const auto page = parse_page(R"({"brands":[{"id":1},{"id":2}]})", "brands", Pagination::cursor_list);
    ASSERT_TRUE(page);
    EXPECT_FALSE(page->has_more);
    EXPECT_EQ(page->items.size(), 2u);
    EXPECT_TRUE(is_bad_payload(parse_page(R"({"brands":[],"meta":{}})", "brands", Pagination::cursor_list)));
    EXPECT_TRUE(is_bad_payload(parse_page(R"({"brands":[],"meta":[]})", "brands", Pagination::cursor_list)));
}

TEST(ParsePage, SingleNeverHasMore) {
    const auto page = parse_page(R"({"custom_statuses":[{"id":1}],"next_page":"x"})", "custom_statuses",
                                 Pagination::single);
    ASSERT_TRUE(page);
    EXPECT_FALSE(page->has_more);
    EXPECT_EQ(page->items.size(), 1u);
}

TEST(ParsePage, NonJsonOrWrongShapeIsBadPayload) {
    for (Pagination style :
         {Pagination::cursor_export, Pagination::time_export, Pagination::cursor_list, Pagination::single}) {
        EXPECT_TRUE(is_bad_payload(parse_page("<html><body>Maintenance</body></html>", "tickets", style)));
        EXPECT_TRUE(is_bad_payload(parse_page("", "tickets", style)));
        EXPECT_TRUE(is_bad_payload(parse_page(R"([{"id":1}])", "tickets", style)));
        EXPECT_TRUE(is_bad_payload(parse_page(R"({"users":[],"end_of_stream":true})", "tickets", style)));
        EXPECT_TRUE(is_bad_payload(parse_page(R"({"tickets":{},"end_of_stream":true})", "tickets", style)));
        EXPECT_TRUE(is_bad_payload(parse_page(R"({"tickets":[],"end_of_stream":true)", "tickets", style)));
    }
}

TEST(ParsePage, IdsAreReadTolerantly) {
    const std::string body = R"({"items":[{"id":9223372036854775807},{"id":9223372036854775808},{"id":"7"},
        {"id":1.0},{"id":null},{},[1],3,{"id":-4}]})";
    const auto page = parse_page(body, "items", Pagination::single);
    ASSERT_TRUE(page);
    ASSERT_EQ(page->items.size(), 9u);
    EXPECT_EQ(page->items[0].id, INT64_MAX);
    EXPECT_EQ(page->items[1].id, std::nullopt);
    EXPECT_EQ(page->items[2].id, std::nullopt);
    EXPECT_EQ(page->items[3].id, std::nullopt);
    EXPECT_EQ(page->items[4].id, std::nullopt);
    EXPECT_EQ(page->items[5].id, std::nullopt);
    EXPECT_EQ(page->items[6].id, std::nullopt);
    EXPECT_EQ(page->items[7].id, std::nullopt);
    EXPECT_EQ(page->items[8].id, -4);
    EXPECT_EQ(page->items[3].raw, R"({"id":1.0})");
}

}  // namespace
}  // namespace zdbackup
