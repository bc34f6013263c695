#include <zdbackup/archive/compressibility.hpp>
#include <zdbackup/cache/cache_store.hpp>
#include <zdbackup/core/run_error.hpp>
#include <zdbackup/util/atomic_file.hpp>
#include <zdbackup/util/sha256.hpp>

#include "sqlite.hpp"
#include "wal_checkpointer.hpp"

#include <fstream>
#include <system_error>
#include <vector>

namespace zdbackup {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kSchemaVersion = "2";

// Records are rows (one current copy each, keyed by their snapshot path); attachment bytes are files
// named by id, and `files` says which are wanted, downloaded or refused. `streams` holds each
// export's position, committed in the same transaction as the records it covers.
constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs(
    id INTEGER PRIMARY KEY, mode TEXT NOT NULL, started_at TEXT NOT NULL, status TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records(
    path TEXT PRIMARY KEY, kind TEXT NOT NULL, stamp TEXT NOT NULL, run INTEGER NOT NULL, body BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS records_by_kind ON records(kind, path);
CREATE TABLE IF NOT EXISTS files(
    path TEXT PRIMARY KEY, folder TEXT NOT NULL, attachment_id INTEGER NOT NULL, file_name TEXT NOT NULL,
    url TEXT NOT NULL, size INTEGER, content_type TEXT NOT NULL, owner TEXT NOT NULL,
    state TEXT NOT NULL, reason TEXT, run INTEGER NOT NULL, sha256 TEXT, deflate INTEGER);
CREATE INDEX IF NOT EXISTS files_by_state ON files(state, folder, path);
CREATE TABLE IF NOT EXISTS streams(
    name TEXT PRIMARY KEY, position TEXT NOT NULL, complete_run INTEGER NOT NULL, skipped_reason TEXT);
CREATE TABLE IF NOT EXISTS tickets(
    id INTEGER PRIMARY KEY, created INTEGER NOT NULL, updated INTEGER NOT NULL, stamp TEXT NOT NULL,
    run INTEGER NOT NULL, settled TEXT, settled_run INTEGER, deleted INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS comments(
    ticket INTEGER NOT NULL, id INTEGER NOT NULL, created_at TEXT NOT NULL, body BLOB NOT NULL,
    PRIMARY KEY(ticket, id));
)sql";

// Schema 1 kept each ticket's comments inside its record. Those records are dropped with the ticket
// export's position, so the first run of this version fetches tickets and comments again (attachment
// files stay cached).
constexpr const char* kFromSchema1 = R"sql(
DELETE FROM records WHERE kind = 'tickets';
DELETE FROM streams WHERE name = 'tickets';
)sql";

constexpr const char* kFileColumns = "folder, attachment_id, file_name, url, size, content_type, owner";

std::string_view state_name(FileState state) {
    switch (state) {
        case FileState::wanted:
            return "wanted";
        case FileState::done:
            return "done";
        case FileState::skipped:
            return "skipped";
    }
    return "wanted";
}

/// Reads the kFileColumns at `first` onwards.
FileEntry file_entry(const sqlite::Statement& row, int first) {
    FileEntry file;
    file.folder = row.text(first);
    file.id = row.integer(first + 1);
    file.file_name = row.text(first + 2);
    file.content_url = row.text(first + 3);
    if (!row.is_null(first + 4)) file.size = static_cast<std::uint64_t>(row.integer(first + 4));
    file.content_type = row.text(first + 5);
    file.owner = row.text(first + 6);
    return file;
}

/// What the snapshot needs to know about a downloaded file, learnt once while it is still in the page
/// cache: its digest and whether deflate pays off (a level-1 trial on the first 64 KB).
struct FileFacts {
    std::uint64_t size = 0;
    std::string sha256;
    bool deflate = true;
};

FileFacts examine(const fs::path& file, const FileEntry& entry) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw std::system_error(std::make_error_code(std::errc::io_error), "cannot read " + file.string());
    FileFacts facts;
    Sha256 hasher;
    std::vector<char> chunk(64 * 1024);
    bool first = true;
    while (in.read(chunk.data(), static_cast<std::streamsize>(chunk.size())) || in.gcount() > 0) {
        const std::string_view bytes(chunk.data(), static_cast<std::size_t>(in.gcount()));
        if (first)
            facts.deflate =
                !is_already_compressed(entry.content_type, entry.file_name) && worth_deflating(bytes);
        first = false;
        hasher.update(bytes);
        facts.size += bytes.size();
    }
    if (in.bad())
        throw std::system_error(std::make_error_code(std::errc::io_error), "cannot read " + file.string());
    facts.sha256 = hasher.hex_digest();
    return facts;
}

RunError disk_full(const fs::path& cache_dir) {
    return RunError(ExitCode::local_io, "the disk of the cache " + cache_dir.string() +
                                            " is full: free some space (or choose another --cache-dir) and "
                                            "run again; it resumes where it stopped");
}

/// One line for the user: what is wrong with the cache and what to do.
RunError cache_failure(const sqlite::Error& error, const fs::path& cache_dir, const fs::path& file) {
    if (error.corrupt())
        return RunError(ExitCode::local_io,
                        "the cache database " + file.string() + " is damaged (" + error.what() +
                            "): delete it and backup_state.json; the next run rebuilds the cache with a full "
                            "backup (downloaded attachments are kept)");
    if (error.disk_full()) return disk_full(cache_dir);
    return RunError(ExitCode::local_io, "the cache database " + file.string() + " failed: " + error.what() +
                                            ": check --cache-dir / LOCAL_CACHE_PATH");
}

}  // namespace

struct CacheStore::Impl {
    fs::path cache_dir;
    fs::path file;
    sqlite::Connection db;
    std::unique_ptr<sqlite::WalCheckpointer> checkpointer;  // after db: stops before it closes

    Impl(const fs::path& dir, const fs::path& database) : cache_dir(dir), file(database), db(database) {
        db.exec("PRAGMA journal_mode=WAL");
        // WAL + NORMAL: a commit survives a killed process; a power cut may lose the last commits but
        // never mixes a position with data it does not cover (they share a transaction).
        db.exec("PRAGMA synchronous=NORMAL");
        // A checkpoint copies the WAL into the database and syncs both: at SQLite's default (every
        // 1,000 pages = 4 MB) a 25,000-ticket fetch made ~75 of them, 2 s of fdatasync in the writer
        // thread, which then held the fetch back. 64 MB makes it a handful (and the writer's store
        // runs them on a thread of its own: checkpoint_in_background); the run's end checkpoints the
        // rest (finish_run). Crash safety is unchanged: commits are in the WAL either way.
        db.exec(("PRAGMA wal_autocheckpoint=" + std::to_string(kCheckpointPages)).c_str());
        db.exec(kSchema);
    }

    [[noreturn]] void fail(const sqlite::Error& error) const { throw cache_failure(error, cache_dir, file); }

    /// The (stamp, run) row a bound prepared query finds, if any; leaves the query ready for reuse.
    static std::optional<CachedStamp> stamp_row(sqlite::Statement& query) {
        std::optional<CachedStamp> found;
        if (query.step()) found = CachedStamp{std::string(query.text(0)), query.integer(1)};
        query.reset();
        return found;
    }

    std::optional<std::string> meta(std::string_view key) {
        sqlite::Statement query(db, "SELECT value FROM meta WHERE key = ?");
        query.bind(1, key);
        if (!query.step()) return std::nullopt;
        return std::string(query.text(0));
    }

    void set_meta(std::string_view key, std::string_view value) {
        sqlite::Statement update(db,
                                 "INSERT INTO meta(key, value) VALUES(?, ?) "
                                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
        update.bind(1, key).bind(2, value).run();
    }

    void check_owner(const std::string& source) {
        if (auto schema = meta("schema"); schema && *schema == "1")
            db.exec(kFromSchema1);
        else if (schema && *schema != kSchemaVersion)
            throw RunError(ExitCode::local_io, "the cache " + file.string() +
                                                   " was made by another version of zdbackup (schema " +
                                                   *schema + "): use a new --cache-dir");
        // A cache that holds nothing yet (a first run that failed before any download, a typo in
        // the subdomain) is not tied to the instance it was first pointed at.
        if (auto owner = meta("source"); owner && *owner != source && holds_data())
            throw RunError(ExitCode::usage, "the cache " + cache_dir.string() + " holds the backup of " +
                                                *owner + ", not of " + source +
                                                ": give each instance its own --cache-dir");
        set_meta("schema", kSchemaVersion);
        set_meta("source", source);
    }

    bool holds_data() {
        sqlite::Statement query(db, "SELECT EXISTS(SELECT 1 FROM records) OR EXISTS(SELECT 1 FROM files)");
        return query.step() && query.integer(0) != 0;
    }

    std::uint64_t count(std::string_view sql, std::string_view key) {
        try {
            sqlite::Statement query(db, sql);
            query.bind(1, key);
            return query.step() ? static_cast<std::uint64_t>(query.integer(0)) : 0;
        } catch (const sqlite::Error& error) {
            fail(error);
        }
    }

    bool has_runs() {
        sqlite::Statement query(db, "SELECT EXISTS(SELECT 1 FROM runs)");
        return query.step() && query.integer(0) != 0;
    }

    // Statements of the hot paths, prepared once.
    std::unique_ptr<sqlite::Statement> upsert_record, want_file, settle_file, save_position, complete_stream,
        sweep_records, find_stamp, find_body, upsert_ticket, drop_comments, settle_ticket, upsert_comment,
        find_comments, find_settled;

    sqlite::Statement& prepared(std::unique_ptr<sqlite::Statement>& slot, std::string_view sql) {
        if (!slot) slot = std::make_unique<sqlite::Statement>(db, sql);
        return *slot;
    }

    void write_record(const Record& record, const std::string& kind, std::int64_t run) {
        prepared(upsert_record,
                 // A record seen twice in one run (updated while the export ran) may be committed
                 // out of order: an older copy never replaces a newer one. ISO-8601 stamps sort as text.
                 "INSERT INTO records(path, kind, stamp, run, body) VALUES(?, ?, ?, ?, ?) "
                 "ON CONFLICT(path) DO UPDATE SET kind = excluded.kind, run = excluded.run, "
                 "body = CASE WHEN excluded.stamp >= stamp OR excluded.stamp = '' THEN excluded.body ELSE "
                 "body END, "
                 "stamp = CASE WHEN excluded.stamp >= stamp OR excluded.stamp = '' THEN excluded.stamp ELSE "
                 "stamp END")
            .bind(1, record.path)
            .bind(2, kind)
            .bind(3, record.stamp)
            .bind(4, run)
            .bind_blob(5, record.body)
            .run();
    }

    void write_file(const FileUpdate& update, std::int64_t run) {
        const FileEntry& file = update.file;
        std::optional<std::uint64_t> size = file.size;
        std::optional<FileFacts> facts;
        if (update.state == FileState::done) {
            // The row says "downloaded" only once the bytes are on disk for good.
            const fs::path bytes = attachment_file(cache_dir, file);
            fsync_file(bytes);
            facts = examine(bytes, file);
            size = facts->size;
        }
        // A listing never downgrades a file already downloaded or refused.
        auto& statement =
            update.state == FileState::wanted
                ? prepared(
                      want_file,
                      "INSERT INTO files(path, folder, attachment_id, file_name, url, size, content_type, "
                      "owner, state, reason, run, sha256, deflate) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                      "?, ?) "
                      "ON CONFLICT(path) DO NOTHING")
                : prepared(
                      settle_file,
                      "INSERT INTO files(path, folder, attachment_id, file_name, url, size, content_type, "
                      "owner, state, reason, run, sha256, deflate) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                      "?, ?) "
                      "ON CONFLICT(path) DO UPDATE SET url = excluded.url, size = excluded.size, "
                      "state = excluded.state, reason = excluded.reason, run = excluded.run, "
                      "sha256 = excluded.sha256, deflate = excluded.deflate");
        statement.bind(1, file.zip_path()).bind(2, file.folder).bind(3, file.id).bind(4, file.file_name);
        statement.bind(5, file.content_url);
        if (size)
            statement.bind(6, static_cast<std::int64_t>(*size));
        else
            statement.bind_null(6);
        statement.bind(7, file.content_type).bind(8, file.owner).bind(9, state_name(update.state));
        if (update.reason.empty())
            statement.bind_null(10);
        else
            statement.bind(10, update.reason);
        statement.bind(11, run);
        if (facts)
            statement.bind(12, facts->sha256).bind(13, std::int64_t{facts->deflate ? 1 : 0});
        else
            statement.bind_null(12).bind_null(13);
        statement.run();
    }

    void write_ticket(const TicketFacts& ticket, std::int64_t run) {
        prepared(upsert_ticket,
                 // As for records: a ticket listed twice in one run keeps its newest facts.
                 "INSERT INTO tickets(id, created, updated, stamp, run, deleted) VALUES(?, ?, ?, ?, ?, ?) "
                 "ON CONFLICT(id) DO UPDATE SET run = excluded.run, "
                 "deleted = CASE WHEN excluded.stamp >= stamp THEN excluded.deleted ELSE deleted END, "
                 "created = CASE WHEN excluded.stamp >= stamp THEN excluded.created ELSE created END, "
                 "updated = CASE WHEN excluded.stamp >= stamp THEN excluded.updated ELSE updated END, "
                 "stamp = CASE WHEN excluded.stamp >= stamp THEN excluded.stamp ELSE stamp END")
            .bind(1, ticket.id)
            .bind(2, ticket.created)
            .bind(3, ticket.updated)
            .bind(4, ticket.stamp)
            .bind(5, run)
            .bind(6, std::int64_t{ticket.deleted ? 1 : 0})
            .run();
    }

    void write_settled(const CommentsSettled& settled, std::int64_t run) {
        if (settled.drop_through)
            prepared(drop_comments, "DELETE FROM comments WHERE ticket = ? AND created_at <= ?")
                .bind(1, settled.ticket)
                .bind(2, *settled.drop_through)
                .run();
        prepared(settle_ticket, "UPDATE tickets SET settled = ?, settled_run = ? WHERE id = ?")
            .bind(1, settled.stamp)
            .bind(2, run)
            .bind(3, settled.ticket)
            .run();
    }

    void write_comment(const CommentRow& comment) {
        prepared(
            upsert_comment,
            "INSERT INTO comments(ticket, id, created_at, body) VALUES(?, ?, ?, ?) "
            "ON CONFLICT(ticket, id) DO UPDATE SET created_at = excluded.created_at, body = excluded.body")
            .bind(1, comment.ticket)
            .bind(2, comment.id)
            .bind(3, comment.created_at)
            .bind_blob(4, comment.body)
            .run();
    }

    /// A complete ticket listing also forgets the tickets it no longer lists, and their comments.
    void sweep_tickets(std::int64_t run) {
        sqlite::Statement tickets(db, "DELETE FROM tickets WHERE run < ?");
        tickets.bind(1, run).run();
        db.exec("DELETE FROM comments WHERE ticket NOT IN (SELECT id FROM tickets)");
    }

    void write_mark(const StreamMark& mark, std::int64_t run) {
        prepared(save_position,
                 "INSERT INTO streams(name, position, complete_run, skipped_reason) VALUES(?, ?, 0, NULL) "
                 "ON CONFLICT(name) DO UPDATE SET position = "
                 "CASE WHEN excluded.position <> '' THEN excluded.position ELSE position END")
            .bind(1, mark.stream)
            .bind(2, mark.position)
            .run();
        if (!mark.complete) return;
        auto& complete = prepared(complete_stream,
                                  "UPDATE streams SET complete_run = ?, skipped_reason = ? WHERE name = ?");
        complete.bind(1, run);
        if (mark.skipped_reason.empty())
            complete.bind_null(2);
        else
            complete.bind(2, mark.skipped_reason);
        complete.bind(3, mark.stream).run();
        if (!mark.sweep) return;
        prepared(sweep_records, "DELETE FROM records WHERE kind = ? AND run < ?")
            .bind(1, mark.stream)
            .bind(2, run)
            .run();
        if (mark.stream == "tickets") sweep_tickets(run);
    }
};

void CacheStore::checkpoint_in_background(int wal_pages) {
    try {
        impl_->checkpointer = std::make_unique<sqlite::WalCheckpointer>(impl_->db, impl_->file, wal_pages);
    } catch (const sqlite::Error& error) {
        impl_->fail(error);
    }
}

fs::path CacheStore::database_file(const fs::path& cache_dir) {
    return cache_dir / "cache.sqlite3";
}

fs::path CacheStore::attachment_file(const fs::path& cache_dir, const FileEntry& file) {
    // Ticket and article attachment ids are separate number spaces.
    const std::string space = file.folder.starts_with("guide") ? "guide" : "tickets";
    return cache_dir / "attachments" / space / std::to_string(file.id);
}

CacheStore::CacheStore(const fs::path& cache_dir) {
    const fs::path file = database_file(cache_dir);
    try {
        impl_ = std::make_unique<Impl>(cache_dir, file);
    } catch (const sqlite::Error& error) {
        throw cache_failure(error, cache_dir, file);
    }
}

CacheStore::~CacheStore() = default;

RunInfo CacheStore::begin_run(const std::string& source, bool full, bool forget,
                              const std::string& started_at) {
    try {
        sqlite::Transaction transaction(impl_->db);
        impl_->check_owner(source);
        // A new or emptied database knows no positions, whatever the state file says: a full run.
        if (!impl_->has_runs()) forget = true;
        sqlite::Statement unfinished(impl_->db,
                                     "SELECT id, mode, started_at FROM runs WHERE status = 'running' "
                                     "ORDER BY id DESC LIMIT 1");
        RunInfo run;
        if (unfinished.step() && !forget) {
            const bool was_full = unfinished.text(1) == "full";
            // Asking for --full while an incremental run is unfinished starts over; anything else resumes.
            if (was_full || !full) {
                run.id = unfinished.integer(0);
                run.full = was_full;
                run.resumed = true;
                run.started_at = unfinished.text(2);
                unfinished.reset();
                transaction.commit();
                return run;
            }
        }
        unfinished.reset();
        impl_->db.exec("UPDATE runs SET status = 'abandoned' WHERE status = 'running'");
        run.full = full || forget;
        if (run.full) impl_->db.exec("DELETE FROM streams");
        run.started_at = started_at;
        sqlite::Statement insert(impl_->db,
                                 "INSERT INTO runs(mode, started_at, status) VALUES(?, ?, 'running')");
        insert.bind(1, std::string_view(run.full ? "full" : "incremental")).bind(2, started_at).run();
        run.id = sqlite3_last_insert_rowid(impl_->db.handle());
        transaction.commit();
        return run;
    } catch (const sqlite::Error& error) {
        impl_->fail(error);
    }
}

bool CacheStore::holds_data() {
    try {
        return impl_->holds_data();
    } catch (const sqlite::Error& error) {
        impl_->fail(error);
    }
}

void CacheStore::finish_run(std::int64_t run) {
    try {
        sqlite::Statement done(impl_->db, "UPDATE runs SET status = 'finished' WHERE id = ?");
        done.bind(1, run).run();
        impl_->db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    } catch (const sqlite::Error& error) {
        impl_->fail(error);
    }
}

std::size_t CacheStore::recheck_files(bool verify_contents) {
    try {
        std::vector<std::string> missing;
        sqlite::Statement done(impl_->db, std::string("SELECT path, size, sha256, ") + kFileColumns +
                                              " FROM files WHERE state = 'done'");
        while (done.step()) {
            const FileEntry file = file_entry(done, 3);
            const fs::path bytes = attachment_file(impl_->cache_dir, file);
            std::error_code ec;
            const auto size = fs::file_size(bytes, ec);
            bool bad = ec || (!done.is_null(1) && size != static_cast<std::uint64_t>(done.integer(1)));
            if (!bad && verify_contents && !done.is_null(2) && examine(bytes, file).sha256 != done.text(2)) {
                bad = true;
                fs::remove(bytes, ec);  // same size, other bytes: it must not be reused
            }
            if (bad) missing.emplace_back(done.text(0));
        }
        done.reset();
        if (missing.empty()) return 0;
        sqlite::Transaction transaction(impl_->db);
        sqlite::Statement want(impl_->db, "UPDATE files SET state = 'wanted' WHERE path = ?");
        for (const auto& path : missing) want.bind(1, path).run();
        transaction.commit();
        return missing.size();
    } catch (const sqlite::Error& error) {
        impl_->fail(error);
    }
}

std::optional<CachedStamp> CacheStore::stamp_of(std::string_view path) {
    try {
        auto& query = impl_->prepared(impl_->find_stamp, "SELECT stamp, run FROM records WHERE path = ?");
        query.bind(1, path);
        return Impl::stamp_row(query);
    } catch (const sqlite::Error& error) {
        impl_->fail(error);
    }
}

std::optional<std::string> CacheStore::body_of(std::string_view path) {
    try {
        auto& query = impl_->prepared(impl_->find_body, "SELECT body FROM records WHERE path = ?");
        query.bind(1, path);
        std::optional<std::string> found;
        if (query.step()) found = std::string(query.text(0));
        query.reset();
        return found;
    } catch (const sqlite::Error& error) {
        impl_->fail(error);
    }
}

std::map<std::string, StreamState> CacheStore::streams() {
    try {
        std::map<std::string, StreamState> states;
        sqlite::Statement query(impl_->db,
                                "SELECT name, position, complete_run, skipped_reason FROM streams");
        while (query.step()) {
            StreamState& state = states[std::string(query.text(0))];
            state.position = query.text(1);
            state.complete_run = query.integer(2);
            if (!query.is_null(3)) state.skipped_reason = query.text(3);
        }
        return states;
    } catch (const sqlite::Error& error) {
        impl_->fail(error);
    }
}

std::vector<FileEntry> CacheStore::wanted_files(bool include_skipped) {
    try {
        std::vector<FileEntry> files;
        sqlite::Statement query(impl_->db,
                                std::string("SELECT ") + kFileColumns +
                                    " FROM files WHERE state = 'wanted' OR (? AND state = 'skipped') "
                                    "ORDER BY folder, attachment_id");
        query.bind(1, std::int64_t{include_skipped ? 1 : 0});
        while (query.step()) files.push_back(file_entry(query, 0));
        return files;
    } catch (const sqlite::Error& error) {
        impl_->fail(error);
    }
}

std::vector<SkippedFile> CacheStore::skipped_files() {
    try {
        std::vector<SkippedFile> files;
        sqlite::Statement query(impl_->db, std::string("SELECT reason, ") + kFileColumns +
                                               " FROM files WHERE state = 'skipped' ORDER BY path");
        while (query.step()) files.push_back({file_entry(query, 1), std::string(query.text(0))});
        return files;
    } catch (const sqlite::Error& error) {
        impl_->fail(error);
    }
}

void CacheStore::for_each_record(std::string_view kind,
                                 const std::function<void(std::string_view, std::string_view)>& visit) {
    try {
        sqlite::Statement query(impl_->db, "SELECT path, body FROM records WHERE kind = ? ORDER BY path");
        query.bind(1, kind);
        while (query.step()) visit(query.text(0), query.text(1));
    } catch (const sqlite::Error& error) {
        impl_->fail(error);
    }
}

void CacheStore::for_each_file(std::string_view folder, const std::function<void(const CachedFile&)>& visit) {
    try {
        sqlite::Statement query(impl_->db,
                                std::string("SELECT sha256, deflate, ") + kFileColumns +
                                    " FROM files WHERE state = 'done' AND folder = ? ORDER BY path");
        query.bind(1, folder);
        while (query.step()) {
            CachedFile cached{file_entry(query, 2), std::string(query.text(0)), std::nullopt};
            if (!query.is_null(1)) cached.deflate = query.integer(1) != 0;
            visit(cached);
        }
    } catch (const sqlite::Error& error) {
        impl_->fail(error);
    }
}

std::vector<PendingTicket> CacheStore::tickets_without_comments(const RunInfo& run) {
    try {
        std::vector<PendingTicket> pending;
        sqlite::Statement query(
            impl_->db,
            "SELECT id, created, updated, stamp, settled IS NOT NULL, deleted FROM tickets "
            "WHERE settled IS NULL OR settled <> stamp OR (? AND settled_run <> ?) "
            "ORDER BY created, id");
        query.bind(1, std::int64_t{run.full ? 1 : 0}).bind(2, run.id);
        while (query.step()) {
            PendingTicket ticket;
            ticket.facts = TicketFacts{query.integer(0), query.integer(1), query.integer(2),
                                       std::string(query.text(3)), query.integer(5) != 0};
            ticket.has_comments = query.integer(4) != 0;
            pending.push_back(std::move(ticket));
        }
        return pending;
    } catch (const sqlite::Error& error) {
        impl_->fail(error);
    }
}

std::optional<CachedStamp> CacheStore::comments_settled(std::int64_t ticket) {
    try {
        auto& query =
            impl_->prepared(impl_->find_settled,
                            "SELECT settled, settled_run FROM tickets WHERE id = ? AND settled IS NOT NULL");
        query.bind(1, ticket);
        return Impl::stamp_row(query);
    } catch (const sqlite::Error& error) {
        impl_->fail(error);
    }
}

std::vector<std::int64_t> CacheStore::deleted_tickets() {
    try {
        std::vector<std::int64_t> ids;
        sqlite::Statement query(impl_->db, "SELECT id FROM tickets WHERE deleted <> 0");
        while (query.step()) ids.push_back(query.integer(0));
        return ids;
    } catch (const sqlite::Error& error) {
        impl_->fail(error);
    }
}

void CacheStore::for_each_comment(std::int64_t ticket, const std::function<void(std::string_view)>& visit) {
    try {
        auto& query = impl_->prepared(impl_->find_comments,
                                      "SELECT body FROM comments WHERE ticket = ? ORDER BY created_at, id");
        query.bind(1, ticket);
        try {
            while (query.step()) visit(query.text(0));
        } catch (...) {
            query.reset();  // the prepared statement is reused
            throw;
        }
        query.reset();
    } catch (const sqlite::Error& error) {
        impl_->fail(error);
    }
}

std::uint64_t CacheStore::record_count(std::string_view kind) {
    return impl_->count("SELECT count(*) FROM records WHERE kind = ?", kind);
}

std::uint64_t CacheStore::file_count(std::string_view folder) {
    return impl_->count("SELECT count(*) FROM files WHERE state = 'done' AND folder = ?", folder);
}

void CacheStore::commit(const Batch& batch, std::int64_t run) {
    try {
        sqlite::Transaction transaction(impl_->db);
        for (const Record& record : batch.records) impl_->write_record(record, batch.kind, run);
        for (const FileUpdate& update : batch.files) impl_->write_file(update, run);
        for (const TicketFacts& ticket : batch.tickets) impl_->write_ticket(ticket, run);
        for (const CommentsSettled& settled : batch.settled) impl_->write_settled(settled, run);
        for (const CommentRow& comment : batch.comments) impl_->write_comment(comment);
        // Marks last: a sweep must see this batch's tickets.
        for (const StreamMark& mark : batch.marks) impl_->write_mark(mark, run);
        transaction.commit();
    } catch (const sqlite::Error& error) {
        impl_->fail(error);
    } catch (const std::system_error& error) {  // flushing an attachment file
        if (error.code() == std::errc::no_space_on_device) throw disk_full(impl_->cache_dir);
        throw RunError(ExitCode::local_io, std::string("cannot write the cache: ") + error.what());
    }
}

}  // namespace zdbackup
