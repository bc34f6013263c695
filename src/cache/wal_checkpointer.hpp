#pragma once
// Moves the WAL checkpoints of the cache's writing connection onto a thread and a connection of their
// own. Internal to src/cache.

#include "sqlite.hpp"

#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

namespace zdbackup::sqlite {

/// A checkpoint copies the WAL into the database and syncs both files. Run by the committing thread
/// (SQLite's automatic checkpoints), it stalls that thread for the copy and the syncs, and the fetch
/// behind it once the writer's short queue is full. Here the writer's commits only wake this thread
/// once the WAL holds `pages` pages; it checkpoints PASSIVE (never waiting for the writer, which keeps
/// appending) on its own connection. What a crash can lose is unchanged: every commit is in the WAL.
class WalCheckpointer {
  public:
    /// Takes over the checkpoints of `writer`, a connection to `file`.
    WalCheckpointer(Connection& writer, const std::filesystem::path& file, int pages);
    /// Stops the thread and gives the checkpoints back to `writer`.
    ~WalCheckpointer();
    WalCheckpointer(const WalCheckpointer&) = delete;
    WalCheckpointer& operator=(const WalCheckpointer&) = delete;

  private:
    static int on_commit(void* self, sqlite3* db, const char* name, int wal_pages);
    void run();

    Connection& writer_;
    Connection own_;
    const int pages_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool due_ = false;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace zdbackup::sqlite
