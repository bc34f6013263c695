#pragma once
// `zdbackup verify`: re-reads a snapshot zip and checks every entry against its manifest.json.

#include <zdbackup/archive/manifest.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace zdbackup {

struct VerifyReport {
    bool ok = false;                    ///< true only when `problems` is empty
    std::uint64_t entries_checked = 0;  ///< entries re-hashed, manifest.json not included
    /// One line per problem, path first, e.g. "tickets/1.json: sha256 mismatch",
    /// "tickets/2.json: listed in manifest but missing", "x: not in manifest", "manifest.json: missing",
    /// "manifest.json: malformed: ...", "zip: unreadable (truncated, or not a zip): ...".
    std::vector<std::string> problems;
    std::optional<Manifest> manifest;  ///< set when manifest.json was present and valid
};

/// Re-hashes every entry (streaming, bounded memory: one buffer plus a digest per entry) and compares
/// paths, sizes and SHA-256 with manifest.json, which must be the last entry. Duplicate paths, entries
/// missing from either side and a zip that cannot be read to the end (truncated, corrupt) are problems.
/// Errors: std::system_error if the file cannot be opened; a damaged zip is reported in problems, not
/// thrown.
VerifyReport verify_zip(const std::filesystem::path& zip);

}  // namespace zdbackup
