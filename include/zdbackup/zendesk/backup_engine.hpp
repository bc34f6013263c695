#pragma once
// The network side of a backup run: checks the credentials, then runs every enabled stream of the
// resource table concurrently on one io_context and hands the records to the archive pipeline.

#include <zdbackup/archive/manifest.hpp>
#include <zdbackup/core/config.hpp>
#include <zdbackup/net/transfer_stats.hpp>
#include <zdbackup/pipeline/archive_pipeline.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace zdbackup {

struct StreamProgress {
    std::string kind;  ///< tickets, users, organizations, guide, support_assets, attachments
    std::string name;
    std::uint64_t records = 0;  ///< records handed to the writer
    std::uint64_t reused = 0;   ///< of those, taken from the cache instead of downloaded
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

    /// Runs the whole network side and closes the pipeline's input. `on_progress` is called every
    /// `progress_interval` from the network thread. Errors: RunError (interrupted included).
    EngineReport run(ArchivePipeline& pipeline, const ProgressCallback& on_progress,
                     std::chrono::milliseconds progress_interval);

  private:
    Config config_;
};

}  // namespace zdbackup
