#include <zdbackup/core/errc.hpp>
#include <zdbackup/core/safe_name.hpp>
#include <zdbackup/zendesk/attachment_queue.hpp>
#include <zdbackup/zendesk/failure_messages.hpp>

#include <boost/asio/experimental/channel.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/json/value.hpp>

#include <spdlog/spdlog.h>

#include <map>

namespace zdbackup {

namespace asio = boost::asio;
namespace fs = std::filesystem;
namespace json = boost::json;
using boost::system::error_code;

namespace {

std::string string_field(const json::object& object, std::string_view key) {
    const json::value* value = object.if_contains(key);
    return value && value->is_string() ? std::string(value->as_string()) : std::string();
}

constexpr std::size_t kQueuedPerWorker = 32;

}  // namespace

std::vector<FileEntry> attachment_jobs(const json::array& attachments, std::string_view folder,
                                       const std::string& owner) {
    std::vector<FileEntry> jobs;
    for (const json::value& item : attachments) {
        if (!item.is_object()) continue;
        const json::object& object = item.as_object();
        FileEntry job;
        job.folder = folder;
        const auto id = json_int64(object.if_contains("id"));
        job.content_url = string_field(object, "content_url");
        if (!id || job.content_url.empty()) continue;
        job.id = *id;
        job.file_name = string_field(object, "file_name");
        job.content_type = string_field(object, "content_type");
        if (const auto size = json_int64(object.if_contains("size")); size && *size >= 0)
            job.size = static_cast<std::uint64_t>(*size);
        job.owner = owner;
        jobs.push_back(std::move(job));
    }
    return jobs;
}

struct AttachmentQueue::Impl {
    RunContext& context;
    StreamProgress& progress;
    int workers;
    asio::experimental::channel<void(error_code, FileEntry)> jobs;
    std::uint64_t downloads = 0;  // makes each download's temp name unique
    std::map<std::string, std::unique_ptr<BatchBuilder>, std::less<>> builders;  // one per zip folder

    Impl(RunContext& c, StreamProgress& p, int n, asio::any_io_executor executor)
        : context(c),
          progress(p),
          workers(n),
          jobs(executor, kQueuedPerWorker * static_cast<std::size_t>(n)) {}

    BatchBuilder& builder_for(const std::string& folder) {
        auto& builder = builders[folder];
        if (!builder) builder = std::make_unique<BatchBuilder>(context, folder, progress.records);
        return *builder;
    }

    /// A refused file: recorded as skipped (the manifest lists it), the run goes on.
    FileUpdate refused(FileEntry&& job, const std::string& why) {
        context.warn("attachments", "skipped " + job.folder + "/" + std::to_string(job.id) + " (" +
                                        job.file_name + ", " + job.owner + "): " + why);
        return FileUpdate{std::move(job), FileState::skipped, why};
    }

    /// Downloads into the cache unless a complete copy is there. Returns the file's new state.
    net::Task<FileUpdate> fetch_into_cache(FileEntry& job) {
        const fs::path file = CacheStore::attachment_file(context.config.cache_dir, job);
        std::error_code ec;
        if (job.size && fs::exists(file, ec) && fs::file_size(file, ec) == *job.size) {
            ++progress.reused;
            ++progress.records;
            co_return FileUpdate{std::move(job), FileState::done, {}};
        }
        fs::create_directories(file.parent_path(), ec);
        // Unique: the same file may be queued twice (a resumed run lists again what was in flight).
        const fs::path part = file.string() + "." + std::to_string(++downloads) + ".part";
        auto downloaded =
            co_await context.client.download(job.content_url, part, job.size, progress.transfer);
        if (!downloaded) {
            fs::remove(part, ec);
            const auto& failure = downloaded.error();
            if (failure.ec == errc::forbidden || failure.ec == errc::not_found ||
                failure.ec == errc::bad_request)
                co_return refused(std::move(job),
                                  "HTTP " + std::to_string(failure.http_status) + " " + failure.ec.message());
            throw explain_failure(failure);
        }
        fs::rename(part, file);
        ++progress.records;
        co_return FileUpdate{std::move(job), FileState::done, {}};
    }

    net::Task<void> worker() {
        for (;;) {
            auto [ec, job] = co_await jobs.async_receive(net::use_tuple);
            if (ec) co_return;  // end marker
            FileUpdate update = co_await fetch_into_cache(job);
            BatchBuilder& batches = builder_for(update.file.folder);
            if (batches.add(std::move(update))) co_await batches.flush();
        }
    }
};

AttachmentQueue::AttachmentQueue(RunContext& context, StreamProgress& progress, int workers)
    : impl_(std::make_unique<Impl>(context, progress, workers, context.executor)) {}

AttachmentQueue::~AttachmentQueue() = default;

net::Task<void> AttachmentQueue::push(FileEntry&& job) {
    co_await impl_->jobs.async_send(error_code{}, std::move(job), asio::use_awaitable);
}

net::Task<void> AttachmentQueue::close() {
    for (int i = 0; i < impl_->workers; ++i) {
        FileEntry end_marker;
        co_await impl_->jobs.async_send(asio::error::eof, std::move(end_marker), asio::use_awaitable);
    }
}

net::Task<void> AttachmentQueue::run() {
    std::vector<net::Task<void>> workers;
    for (int i = 0; i < impl_->workers; ++i) workers.push_back(impl_->worker());
    co_await run_all(impl_->context, std::move(workers));
    for (auto& [folder, builder] : impl_->builders) co_await builder->flush();
    impl_->progress.done = true;
}

}  // namespace zdbackup
