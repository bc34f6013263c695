#include <zdbackup/app/commands.hpp>
#include <zdbackup/app/logging.hpp>
#include <zdbackup/app/progress_printer.hpp>
#include <zdbackup/app/run_summary.hpp>
#include <zdbackup/archive/manifest.hpp>
#include <zdbackup/core/run_error.hpp>
#include <zdbackup/pipeline/archive_pipeline.hpp>
#include <zdbackup/util/atomic_file.hpp>
#include <zdbackup/util/cache_lock.hpp>
#include <zdbackup/util/local_date.hpp>
#include <zdbackup/zendesk/backup_engine.hpp>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <regex>

namespace zdbackup {

namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

constexpr std::size_t kQueuedBatches = 16;
constexpr std::string_view kZipPrefix = "zendesk_backup_";

void prepare_cache(const fs::path& cache_dir) {
    std::error_code ec;
    fs::create_directories(cache_dir, ec);
    if (ec || !fs::is_directory(cache_dir))
        throw RunError(ExitCode::local_io, "cannot create the cache directory " + cache_dir.string() + " (" +
                                               ec.message() + "): check --cache-dir / LOCAL_CACHE_PATH");
}

/// The pid in "<name>.<pid>.tmp", or 0.
long pid_in_temp_name(const std::string& name) {
    const auto end = name.rfind(".tmp");
    const auto start = name.rfind('.', end == std::string::npos || end == 0 ? 0 : end - 1);
    if (end == std::string::npos || start == std::string::npos || start + 1 >= end) return 0;
    try {
        return std::stol(name.substr(start + 1, end - start - 1));
    } catch (const std::exception&) {
        return 0;
    }
}

/// Removes what a killed run may have left in `dir`: files named prefix*suffix, except the temp
/// copy of a run that is still alive (another cache delivering into the same folder).
void remove_leftovers(const fs::path& dir, std::string_view prefix, std::string_view suffix) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (!name.starts_with(prefix) || !name.ends_with(suffix)) continue;
        if (const long pid = pid_in_temp_name(name); pid != 0 && process_alive(pid)) continue;
        fs::remove(entry.path(), ec);
        spdlog::info("removed {} left by an interrupted run", entry.path().string());
    }
}

/// Snapshot zips in `dir` of one family, newest first: "zendesk_backup_YYYY-MM-DD.zip" (complete) or
/// "zendesk_backup_YYYY-MM-DD_partial.zip" (--only/--skip). Other files, even similar names, are never
/// touched.
std::vector<fs::path> backup_zips(const fs::path& dir, bool partial) {
    static const std::regex complete_name(R"(zendesk_backup_\d{4}-\d{2}-\d{2}\.zip)");
    static const std::regex partial_name(R"(zendesk_backup_\d{4}-\d{2}-\d{2}_partial\.zip)");
    std::vector<fs::path> zips;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (entry.is_regular_file(ec) && std::regex_match(name, partial ? partial_name : complete_name))
            zips.push_back(entry.path());
    }
    std::sort(zips.rbegin(), zips.rend());
    return zips;
}

/// Keeps the `keep` newest zips of the family in `dir` (0 = keep all).
void apply_retention(const fs::path& dir, int keep, bool partial) {
    if (keep <= 0) return;
    auto zips = backup_zips(dir, partial);
    for (std::size_t i = static_cast<std::size_t>(keep); i < zips.size(); ++i) {
        std::error_code ec;
        fs::remove(zips[i], ec);
        if (ec)
            spdlog::warn("cannot remove old backup {}: {}", zips[i].string(), ec.message());
        else
            spdlog::info("removed old backup {}", zips[i].string());
    }
}

/// Fails before any download when the backup folder cannot take the zip (a path under a file,
/// no permission), rather than after hours of work.
void check_backup_dir(const fs::path& backup_dir) {
    if (backup_dir.empty()) return;
    std::error_code ec;
    fs::create_directories(backup_dir, ec);
    const fs::path probe = backup_dir / "~$zdbackup-write-test.tmp";
    if (!ec) {
        try {
            write_file_atomically(probe, "");
        } catch (const std::system_error& error) {
            ec = error.code();
        }
        std::error_code ignored;
        fs::remove(probe, ignored);
    }
    if (ec)
        throw RunError(ExitCode::local_io, "cannot write to the backup directory " + backup_dir.string() +
                                               " (" + ec.message() + "): check --backup-dir / BACKUP_PATH");
}

/// Kinds left out by --only/--skip/--no-attachments: the snapshot is then partial.
std::vector<SkippedKind> excluded_kinds(const Config& config) {
    std::vector<SkippedKind> excluded;
    for (std::string_view kind : all_kinds)
        if (!config.kinds.contains(std::string(kind)))
            excluded.push_back({std::string(kind), "excluded by --only/--skip/--no-attachments"});
    return excluded;
}

/// Copies the finished zip into the backup folder. A synced folder (OneDrive) must never see a
/// partial file under the real name: the copy goes to a temp name OneDrive ignores ("~$…tmp"),
/// is flushed, then renamed.
fs::path deliver(const fs::path& zip, const fs::path& backup_dir) {
    std::error_code ec;
    fs::create_directories(backup_dir, ec);
    if (ec)
        throw RunError(ExitCode::local_io, "cannot create the backup directory " + backup_dir.string() +
                                               " (" + ec.message() + "): check --backup-dir / BACKUP_PATH");
    const fs::path target = backup_dir / zip.filename();
    remove_leftovers(backup_dir, "~$" + std::string(kZipPrefix), ".tmp");
    // The pid keeps two runs (two caches, one backup folder) off each other's temp file.
    const std::string temp = "~$" + zip.filename().string() + "." + std::to_string(current_pid()) + ".tmp";
    copy_file_atomically(zip, target, backup_dir / temp);
    return target;
}

void write_state(const fs::path& cache_dir, const RunSummary& summary, const Manifest& manifest) {
    json::object counts;
    for (const auto& [kind, n] : summary.written) counts[kind] = n;
    json::object last_run{{"started_at", manifest.started_at},
                          {"finished_at", manifest.finished_at},
                          {"mode", manifest.mode},
                          {"zip", summary.zip.filename().string()},
                          {"zip_bytes", summary.zip_bytes},
                          {"counts", counts},
                          {"requests", summary.engine.total.requests},
                          {"retries", summary.engine.total.retries},
                          {"rate_limited", summary.engine.total.rate_limited}};
    json::object state{{"format", "zdbackup-state/1"}, {"source", manifest.source}, {"last_run", last_run}};
    write_file_atomically(cache_dir / "backup_state.json", json::serialize(state) + "\n");
}

}  // namespace

int run_backup(const Config& config) {
    const auto wall_start = std::chrono::steady_clock::now();
    const auto started = std::chrono::system_clock::now();
    prepare_cache(config.cache_dir);
    const CacheLock lock(config.cache_dir);
    setup_logging(config.cache_dir / "logs", config.verbosity);
    spdlog::info("backup of {} into {}", config.base_url, config.cache_dir.string());

    check_backup_dir(config.backup_dir);
    // A run that leaves kinds out is not a complete snapshot: it must not replace the day's complete zip.
    const std::vector<SkippedKind> excluded = excluded_kinds(config);
    const bool partial_snapshot = !excluded.empty();
    const std::string zip_name =
        std::string(kZipPrefix) + local_date_stamp(started) + (partial_snapshot ? "_partial.zip" : ".zip");
    const fs::path zip_path = config.cache_dir / zip_name;
    const fs::path partial = config.cache_dir / (zip_name + ".partial");
    remove_leftovers(config.cache_dir, kZipPrefix, ".zip.partial");

    Manifest manifest;
    manifest.tool_version = ZDB_VERSION;
    manifest.source = config.base_url;
    manifest.started_at = iso8601_utc(started);
    manifest.mode = "full";

    RunSummary summary;
    FinishedZip finished;
    {
        ArchivePipeline pipeline(partial, kQueuedBatches);
        ProgressPrinter printer(stderr, config.verbosity);
        try {
            BackupEngine engine(config);
            summary.engine = engine.run(
                pipeline, [&](const ProgressSnapshot& s) { printer.update(s); }, printer.interval());
            printer.finish();
            manifest.skipped = excluded;
            manifest.skipped.insert(manifest.skipped.end(), summary.engine.skipped.begin(),
                                    summary.engine.skipped.end());
            manifest.finished_at = iso8601_utc(std::chrono::system_clock::now());
            finished = pipeline.finish(manifest);
            summary.written = pipeline.counts_by_kind();
        } catch (...) {
            printer.finish();
            pipeline.abort();
            std::error_code ignored;
            fs::remove(partial, ignored);  // a partial snapshot is never presented as a backup
            throw;
        }
    }
    fsync_file(partial);
    fs::rename(partial, zip_path);
    fsync_directory(config.cache_dir);
    for (const fs::path& old : backup_zips(config.cache_dir, partial_snapshot))
        if (old != zip_path) fs::remove(old);  // the cache keeps only the newest snapshot of each family

    summary.zip = zip_path;
    summary.zip_bytes = fs::file_size(zip_path);
    summary.zip_entries = finished.entries;
    if (!config.backup_dir.empty()) {
        summary.delivered = deliver(zip_path, config.backup_dir);
        apply_retention(config.backup_dir, config.keep, partial_snapshot);
    }
    summary.wall = std::chrono::steady_clock::now() - wall_start;
    write_state(config.cache_dir, summary, manifest);

    const std::string table = format_summary(summary);
    std::cout << table << std::flush;
    log_to_run_file(false, "summary\n" + table);
    return 0;
}

}  // namespace zdbackup
