#include <zdbackup/platform/calendar_time.hpp>

namespace zdbackup::platform {

std::tm local_time(std::time_t t) noexcept {
    std::tm local{};
    ::localtime_r(&t, &local);
    return local;
}

std::tm utc_time(std::time_t t) noexcept {
    std::tm utc{};
    ::gmtime_r(&t, &utc);
    return utc;
}

}  // namespace zdbackup::platform
