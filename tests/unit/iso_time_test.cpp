#include <zdbackup/core/iso_time.hpp>

#include <gtest/gtest.h>

namespace {

using zdbackup::parse_iso8601;

TEST(IsoTime, ReadsZendeskTimestamps) {
    EXPECT_EQ(parse_iso8601("1970-01-01T00:00:00Z"), 0);
    EXPECT_EQ(parse_iso8601("2024-06-01T00:00:00Z"), 1717200000);
    EXPECT_EQ(parse_iso8601("2000-02-29T23:59:59Z"), 951868799);
    EXPECT_EQ(parse_iso8601("2024-06-01T02:00:00+02:00"), 1717200000);
    EXPECT_EQ(parse_iso8601("2024-05-31T19:00:00-05:00"), 1717200000);
    EXPECT_EQ(parse_iso8601("2024-06-01T00:00:00.123Z"), 1717200000);
    EXPECT_EQ(parse_iso8601("1969-12-31T23:59:59Z"), -1);
}

TEST(IsoTime, RefusesAnythingElse) {
    for (const char* bad : {"", "2024-06-01", "2024-06-01 00:00:00Z", "2024-13-01T00:00:00Z",
                            "2024-06-01T00:00:00", "2024-06-01T00:00:00Zjunk", "2024-06-01T24:00:00Z",
                            "20x4-06-01T00:00:00Z", "2024-06-01T00:00:00+0200"})
        EXPECT_FALSE(parse_iso8601(bad).has_value()) << bad;
}

}  // namespace
