#include "wal_checkpointer.hpp"

namespace zdbackup::sqlite {

WalCheckpointer::WalCheckpointer(Connection& writer, const std::filesystem::path& file, int pages)
    : writer_(writer), own_(file), pages_(pages) {
    // A connection knows the database is in WAL mode only once it has read it: until then a
    // checkpoint through it does nothing.
    own_.exec("PRAGMA journal_mode=WAL");
    thread_ = std::thread([this] { run(); });
    sqlite3_wal_hook(writer_.handle(), &WalCheckpointer::on_commit, this);  // replaces the automatic one
}

WalCheckpointer::~WalCheckpointer() {
    sqlite3_wal_autocheckpoint(writer_.handle(), pages_);  // unhooks this object
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

// On the writer's thread, after each commit: only a flag and a wake-up.
int WalCheckpointer::on_commit(void* self, sqlite3*, const char*, int wal_pages) {
    auto* checkpointer = static_cast<WalCheckpointer*>(self);
    if (wal_pages < checkpointer->pages_) return SQLITE_OK;
    {
        std::lock_guard lock(checkpointer->mutex_);
        checkpointer->due_ = true;
    }
    checkpointer->wake_.notify_one();
    return SQLITE_OK;
}

void WalCheckpointer::run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [this] { return due_ || stopping_; });
        if (stopping_) return;
        due_ = false;
        lock.unlock();
        // Errors are ignored, as SQLite ignores those of its automatic checkpoints: the WAL still
        // holds every commit, and the run's last checkpoint (or the next run) copies it.
        sqlite3_wal_checkpoint_v2(own_.handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        lock.lock();
    }
}

}  // namespace zdbackup::sqlite
