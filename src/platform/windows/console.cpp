#include <zdbackup/platform/console.hpp>

#include "windows_api.hpp"

#include <io.h>

namespace zdbackup::platform {

void prepare_console() noexcept {
    // Our messages are UTF-8; without this the console shows them in the OEM code page (mojibake).
    // Windows has no SIGPIPE: writes to a closed pipe just fail.
    ::SetConsoleOutputCP(CP_UTF8);
}

bool is_terminal(std::FILE* stream) noexcept {
    return ::_isatty(::_fileno(stream)) != 0;
}

}  // namespace zdbackup::platform
