#include <zdbackup/core/errc.hpp>
#include <zdbackup/core/run_error.hpp>
#include <zdbackup/zendesk/run_context.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/this_coro.hpp>

#include <spdlog/spdlog.h>

namespace zdbackup {

namespace asio = boost::asio;

std::shared_ptr<spdlog::logger> kind_logger(std::string_view kind) {
    if (auto logger = spdlog::get(std::string(kind))) return logger;
    return spdlog::default_logger();
}

StreamState RunContext::saved_state(std::string_view stream) const {
    const auto found = saved.find(std::string(stream));
    return found == saved.end() ? StreamState{} : found->second;
}

void RunContext::warn(const std::string& kind, const std::string& message) {
    report.warnings.push_back(kind + ": " + message);
    if (auto logger = spdlog::get(kind)) logger->warn(message);
    spdlog::warn("{}: {}", kind, message);
}

namespace {

net::Task<void> guarded(RunContext& context, net::Task<void> task, std::exception_ptr& first_error) {
    try {
        co_await std::move(task);
    } catch (...) {
        if (!first_error) first_error = std::current_exception();
        context.fail(std::current_exception());
    }
}

}  // namespace

net::Task<void> run_all(RunContext& context, std::vector<net::Task<void>> tasks) {
    if (tasks.empty()) co_return;  // an empty parallel group never completes
    auto executor = co_await asio::this_coro::executor;
    using Op = decltype(asio::co_spawn(executor, std::declval<net::Task<void>>(), asio::deferred));
    std::vector<Op> ops;
    ops.reserve(tasks.size());
    std::exception_ptr first_error;
    for (auto& task : tasks)
        ops.push_back(
            asio::co_spawn(executor, guarded(context, std::move(task), first_error), asio::deferred));
    co_await asio::experimental::make_parallel_group(std::move(ops))
        .async_wait(asio::experimental::wait_for_all(), asio::use_awaitable);
    // The caller must not go on as if all went well (mark its stream complete, say): a failed task
    // fails its group too, even when it was the last one running.
    if (first_error) std::rethrow_exception(first_error);
}

BatchBuilder::BatchBuilder(RunContext& context, std::string kind, std::uint64_t& records_counter)
    : context_(context), records_(records_counter) {
    batch_.kind = std::move(kind);
    batch_.records.reserve(context_.config.batch_size);
}

bool BatchBuilder::full() const {
    // Ticket facts and settled marks ride along with their tickets and do not count.
    return batch_.records.size() + batch_.files.size() + batch_.comments.size() >= context_.config.batch_size;
}

bool BatchBuilder::add(Record&& record) {
    batch_.records.push_back(std::move(record));
    ++records_;
    return full();
}

bool BatchBuilder::add(FileUpdate&& file) {
    batch_.files.push_back(std::move(file));
    return full();
}

bool BatchBuilder::add(TicketFacts&& ticket) {
    batch_.tickets.push_back(std::move(ticket));
    return full();
}

bool BatchBuilder::add(CommentsSettled&& settled) {
    batch_.settled.push_back(std::move(settled));
    // A full run settles every ticket its events will serve in one go: keep batches bounded.
    return full() || batch_.settled.size() >= 10 * context_.config.batch_size;
}

bool BatchBuilder::add(CommentRow&& comment) {
    batch_.comments.push_back(std::move(comment));
    return full();
}

void BatchBuilder::mark(StreamMark&& mark) {
    batch_.marks.push_back(std::move(mark));
}

net::Task<void> BatchBuilder::flush() {
    if (batch_.empty()) co_return;
    Batch full;
    full.kind = batch_.kind;
    full.records.reserve(context_.config.batch_size);
    std::swap(full, batch_);
    if (!co_await context_.writer.push(std::move(full))) {
        if (auto error = context_.writer.writer_error()) std::rethrow_exception(error);
        throw RunError(ExitCode::failure, "the cache writer stopped unexpectedly");
    }
}

}  // namespace zdbackup
