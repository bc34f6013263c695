#pragma once

#include <zdbackup/zendesk/backup_engine.hpp>

#include <chrono>
#include <filesystem>
#include <map>
#include <string>

namespace zdbackup {

/// Everything the end-of-run table shows.
struct RunSummary {
    EngineReport engine;
    std::map<std::string, std::uint64_t> written;  ///< zip entries per resource name / attachment folder
    std::vector<SkippedKind> skipped;              ///< as in the manifest
    std::chrono::steady_clock::duration wall{};
    std::filesystem::path zip;
    std::filesystem::path delivered;  ///< copy in --backup-dir, empty if none
    std::uint64_t zip_bytes = 0;
    std::uint64_t zip_entries = 0;
};

/// The summary table printed on stdout and written to run.log.
std::string format_summary(const RunSummary& summary);

}  // namespace zdbackup
