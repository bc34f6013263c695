#include "zdmock/time_format.hpp"

#include <chrono>
#include <cstdio>

namespace zdmock {

std::string iso8601(std::int64_t epoch_seconds) {
    using namespace std::chrono;
    const sys_seconds tp{seconds{epoch_seconds}};
    const auto day = floor<days>(tp);
    const year_month_day ymd{day};
    const hh_mm_ss hms{tp - day};
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()));
    return buf;
}

}  // namespace zdmock
