#pragma once
// Attachment files: downloaded by a pool of workers into the cache (streamed to disk, never held in
// memory), then streamed from there into the zip. Refused files (403/404, malware) are listed as
// skipped; a file already in the cache with the right size is reused.

#include <zdbackup/zendesk/run_context.hpp>

#include <boost/json/array.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace zdbackup {

struct AttachmentJob {
    std::string folder;  ///< zip folder: "tickets/attachments" or "guide_articles/attachments"
    std::int64_t id = 0;
    std::string file_name;  ///< as the API gave it (the zip entry uses its safe form)
    std::string content_url;
    std::optional<std::uint64_t> size;
    std::string content_type;
    std::string owner;  ///< e.g. "ticket 5", for messages
};

/// The downloadable attachments of one item's `attachments` array; entries without an id or a
/// content_url are left out.
std::vector<AttachmentJob> attachment_jobs(const boost::json::array& attachments, std::string_view folder,
                                           const std::string& owner);

/// True for content that deflate cannot shrink (images, archives, media, office files): stored as is.
bool is_already_compressed(std::string_view content_type, std::string_view file_name);

class AttachmentQueue {
  public:
    AttachmentQueue(RunContext& context, StreamProgress& progress, int workers);
    ~AttachmentQueue();

    /// Queues one download, suspending while the queue is full. Pass a named job, moved.
    net::Task<void> push(AttachmentJob&& job);
    /// After the last push: lets the workers finish what is queued, then stop.
    net::Task<void> close();
    /// Runs the workers until close(). Errors: RunError when a download keeps failing.
    net::Task<void> run();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace zdbackup
