#pragma once
// A blocking client for zdmock's own endpoints (/__mock/stats, /__mock/reset-stats, /__mock/mutate), for
// tests and the bench tool: one short HTTPS request on loopback, verified against the mock's CA.

#include <cstdint>
#include <filesystem>
#include <string>

namespace zdmock {

/// GET (or POST) `target` on https://127.0.0.1:`port`, trusting `ca_file`; returns the body.
/// Errors: throws std::runtime_error when the answer is not 200, boost::system::system_error on I/O errors.
std::string admin_request(std::uint16_t port, const std::filesystem::path& ca_file, bool post,
                          const std::string& target);

}  // namespace zdmock
