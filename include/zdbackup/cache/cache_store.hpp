#pragma once
// The persistent cache: one SQLite database in the cache dir holding the current version of every
// record, every attachment file's state, each stream's saved position and the runs. Attachment bytes
// live beside it as files (attachment_file()). One CacheStore per thread: the writer thread commits
// batches through its own, the network thread reads through another (WAL lets both work at once).

#include <zdbackup/pipeline/record.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zdbackup {

/// What the cache holds of one record, for "skip unchanged".
struct CachedStamp {
    std::string stamp;     ///< updated_at of the cached copy
    std::int64_t run = 0;  ///< the run that last wrote it
};

/// The run being made: a new one, or the one an interrupted attempt left unfinished.
struct RunInfo {
    std::int64_t id = 0;
    bool full = false;     ///< every stream from the start, every detail refetched
    bool resumed = false;  ///< continues an interrupted attempt
    std::string started_at;
};

/// A stream's saved state.
struct StreamState {
    std::string position;           ///< cursor / start_time to continue from; "" = from the start
    std::int64_t complete_run = 0;  ///< the last run in which it reached its end
    std::string skipped_reason;     ///< set when it was skipped (403/404) at its last completion
};

/// A downloaded file as the snapshot needs it.
struct CachedFile {
    FileEntry file;               ///< `size` is the size on disk
    std::string sha256;           ///< computed when it was cached ("" if unknown)
    std::optional<bool> deflate;  ///< whether deflate pays off (unknown: decide when zipping)
};

/// A listed ticket whose comments are not settled for its current version.
struct PendingTicket {
    TicketFacts facts;
    bool has_comments = false;  ///< comments of an earlier version are cached
};

struct SkippedFile {
    FileEntry file;
    std::string reason;
};

class CacheStore {
  public:
    /// <cache>/cache.sqlite3
    static std::filesystem::path database_file(const std::filesystem::path& cache_dir);
    /// Where an attachment's bytes are kept: <cache>/attachments/{tickets,guide}/<id>.
    static std::filesystem::path attachment_file(const std::filesystem::path& cache_dir,
                                                 const FileEntry& file);

    /// Opens (or creates) the database of `cache_dir`.
    /// Errors: RunError(local_io) naming the file and what to do when it is damaged or unusable.
    explicit CacheStore(const std::filesystem::path& cache_dir);
    ~CacheStore();
    CacheStore(const CacheStore&) = delete;
    CacheStore& operator=(const CacheStore&) = delete;

    /// This connection's WAL checkpoints run on a thread and a connection of their own from now on
    /// (until the store is destroyed), once the WAL holds `wal_pages` pages (default: 64 MB): for the
    /// writer thread, which must not stall on them.
    void checkpoint_in_background(int wal_pages = kCheckpointPages);
    /// WAL pages (4 KB) between checkpoints.
    static constexpr int kCheckpointPages = 16384;

    // ---- run lifecycle (main thread, before and after the network side) ----
    /// Resumes the unfinished run, or starts a new one: full when `full` is asked or `forget` is set
    /// (backup_state.json was deleted, or the database is new), which also drops every saved position.
    /// `source` is the base URL: a cache holding another instance's data is refused (RunError(usage)).
    RunInfo begin_run(const std::string& source, bool full, bool forget, const std::string& started_at);
    void finish_run(std::int64_t run);
    /// Whether any record or file is cached (an empty cache may be pointed at another instance).
    bool holds_data();
    /// Attachments recorded as downloaded whose file is gone or has the wrong size become wanted again;
    /// with `verify_contents` (full runs) also those whose bytes no longer match their SHA-256.
    /// Returns how many.
    std::size_t recheck_files(bool verify_contents = false);

    // ---- reads (network thread, and the snapshot builder) ----
    std::optional<CachedStamp> stamp_of(std::string_view path);
    std::optional<std::string> body_of(std::string_view path);
    std::map<std::string, StreamState> streams();
    /// Files listed but not downloaded (optionally also the refused ones, to retry them).
    std::vector<FileEntry> wanted_files(bool include_skipped);
    std::vector<SkippedFile> skipped_files();
    /// Every record of one stream in path order; `body` is valid only during the call.
    void for_each_record(std::string_view kind,
                         const std::function<void(std::string_view path, std::string_view body)>& visit);
    /// Every downloaded file of one folder in path order.
    void for_each_file(std::string_view folder, const std::function<void(const CachedFile&)>& visit);
    std::uint64_t record_count(std::string_view kind);
    /// The version of a ticket its cached comments are complete for, and the run that settled them.
    std::optional<CachedStamp> comments_settled(std::int64_t ticket);
    /// Tickets whose comments must still be fetched in this run (every one in a full run that this run
    /// has not settled), oldest created first.
    std::vector<PendingTicket> tickets_without_comments(const RunInfo& run);
    /// Tickets whose status is "deleted".
    std::vector<std::int64_t> deleted_tickets();
    /// The comments of one ticket, oldest first (ties by id); `body` is valid only during the call.
    void for_each_comment(std::int64_t ticket, const std::function<void(std::string_view body)>& visit);
    /// Downloaded files of one folder.
    std::uint64_t file_count(std::string_view folder);

    // ---- the writer thread ----
    /// Commits one batch in one transaction; a downloaded file is flushed to disk, hashed and its
    /// compressibility judged first. Errors: RunError(local_io) (disk full included).
    void commit(const Batch& batch, std::int64_t run);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace zdbackup
