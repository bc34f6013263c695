#include <zdbackup/zendesk/page_tracker.hpp>

#include <gtest/gtest.h>

#include <stdexcept>

namespace zdbackup {
namespace {

TEST(PageTracker, APositionIsCoveredOnlyWhenItsPageAndAllBeforeItAreDone) {
    PageTracker tracker;
    const auto first = tracker.open_page(2, "c1");
    const auto second = tracker.open_page(1, "c2");
    EXPECT_FALSE(tracker.covered());
    tracker.item_done(second);
    EXPECT_FALSE(tracker.covered()) << "page 2 is done but page 1 is not";
    tracker.item_done(first);
    EXPECT_FALSE(tracker.covered());
    tracker.item_done(first);
    EXPECT_EQ(tracker.covered(), "c2") << "both pages done: the newest position";
    EXPECT_FALSE(tracker.covered()) << "reported once";
}

TEST(PageTracker, AnEmptyPageIsCoveredAtOnce) {
    PageTracker tracker;
    tracker.open_page(0, "end");
    EXPECT_EQ(tracker.covered(), "end");
}

TEST(PageTracker, RefusesItemsOfUnknownOrFinishedPages) {
    PageTracker tracker;
    const auto page = tracker.open_page(1, "c1");
    tracker.item_done(page);
    EXPECT_THROW(tracker.item_done(page), std::logic_error);
    EXPECT_THROW(tracker.item_done(page + 5), std::logic_error);
}

}  // namespace
}  // namespace zdbackup
