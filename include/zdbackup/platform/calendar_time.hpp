#pragma once
// Calendar time, broken down thread-safely (localtime_r/gmtime_r on POSIX, localtime_s/gmtime_s on
// Windows; std::localtime and std::gmtime share one static buffer).

#include <ctime>

namespace zdbackup::platform {

/// `t` in the machine's local time zone.
std::tm local_time(std::time_t t) noexcept;

/// `t` in UTC.
std::tm utc_time(std::time_t t) noexcept;

}  // namespace zdbackup::platform
