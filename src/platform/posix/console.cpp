#include <zdbackup/platform/console.hpp>

#include <signal.h>
#include <unistd.h>

namespace zdbackup::platform {

void prepare_console() noexcept {
    // A closed console pipe (`zdbackup ... | head`) must not kill a backup; writes just fail.
    ::signal(SIGPIPE, SIG_IGN);
}

bool is_terminal(std::FILE* stream) noexcept {
    return ::isatty(::fileno(stream)) == 1;
}

}  // namespace zdbackup::platform
