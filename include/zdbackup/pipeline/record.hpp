#pragma once
// The unit of work handed from the network side to the writer thread, which commits each batch to
// the cache in one transaction.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zdbackup {

/// One JSON record: its path inside the snapshot and its bytes (as received, plus our additions).
struct Record {
    std::string path;   ///< e.g. "tickets/123.json"
    std::string body;   ///< the bytes
    std::string stamp;  ///< the record's updated_at as received: unchanged stamp ⇒ its details are reused
};

/// A record whose bytes are in memory (JSON).
inline Record memory_record(std::string path, std::string body, std::string stamp = {}) {
    return Record{std::move(path), std::move(body), std::move(stamp)};
}

/// An attachment file: where it comes from and where it goes in the snapshot.
struct FileEntry {
    std::string folder;  ///< zip folder: "tickets/attachments" or "guide_articles/attachments"
    std::int64_t id = 0;
    std::string file_name;  ///< as the API gave it (the zip entry uses its safe form)
    std::string content_url;
    std::optional<std::uint64_t> size;
    std::string content_type;
    std::string owner;  ///< e.g. "ticket 5", for messages

    /// "<folder>/<id>/<safe file name>"
    std::string zip_path() const;
};

enum class FileState {
    wanted,   ///< listed by a comment or article; not downloaded yet
    done,     ///< in the cache, complete
    skipped,  ///< the server refused it (403/404): listed in the manifest's "skipped"
};

struct FileUpdate {
    FileEntry file;
    FileState state = FileState::wanted;
    std::string reason;  ///< skipped: why
};

/// A stream's progress, committed with the records it covers so that a saved position never runs
/// ahead of the data.
struct StreamMark {
    std::string stream;          ///< the resource table's name, e.g. "tickets"
    std::string position;        ///< cursor / start_time to continue from ("" = keep the saved one)
    bool complete = false;       ///< the stream reached its end in this run
    bool sweep = false;          ///< complete listing: drop cached records of the stream not seen in this run
    std::string skipped_reason;  ///< complete because the account lacks it (403/404)
};

/// One ticket comment, kept apart from its ticket: comments come per ticket or from the ticket events
/// export, and the snapshot joins them to their ticket (oldest first) when the zip is written.
struct CommentRow {
    std::int64_t ticket = 0;
    std::int64_t id = 0;
    std::string created_at;  ///< as received (ISO 8601 text sorts in time order)
    std::string body;        ///< the comment object, keys in the order of /tickets/{id}/comments
};

/// What the cache knows of a listed ticket, to plan where its comments come from.
struct TicketFacts {
    std::int64_t id = 0;
    std::int64_t created = 0;  ///< created_at, Unix seconds
    std::int64_t updated = 0;  ///< updated_at, Unix seconds
    std::string stamp;         ///< updated_at as received
    bool deleted = false;      ///< status "deleted": its comments answer 404
};

/// A ticket's comments are complete for `stamp` (its updated_at): they are not fetched again until it
/// changes. `drop_through` drops the comments cached before that were created at or before it (a
/// complete per-ticket listing replaces what it covers; newer comments the events export brought in
/// the meantime stay).
struct CommentsSettled {
    std::int64_t ticket = 0;
    std::string stamp;
    std::optional<std::string> drop_through;
};

/// drop_through for "every cached comment".
inline constexpr std::string_view kAllComments = "9999-12-31T23:59:59Z";

/// Up to --batch-size records of one kind, plus the attachment and stream bookkeeping that goes with
/// them. The writer commits a batch as a whole.
struct Batch {
    std::string kind;  ///< "tickets", "users", ... (the resource table's name) or an attachment folder
    std::vector<Record> records;
    std::vector<FileUpdate> files;
    std::vector<StreamMark> marks;
    std::vector<TicketFacts> tickets;
    std::vector<CommentsSettled> settled;  ///< applied before `comments`
    std::vector<CommentRow> comments;

    bool empty() const {
        return records.empty() && files.empty() && marks.empty() && tickets.empty() && settled.empty() &&
               comments.empty();
    }
};

}  // namespace zdbackup
