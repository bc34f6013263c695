#include "sqlite.hpp"

namespace zdbackup::sqlite {

Connection::Connection(const std::filesystem::path& file) {
    const std::u8string name = file.u8string();  // SQLite takes UTF-8 names on every platform
    const int rc = sqlite3_open_v2(reinterpret_cast<const char*>(name.c_str()), &db_,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        const std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close(db_);
        db_ = nullptr;
        throw Error(rc, "cannot open " + file.string() + ": " + message);
    }
    sqlite3_extended_result_codes(db_, 1);
    // The writer thread and the network thread use separate connections; a checkpoint may hold a lock
    // for a moment.
    sqlite3_busy_timeout(db_, 10000);
}

Connection::~Connection() {
    sqlite3_close_v2(db_);
}

void Connection::exec(const char* sql) {
    char* message = nullptr;
    const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        const std::string text = message ? message : sqlite3_errstr(rc);
        sqlite3_free(message);
        throw Error(rc, text);
    }
}

void Connection::fail(int code, std::string_view what) const {
    throw Error(code, std::string(what) + ": " + sqlite3_errmsg(db_));
}

Statement::Statement(const Connection& connection, std::string_view sql) : connection_(connection) {
    const int rc = sqlite3_prepare_v3(connection.handle(), sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &statement_, nullptr);
    if (rc != SQLITE_OK) connection.fail(rc, "cannot prepare a cache query");
}

Statement::~Statement() {
    sqlite3_finalize(statement_);
}

Statement& Statement::bind(int index, std::string_view text) {
    const int rc =
        sqlite3_bind_text(statement_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) connection_.fail(rc, "cannot bind a cache query parameter");
    return *this;
}

Statement& Statement::bind_blob(int index, std::string_view bytes) {
    // Blobs are the big record bodies: bound without a copy, alive until the statement is reset.
    const int rc = sqlite3_bind_blob64(statement_, index, bytes.data(), bytes.size(), SQLITE_STATIC);
    if (rc != SQLITE_OK) connection_.fail(rc, "cannot bind a cache query parameter");
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
    const int rc = sqlite3_bind_int64(statement_, index, value);
    if (rc != SQLITE_OK) connection_.fail(rc, "cannot bind a cache query parameter");
    return *this;
}

Statement& Statement::bind_null(int index) {
    const int rc = sqlite3_bind_null(statement_, index);
    if (rc != SQLITE_OK) connection_.fail(rc, "cannot bind a cache query parameter");
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(statement_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    connection_.fail(rc, "cache database error");
}

void Statement::run() {
    while (step()) {
    }
    reset();
}

void Statement::reset() noexcept {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
}

std::string_view Statement::text(int column) const {
    const void* data = sqlite3_column_blob(statement_, column);
    const int size = sqlite3_column_bytes(statement_, column);
    if (!data) return {};
    return {static_cast<const char*>(data), static_cast<std::size_t>(size)};
}

std::int64_t Statement::integer(int column) const {
    return sqlite3_column_int64(statement_, column);
}

bool Statement::is_null(int column) const {
    return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

Transaction::Transaction(Connection& connection) : connection_(connection) {
    connection_.exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
    if (!open_) return;
    try {
        connection_.exec("ROLLBACK");
    } catch (...) {
        // Nothing more to do: SQLite rolls back an unfinished transaction when the connection closes.
    }
}

void Transaction::commit() {
    connection_.exec("COMMIT");
    open_ = false;
}

}  // namespace zdbackup::sqlite
