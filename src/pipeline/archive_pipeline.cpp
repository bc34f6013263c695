#include <zdbackup/archive/compressibility.hpp>
#include <zdbackup/archive/zip_writer.hpp>
#include <zdbackup/pipeline/archive_pipeline.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/asio/io_context.hpp>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace zdbackup {

namespace asio = boost::asio;
using boost::system::error_code;
using BatchChannel = asio::experimental::concurrent_channel<void(error_code, Batch)>;

struct ArchivePipeline::Impl {
    asio::io_context writer_context{1};
    BatchChannel channel;
    ZipWriter zip;
    std::thread thread;

    std::atomic<std::uint64_t> queued{0};
    std::atomic<std::uint64_t> records{0};
    std::atomic<std::uint64_t> bytes{0};
    mutable std::mutex mutex;  // guards the fields below, read by the progress display
    std::map<std::string, std::uint64_t> counts;
    std::vector<EntryDigest> entries;
    std::exception_ptr error;

    Impl(const std::filesystem::path& path, std::size_t capacity, int level)
        : channel(writer_context, capacity), zip(path, level) {}

    /// Streams a cached file into the zip in chunks. Errors: std::system_error naming the file.
    EntryDigest add_file(const Record& record) {
        std::ifstream in(record.file, std::ios::binary);
        std::error_code ec;
        const auto size = std::filesystem::file_size(record.file, ec);
        if (!in || ec)
            throw std::system_error(ec ? ec : std::make_error_code(std::errc::io_error),
                                    "cannot read " + record.file.string());
        // Decide from the first block whether deflate is worth it, then rewind.
        std::string sample(std::min<std::uint64_t>(size, 64 * 1024), '\0');
        in.read(sample.data(), static_cast<std::streamsize>(sample.size()));
        in.seekg(0);
        const bool store = record.store || !worth_deflating(sample);
        zip.begin_entry(record.path, size, store ? Compression::store : Compression::deflate);
        std::vector<char> chunk(1 << 16);
        std::uint64_t copied = 0;
        while (copied < size && in.read(chunk.data(), static_cast<std::streamsize>(std::min<std::uint64_t>(
                                                          chunk.size(), size - copied)))) {
            zip.write_chunk({chunk.data(), static_cast<std::size_t>(in.gcount())});
            copied += static_cast<std::uint64_t>(in.gcount());
        }
        if (copied != size)
            throw std::system_error(std::make_error_code(std::errc::io_error),
                                    "cannot read " + record.file.string());
        return zip.end_entry();
    }

    void write(Batch& batch) {
        std::vector<EntryDigest> digests;
        digests.reserve(batch.records.size());
        std::uint64_t batch_bytes = 0;
        for (const Record& record : batch.records) {
            digests.push_back(record.file.empty() ? zip.add(record.path, record.body) : add_file(record));
            batch_bytes += digests.back().size;
        }
        std::lock_guard lock(mutex);
        counts[batch.kind] += batch.records.size();
        entries.insert(entries.end(), std::make_move_iterator(digests.begin()),
                       std::make_move_iterator(digests.end()));
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

ArchivePipeline::ArchivePipeline(const std::filesystem::path& zip_path, std::size_t capacity,
                                 int deflate_level)
    : impl_(std::make_unique<Impl>(zip_path, capacity, deflate_level)) {
    impl_->start();
}

ArchivePipeline::~ArchivePipeline() {
    abort();
}

net::Task<bool> ArchivePipeline::push(Batch batch) {
    if (batch.records.empty()) co_return true;
    ++impl_->queued;
    auto [ec] = co_await impl_->channel.async_send(error_code{}, std::move(batch), net::use_tuple);
    if (ec) --impl_->queued;
    co_return !ec;
}

net::Task<void> ArchivePipeline::close_input() {
    // An in-band end marker: closing the channel instead would drop the batches still buffered.
    Batch end_marker;
    co_await impl_->channel.async_send(asio::error::eof, std::move(end_marker), net::use_tuple);
}

FinishedZip ArchivePipeline::finish(Manifest manifest) {
    if (impl_->thread.joinable()) impl_->thread.join();
    if (impl_->error) std::rethrow_exception(impl_->error);

    manifest.counts = impl_->counts;
    manifest.entries = std::move(impl_->entries);
    const std::string manifest_json = to_json(manifest);
    impl_->zip.add("manifest.json", manifest_json);
    impl_->zip.close();
    FinishedZip finished;
    finished.entries = impl_->zip.entries_written();
    return finished;
}

void ArchivePipeline::abort() noexcept {
    if (!impl_) return;
    impl_->writer_context.stop();
    if (impl_->thread.joinable()) impl_->thread.join();
}

PipelineCounters ArchivePipeline::counters() const {
    return {impl_->queued.load(), impl_->records.load(), impl_->bytes.load()};
}

std::map<std::string, std::uint64_t> ArchivePipeline::counts_by_kind() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->counts;
}

std::exception_ptr ArchivePipeline::writer_error() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->error;
}

}  // namespace zdbackup
