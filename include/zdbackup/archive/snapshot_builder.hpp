#pragma once
// Builds the snapshot zip from the cache: every run's zip is complete, whether the run downloaded
// everything or only what changed, because it is written from the cache after the cache is up to date.

#include <zdbackup/archive/manifest.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace zdbackup {

class CacheStore;

/// What goes into the zip.
struct SnapshotScope {
    std::vector<std::string> record_kinds;  ///< resource table names, e.g. "tickets", "support_assets/macros"
    std::vector<std::string> file_folders;  ///< "tickets/attachments", "guide_articles/attachments"
};

struct SnapshotResult {
    std::uint64_t entries = 0;  ///< manifest.json included
    std::uint64_t bytes = 0;    ///< uncompressed entry bytes
    std::map<std::string, std::uint64_t> counts;
};

/// Writes `zip` (created or truncated): records kind by kind in path order, then the downloaded files,
/// then manifest.json with the counts and digests filled in. `on_entry` is called after each entry.
/// Errors: std::system_error (disk full, unreadable cached file), RunError from the cache.
SnapshotResult write_snapshot(CacheStore& cache, const std::filesystem::path& cache_dir,
                              const std::filesystem::path& zip, const SnapshotScope& scope, Manifest manifest,
                              const std::function<void(const SnapshotResult&)>& on_entry = {});

}  // namespace zdbackup
