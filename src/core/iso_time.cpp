#include <zdbackup/core/iso_time.hpp>

#include <charconv>

namespace zdbackup {

namespace {

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool number(std::string_view text, std::size_t at, std::size_t digits, int& out) {
    if (at + digits > text.size()) return false;
    const char* first = text.data() + at;
    const auto [end, ec] = std::from_chars(first, first + digits, out);
    return ec == std::errc() && end == first + digits;
}

bool separator(std::string_view text, std::size_t at, char c) {
    return at < text.size() && text[at] == c;
}

}  // namespace

std::optional<std::int64_t> parse_iso8601(std::string_view text) {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!number(text, 0, 4, year) || !separator(text, 4, '-') || !number(text, 5, 2, month) ||
        !separator(text, 7, '-') || !number(text, 8, 2, day) || !separator(text, 10, 'T') ||
        !number(text, 11, 2, hour) || !separator(text, 13, ':') || !number(text, 14, 2, minute) ||
        !separator(text, 16, ':') || !number(text, 17, 2, second))
        return std::nullopt;
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
        return std::nullopt;
    std::size_t at = 19;
    if (separator(text, at, '.'))
        for (++at; at < text.size() && text[at] >= '0' && text[at] <= '9';) ++at;
    std::int64_t offset = 0;
    if (separator(text, at, 'Z')) {
        ++at;
    } else if (separator(text, at, '+') || separator(text, at, '-')) {
        int oh = 0, om = 0;
        if (!number(text, at + 1, 2, oh) || !separator(text, at + 3, ':') || !number(text, at + 4, 2, om))
            return std::nullopt;
        offset = (text[at] == '+' ? 1 : -1) * (oh * 3600 + om * 60);
        at += 6;
    } else {
        return std::nullopt;
    }
    if (at != text.size()) return std::nullopt;
    const std::int64_t days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    return days * 86400 + hour * 3600 + minute * 60 + second - offset;
}

}  // namespace zdbackup
