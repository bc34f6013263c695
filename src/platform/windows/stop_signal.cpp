#include <zdbackup/platform/stop_signal.hpp>

#include "windows_api.hpp"

#include <atomic>
#include <csignal>

namespace zdbackup::platform {
namespace {

std::atomic<ScopedStopHandler::Callback> callback{nullptr};

// Runs on a thread the system creates for the console event. Returning TRUE stops the default handling
// (ExitProcess) for Ctrl-C and Ctrl-Break. For a closed console window the process ends when this
// returns, so the handler waits a little for the run to remove its temp files (the system allows ~5 s).
BOOL WINAPI on_console_event(DWORD event) {
    const auto f = callback.load();
    if (f == nullptr) return FALSE;
    switch (event) {
        case CTRL_C_EVENT:
        case CTRL_BREAK_EVENT:
            f();
            return TRUE;
        case CTRL_CLOSE_EVENT:
        case CTRL_LOGOFF_EVENT:
        case CTRL_SHUTDOWN_EVENT:
            f();
            ::Sleep(3000);
            return TRUE;
        default:
            return FALSE;
    }
}

}  // namespace

std::vector<int> stop_signal_numbers() {
    return {SIGINT, SIGTERM, SIGBREAK};
}

ScopedStopHandler::ScopedStopHandler(Callback on_stop) noexcept {
    callback.store(on_stop);
    ::SetConsoleCtrlHandler(on_console_event, TRUE);
}

ScopedStopHandler::~ScopedStopHandler() {
    ::SetConsoleCtrlHandler(on_console_event, FALSE);
    callback.store(nullptr);
}

}  // namespace zdbackup::platform
