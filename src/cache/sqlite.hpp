#pragma once
// A thin RAII layer over the SQLite C API: a connection, prepared statements and transactions, with
// failures as exceptions that carry SQLite's own message. Internal to src/cache.

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace zdbackup::sqlite {

class Error : public std::runtime_error {
  public:
    Error(int code, const std::string& message) : std::runtime_error(message), code_(code) {}
    int code() const noexcept { return code_; }
    /// The database file is damaged or is not a database.
    bool corrupt() const noexcept {
        return (code_ & 0xff) == SQLITE_CORRUPT || (code_ & 0xff) == SQLITE_NOTADB;
    }
    bool disk_full() const noexcept { return (code_ & 0xff) == SQLITE_FULL; }

  private:
    int code_;
};

class Connection {
  public:
    explicit Connection(const std::filesystem::path& file);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    void exec(const char* sql);
    sqlite3* handle() const noexcept { return db_; }
    [[noreturn]] void fail(int code, std::string_view what) const;

  private:
    sqlite3* db_ = nullptr;
};

class Statement {
  public:
    Statement(const Connection& connection, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    /// Parameters are 1-based, as in SQLite. Text is copied; blobs (record bodies, large) are not: the
    /// caller keeps them alive until the statement has run.
    Statement& bind(int index, std::string_view text);
    Statement& bind_blob(int index, std::string_view bytes);
    Statement& bind(int index, std::int64_t value);
    Statement& bind_null(int index);

    /// Runs one step: true when a row is available.
    bool step();
    /// Runs to completion (no rows expected) and resets for reuse.
    void run();
    /// Clears the bindings and rewinds, so the statement can be run again.
    void reset() noexcept;

    std::string_view text(int column) const;  ///< also reads blobs; valid until the next step
    std::int64_t integer(int column) const;
    bool is_null(int column) const;

  private:
    const Connection& connection_;
    sqlite3_stmt* statement_ = nullptr;
};

/// BEGIN IMMEDIATE ... COMMIT; rolled back when destroyed without commit().
class Transaction {
  public:
    explicit Transaction(Connection& connection);
    ~Transaction();
    void commit();

  private:
    Connection& connection_;
    bool open_ = true;
};

}  // namespace zdbackup::sqlite
