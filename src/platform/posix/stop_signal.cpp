#include <zdbackup/platform/stop_signal.hpp>

#include <signal.h>

#include <atomic>

namespace zdbackup::platform {
namespace {

// A signal handler cannot take a closure: the callback lives here while a handler object does.
std::atomic<ScopedStopHandler::Callback> callback{nullptr};
struct sigaction previous_int {};
struct sigaction previous_term {};

extern "C" void on_stop_signal(int) {
    if (const auto f = callback.load()) f();
}

}  // namespace

std::vector<int> stop_signal_numbers() {
    return {SIGINT, SIGTERM};
}

ScopedStopHandler::ScopedStopHandler(Callback on_stop) noexcept {
    callback.store(on_stop);
    struct sigaction action {};
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &previous_int);
    sigaction(SIGTERM, &action, &previous_term);
}

ScopedStopHandler::~ScopedStopHandler() {
    sigaction(SIGINT, &previous_int, nullptr);
    sigaction(SIGTERM, &previous_term, nullptr);
    callback.store(nullptr);
}

}  // namespace zdbackup::platform
