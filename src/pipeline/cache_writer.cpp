#include <zdbackup/cache/cache_store.hpp>
#include <zdbackup/pipeline/cache_writer.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/asio/io_context.hpp>

#include <atomic>
#include <mutex>
#include <thread>

namespace zdbackup {

namespace asio = boost::asio;
using boost::system::error_code;
using BatchChannel = asio::experimental::concurrent_channel<void(error_code, Batch)>;

struct CacheWriter::Impl {
    asio::io_context writer_context{1};
    BatchChannel channel;
    CacheStore& store;
    std::int64_t run;
    std::thread thread;

    std::atomic<std::uint64_t> queued{0};
    std::atomic<std::uint64_t> records{0};
    std::atomic<std::uint64_t> bytes{0};
    mutable std::mutex mutex;  // guards error
    std::exception_ptr error;

    Impl(CacheStore& s, std::int64_t r, std::size_t capacity)
        : channel(writer_context, capacity), store(s), run(r) {
        store.checkpoint_in_background();  // a checkpoint's copy and syncs must not hold the commits up
    }

    void write(const Batch& batch) {
        store.commit(batch, run);
        std::uint64_t batch_bytes = 0;
        for (const Record& record : batch.records) batch_bytes += record.body.size();
        records += batch.records.size();
        bytes += batch_bytes;
    }

    asio::awaitable<void> drain() {
        for (;;) {
            auto [ec, batch] = co_await channel.async_receive(net::use_tuple);
            if (ec) co_return;  // end of input (eof sent by close_input) or closed after a failure
            --queued;
            try {
                write(batch);
            } catch (...) {
                std::lock_guard lock(mutex);
                error = std::current_exception();
                // close() alone leaves producers waiting on a full channel; cancel() releases them.
                channel.close();
                channel.cancel();
                co_return;
            }
        }
    }

    void start() {
        asio::co_spawn(writer_context, drain(), asio::detached);
        thread = std::thread([this] { writer_context.run(); });
    }
};

CacheWriter::CacheWriter(CacheStore& store, std::int64_t run, std::size_t capacity)
    : impl_(std::make_unique<Impl>(store, run, capacity)) {
    impl_->start();
}

CacheWriter::~CacheWriter() {
    abort();
}

net::Task<bool> CacheWriter::push(Batch batch) {
    if (batch.empty()) co_return true;
    ++impl_->queued;
    auto [ec] = co_await impl_->channel.async_send(error_code{}, std::move(batch), net::use_tuple);
    if (ec) --impl_->queued;
    co_return !ec;
}

net::Task<void> CacheWriter::close_input() {
    // An in-band end marker: closing the channel instead would drop the batches still buffered.
    Batch end_marker;
    co_await impl_->channel.async_send(asio::error::eof, std::move(end_marker), net::use_tuple);
}

void CacheWriter::finish() {
    if (impl_->thread.joinable()) impl_->thread.join();
    if (impl_->error) std::rethrow_exception(impl_->error);
}

void CacheWriter::abort() noexcept {
    if (!impl_) return;
    impl_->writer_context.stop();
    if (impl_->thread.joinable()) impl_->thread.join();
}

PipelineCounters CacheWriter::counters() const {
    return {impl_->queued.load(), impl_->records.load(), impl_->bytes.load()};
}

std::exception_ptr CacheWriter::writer_error() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->error;
}

}  // namespace zdbackup
