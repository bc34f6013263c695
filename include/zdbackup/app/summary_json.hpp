#pragma once
// --summary-json FILE: one run's result for a monitoring system, written atomically at the end of the
// run, failed or not.

#include <zdbackup/app/run_summary.hpp>

#include <chrono>
#include <filesystem>
#include <string>

namespace zdbackup {

/// What a backup run got to, filled in as it goes, so that a failed run still reports what it knew.
struct RunOutcome {
    std::string instance;
    std::string source;  ///< the base URL
    std::string mode;    ///< "full" | "incremental"; empty when the run failed before it began
    std::chrono::system_clock::time_point started{};
    std::chrono::system_clock::time_point finished{};
    std::chrono::steady_clock::duration wall{};
    /// Per-stream traffic (a failed run's last progress), the zip's counts, skipped kinds, warnings.
    RunSummary summary;
    std::string zip_sha256;  ///< of the whole zip file; empty when no zip was written
    int exit_code = 0;
    std::string error;  ///< the one-line error; empty on success. Never holds a credential.
};

/// The summary document: {"format":"zdbackup-summary/1", "status":"ok"|"failed"|"interrupted",
/// "exit_code", "error", "instance", "source", "mode", "started_at", "finished_at", "wall_seconds",
/// "kinds": {kind: counts}, "total": counts, "zip": {"path","size","sha256"} | null, "delivered",
/// "warnings", "skipped"}, where counts are records, downloaded, from_cache, bytes, requests,
/// retries, rate_limited (429s). Pure.
std::string summary_json(const RunOutcome& outcome);

/// Writes summary_json(outcome) to `file` atomically, creating its folder.
/// Errors: std::system_error naming the file.
void write_summary_json(const std::filesystem::path& file, const RunOutcome& outcome);

}  // namespace zdbackup
