#include "wide.hpp"

#include "windows_api.hpp"

#include <zdbackup/platform/utf8_path.hpp>

#include <limits>
#include <system_error>

namespace zdbackup::platform::windows {
namespace {

int checked_length(std::size_t size) {
    if (size > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        throw std::system_error(std::make_error_code(std::errc::value_too_large),
                                "string too long for Win32");
    return static_cast<int>(size);
}

}  // namespace

std::wstring to_wide(std::string_view utf8) {
    if (utf8.empty()) return {};
    const int in = checked_length(utf8.size());
    const int n = ::MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, utf8.data(), in, nullptr, 0);
    if (n <= 0)
        throw std::system_error(static_cast<int>(::GetLastError()), std::system_category(), "invalid UTF-8");
    std::wstring wide(static_cast<std::size_t>(n), L'\0');
    ::MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, utf8.data(), in, wide.data(), n);
    return wide;
}

std::string to_utf8(std::wstring_view wide) {
    if (wide.empty()) return {};
    const int in = checked_length(wide.size());
    const int n = ::WideCharToMultiByte(CP_UTF8, 0, wide.data(), in, nullptr, 0, nullptr, nullptr);
    if (n <= 0) return {};
    std::string utf8(static_cast<std::size_t>(n), '\0');
    ::WideCharToMultiByte(CP_UTF8, 0, wide.data(), in, utf8.data(), n, nullptr, nullptr);
    return utf8;
}

std::wstring win32_path(const std::filesystem::path& path) {
    std::wstring native = path.native();
    if (native.size() < MAX_PATH || native.starts_with(LR"(\\?\)")) return native;
    // The prefix turns off Win32 path parsing: the path must be absolute with backslashes only.
    std::error_code ec;
    std::filesystem::path absolute = std::filesystem::absolute(path, ec);
    if (ec) return native;
    // The prefix also turns off `.`/`..` processing, so the path is normalized here.
    native = absolute.lexically_normal().make_preferred().native();
    if (native.starts_with(LR"(\\)")) return LR"(\\?\UNC\)" + native.substr(2);
    return LR"(\\?\)" + native;
}

void throw_last_error(std::string_view action, const std::filesystem::path& path) {
    const auto error = static_cast<int>(::GetLastError());
    std::string what(action);
    what += ' ';
    what += path_to_utf8(path);
    throw std::system_error(error, std::system_category(), what);
}

}  // namespace zdbackup::platform::windows
