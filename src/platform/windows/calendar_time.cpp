#include <zdbackup/platform/calendar_time.hpp>

namespace zdbackup::platform {

// The CRT's *_s argument order is the reverse of C11 Annex K's.

std::tm local_time(std::time_t t) noexcept {
    std::tm local{};
    ::localtime_s(&local, &t);
    return local;
}

std::tm utc_time(std::time_t t) noexcept {
    std::tm utc{};
    ::gmtime_s(&utc, &t);
    return utc;
}

}  // namespace zdbackup::platform
