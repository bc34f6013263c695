#pragma once
// <cache>/backup_state.json (the seed document's name): the human-readable state of the cache — each
// stream's saved position, the run in flight and the last run's summary. The positions are mirrored
// from the cache database, where they are committed with the data they cover; deleting this file
// forces the next run to be a full one.

#include <zdbackup/cache/cache_store.hpp>

#include <boost/json/object.hpp>

#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace zdbackup {

struct BackupState {
    std::string source;
    std::map<std::string, StreamState> streams;
    std::optional<boost::json::object> run_in_progress;  ///< id, mode, started_at, progress
    std::optional<boost::json::object> last_run;         ///< the summary of the last complete run
    /// The last run restricted by --only/--skip/--no-attachments: never counts as a complete backup.
    std::optional<boost::json::object> last_partial_run;
    std::optional<boost::json::object> last_failure;  ///< when and why the last failed attempt stopped
};

std::filesystem::path backup_state_file(const std::filesystem::path& cache_dir);

/// Reads the state file: nullopt when there is none.
/// Errors: RunError(local_io) naming the file and the fix when it is truncated, not JSON or not ours.
std::optional<BackupState> read_backup_state(const std::filesystem::path& cache_dir);

/// Writes the state file atomically (temp, fsync, rename).
void write_backup_state(const std::filesystem::path& cache_dir, const BackupState& state);

}  // namespace zdbackup
