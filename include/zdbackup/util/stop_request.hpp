#pragma once
// Ctrl-C and SIGTERM during the local part of a run (writing and copying the zip), after the network
// engine, which handles them itself, has finished: while a StopRequest lives, the signals only set a
// flag that the long loops poll, so they can remove their temp files and exit with one line. How the
// stop arrives (signals, Windows console events) is the platform layer's business.

#include <zdbackup/platform/stop_signal.hpp>

namespace zdbackup {

class StopRequest {
  public:
    StopRequest();   ///< installs the handlers
    ~StopRequest();  ///< restores the previous ones
    StopRequest(const StopRequest&) = delete;
    StopRequest& operator=(const StopRequest&) = delete;

    /// True once SIGINT or SIGTERM (Ctrl-C, Ctrl-Break, console closed) arrived while an object lived.
    /// Async-signal-safe flag.
    static bool requested() noexcept;

  private:
    platform::ScopedStopHandler handler_;
};

}  // namespace zdbackup
