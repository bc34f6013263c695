#include <zdbackup/platform/local_time.hpp>

namespace zdbackup::platform {

std::tm local_time(std::time_t t) noexcept {
    std::tm local{};
    ::localtime_s(&local, &t);  // the CRT's argument order is the reverse of C11 Annex K
    return local;
}

}  // namespace zdbackup::platform
