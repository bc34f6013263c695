#pragma once
// `zdbackup status`: what a cache says about its backups, judged for a person or a monitoring system.
// Pure: the caller reads the state file and probes the lock.

#include <zdbackup/cache/backup_state.hpp>
#include <zdbackup/core/errc.hpp>

#include <boost/json/object.hpp>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

namespace zdbackup {

/// What was found in one cache.
struct CacheStatus {
    std::string instance;  ///< may be empty (status --cache-dir)
    std::filesystem::path cache_dir;
    std::optional<BackupState> state;  ///< nullopt: no cache or no backup_state.json
    std::optional<long> running_pid;   ///< a run holds the cache's lock now (0: its pid is unknown)
};

/// The verdict: the exit code and one line saying why.
///   0 (success)       the last backup succeeded (and is younger than max_age)
///   8 (no_backup)     no cache, or no backup has succeeded in it yet
///   9 (last_failed)   the last attempt failed, or did not finish and no run holds the cache now
///   10 (too_old)      the last success is older than max_age
/// A run in progress does not change the verdict: it is about the last finished attempt.
struct StatusVerdict {
    ExitCode code = ExitCode::success;
    std::string line;
    std::optional<double> age_hours;  ///< of the last success
};

StatusVerdict judge_status(const CacheStatus& status, std::chrono::system_clock::time_point now,
                           std::optional<std::chrono::hours> max_age);

/// A few lines for a person: the verdict, the last success (when, zip, size, counts), the last failure,
/// the run in progress.
std::string format_status(const CacheStatus& status, const StatusVerdict& verdict);

/// The same as a JSON object (instance, cache_dir, status, exit_code, message, last_success,
/// last_failure, running, unfinished_run).
boost::json::object status_json(const CacheStatus& status, const StatusVerdict& verdict);

/// "2026-12-03T15:01:56Z" → time point; nullopt when it is not that exact form.
std::optional<std::chrono::system_clock::time_point> parse_iso8601_utc(std::string_view text);

}  // namespace zdbackup
