#include <zdbackup/platform/process.hpp>

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

namespace zdbackup::platform {

long current_pid() {
    return static_cast<long>(::getpid());
}

bool process_alive(long pid) {
    if (pid <= 0) return false;
    // Signal 0 checks existence only; EPERM means it exists but belongs to someone else.
    return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

std::vector<std::string> utf8_arguments(int argc, char** argv) {
    // POSIX arguments are bytes; UTF-8 is the convention every supported system follows.
    return argc > 1 ? std::vector<std::string>(argv + 1, argv + argc) : std::vector<std::string>();
}

std::optional<std::string> environment_variable(std::string_view name) {
    const char* value = std::getenv(std::string(name).c_str());
    if (!value) return std::nullopt;
    return std::string(value);
}

}  // namespace zdbackup::platform
