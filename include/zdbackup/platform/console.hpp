#pragma once
// The console the program writes to.

#include <cstdio>

namespace zdbackup::platform {

/// Call once at the start of main(). POSIX: a closed output pipe (`zdbackup ... | head`) must not kill
/// a backup, so SIGPIPE is ignored and writes just fail. Windows: the console shows our UTF-8 output
/// as UTF-8 (SetConsoleOutputCP(CP_UTF8)).
void prepare_console() noexcept;

/// True when `stream` is an interactive terminal (isatty / _isatty).
bool is_terminal(std::FILE* stream) noexcept;

}  // namespace zdbackup::platform
