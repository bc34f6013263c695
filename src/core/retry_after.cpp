#include <zdbackup/core/retry_after.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <vector>

namespace zdbackup {
namespace {

using std::chrono::milliseconds;

std::string_view trim(std::string_view s) {
    const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

/// "12" or "1.25": seconds, rounded up to milliseconds. No sign, no exponent.
std::optional<milliseconds> parse_seconds(std::string_view s) {
    const auto dot = s.find('.');
    const std::string_view whole = s.substr(0, dot);
    const std::string_view frac = dot == std::string_view::npos ? std::string_view{} : s.substr(dot + 1);
    if (whole.empty() || whole.size() > 9) return std::nullopt;  // > 9 digits is far beyond a day
    if (dot != std::string_view::npos && frac.empty()) return std::nullopt;
    std::int64_t ms = 0;
    for (char c : whole) {
        if (!is_digit(c)) return std::nullopt;
        ms = ms * 10 + (c - '0');
    }
    ms *= 1000;
    std::int64_t scale = 100;
    bool remainder = false;
    for (char c : frac) {
        if (!is_digit(c)) return std::nullopt;
        if (scale > 0) {
            ms += (c - '0') * scale;
            scale /= 10;
        } else if (c != '0') {
            remainder = true;
        }
    }
    if (remainder) ++ms;
    return milliseconds(ms);
}

std::optional<int> month_index(std::string_view name) {
    static constexpr std::array<std::string_view, 12> months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    for (std::size_t i = 0; i < months.size(); ++i)
        if (iequals(name, months[i])) return static_cast<int>(i) + 1;
    return std::nullopt;
}

bool is_day_name(std::string_view name) {
    static constexpr std::array<std::string_view, 14> days{
        "Mon",    "Tue",     "Wed",       "Thu",      "Fri",    "Sat",      "Sun",
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
    return std::any_of(days.begin(), days.end(), [&](std::string_view d) { return iequals(name, d); });
}

std::vector<std::string_view> split_any(std::string_view s, std::string_view seps) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && seps.find(s[i]) != std::string_view::npos) ++i;
        const std::size_t start = i;
        while (i < s.size() && seps.find(s[i]) == std::string_view::npos) ++i;
        if (i > start) out.push_back(s.substr(start, i - start));
    }
    return out;
}

std::optional<int> number(std::string_view s, std::size_t min_digits, std::size_t max_digits) {
    if (s.size() < min_digits || s.size() > max_digits) return std::nullopt;
    int v = 0;
    for (char c : s) {
        if (!is_digit(c)) return std::nullopt;
        v = v * 10 + (c - '0');
    }
    return v;
}

/// "HH:MM:SS" → seconds of the day.
std::optional<int> time_of_day(std::string_view s) {
    const auto parts = split_any(s, ":");
    if (parts.size() != 3 || s.size() != 8) return std::nullopt;
    const auto h = number(parts[0], 2, 2), m = number(parts[1], 2, 2), sec = number(parts[2], 2, 2);
    if (!h || !m || !sec || *h > 23 || *m > 59 || *sec > 60) return std::nullopt;
    return *h * 3600 + *m * 60 + std::min(*sec, 59);
}

std::optional<std::chrono::sys_seconds> make_time(int year, int month, int day, int seconds_of_day) {
    const std::chrono::year_month_day ymd{std::chrono::year(year),
                                          std::chrono::month(static_cast<unsigned>(month)),
                                          std::chrono::day(static_cast<unsigned>(day))};
    if (!ymd.ok()) return std::nullopt;
    return std::chrono::sys_days(ymd) + std::chrono::seconds(seconds_of_day);
}

}  // namespace

std::optional<std::chrono::sys_seconds> parse_http_date(std::string_view text) {
    text = trim(text);
    const auto comma = text.find(',');
    if (comma != std::string_view::npos) {
        if (!is_day_name(text.substr(0, comma))) return std::nullopt;
        const auto f = split_any(text.substr(comma + 1), " ");
        if (f.size() == 3 && iequals(f[2], "GMT")) {
            // RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT"
            const auto d = split_any(f[0], "-");
            if (d.size() != 3 || f[0].size() != 9) return std::nullopt;
            const auto day = number(d[0], 2, 2), yy = number(d[2], 2, 2);
            const auto mon = month_index(d[1]);
            const auto tod = time_of_day(f[1]);
            if (!day || !yy || !mon || !tod) return std::nullopt;
            // Two-digit years: RFC 9110 says read them as the most recent past century; 70 is the
            // customary pivot.
            return make_time(*yy < 70 ? 2000 + *yy : 1900 + *yy, *mon, *day, *tod);
        }
        // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
        if (f.size() != 5 || !iequals(f[4], "GMT")) return std::nullopt;
        const auto day = number(f[0], 1, 2), year = number(f[2], 4, 4);
        const auto mon = month_index(f[1]);
        const auto tod = time_of_day(f[3]);
        if (!day || !year || !mon || !tod) return std::nullopt;
        return make_time(*year, *mon, *day, *tod);
    }
    // asctime: "Sun Nov  6 08:49:37 1994"
    const auto f = split_any(text, " ");
    if (f.size() != 5 || !is_day_name(f[0]) || f[0].size() != 3) return std::nullopt;
    const auto mon = month_index(f[1]);
    const auto day = number(f[2], 1, 2), year = number(f[4], 4, 4);
    const auto tod = time_of_day(f[3]);
    if (!mon || !day || !year || !tod) return std::nullopt;
    return make_time(*year, *mon, *day, *tod);
}

std::optional<milliseconds> parse_retry_after(std::string_view header,
                                              std::chrono::system_clock::time_point now) {
    // Split the comma-folded list, but glue "Wed" back to ", 21 Oct 2015 …": HTTP-dates contain a comma.
    std::vector<std::string_view> raw = split_any(header, ",");
    std::vector<std::string> elements;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const std::string_view item = trim(raw[i]);
        if (is_day_name(item) && i + 1 < raw.size()) {
            elements.push_back(std::string(item) + "," + std::string(raw[i + 1]));
            ++i;
        } else {
            elements.emplace_back(item);
        }
    }
    // Empty list elements (", ,") are allowed by the list syntax; a list of only those is empty.
    elements.erase(
        std::remove_if(elements.begin(), elements.end(), [](const std::string& e) { return e.empty(); }),
        elements.end());
    if (elements.empty()) return std::nullopt;

    std::optional<milliseconds> longest;
    for (const std::string& e : elements) {
        std::optional<milliseconds> delay;
        if (!e.empty() && (is_digit(e.front()) || e.front() == '.')) {
            delay = parse_seconds(e);
        } else if (!e.empty() && is_alpha(e.front())) {
            if (const auto date = parse_http_date(e)) {
                // In milliseconds, not the clock's nanoseconds: those reach only ±292 years, and a
                // date like year 1007 or 9999 would overflow. `date` has whole seconds, so taking
                // `now` down to its millisecond is the same as rounding the difference up.
                const milliseconds diff = *date - std::chrono::floor<milliseconds>(now);
                delay = std::max(diff, milliseconds(0));
            }
        }
        if (!delay) return std::nullopt;
        longest = longest ? std::max(*longest, *delay) : *delay;
    }
    if (*longest > max_retry_after) return std::nullopt;
    return longest;
}

}  // namespace zdbackup
