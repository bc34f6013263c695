#pragma once
// The network side of a backup run: checks the credentials, then runs every enabled stream of the
// resource table concurrently on one io_context and hands the records to the archive pipeline.

#include <zdbackup/archive/manifest.hpp>
#include <zdbackup/cache/cache_store.hpp>
#include <zdbackup/core/config.hpp>
#include <zdbackup/net/transfer_stats.hpp>
#include <zdbackup/pipeline/cache_writer.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace zdbackup {

struct StreamProgress {
    std::string kind;  ///< tickets, users, organizations, guide, support_assets, attachments
    std::string name;
    std::uint64_t records = 0;  ///< records (files) handed to the writer
    std::uint64_t reused = 0;   ///< of those, whose details (comments, bytes) came from the cache
    net::TransferStats transfer;
    bool done = false;
};

struct ProgressSnapshot {
    std::vector<StreamProgress> streams;
    PipelineCounters pipeline;
    std::uint64_t rate_limit_waits = 0;
    std::chrono::steady_clock::duration elapsed{};
};

struct EngineReport {
    std::string account;  ///< "name <email> (role)" of the API user, for the log
    std::vector<StreamProgress> streams;
    net::TransferStats total;
    std::vector<SkippedKind> skipped;
    std::vector<std::string> warnings;
};

class BackupEngine {
  public:
    using ProgressCallback = std::function<void(const ProgressSnapshot&)>;

    explicit BackupEngine(Config config);
    ~BackupEngine();

    /// What the run works with: the writer (its own thread and cache connection), the network
    /// thread's cache connection, the run and each stream's saved state.
    struct Inputs {
        CacheWriter& writer;
        CacheStore& cache;
        const RunInfo& run;
        const std::map<std::string, StreamState>& saved;
    };

    /// Runs the whole network side and closes the writer's input. `on_progress` is called every
    /// `progress_interval` from the network thread. Errors: RunError (interrupted included).
    EngineReport run(const Inputs& inputs, const ProgressCallback& on_progress,
                     std::chrono::milliseconds progress_interval);

    /// Where the streams stood when run() stopped on a failure or an interruption (empty otherwise):
    /// what a failed run's summary reports, since no progress callback may have come yet.
    const ProgressSnapshot& progress_at_failure() const { return progress_at_failure_; }

  private:
    Config config_;
    ProgressSnapshot progress_at_failure_;
};

}  // namespace zdbackup
