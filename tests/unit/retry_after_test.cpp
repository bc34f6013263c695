#include <zdbackup/core/retry_after.hpp>

#include <gtest/gtest.h>

namespace zdbackup {
namespace {

using namespace std::chrono_literals;
using std::chrono::milliseconds;

// Wed, 21 Oct 2015 07:28:00 GMT
const std::chrono::sys_seconds date_2015{std::chrono::sys_days{std::chrono::year(2015) / 10 / 21} + 7h +
                                         28min};

struct Case {
    const char* header;
    std::optional<milliseconds> expected;
};

TEST(ParseRetryAfter, Table) {
    const auto now = date_2015 - 90s;
    const Case cases[] = {
        {"120", 120s},
        {"0", 0ms},
        {"  7\t", 7s},
        {"1.5", 1500ms},
        {"0.0001", 1ms},  // rounded up
        {"2.250", 2250ms},
        {"3, 10", 10s},
        {"10,3", 10s},
        {"1.5, 2", 2s},
        {"Wed, 21 Oct 2015 07:28:00 GMT", 90s},
        {"  Wed, 21 Oct 2015 07:28:00 GMT  ", 90s},
        {"Tue, 20 Oct 2015 07:28:00 GMT", 0ms},      // past
        {"Wednesday, 21-Oct-15 07:28:00 GMT", 90s},  // RFC 850
        {"Wed Oct 21 07:28:00 2015", 90s},           // asctime
        {"Wed Oct  1 07:28:00 2015", 0ms},           // asctime, padded day, past
        {"5, Wed, 21 Oct 2015 07:28:00 GMT", 90s},   // folded number and date
        {"Wed, 21 Oct 2015 07:28:00 GMT, 100", 100s},
        {"86400", 86400s},  // exactly a day
        {"", std::nullopt},
        {"   ", std::nullopt},
        {"-1", std::nullopt},
        {"+5", std::nullopt},
        {"abc", std::nullopt},
        {"1e3", std::nullopt},
        {"1.", std::nullopt},
        {".5", std::nullopt},
        {"3, x", std::nullopt},
        {"86401", std::nullopt},  // more than a day: rejected
        {"99999999999999999999", std::nullopt},
        {"Wed, 32 Oct 2015 07:28:00 GMT", std::nullopt},
        {"Wed, 21 Foo 2015 07:28:00 GMT", std::nullopt},
        {"Wed, 21 Oct 2015 25:28:00 GMT", std::nullopt},
        {"Wed, 21 Oct 2015 07:28:00 PST", std::nullopt},
        {"Wed, 21 Oct 2016 07:28:00 GMT", std::nullopt},  // a year ahead: absurd
        {",", std::nullopt},
        // Centuries away: further than a system_clock (nanoseconds) reaches from now.
        {"Fri, 31 Dec 9999 23:59:59 GMT", std::nullopt},
        {"Wed, 21 Oct 1007 07:28:00 GMT", 0ms},
    };
    for (const Case& c : cases)
        EXPECT_EQ(parse_retry_after(c.header, now), c.expected) << '"' << c.header << '"';
}

TEST(ParseHttpDate, ParsesAllThreeFormats) {
    EXPECT_EQ(parse_http_date("Wed, 21 Oct 2015 07:28:00 GMT"), date_2015);
    EXPECT_EQ(parse_http_date("Wednesday, 21-Oct-15 07:28:00 GMT"), date_2015);
    EXPECT_EQ(parse_http_date("Wed Oct 21 07:28:00 2015"), date_2015);
    EXPECT_FALSE(parse_http_date("21 Oct 2015"));
    EXPECT_FALSE(parse_http_date("Wed, 29 Feb 2015 07:28:00 GMT"));
}

}  // namespace
}  // namespace zdbackup
