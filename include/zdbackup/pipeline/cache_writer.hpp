#pragma once
// The bounded hand-off from the network thread to the writer thread, and the writer thread itself,
// which commits each batch to the cache in one transaction, in the order the batches were pushed.

#include <zdbackup/net/asio_types.hpp>
#include <zdbackup/pipeline/record.hpp>

#include <cstdint>
#include <exception>
#include <filesystem>
#include <memory>

namespace zdbackup {

class CacheStore;

struct PipelineCounters {
    std::uint64_t batches_queued = 0;  ///< batches waiting for the writer right now
    std::uint64_t records_written = 0;
    std::uint64_t bytes_written = 0;  ///< record bytes committed
};

class CacheWriter {
  public:
    /// Starts the writer thread committing into `store` (used by that thread only from now on) under
    /// run `run`. `capacity` bounds the batches in flight.
    CacheWriter(CacheStore& store, std::int64_t run, std::size_t capacity);
    ~CacheWriter();  ///< abandons the writer if finish() was not called
    CacheWriter(const CacheWriter&) = delete;
    CacheWriter& operator=(const CacheWriter&) = delete;

    /// Network side: hands one batch over, suspending (never blocking) while the queue is full.
    /// Returns false when the writer has failed; writer_error() then says why.
    net::Task<bool> push(Batch batch);

    /// Network side: the last call, after the last push. The writer commits what is queued and stops.
    net::Task<void> close_input();

    /// After close_input(): waits until every batch is committed. Errors: rethrows the writer's failure.
    void finish();

    /// Stops the writer: batches not yet committed are dropped (the next run fetches them again).
    void abort() noexcept;

    /// Thread safety: may be called from any thread.
    PipelineCounters counters() const;
    /// The writer thread's failure, or nullptr.
    std::exception_ptr writer_error() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace zdbackup
