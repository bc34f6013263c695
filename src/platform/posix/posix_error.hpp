#pragma once
// Errors of POSIX calls as std::system_error naming the action and the path (platform layer only).

#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>

namespace zdbackup::platform::posix {

/// Throws std::system_error(error, generic_category) with what() "<action> <path>: <strerror>".
[[noreturn]] inline void throw_errno(int error, std::string_view action, const std::filesystem::path& path) {
    std::string what(action);
    what += ' ';
    what += path.string();  // POSIX paths are bytes, UTF-8 in practice: no conversion
    throw std::system_error(error, std::generic_category(), what);
}

}  // namespace zdbackup::platform::posix
