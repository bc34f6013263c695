#pragma once
// UTF-8 <-> UTF-16 for Win32 calls, and Win32 errors as std::system_error (Windows platform layer only).

#include <filesystem>
#include <string>
#include <string_view>

namespace zdbackup::platform::windows {

/// UTF-16 from UTF-8. Errors: std::system_error on invalid UTF-8 (MB_ERR_INVALID_CHARS).
std::wstring to_wide(std::string_view utf8);

/// UTF-8 from UTF-16; unpaired surrogates become U+FFFD.
std::string to_utf8(std::wstring_view wide);

/// The path for a Win32 *W call: absolute and prefixed with `\\?\` (`\\?\UNC\` for shares) when it is
/// longer than MAX_PATH, which lifts the 260-character limit without the LongPathsEnabled policy.
std::wstring win32_path(const std::filesystem::path& path);

/// Throws std::system_error(GetLastError(), system_category) with what() "<action> <path>: <message>".
[[noreturn]] void throw_last_error(std::string_view action, const std::filesystem::path& path);

}  // namespace zdbackup::platform::windows
