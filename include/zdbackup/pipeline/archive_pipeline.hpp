#pragma once
// The bounded hand-off from the network thread to the writer thread, and the writer thread itself,
// which streams every record into the zip as it arrives.

#include <zdbackup/archive/manifest.hpp>
#include <zdbackup/net/asio_types.hpp>
#include <zdbackup/pipeline/record.hpp>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

namespace zdbackup {

struct PipelineCounters {
    std::uint64_t batches_queued = 0;  ///< batches waiting for the writer right now
    std::uint64_t records_written = 0;
    std::uint64_t bytes_written = 0;  ///< uncompressed entry bytes
};

struct FinishedZip {
    std::uint64_t entries = 0;  ///< manifest.json included
};

class ArchivePipeline {
  public:
    /// Starts the writer thread writing `zip_path`. `capacity` bounds the batches in flight.
    /// Errors: std::system_error when the zip cannot be created.
    ArchivePipeline(const std::filesystem::path& zip_path, std::size_t capacity, int deflate_level = 6);
    ~ArchivePipeline();  ///< abandons the writer if finish() was not called
    ArchivePipeline(const ArchivePipeline&) = delete;
    ArchivePipeline& operator=(const ArchivePipeline&) = delete;

    /// Network side: hands one batch over, suspending (never blocking) while the queue is full.
    /// Returns false when the writer has failed; writer_error() then says why.
    net::Task<bool> push(Batch batch);

    /// Network side: the last call, after the last push. The writer drains what is queued and stops.
    net::Task<void> close_input();

    /// After close_input(): waits for the writer to drain, writes manifest.json (the writer's
    /// entries and counts are filled in) and closes the zip. Errors: rethrows the writer's failure.
    FinishedZip finish(Manifest manifest);

    /// Stops the writer without finishing the zip (the caller deletes the file).
    void abort() noexcept;

    /// Thread safety: may be called from any thread.
    PipelineCounters counters() const;
    std::map<std::string, std::uint64_t> counts_by_kind() const;
    /// The writer thread's failure, or nullptr.
    std::exception_ptr writer_error() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace zdbackup
