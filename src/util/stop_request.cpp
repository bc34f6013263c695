#include <zdbackup/util/stop_request.hpp>

#include <atomic>

namespace zdbackup {
namespace {

// Lock-free, so setting it from a signal handler (or Windows' console control thread) is safe.
std::atomic<bool> stop_flag{false};
static_assert(std::atomic<bool>::is_always_lock_free);

void on_stop() noexcept {
    stop_flag.store(true);
}

}  // namespace

StopRequest::StopRequest() : handler_(&on_stop) {}

StopRequest::~StopRequest() = default;

bool StopRequest::requested() noexcept {
    return stop_flag.load();
}

}  // namespace zdbackup
