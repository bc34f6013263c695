#pragma once
// Test helper: reads a zip back with libarchive, as the style guide asks of zip tests.

#include <zdbackup/archive/archive_file.hpp>
#include <zdbackup/platform/utf8_locale.hpp>

#include <archive.h>
#include <archive_entry.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace zdbackup::testing {

struct ReadEntry {
    std::string path;
    std::string data;
    int mode = 0;
    long long mtime = 0;
};

/// Reads every entry through the central directory. Throws std::runtime_error on any libarchive error.
inline std::vector<ReadEntry> read_zip(const std::filesystem::path& file) {
    const platform::ScopedUtf8Locale utf8;  // else UTF-8 names come back empty in the "C" locale
    archive* reader = archive_read_new();
    archive_read_support_format_zip_seekable(reader);
    std::vector<ReadEntry> out;
    auto fail = [&](const std::string& what) {
        std::string message =
            what + ": " + (archive_error_string(reader) ? archive_error_string(reader) : "?");
        archive_read_free(reader);
        throw std::runtime_error(message);
    };
    if (archive_read_open_path(reader, file) != ARCHIVE_OK) fail("open");
    archive_entry* entry = nullptr;
    for (;;) {
        const int status = archive_read_next_header(reader, &entry);
        if (status == ARCHIVE_EOF) break;
        if (status < ARCHIVE_WARN) fail("next header");
        ReadEntry e;
        const char* name = archive_entry_pathname_utf8(entry);
        e.path = name ? name : "";
        e.mode = static_cast<int>(archive_entry_mode(entry));
        e.mtime = static_cast<long long>(archive_entry_mtime(entry));
        char buffer[1 << 16];
        for (;;) {
            const la_ssize_t n = archive_read_data(reader, buffer, sizeof buffer);
            if (n < 0) fail("data of " + e.path);
            if (n == 0) break;
            e.data.append(buffer, static_cast<std::size_t>(n));
        }
        out.push_back(std::move(e));
    }
    archive_read_free(reader);
    return out;
}

}  // namespace zdbackup::testing
