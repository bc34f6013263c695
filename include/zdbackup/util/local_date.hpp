#pragma once

#include <chrono>
#include <string>

namespace zdbackup {

/// "YYYY-MM-DD" in the machine's local time zone (zip names follow the user's calendar).
std::string local_date_stamp(std::chrono::system_clock::time_point when);

}  // namespace zdbackup
