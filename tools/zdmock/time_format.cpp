#include "zdmock/time_format.hpp"

#include <chrono>

namespace zdmock {

std::string iso8601(std::int64_t epoch_seconds) {
    using namespace std::chrono;
    const sys_seconds tp{seconds{epoch_seconds}};
    const auto day = floor<days>(tp);
    const year_month_day ymd{day};
    const hh_mm_ss hms{tp - day};
    // Hand-formatted: snprintf showed up in profiles of large comment pages.
    std::string out = "0000-00-00T00:00:00Z";
    const auto put = [&out](std::size_t pos, unsigned value, int digits) {
        for (int i = digits - 1; i >= 0; --i, value /= 10)
            out[pos + static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
    };
    put(0, static_cast<unsigned>(static_cast<int>(ymd.year())), 4);
    put(5, static_cast<unsigned>(ymd.month()), 2);
    put(8, static_cast<unsigned>(ymd.day()), 2);
    put(11, static_cast<unsigned>(hms.hours().count()), 2);
    put(14, static_cast<unsigned>(hms.minutes().count()), 2);
    put(17, static_cast<unsigned>(hms.seconds().count()), 2);
    return out;
}

}  // namespace zdmock
