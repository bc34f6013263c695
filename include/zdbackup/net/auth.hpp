#pragma once

#include <zdbackup/core/config.hpp>

#include <string>
#include <string_view>

namespace zdbackup::net {

std::string base64_encode(std::string_view data);

/// The Authorization header value for the configured auth mode: API token →
/// `Basic base64("email/token:token")`, OAuth → `Bearer token`. Never log the result.
std::string authorization_header(const Config& config);

}  // namespace zdbackup::net
