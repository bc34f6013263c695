#pragma once

#include <zdbackup/core/run_error.hpp>
#include <zdbackup/net/http_response.hpp>

namespace zdbackup {

/// Turns a failed fetch into the one line the user sees: what is wrong and what to do about it.
RunError explain_failure(const net::FetchFailure& failure);

}  // namespace zdbackup
