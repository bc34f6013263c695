#include <algorithm>
#include <zdbackup/archive/archive_file.hpp>
#include <zdbackup/archive/zip_verifier.hpp>

#include <zdbackup/platform/utf8_locale.hpp>
#include <zdbackup/util/sha256.hpp>

#include <archive.h>
#include <archive_entry.h>

#include <array>
#include <cerrno>
#include <fstream>
#include <memory>
#include <system_error>
#include <unordered_map>

namespace zdbackup {
namespace {

constexpr std::string_view manifest_name = "manifest.json";
// The manifest of a million-entry zip is ~130 MB; anything far larger is not ours.
constexpr std::uint64_t max_manifest_size = 1ull << 30;

struct ArchiveReadDeleter {
    void operator()(archive* a) const noexcept { archive_read_free(a); }
};
using ArchiveReader = std::unique_ptr<archive, ArchiveReadDeleter>;

std::string archive_message(archive* a) {
    const char* message = archive_error_string(a);
    return message != nullptr ? message : "unknown libarchive error";
}

/// Throws for a file we cannot open at all; everything after that is the zip's fault, not ours.
void require_readable(const std::filesystem::path& zip) {
    std::error_code ec;
    const auto status = std::filesystem::status(zip, ec);
    if (ec) throw std::system_error(ec, "cannot open " + zip.string());
    if (std::filesystem::is_directory(status))
        throw std::system_error(EISDIR, std::generic_category(), "cannot open " + zip.string());
    std::ifstream probe(zip, std::ios::binary);
    if (!probe)
        throw std::system_error(errno != 0 ? errno : EACCES, std::generic_category(),
                                "cannot open " + zip.string());
}

/// What reading the zip produced, before comparing with the manifest.
struct ZipContents {
    std::vector<EntryDigest> entries;     // in zip order, manifest.json excluded
    std::vector<std::string> unreadable;  // entries whose data failed to read (already a problem)
    std::optional<std::string> manifest_text;
    bool manifest_was_last = false;
    bool readable_to_end = true;
};

/// Reads the current entry's data. Returns false (and adds a problem) when the data cannot be read;
/// `fatal` tells whether the reader can go on to the next entry.
bool read_entry(archive* reader, const std::string& path, Sha256* hasher, std::string* text,
                std::uint64_t& size, bool& fatal, std::vector<std::string>& problems) {
    std::array<char, 1 << 16> buffer{};
    for (;;) {
        const la_ssize_t n = archive_read_data(reader, buffer.data(), buffer.size());
        if (n == 0) return true;
        if (n < 0) {
            fatal = n == ARCHIVE_FATAL;
            problems.push_back(path + ": unreadable: " + archive_message(reader));
            return false;
        }
        const std::string_view chunk(buffer.data(), static_cast<std::size_t>(n));
        size += chunk.size();
        if (hasher != nullptr) hasher->update(chunk);
        if (text != nullptr) {
            if (size > max_manifest_size) {
                problems.push_back(path + ": too large");
                return false;
            }
            text->append(chunk);
        }
    }
}

ZipContents read_zip_contents(const std::filesystem::path& zip, std::vector<std::string>& problems) {
    ZipContents contents;
    ArchiveReader reader(archive_read_new());
    if (!reader) throw std::system_error(ENOMEM, std::generic_category(), "archive_read_new");
    // Seekable mode trusts the central directory, as unzip and Python's zipfile do.
    archive_read_support_format_zip_seekable(reader.get());
    if (archive_read_open_path(reader.get(), zip) != ARCHIVE_OK) {
        // The seekable reader starts from the end-of-central-directory record, so a truncated file fails
        // here.
        problems.push_back("zip: unreadable (truncated, or not a zip): " + archive_message(reader.get()));
        contents.readable_to_end = false;
        return contents;
    }

    for (std::uint64_t index = 0;; ++index) {
        archive_entry* entry = nullptr;
        const int status = archive_read_next_header(reader.get(), &entry);
        if (status == ARCHIVE_EOF) break;
        if (status < ARCHIVE_WARN) {
            problems.push_back("zip: unreadable after " + std::to_string(index) +
                               " entries: " + archive_message(reader.get()));
            contents.readable_to_end = false;
            break;
        }
        const char* name = archive_entry_pathname_utf8(entry);
        std::string path =
            name != nullptr ? name : "entry #" + std::to_string(index + 1) + " (name not UTF-8)";
        contents.manifest_was_last = false;

        bool fatal = false;
        std::uint64_t size = 0;
        if (path == manifest_name) {
            if (contents.manifest_text) problems.push_back(path + ": duplicate entry");
            std::string text;
            if (read_entry(reader.get(), path, nullptr, &text, size, fatal, problems))
                contents.manifest_text = std::move(text);
            contents.manifest_was_last = true;
        } else {
            Sha256 hasher;
            if (read_entry(reader.get(), path, &hasher, nullptr, size, fatal, problems))
                contents.entries.push_back(EntryDigest{std::move(path), size, hasher.hex_digest()});
            else
                contents.unreadable.push_back(std::move(path));
        }
        if (fatal) {
            contents.readable_to_end = false;
            break;
        }
    }
    return contents;
}

/// A path that would land outside the folder it is extracted into, or that Windows cannot hold.
bool unsafe_entry_path(std::string_view path) {
    if (path.empty() || path.front() == '/' || path.find('\\') != std::string_view::npos ||
        path.find(':') != std::string_view::npos)
        return true;
    std::size_t start = 0;
    while (start <= path.size()) {
        const std::size_t end = std::min(path.find('/', start), path.size());
        const std::string_view part = path.substr(start, end - start);
        if (part.empty() || part == "." || part == "..") return true;
        start = end + 1;
    }
    return false;
}

void compare_with_manifest(const ZipContents& contents, const Manifest& manifest,
                           std::vector<std::string>& problems) {
    std::unordered_map<std::string_view, const EntryDigest*> in_zip;
    for (const auto& entry : contents.entries) {
        if (!in_zip.emplace(entry.path, &entry).second) problems.push_back(entry.path + ": duplicate entry");
        if (unsafe_entry_path(entry.path))
            problems.push_back(entry.path + ": unsafe path (absolute or with ..)");
    }

    // Unreadable entries were reported when reading; they are present, just not checkable.
    std::unordered_map<std::string_view, bool> unreadable;
    for (const auto& path : contents.unreadable) unreadable.emplace(path, true);

    std::unordered_map<std::string_view, bool> listed;
    for (const auto& expected : manifest.entries) {
        if (!listed.emplace(expected.path, true).second) {
            problems.push_back(expected.path + ": listed twice in manifest");
            continue;
        }
        const auto found = in_zip.find(expected.path);
        if (found == in_zip.end() && unreadable.contains(expected.path)) continue;
        if (found == in_zip.end()) {
            problems.push_back(expected.path + ": listed in manifest but missing");
            continue;
        }
        const EntryDigest& actual = *found->second;
        if (actual.size != expected.size)
            problems.push_back(expected.path + ": size mismatch (manifest " + std::to_string(expected.size) +
                               ", zip " + std::to_string(actual.size) + ")");
        if (actual.sha256 != expected.sha256) problems.push_back(expected.path + ": sha256 mismatch");
    }
    for (const auto& entry : contents.entries)
        if (!listed.contains(entry.path)) problems.push_back(entry.path + ": not in manifest");
    for (const auto& path : contents.unreadable)
        if (!listed.contains(path)) problems.push_back(path + ": not in manifest");
}

}  // namespace

VerifyReport verify_zip(const std::filesystem::path& zip) {
    require_readable(zip);
    // UTF-8-flagged names come back empty from libarchive in the "C" locale.
    const platform::ScopedUtf8Locale utf8;

    VerifyReport report;
    const ZipContents contents = read_zip_contents(zip, report.problems);
    report.entries_checked = contents.entries.size();

    // A zip that could not be read to the end has lost its manifest and perhaps its last entries; listing
    // every entry as missing would bury the one problem that matters.
    if (contents.readable_to_end) {
        if (!contents.manifest_text) {
            report.problems.push_back("manifest.json: missing");
        } else if (auto manifest = parse_manifest(*contents.manifest_text); !manifest) {
            report.problems.push_back("manifest.json: malformed: " + manifest.error().message());
        } else {
            if (!contents.manifest_was_last) report.problems.push_back("manifest.json: not the last entry");
            compare_with_manifest(contents, *manifest, report.problems);
            report.manifest = std::move(*manifest);
        }
    }
    report.ok = report.problems.empty();
    return report;
}

}  // namespace zdbackup
