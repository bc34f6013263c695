#include <zdbackup/platform/calendar_time.hpp>
#include <zdbackup/util/local_date.hpp>

#include <ctime>

namespace zdbackup {

std::string local_date_stamp(std::chrono::system_clock::time_point when) {
    const std::tm local = platform::local_time(std::chrono::system_clock::to_time_t(when));
    char text[16];
    std::strftime(text, sizeof text, "%Y-%m-%d", &local);
    return text;
}

}  // namespace zdbackup
