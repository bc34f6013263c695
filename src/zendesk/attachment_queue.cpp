#include <zdbackup/core/errc.hpp>
#include <zdbackup/core/safe_name.hpp>
#include <zdbackup/zendesk/attachment_queue.hpp>
#include <zdbackup/zendesk/failure_messages.hpp>

#include <boost/algorithm/string/predicate.hpp>
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

std::vector<AttachmentJob> attachment_jobs(const json::array& attachments, std::string_view folder,
                                           const std::string& owner) {
    std::vector<AttachmentJob> jobs;
    for (const json::value& item : attachments) {
        if (!item.is_object()) continue;
        const json::object& object = item.as_object();
        AttachmentJob job;
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

bool is_already_compressed(std::string_view content_type, std::string_view file_name) {
    using boost::algorithm::iends_with;
    using boost::algorithm::istarts_with;
    if (istarts_with(content_type, "image/") && !istarts_with(content_type, "image/svg") &&
        !istarts_with(content_type, "image/bmp"))
        return true;
    if (istarts_with(content_type, "video/") || istarts_with(content_type, "audio/")) return true;
    for (std::string_view suffix : {".zip", ".gz",   ".tgz", ".bz2",  ".xz",   ".7z",   ".rar", ".zst",
                                    ".jpg", ".jpeg", ".png", ".gif",  ".webp", ".heic", ".mp4", ".mov",
                                    ".mp3", ".m4a",  ".pdf", ".docx", ".xlsx", ".pptx", ".odt", ".ods"})
        if (iends_with(file_name, suffix)) return true;
    for (std::string_view type : {"application/zip", "application/gzip", "application/x-7z",
                                  "application/x-rar", "application/pdf", "application/vnd.openxmlformats"})
        if (istarts_with(content_type, type)) return true;
    return false;
}

struct AttachmentQueue::Impl {
    RunContext& context;
    StreamProgress& progress;
    int workers;
    asio::experimental::channel<void(error_code, AttachmentJob)> jobs;
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

    fs::path cache_file(const AttachmentJob& job) const {
        // Ticket and article attachment ids are separate number spaces.
        const std::string space = job.folder.starts_with("guide") ? "guide" : "tickets";
        return context.config.cache_dir / "attachments" / space / std::to_string(job.id);
    }

    void skip(const AttachmentJob& job, const std::string& why) {
        const std::string what =
            job.folder + "/" + std::to_string(job.id) + " (" + job.file_name + ", " + job.owner + ")";
        context.report.skipped.push_back({"attachments", what + ": " + why});
        context.warn("attachments", "skipped " + what + ": " + why);
    }

    /// Downloads into the cache unless a complete copy is there. False when the server refused it.
    net::Task<bool> fetch_into_cache(const AttachmentJob& job, const fs::path& file) {
        std::error_code ec;
        if (job.size && fs::exists(file, ec) && fs::file_size(file, ec) == *job.size) {
            ++progress.reused;
            co_return true;
        }
        fs::create_directories(file.parent_path(), ec);
        const fs::path part = file.string() + ".part";
        auto downloaded =
            co_await context.client.download(job.content_url, part, job.size, progress.transfer);
        if (!downloaded) {
            fs::remove(part, ec);
            const auto& failure = downloaded.error();
            if (failure.ec == errc::forbidden || failure.ec == errc::not_found ||
                failure.ec == errc::bad_request) {
                skip(job, "HTTP " + std::to_string(failure.http_status) + " " + failure.ec.message());
                co_return false;
            }
            throw explain_failure(failure);
        }
        fs::rename(part, file);
        co_return true;
    }

    net::Task<void> worker() {
        for (;;) {
            auto [ec, job] = co_await jobs.async_receive(net::use_tuple);
            if (ec) co_return;  // end marker
            const fs::path file = cache_file(job);
            if (!co_await fetch_into_cache(job, file)) continue;
            Record record;
            record.path = job.folder + "/" + std::to_string(job.id) + "/" + safe_file_name(job.file_name);
            record.file = file;
            record.store = is_already_compressed(job.content_type, job.file_name);
            BatchBuilder& batches = builder_for(job.folder);
            if (batches.add(std::move(record))) co_await batches.flush();
        }
    }
};

AttachmentQueue::AttachmentQueue(RunContext& context, StreamProgress& progress, int workers)
    : impl_(std::make_unique<Impl>(context, progress, workers, context.executor)) {}

AttachmentQueue::~AttachmentQueue() = default;

net::Task<void> AttachmentQueue::push(AttachmentJob&& job) {
    co_await impl_->jobs.async_send(error_code{}, std::move(job), asio::use_awaitable);
}

net::Task<void> AttachmentQueue::close() {
    for (int i = 0; i < impl_->workers; ++i) {
        AttachmentJob end_marker;
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
