#pragma once

#include <zdbackup/core/config.hpp>

#include <filesystem>

namespace zdbackup {

/// Kinds that get their own log file under <cache>/logs/ (plus run.log for the run as a whole).
inline constexpr const char* kLogKinds[] = {"tickets", "users",          "organizations",
                                            "guide",   "support_assets", "attachments"};

/// One logger per kind writing <logs_dir>/<kind>.log, and the default logger writing run.log and,
/// filtered by verbosity, stderr. Errors: RunError when the log directory cannot be written.
void setup_logging(const std::filesystem::path& logs_dir, Verbosity verbosity);

/// Console-only logging, for commands that have no cache (verify) and for early failures.
void setup_console_logging(Verbosity verbosity);

}  // namespace zdbackup
