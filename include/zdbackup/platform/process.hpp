#pragma once
// This process and others: ids, liveness, and the command line and environment as UTF-8.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zdbackup::platform {

/// The id of this process.
long current_pid();

/// True while a process with this id exists (then its leftovers must not be removed). A process we may
/// not inspect counts as alive.
bool process_alive(long pid);

/// The program's arguments without argv[0], as UTF-8. On Windows they are read again from
/// GetCommandLineW, because argv is in the ANSI code page and loses characters outside it.
std::vector<std::string> utf8_arguments(int argc, char** argv);

/// An environment variable as UTF-8; nullopt when unset (_wgetenv on Windows, for the same reason).
std::optional<std::string> environment_variable(std::string_view name);

}  // namespace zdbackup::platform
