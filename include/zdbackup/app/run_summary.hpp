#pragma once

#include <zdbackup/zendesk/backup_engine.hpp>

#include <algorithm>
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

/// One kind's row of the summary (the kinds of --only/--skip).
struct KindTotals {
    std::uint64_t records = 0;     ///< in the zip
    std::uint64_t downloaded = 0;  ///< fetched in this run, details included
    net::TransferStats transfer;

    /// Records whose details came from the cache rather than the network.
    std::uint64_t from_cache() const { return records - std::min(downloaded, records); }
};

/// The command-line kind (tickets, guide, attachments...) of a zip counts key: a resource name
/// ("support_assets/macros") or an attachment folder ("tickets/attachments").
std::string kind_of(const std::string& name);

/// The rows of the summary, by kind (tickets, users, ...): the streams' traffic and the zip's counts.
std::map<std::string, KindTotals> kind_totals(const RunSummary& summary);

/// The summary table printed on stdout and written to run.log.
std::string format_summary(const RunSummary& summary);

}  // namespace zdbackup
