#pragma once
// Starting the programs under measurement and reading what the kernel counted for them.

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace zdbench {

/// Starts `argv` with stdout to `out` and stderr to `out` + ".err". Exits the bench if it cannot.
pid_t spawn(const std::vector<std::string>& argv, const std::filesystem::path& out);

struct Usage {
    int exit_code = -1;    ///< 128 + signal when killed
    double wall_s = 0;     ///< from spawn to exit
    double cpu_s = 0;      ///< user + system
    long peak_rss_kb = 0;  ///< ru_maxrss
};

/// Runs `argv` to completion and measures it.
Usage run_measured(const std::vector<std::string>& argv, const std::filesystem::path& out);

std::string slurp(const std::filesystem::path& file);

}  // namespace zdbench
