#include <zdbackup/platform/local_time.hpp>

namespace zdbackup::platform {

std::tm local_time(std::time_t t) noexcept {
    std::tm local{};
    ::localtime_r(&t, &local);
    return local;
}

}  // namespace zdbackup::platform
