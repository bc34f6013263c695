#pragma once

#include <zdbackup/core/errc.hpp>

#include <stdexcept>
#include <string>

namespace zdbackup {

/// A failure that ends the run: one line for the user (what is wrong, what to do) and an exit code.
class RunError : public std::runtime_error {
  public:
    RunError(ExitCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
    ExitCode exit_code() const noexcept { return code_; }

  private:
    ExitCode code_;
};

}  // namespace zdbackup
