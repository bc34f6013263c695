#pragma once
// The user's "stop" (Ctrl-C, SIGTERM from kill or systemd; Ctrl-C, Ctrl-Break or closing the console
// window on Windows) delivered to a plain function instead of ending the process.

#include <vector>

namespace zdbackup::platform {

/// The C signal numbers that mean "stop" here, for code that waits on them (asio::signal_set):
/// SIGINT and SIGTERM; on Windows also SIGBREAK, which the C runtime raises for Ctrl-Break.
std::vector<int> stop_signal_numbers();

/// While alive, a stop request calls `on_stop` (from a signal handler on POSIX, from a console control
/// thread on Windows: it must only set an atomic flag). The previous handling is restored on destruction.
/// Thread safety: create and destroy on one thread; one object at a time.
class ScopedStopHandler {
  public:
    using Callback = void (*)() noexcept;
    explicit ScopedStopHandler(Callback on_stop) noexcept;
    ~ScopedStopHandler();
    ScopedStopHandler(const ScopedStopHandler&) = delete;
    ScopedStopHandler& operator=(const ScopedStopHandler&) = delete;
};

}  // namespace zdbackup::platform
