#include "zdmock/retry_after_header.hpp"

#include <array>
#include <cstdio>

namespace zdmock {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

/// "Sun, 06 Nov 1994 08:49:37 GMT" (RFC 9110 §5.6.7).
std::string imf_fixdate(std::chrono::sys_seconds t) {
    static constexpr std::array<const char*, 7> days{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr std::array<const char*, 12> months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const auto day = std::chrono::floor<std::chrono::days>(t);
    const std::chrono::year_month_day ymd{day};
    const std::chrono::weekday wd{day};
    const std::chrono::hh_mm_ss hms{t - day};
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s, %02u %s %04d %02d:%02d:%02d GMT", days[wd.c_encoding()],
                  static_cast<unsigned>(ymd.day()), months[static_cast<unsigned>(ymd.month()) - 1],
                  static_cast<int>(ymd.year()), static_cast<int>(hms.hours().count()),
                  static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()));
    return buf;
}

}  // namespace

RetryAfterHeader retry_after_header(RetryAfterStyle style, std::int64_t n,
                                    std::chrono::system_clock::time_point now) {
    RetryAfterHeader h;
    const std::string value = std::to_string(n);
    h.pause = seconds(n);
    switch (style) {
        case RetryAfterStyle::integer:
            h.lines.emplace_back("Retry-After", value);
            break;
        case RetryAfterStyle::decimal:
            h.lines.emplace_back("Retry-After", value + ".25");
            h.pause += milliseconds(250);
            break;
        case RetryAfterStyle::folded:
            // The largest value counts: a client that takes the first one would not wait at all.
            h.lines.emplace_back("Retry-After", "0, " + value);
            break;
        case RetryAfterStyle::repeated:
            h.lines.emplace_back("Retry-After", "0");
            h.lines.emplace_back("Retry-After", value);
            break;
        case RetryAfterStyle::http_date: {
            const auto until = std::chrono::ceil<seconds>(now) + seconds(n);
            h.lines.emplace_back("Retry-After", imf_fixdate(until));
            h.pause = std::chrono::ceil<milliseconds>(until - now);
            break;
        }
    }
    return h;
}

}  // namespace zdmock
