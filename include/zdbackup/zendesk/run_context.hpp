#pragma once
// What every stream of one run shares. Included only by engine translation units.

#include <zdbackup/cache/cache_store.hpp>
#include <zdbackup/core/config.hpp>
#include <zdbackup/net/http_client.hpp>
#include <zdbackup/pipeline/cache_writer.hpp>
#include <zdbackup/zendesk/backup_engine.hpp>

#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <string_view>
#include <vector>

namespace spdlog {
class logger;
}

namespace zdbackup {

class AttachmentQueue;

struct RunContext {
    const Config& config;
    net::HttpClient& client;
    CacheWriter& writer;
    /// The network thread's own connection to the cache: what is cached, for "skip unchanged".
    CacheStore& cache;
    const RunInfo& run;
    /// Each stream's saved state when the run started.
    const std::map<std::string, StreamState>& saved;
    EngineReport& report;
    /// Ends the run on the first failure: records it and stops the io_context.
    std::function<void(std::exception_ptr)> fail;
    net::asio::any_io_executor executor;
    /// Where ticket and article attachments go; null when attachments are not backed up.
    AttachmentQueue* attachments = nullptr;

    void warn(const std::string& kind, const std::string& message);
    /// The saved state of a stream, or a default (start from the beginning) one.
    StreamState saved_state(std::string_view stream) const;
};

/// The log of one kind (<cache>/logs/<kind>.log), or the default logger when it has none.
std::shared_ptr<spdlog::logger> kind_logger(std::string_view kind);

/// Runs `tasks` concurrently and waits for all of them. A task that throws ends the whole run
/// through `context.fail` at once, rather than leaving its siblings waiting on it.
net::Task<void> run_all(RunContext& context, std::vector<net::Task<void>> tasks);

/// Adds records one at a time and hands them to the writer in batches of --batch-size, with the
/// attachment and stream bookkeeping that must be committed together with them.
class BatchBuilder {
  public:
    BatchBuilder(RunContext& context, std::string kind, std::uint64_t& records_counter);
    /// Adds a record; true when the batch is full and flush() is due. Not a coroutine on purpose:
    /// GCC 12 destroys prvalue arguments of coroutines too early (GCC PR 99576).
    bool add(Record&& record);
    /// Adds an attachment's new state; true when the batch is full.
    bool add(FileUpdate&& file);
    /// Ticket bookkeeping (see Batch); true when the batch is full.
    bool add(TicketFacts&& ticket);
    bool add(CommentsSettled&& settled);
    bool add(CommentRow&& comment);
    /// Commits `mark` with the records added so far (and any added before the next flush).
    void mark(StreamMark&& mark);
    /// Hands the batch over (also one holding only bookkeeping).
    net::Task<void> flush();

  private:
    bool full() const;

    RunContext& context_;
    Batch batch_;
    std::uint64_t& records_;
};

}  // namespace zdbackup
