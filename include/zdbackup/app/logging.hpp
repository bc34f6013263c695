#pragma once

#include <zdbackup/core/config.hpp>

#include <filesystem>
#include <string_view>

namespace zdbackup {

/// Kinds that get their own log file under <cache>/logs/ (plus run.log for the run as a whole).
inline constexpr const char* kLogKinds[] = {"tickets", "users",          "organizations",
                                            "guide",   "support_assets", "attachments"};

/// One logger per kind writing <logs_dir>/<kind>.log, and the default logger writing run.log and,
/// filtered by verbosity, stderr. Errors: RunError when the log directory cannot be written.
void setup_logging(const std::filesystem::path& logs_dir, Verbosity verbosity);

/// Writes `message` to run.log only (not the console): the final error and the summary, which the
/// console already shows. Does nothing before setup_logging().
void log_to_run_file(bool is_error, std::string_view message);

/// Ends the logging of one instance's run: the next instance's messages (and its early failure, before
/// its own logs are set up) must not land in this one's run.log.
void close_run_logs();

/// Console-only logging, for commands that have no cache (verify) and for early failures.
void setup_console_logging(Verbosity verbosity);

}  // namespace zdbackup
