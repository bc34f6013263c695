#include <zdbackup/core/errc.hpp>
#include <zdbackup/zendesk/page_sequence.hpp>

#include <gtest/gtest.h>

#include <vector>

namespace zdbackup {
namespace {

Page page_with(bool has_more, std::string cursor = {}, std::optional<std::int64_t> end_time = {}) {
    Page page;
    page.has_more = has_more;
    page.cursor = std::move(cursor);
    page.end_time = end_time;
    return page;
}

TEST(QueryParam, PercentEncodesEverythingButUnreserved) {
    EXPECT_EQ(query_param("cursor", "MTY5+/ab=="), "cursor=MTY5%2B%2Fab%3D%3D");
    EXPECT_EQ(query_param("page[size]", "100"), "page%5Bsize%5D=100");
}

TEST(PageSequence, CursorExportFollowsTheOpaqueCursorUntilEndOfStream) {
    PageSequence pages("/api/v2/incremental/tickets/cursor.json", "start_time=0&per_page=1000",
                       Pagination::cursor_export);
    EXPECT_EQ(pages.target(), "/api/v2/incremental/tickets/cursor.json?start_time=0&per_page=1000");
    ASSERT_FALSE(pages.advance(page_with(true, "MTY5NTA2MjcyNC4wfHwxNTcxfA==")));
    EXPECT_EQ(
        pages.target(),
        "/api/v2/incremental/tickets/cursor.json?cursor=MTY5NTA2MjcyNC4wfHwxNTcxfA%3D%3D&per_page=1000");
    EXPECT_FALSE(pages.done());
    // end_of_stream ends the walk even though Zendesk still sends an after_cursor.
    ASSERT_FALSE(pages.advance(page_with(false, "next")));
    EXPECT_TRUE(pages.done());
    EXPECT_EQ(pages.pages_seen(), 2);
}

TEST(PageSequence, CursorExportRefusesACursorThatDoesNotMove) {
    PageSequence pages("/x", "start_time=0", Pagination::cursor_export);
    ASSERT_FALSE(pages.advance(page_with(true, "c1")));
    EXPECT_EQ(pages.advance(page_with(true, "c1")), errc::not_advancing);
}

Page page_of_items(std::string cursor, const std::vector<std::string_view>& raws) {
    Page page = page_with(true, std::move(cursor));
    for (std::string_view raw : raws) page.items.push_back(PageItem{raw, std::nullopt});
    return page;
}

TEST(PageSequence, RefusesAPageThatRepeatsThePreviousOneUnderANewCursor) {
    PageSequence pages("/x", "start_time=0", Pagination::cursor_export);
    ASSERT_FALSE(pages.advance(page_of_items("c1", {R"({"id":1})", R"({"id":2})"})));
    EXPECT_EQ(pages.advance(page_of_items("c2", {R"({"id":1})", R"({"id":2})"})), errc::not_advancing);
}

TEST(PageSequence, PagesThatDifferInOneItemOrInTheirSplitAreNotRepeats) {
    PageSequence pages("/x", "page[size]=100", Pagination::cursor_list);
    ASSERT_FALSE(pages.advance(page_of_items("c1", {R"({"id":1})", R"({"id":2})"})));
    ASSERT_FALSE(pages.advance(page_of_items("c2", {R"({"id":1})", R"({"id":3})"})));
    ASSERT_FALSE(pages.advance(page_of_items("c3", {R"({"id":1})", R"({"id":3})", "{}"})));
    ASSERT_FALSE(pages.advance(page_of_items("c4", {R"({"id":1}{"id":3})", "{}"})));
    // Empty pages carry nothing to compare: only the cursor decides.
    ASSERT_FALSE(pages.advance(page_of_items("c5", {})));
    EXPECT_FALSE(pages.advance(page_of_items("c6", {})));
}

TEST(PageSequence, MoreWithoutACursorIsABadPayload) {
    PageSequence pages("/x", "start_time=0", Pagination::cursor_export);
    EXPECT_EQ(pages.advance(page_with(true, "")), errc::bad_payload);
}

TEST(PageSequence, TimeExportContinuesAtEndTime) {
    PageSequence pages("/api/v2/incremental/organizations.json", "start_time=0&per_page=1000",
                       Pagination::time_export);
    ASSERT_FALSE(pages.advance(page_with(true, {}, 1600000000)));
    EXPECT_EQ(pages.target(), "/api/v2/incremental/organizations.json?start_time=1600000000&per_page=1000");
    ASSERT_FALSE(pages.advance(page_with(true, {}, 1600000500)));
    EXPECT_EQ(pages.position(), "1600000500");
    ASSERT_FALSE(pages.advance(page_with(false, {}, 1600000900)));
    EXPECT_TRUE(pages.done());
}

TEST(PageSequence, TimeExportRefusesAStartTimeThatDoesNotAdvance) {
    PageSequence pages("/o", "start_time=0", Pagination::time_export);
    ASSERT_FALSE(pages.advance(page_with(true, {}, 1600000000)));
    EXPECT_EQ(pages.advance(page_with(true, {}, 1600000000)), errc::not_advancing);
}

TEST(PageSequence, TimeExportRefusesAnEndTimeGoingBackwards) {
    PageSequence pages("/o", "start_time=0", Pagination::time_export);
    ASSERT_FALSE(pages.advance(page_with(true, {}, 1600000000)));
    EXPECT_EQ(pages.advance(page_with(true, {}, 1500000000)), errc::not_advancing);
}

TEST(PageSequence, TimeExportWithoutEndTimeIsABadPayload) {
    PageSequence pages("/o", "start_time=0", Pagination::time_export);
    EXPECT_EQ(pages.advance(page_with(true)), errc::bad_payload);
}

TEST(PageSequence, CursorListKeepsItsQueryAndAddsPageAfter) {
    PageSequence pages("/api/v2/tickets/5/comments.json", "page%5Bsize%5D=100", Pagination::cursor_list);
    ASSERT_FALSE(pages.advance(page_with(true, "eyJvIjoi")));
    EXPECT_EQ(pages.target(), "/api/v2/tickets/5/comments.json?page%5Bsize%5D=100&page%5Bafter%5D=eyJvIjoi");
    EXPECT_EQ(pages.advance(page_with(true, "eyJvIjoi")), errc::not_advancing);
}

TEST(PageSequence, CursorListStopsOnHasMoreFalse) {
    PageSequence pages("/l", "", Pagination::cursor_list);
    ASSERT_FALSE(pages.advance(page_with(false, "still-a-cursor")));
    EXPECT_TRUE(pages.done());
}

TEST(PageSequence, SinglePageEndsAfterOnePage) {
    PageSequence pages("/api/v2/custom_statuses.json", "", Pagination::single);
    EXPECT_EQ(pages.target(), "/api/v2/custom_statuses.json");
    ASSERT_FALSE(pages.advance(page_with(true)));
    EXPECT_TRUE(pages.done());
}

TEST(PageSequence, CursorExportResumesFromASavedCursorAndKeepsTheLastOne) {
    PageSequence pages("/x", "start_time=0&per_page=1000", Pagination::cursor_export, "c+5");
    EXPECT_EQ(pages.target(), "/x?cursor=c%2B5&per_page=1000");
    EXPECT_EQ(pages.checkpoint(), "c+5") << "nothing new yet: the saved cursor stands";
    ASSERT_FALSE(pages.advance(page_with(true, "c6")));
    EXPECT_EQ(pages.checkpoint(), "c6");
    // The end_of_stream page's after_cursor is where the next run continues.
    ASSERT_FALSE(pages.advance(page_with(false, "c7")));
    EXPECT_TRUE(pages.done());
    EXPECT_EQ(pages.checkpoint(), "c7");
}

TEST(PageSequence, TimeExportResumesFromASavedStartTime) {
    PageSequence pages("/orgs", "start_time=0&per_page=1000", Pagination::time_export, "1700000000");
    EXPECT_EQ(pages.target(), "/orgs?start_time=1700000000&per_page=1000");
    // A page that leads back to the saved start_time would repeat forever.
    EXPECT_EQ(pages.advance(page_with(true, {}, 1700000000)), errc::not_advancing);

    PageSequence fresh("/orgs", "start_time=0&per_page=1000", Pagination::time_export, "1700000000");
    ASSERT_FALSE(fresh.advance(page_with(false, {}, 1700000500)));
    EXPECT_EQ(fresh.checkpoint(), "1700000500");
}

TEST(PageSequence, ListsIgnoreSavedPositionsAndHaveNoCheckpoint) {
    PageSequence pages("/api/v2/macros.json", "page%5Bsize%5D=100", Pagination::cursor_list, "ignored");
    EXPECT_EQ(pages.target(), "/api/v2/macros.json?page%5Bsize%5D=100");
    ASSERT_FALSE(pages.advance(page_with(true, "a1")));
    EXPECT_EQ(pages.checkpoint(), "");
}

}  // namespace
}  // namespace zdbackup
