#pragma once
// Turns whatever ended a command into the one line the user sees and the documented exit code, the same
// way for the whole process (main) and for one instance of several (run_backups).

#include <zdbackup/core/errc.hpp>

#include <exception>
#include <string>

namespace zdbackup {

struct FailureLine {
    ExitCode code = ExitCode::failure;
    std::string message;  ///< without the "zdbackup: error: " prefix
};

/// Classifies the exception `error`: UsageError → usage, RunError → its code, system errors → network,
/// API or local I/O (disk full says so, with the fix), anything else → failure.
FailureLine describe_failure(const std::exception_ptr& error);

}  // namespace zdbackup
