#include <zdbackup/app/commands.hpp>
#include <zdbackup/app/logging.hpp>
#include <zdbackup/app/progress_printer.hpp>
#include <zdbackup/app/run_summary.hpp>
#include <zdbackup/app/summary_json.hpp>
#include <zdbackup/app/zip_names.hpp>
#include <zdbackup/archive/manifest.hpp>
#include <zdbackup/archive/snapshot_builder.hpp>
#include <zdbackup/cache/backup_state.hpp>
#include <zdbackup/cache/cache_store.hpp>
#include <zdbackup/core/run_error.hpp>
#include <zdbackup/pipeline/cache_writer.hpp>
#include <zdbackup/util/atomic_file.hpp>
#include <zdbackup/util/cache_lock.hpp>
#include <zdbackup/util/local_date.hpp>
#include <zdbackup/util/sha256.hpp>
#include <zdbackup/util/stop_request.hpp>
#include <zdbackup/zendesk/backup_engine.hpp>
#include <zdbackup/zendesk/resource.hpp>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <iostream>

namespace zdbackup {

namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

// Batches fetched but not yet committed are what a killed run fetches again: a short queue bounds that
// loss (and the memory it holds), and four batches are enough to smooth out the writer's fsyncs.
constexpr std::size_t kQueuedBatches = 4;
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

/// Snapshot zips in `dir` of one family, newest first: one instance's (label) complete or partial
/// (--only/--skip) zips. Other files, even similar names or another instance's zips, are never touched.
std::vector<fs::path> backup_zips(const fs::path& dir, const std::string& label, bool partial) {
    std::vector<fs::path> zips;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (entry.is_regular_file(ec) && in_zip_family(name, label, partial)) zips.push_back(entry.path());
    }
    std::sort(zips.rbegin(), zips.rend());
    return zips;
}

/// Keeps the `keep` newest zips of the family in `dir` (0 = keep all).
void apply_retention(const fs::path& dir, int keep, const std::string& label, bool partial) {
    if (keep <= 0) return;
    auto zips = backup_zips(dir, label, partial);
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
    try {
        copy_file_atomically(zip, target, backup_dir / temp, &StopRequest::requested);
    } catch (const std::system_error& error) {
        if (error.code() == std::errc::operation_canceled)
            throw RunError(ExitCode::interrupted,
                           "interrupted while copying the zip: the backup folder is "
                           "untouched and " +
                               zip.string() + " is complete; run the same command again to deliver it");
        const std::string why =
            error.code() == std::errc::no_space_on_device ? "the disk is full" : error.what();
        throw RunError(ExitCode::local_io, "cannot copy the zip into the backup directory " +
                                               backup_dir.string() + " (" + why +
                                               "); the zips already there are untouched and " + zip.string() +
                                               " is complete: free space and run again");
    }
    return target;
}

/// What goes into this run's zip: the enabled kinds' records and attachment folders.
SnapshotScope snapshot_scope(const Config& config) {
    SnapshotScope scope;
    for (const Resource& resource : resource_table())
        if (config.kinds.contains(std::string(resource.kind))) scope.record_kinds.emplace_back(resource.name);
    if (config.kinds.contains("attachments")) {
        if (config.kinds.contains("tickets")) scope.file_folders.emplace_back("tickets/attachments");
        if (config.kinds.contains("guide")) scope.file_folders.emplace_back("guide_articles/attachments");
    }
    return scope;
}

/// The manifest's "skipped": kinds left out on the command line, resources the account lacks and
/// files the server refused (remembered in the cache, so every snapshot lists them).
std::vector<SkippedKind> skipped_for_manifest(const Config& config, CacheStore& cache,
                                              const SnapshotScope& scope) {
    std::vector<SkippedKind> skipped = excluded_kinds(config);
    const auto streams = cache.streams();
    for (const std::string& kind : scope.record_kinds)
        if (auto found = streams.find(kind); found != streams.end() && !found->second.skipped_reason.empty())
            skipped.push_back({kind, found->second.skipped_reason});
    for (const SkippedFile& refused : cache.skipped_files()) {
        if (std::find(scope.file_folders.begin(), scope.file_folders.end(), refused.file.folder) ==
            scope.file_folders.end())
            continue;
        const FileEntry& file = refused.file;
        skipped.push_back({"attachments", file.folder + "/" + std::to_string(file.id) + " (" +
                                              file.file_name + ", " + file.owner + "): " + refused.reason});
    }
    return skipped;
}

json::object run_in_progress(const RunInfo& run, const ProgressSnapshot* progress) {
    json::object object{{"id", run.id},
                        {"mode", run.full ? "full" : "incremental"},
                        {"started_at", run.started_at},
                        {"phase", "fetching"}};
    if (progress) {
        json::object records;
        for (const StreamProgress& stream : progress->streams)
            records[stream.name] = json::object{{"records", stream.records}, {"done", stream.done}};
        object["streams"] = std::move(records);
    }
    return object;
}

json::object last_run(const RunSummary& summary, const Manifest& manifest) {
    const json::value delivered =
        summary.delivered.empty() ? json::value(nullptr) : json::value(summary.delivered.string());
    json::object counts;
    for (const auto& [kind, n] : summary.written) counts[kind] = n;
    return json::object{{"status", "success"},
                        {"started_at", manifest.started_at},
                        {"finished_at", manifest.finished_at},
                        {"mode", manifest.mode},
                        {"zip", summary.zip.filename().string()},
                        {"zip_path", summary.zip.string()},
                        {"zip_bytes", summary.zip_bytes},
                        {"delivered", delivered},
                        {"counts", counts},
                        {"requests", summary.engine.total.requests},
                        {"retries", summary.engine.total.retries},
                        {"rate_limited", summary.engine.total.rate_limited}};
}

/// backup_state.json, kept current while the run goes: what it saved so far is visible to a person
/// (and `status`), though the cache database stays the authority.
class StateMirror {
  public:
    StateMirror(const fs::path& cache_dir, BackupState state)
        : cache_dir_(cache_dir), state_(std::move(state)) {}

    void save(CacheStore& cache) {
        state_.streams = cache.streams();
        write_backup_state(cache_dir_, state_);
        last_save_ = std::chrono::steady_clock::now();
    }
    /// Every 10 s, and whenever a stream has finished (the last progress of the fetch included).
    void save_now_and_then(CacheStore& cache, const RunInfo& run, const ProgressSnapshot& progress) {
        const auto finished =
            static_cast<std::size_t>(std::count_if(progress.streams.begin(), progress.streams.end(),
                                                   [](const StreamProgress& s) { return s.done; }));
        const bool news = finished != finished_streams_;
        finished_streams_ = finished;
        if (!news && std::chrono::steady_clock::now() - last_save_ < std::chrono::seconds(10)) return;
        state_.run_in_progress = run_in_progress(run, &progress);
        save_quietly(cache);
    }
    /// The run has moved on from fetching ("writing the zip"): said in the file at once.
    void enter_phase(CacheStore& cache, std::string_view phase) {
        if (!state_.run_in_progress) return;
        (*state_.run_in_progress)["phase"] = phase;
        save_quietly(cache);
    }
    /// For when the run goes on (or fails for another reason) whether or not the file can be written.
    void save_quietly(CacheStore& cache) noexcept {
        try {
            save(cache);
        } catch (const std::exception& error) {
            spdlog::warn("cannot update {}: {}", backup_state_file(cache_dir_).string(), error.what());
        }
    }
    BackupState& state() { return state_; }

  private:
    fs::path cache_dir_;
    BackupState state_;
    std::chrono::steady_clock::time_point last_save_ = std::chrono::steady_clock::now();
    std::size_t finished_streams_ = 0;
};

/// What a killed run leaves in the cache: downloads cut short ("<id>.<n>.part") and the state file's
/// temp copy. No other run can be writing them: the lock is held.
void remove_unfinished_files(const fs::path& cache_dir) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(cache_dir, ec))
        if (entry.path().filename().string().starts_with("backup_state.json.tmp"))
            fs::remove(entry.path(), ec);
    for (const char* space : {"tickets", "guide"})
        for (const auto& entry : fs::directory_iterator(cache_dir / "attachments" / space, ec))
            if (entry.path().extension() == ".part") fs::remove(entry.path(), ec);
}

/// Opens the cache and decides what this run is: a new incremental or full run, or the resumption
/// of one that was interrupted.
RunInfo begin_run(const Config& config, CacheStore& cache, const std::string& started_at,
                  std::optional<BackupState>& previous) {
    previous = read_backup_state(config.cache_dir);
    if (previous && previous->source != config.base_url && !cache.holds_data())
        previous.reset();  // nothing was ever saved for that other address (a typo, a first run that failed)
    if (previous && previous->source != config.base_url)
        throw RunError(ExitCode::usage, "the cache " + config.cache_dir.string() + " holds the backup of " +
                                            previous->source + ", not of " + config.base_url +
                                            ": give each instance its own --cache-dir");
    // No state file: a first run, or the user deleted it to force a full one.
    const RunInfo run = cache.begin_run(config.base_url, config.full, !previous, started_at);
    remove_unfinished_files(config.cache_dir);
    // A full run also re-reads every cached file: the way to heal one damaged on disk.
    if (const std::size_t lost = cache.recheck_files(run.full))
        spdlog::warn("{} cached attachment files were missing or damaged: they are downloaded again", lost);
    spdlog::info("{} {} run {} (started {})", run.resumed ? "resuming" : "starting",
                 run.full ? "full" : "incremental", run.id, run.started_at);
    return run;
}

/// Writes the snapshot into `partial` from the cache. Errors: RunError with the fix.
SnapshotResult build_zip(CacheStore& cache, const Config& config, const fs::path& partial,
                         const Manifest& manifest) {
    spdlog::info("writing the snapshot {}", partial.string());
    const SnapshotScope scope = snapshot_scope(config);
    std::uint64_t total = 0;
    for (const auto& kind : scope.record_kinds) total += cache.record_count(kind);
    for (const auto& folder : scope.file_folders) total += cache.file_count(folder);
    ProgressPrinter printer(stderr, config.verbosity);
    auto discard_partial = [&] {
        printer.finish();
        std::error_code ignored;
        fs::remove(partial, ignored);
    };
    try {
        auto progress = [&](const SnapshotResult& so_far) {
            if (StopRequest::requested())
                throw RunError(ExitCode::interrupted,
                               "interrupted while writing the zip: everything downloaded "
                               "is kept; run the same command again");
            printer.update_zip(so_far.entries, total, so_far.bytes);
        };
        SnapshotResult result = write_snapshot(cache, config.cache_dir, partial, scope, manifest, progress);
        printer.finish();
        return result;
    } catch (const std::system_error& error) {
        discard_partial();
        if (error.code() == std::errc::no_space_on_device)
            throw RunError(ExitCode::local_io,
                           "the disk of the cache " + config.cache_dir.string() +
                               " is full while writing the zip: free some space and run "
                               "again (everything downloaded is kept; only the zip is redone)");
        throw RunError(ExitCode::local_io, std::string("cannot write the zip: ") + error.what());
    } catch (...) {
        discard_partial();
        throw;
    }
}

/// The network side: brings the cache up to date. On failure the state file shows what was saved.
EngineReport fill_cache(const Config& config, CacheStore& cache, const RunInfo& run, StateMirror& mirror,
                        std::vector<StreamProgress>& progress) {
    CacheStore writer_cache(config.cache_dir);
    CacheStore network_cache(config.cache_dir);
    CacheWriter writer(writer_cache, run.id, kQueuedBatches);
    ProgressPrinter printer(stderr, config.verbosity);
    const auto saved = cache.streams();
    BackupEngine engine(config);
    try {
        EngineReport report = engine.run(
            {writer, network_cache, run, saved},
            [&](const ProgressSnapshot& s) {
                printer.update(s);
                mirror.save_now_and_then(network_cache, run, s);
                progress = s.streams;  // what a failed run's summary reports
            },
            printer.interval());
        writer.finish();
        printer.finish();
        return report;
    } catch (...) {
        printer.finish();
        writer.abort();
        if (!engine.progress_at_failure().streams.empty()) progress = engine.progress_at_failure().streams;
        throw;
    }
}

/// Writes the zip from the cache, keeps it as the cache's newest snapshot and copies it to the
/// backup folder.
void write_and_deliver(const Config& config, CacheStore& cache, const fs::path& zip_path,
                       bool partial_snapshot, Manifest& manifest, RunSummary& summary) {
    const fs::path partial = zip_path.string() + ".partial";
    manifest.skipped = skipped_for_manifest(config, cache, snapshot_scope(config));
    manifest.finished_at = iso8601_utc(std::chrono::system_clock::now());
    const SnapshotResult snapshot = build_zip(cache, config, partial, manifest);
    summary.written = snapshot.counts;
    summary.skipped = manifest.skipped;
    fsync_file(partial);
    fs::rename(partial, zip_path);
    fsync_directory(config.cache_dir);
    for (const fs::path& old : backup_zips(config.cache_dir, config.zip_label, partial_snapshot))
        if (old != zip_path) fs::remove(old);  // the cache keeps only the newest snapshot of each family

    summary.zip = zip_path;
    summary.zip_bytes = fs::file_size(zip_path);
    summary.zip_entries = snapshot.entries;
    if (!config.backup_dir.empty()) {
        summary.delivered = deliver(zip_path, config.backup_dir);
        apply_retention(config.backup_dir, config.keep, config.zip_label, partial_snapshot);
    }
}

}  // namespace

int run_backup(const Config& config, RunOutcome& outcome) {
    const auto wall_start = std::chrono::steady_clock::now();
    const auto started = std::chrono::system_clock::now();
    outcome.instance = config.instance;
    outcome.source = config.base_url;
    outcome.started = started;
    prepare_cache(config.cache_dir);
    const CacheLock lock(config.cache_dir);
    setup_logging(config.cache_dir / "logs", config.verbosity);
    spdlog::info("backup of {} into {}", config.base_url, config.cache_dir.string());

    check_backup_dir(config.backup_dir);
    // A run that leaves kinds out is not a complete snapshot: it must not replace the day's complete zip.
    const bool partial_snapshot = !excluded_kinds(config).empty();
    const fs::path zip_path =
        config.cache_dir / zip_file_name(config.zip_label, local_date_stamp(started), partial_snapshot);
    remove_leftovers(config.cache_dir, kZipPrefix, ".zip.partial");

    CacheStore cache(config.cache_dir);
    std::optional<BackupState> previous;
    const RunInfo run = begin_run(config, cache, iso8601_utc(started), previous);
    outcome.mode = run.full ? "full" : "incremental";
    BackupState state;
    state.source = config.base_url;
    state.run_in_progress = run_in_progress(run, nullptr);
    if (previous) {
        state.last_run = previous->last_run;
        state.last_partial_run = previous->last_partial_run;
        state.last_failure = previous->last_failure;
    }
    StateMirror mirror(config.cache_dir, std::move(state));
    // Before any download: a first run killed early is then resumed, not taken for a forced full one.
    mirror.save(cache);

    Manifest manifest;
    manifest.tool_version = ZDB_VERSION;
    manifest.source = config.base_url;
    manifest.started_at = run.started_at;
    manifest.mode = run.full ? "full" : "incremental";
    RunSummary& summary = outcome.summary;
    try {
        summary.engine = fill_cache(config, cache, run, mirror, summary.engine.streams);
        mirror.enter_phase(cache, "writing the zip");
        const StopRequest stop;  // from here on Ctrl-C/SIGTERM end the run through its usual path
        write_and_deliver(config, cache, zip_path, partial_snapshot, manifest, summary);
    } catch (const std::exception& error) {
        // What was committed stays: the next run resumes from it. The state file says so and why.
        mirror.state().last_failure =
            json::object{{"at", iso8601_utc(std::chrono::system_clock::now())}, {"error", error.what()}};
        mirror.save_quietly(cache);
        // The network side has stopped: downloads it abandoned would only wait for the next run.
        remove_unfinished_files(config.cache_dir);
        throw;
    }
    summary.wall = std::chrono::steady_clock::now() - wall_start;
    // A run restricted with --only/--skip does not end the run: the next complete one goes on with it
    // (an interrupted --full run stays full).
    if (!partial_snapshot) cache.finish_run(run.id);
    if (!partial_snapshot) mirror.state().run_in_progress.reset();
    if (partial_snapshot) {
        // Not a complete backup: status and monitoring keep reporting the last complete one (and any
        // failure since), so an ad-hoc --only run cannot hide a failed nightly backup.
        mirror.state().last_partial_run = last_run(summary, manifest);
    } else {
        mirror.state().last_run = last_run(summary, manifest);
        mirror.state().last_failure.reset();
    }
    mirror.save(cache);
    // Only a monitoring system asks for the whole file's digest: reading a large zip again costs time.
    if (!config.summary_json.empty()) outcome.zip_sha256 = sha256_file(summary.zip);

    const std::string table = format_summary(summary);
    std::cout << table << std::flush;
    log_to_run_file(false, "summary\n" + table);
    return 0;
}

}  // namespace zdbackup
