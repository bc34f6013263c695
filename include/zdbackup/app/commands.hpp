#pragma once
// The commands of the command line. Each returns the process exit code; failures throw RunError.

#include <zdbackup/core/config.hpp>

#include <filesystem>

namespace zdbackup {

int run_backup(const Config& config);
int run_verify(const std::filesystem::path& zip);

}  // namespace zdbackup
