// Portable: char8_t is the standard's UTF-8 bridge for paths on every platform.
#include <zdbackup/platform/utf8_path.hpp>

namespace zdbackup::platform {

std::string path_to_utf8(const std::filesystem::path& path) {
    const std::u8string utf8 = path.u8string();
    return std::string(utf8.begin(), utf8.end());
}

std::filesystem::path path_from_utf8(std::string_view utf8) {
    return std::filesystem::path(std::u8string(utf8.begin(), utf8.end()));
}

}  // namespace zdbackup::platform
