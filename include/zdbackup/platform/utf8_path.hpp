#pragma once
// Paths <-> UTF-8 text, done here and nowhere else. std::filesystem::path::string() is UTF-8 on POSIX
// but the ANSI code page on Windows (and throws on characters it lacks); SQLite, Beast's file_win32,
// JSON, logs and messages all want UTF-8. Use these instead of .string() and the std::string
// constructor of path wherever the text crosses that boundary.

#include <filesystem>
#include <string>
#include <string_view>

namespace zdbackup::platform {

/// The path as UTF-8 bytes (generic separators are not imposed: the native form is kept).
std::string path_to_utf8(const std::filesystem::path& path);

/// A path from UTF-8 bytes (an environment variable, a command-line argument, a config file).
std::filesystem::path path_from_utf8(std::string_view utf8);

}  // namespace zdbackup::platform
