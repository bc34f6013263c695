#pragma once
// Attachment files: downloaded by a pool of workers into the cache (streamed to disk, never held in
// memory); the cache records each as downloaded or refused (403/404, malware: listed as skipped).
// A file already in the cache with the right size is reused.

#include <zdbackup/zendesk/run_context.hpp>

#include <boost/json/array.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace zdbackup {

/// The downloadable attachments of one item's `attachments` array; entries without an id or a
/// content_url are left out.
std::vector<FileEntry> attachment_jobs(const boost::json::array& attachments, std::string_view folder,
                                       const std::string& owner);

class AttachmentQueue {
  public:
    AttachmentQueue(RunContext& context, StreamProgress& progress, int workers);
    ~AttachmentQueue();

    /// Queues one download, suspending while the queue is full. Pass a named job, moved.
    net::Task<void> push(FileEntry&& job);
    /// After the last push: lets the workers finish what is queued, then stop.
    net::Task<void> close();
    /// Runs the workers until close(). Errors: RunError when a download keeps failing.
    net::Task<void> run();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace zdbackup
