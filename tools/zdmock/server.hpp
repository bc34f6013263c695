#pragma once

#include <cstdint>
#include <functional>

#include "zdmock/certs.hpp"
#include "zdmock/options.hpp"
#include "zdmock/service.hpp"

namespace zdmock {

/// Serves HTTPS on options.host:options.port with options.threads threads until SIGINT or SIGTERM.
/// Calls `on_listening(port)` once the socket listens (and the service knows its base URL).
/// Errors: throws std::system_error if the address cannot be bound or TLS cannot be set up.
void run_server(const Options& options, const Certificates& certs, MockService& service,
                const std::function<void(std::uint16_t)>& on_listening);

}  // namespace zdmock
