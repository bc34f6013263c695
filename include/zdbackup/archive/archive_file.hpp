#pragma once
// Opening a zip file for libarchive by its native name. libarchive's narrow open takes the name in the
// ANSI code page on Windows, which cannot spell every path; its wide open takes UTF-16 names there.

#include <archive.h>

#include <cstddef>
#include <filesystem>
#include <type_traits>

namespace zdbackup {

namespace detail {
// A template, so the branch for the other platform's character type is never compiled.
template <class Char>
int archive_read_open_native(archive* reader, const Char* name, std::size_t block_size) {
    if constexpr (std::is_same_v<Char, wchar_t>)
        return archive_read_open_filename_w(reader, name, block_size);
    else
        return archive_read_open_filename(reader, name, block_size);
}
}  // namespace detail

/// archive_read_open_filename for a path: the wide call on Windows, the byte call on POSIX.
/// Errors: libarchive's status (ARCHIVE_OK on success); the message is in archive_error_string.
inline int archive_read_open_path(archive* reader, const std::filesystem::path& file,
                                  std::size_t block_size = 1 << 16) {
    return detail::archive_read_open_native(reader, file.c_str(), block_size);
}

}  // namespace zdbackup
