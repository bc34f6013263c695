// parse_retry_after and parse_http_date: a delay is never negative nor longer than max_retry_after,
// a date means the time until it (0 once past), the three HTTP-date formats of one instant agree,
// and values we format ourselves (seconds, decimals, dates) parse back to what they say.

#include "checks.hpp"
#include "property.hpp"

#include <zdbackup/core/retry_after.hpp>

#include <array>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

namespace zdbackup::fuzz {
namespace {

using namespace std::chrono;
using std::chrono::milliseconds;

/// Clocks the checks run at: the unit test's 2015 date, a recent instant with a sub-millisecond
/// part (so rounding up shows), and the epoch.
const std::array<system_clock::time_point, 3> kNows{
    sys_days{year(2015) / 10 / 21} + 7h + 26min + 30s,
    sys_days{year(2026) / 12 / 3} + 21h + 44min + 48s + 123456789ns,
    system_clock::time_point{},
};

const char* const kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
const char* const kLongDays[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                 "Thursday", "Friday", "Saturday"};
const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

enum class DateFormat { imf_fixdate, rfc850, asctime };

std::string format_http_date(sys_seconds t, DateFormat format) {
    const sys_days day = floor<days>(t);
    const year_month_day ymd{day};
    const hh_mm_ss hms{t - day};
    const unsigned wd = weekday{day}.c_encoding();
    const unsigned mon = static_cast<unsigned>(ymd.month()) - 1;
    const int y = static_cast<int>(ymd.year());
    const auto d = static_cast<unsigned>(ymd.day());
    const auto h = static_cast<int>(hms.hours().count()), m = static_cast<int>(hms.minutes().count()),
               s = static_cast<int>(hms.seconds().count());
    char buf[64];
    switch (format) {
        case DateFormat::imf_fixdate:
            std::snprintf(buf, sizeof buf, "%s, %02u %s %04d %02d:%02d:%02d GMT", kDays[wd], d, kMonths[mon],
                          y, h, m, s);
            break;
        case DateFormat::rfc850:
            std::snprintf(buf, sizeof buf, "%s, %02u-%s-%02d %02d:%02d:%02d GMT", kLongDays[wd], d,
                          kMonths[mon], y % 100, h, m, s);
            break;
        case DateFormat::asctime:
            std::snprintf(buf, sizeof buf, "%s %s %2u %02d:%02d:%02d %04d", kDays[wd], kMonths[mon], d, h, m,
                          s, y);
            break;
    }
    return buf;
}

/// What parse_retry_after must say for a date: the time from `now` until it, rounded up to whole
/// milliseconds, 0 once it has passed, nullopt when further away than max_retry_after. Computed in
/// whole seconds first, so dates centuries away cannot overflow.
std::optional<milliseconds> expected_delay(sys_seconds date, system_clock::time_point now) {
    const sys_seconds now_s = floor<seconds>(now);
    const nanoseconds sub = now - now_s;  // [0, 1 s)
    const std::int64_t ahead_s = (date - now_s).count();
    if (ahead_s <= 0) return milliseconds(0);
    if (ahead_s > duration_cast<seconds>(max_retry_after).count() + 1) return std::nullopt;
    const milliseconds delay = seconds(ahead_s) - floor<milliseconds>(sub);
    if (delay > max_retry_after) return std::nullopt;
    return delay;
}

/// "d+" or "d+.d+" with at most 9 whole digits: its value in milliseconds rounded up; nullopt for
/// anything else (the caller then only checks the general properties).
std::optional<milliseconds> decimal_seconds(std::string_view s) {
    const auto dot = s.find('.');
    const std::string_view whole = s.substr(0, dot);
    const std::string_view frac = dot == std::string_view::npos ? "" : s.substr(dot + 1);
    if (whole.empty() || whole.size() > 9 || (dot != std::string_view::npos && frac.empty()))
        return std::nullopt;
    std::int64_t ms = 0;
    for (char c : whole) {
        if (c < '0' || c > '9') return std::nullopt;
        ms = ms * 10 + (c - '0');
    }
    ms *= 1000;
    bool beyond_ms = false;
    for (std::size_t i = 0; i < frac.size(); ++i) {
        if (frac[i] < '0' || frac[i] > '9') return std::nullopt;
        if (i < 3)
            ms += (frac[i] - '0') * (i == 0 ? 100 : i == 1 ? 10 : 1);
        else
            beyond_ms = beyond_ms || frac[i] != '0';
    }
    return milliseconds(ms + (beyond_ms ? 1 : 0));
}

std::optional<milliseconds> at_most_a_day(std::optional<milliseconds> delay) {
    if (delay && *delay > max_retry_after) return std::nullopt;
    return delay;
}

std::uint64_t seed_of(std::string_view input) {
    std::uint64_t h = 14695981039346656037ull;  // FNV-1a
    for (char c : input) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    return h;
}

}  // namespace

void check_retry_after(std::string_view input) {
    const std::optional<sys_seconds> date = parse_http_date(input);
    if (date) {
        // One instant, three spellings: each parses back to it.
        for (DateFormat f : {DateFormat::imf_fixdate, DateFormat::asctime})
            ZDB_REQUIRE(parse_http_date(format_http_date(*date, f)) == date);
        const int y = static_cast<int>(year_month_day{floor<days>(*date)}.year());
        if (y >= 1970 && y < 2070)
            ZDB_REQUIRE(parse_http_date(format_http_date(*date, DateFormat::rfc850)) == date);
    }
    const auto decimal = decimal_seconds(input);

    for (const system_clock::time_point now : kNows) {
        const std::optional<milliseconds> delay = parse_retry_after(input, now);
        if (delay) {
            ZDB_REQUIRE(delay->count() >= 0);
            ZDB_REQUIRE(*delay <= max_retry_after);
            // A list takes its largest element: adding a zero or surrounding whitespace changes nothing.
            ZDB_REQUIRE(parse_retry_after(std::string(input) + ", 0", now) == delay);
            ZDB_REQUIRE(parse_retry_after(" \t" + std::string(input) + " ", now) == delay);
        }
        if (date) ZDB_REQUIRE(delay == expected_delay(*date, now));
        if (decimal) ZDB_REQUIRE(delay == at_most_a_day(decimal));
    }

    // Values we spell ourselves from numbers the input picks, up to two days so both sides of the
    // limit are reached.
    const std::uint64_t seed = seed_of(input);
    const auto n = static_cast<std::int64_t>(seed % (2 * 86400 + 1));
    const milliseconds n_s = seconds(n);
    const auto in_limit = [](milliseconds d) {
        return d <= max_retry_after ? std::optional(d) : std::nullopt;
    };
    const auto now = kNows[0];
    ZDB_REQUIRE(parse_retry_after(std::to_string(n), now) == in_limit(n_s));
    char decimal_text[32];
    const auto ms = static_cast<int>((seed >> 20) % 1000);
    std::snprintf(decimal_text, sizeof decimal_text, "%lld.%03d", static_cast<long long>(n), ms);
    ZDB_REQUIRE(parse_retry_after(decimal_text, now) == in_limit(n_s + milliseconds(ms)));
    const sys_seconds when = floor<seconds>(now) + seconds(n);
    for (DateFormat f : {DateFormat::imf_fixdate, DateFormat::rfc850, DateFormat::asctime}) {
        const std::string text = format_http_date(when, f);
        ZDB_REQUIRE(parse_http_date(text) == when);
        ZDB_REQUIRE(parse_retry_after(text, now) == in_limit(n_s));
    }
}

}  // namespace zdbackup::fuzz
