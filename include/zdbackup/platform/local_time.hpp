#pragma once
// Calendar time in the machine's time zone (localtime_r / localtime_s).

#include <ctime>

namespace zdbackup::platform {

/// `t` broken down in the local time zone; thread-safe, unlike std::localtime.
std::tm local_time(std::time_t t) noexcept;

}  // namespace zdbackup::platform
