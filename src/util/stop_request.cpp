#include <zdbackup/util/stop_request.hpp>

#include <signal.h>

#include <csignal>

namespace zdbackup {

namespace {

volatile std::sig_atomic_t stop_flag = 0;
struct sigaction previous_int {};
struct sigaction previous_term {};

extern "C" void on_stop_signal(int) {
    stop_flag = 1;
}

}  // namespace

StopRequest::StopRequest() {
    struct sigaction action {};
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &previous_int);
    sigaction(SIGTERM, &action, &previous_term);
}

StopRequest::~StopRequest() {
    sigaction(SIGINT, &previous_int, nullptr);
    sigaction(SIGTERM, &previous_term, nullptr);
}

bool StopRequest::requested() noexcept {
    return stop_flag != 0;
}

}  // namespace zdbackup
