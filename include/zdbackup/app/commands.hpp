#pragma once
// The commands of the command line. Each returns the process exit code; failures throw RunError.

#include <zdbackup/app/cli.hpp>
#include <zdbackup/app/summary_json.hpp>
#include <zdbackup/core/config.hpp>

#include <filesystem>

namespace zdbackup {

/// One instance's backup. `outcome` is filled in as the run goes, so that after a failure it holds
/// what was known (the caller adds the error).
int run_backup(const Config& config, RunOutcome& outcome);

/// Every run of the command, one after another (see the README: one failing does not stop the others;
/// an interruption does). Writes each run's summary JSON when asked. Returns 0, or the first failed
/// run's exit code; prints one error line per failed run and, with several runs, a final line naming
/// the failed ones.
int run_backups(const BackupCommand& command);

int run_verify(const std::filesystem::path& zip);

/// `zdbackup status`: see status_report.hpp for what it says and its exit codes.
int run_status(const StatusCommand& command);

}  // namespace zdbackup
