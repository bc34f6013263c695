#include <zdbackup/core/run_error.hpp>
#include <zdbackup/platform/utf8_path.hpp>
#include <zdbackup/util/cache_lock.hpp>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>

namespace zdbackup {
namespace {

/// The pid the holder wrote into the lock file. A holder that has just taken the lock may not have
/// written it yet: an empty file is read again for up to a second before the pid counts as unknown.
std::string holder_pid(const platform::DirectoryLock& lock) {
    for (int attempt = 0; attempt < 100; ++attempt) {
        std::string pid = lock.read_note();
        if (!pid.empty()) return pid;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return "unknown";
}

/// try_lock, tried again for a moment: `status` takes a shared lock on the file for an instant to see
/// whether a run holds it, and a run starting just then must not be refused for that.
bool lock_soon(platform::DirectoryLock& lock) {
    for (int attempt = 0; attempt < 20; ++attempt) {
        if (lock.try_lock()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return lock.try_lock();
}

}  // namespace

std::optional<long> cache_lock_holder(const std::filesystem::path& cache_dir) {
    const auto note = platform::lock_holder_note(cache_dir / "zdbackup.lock");
    if (!note) return std::nullopt;
    return std::strtol(note->c_str(), nullptr, 10);  // 0 when it cannot be read
}

CacheLock::CacheLock(const std::filesystem::path& cache_dir) {
    // The lock is held on the directory itself, which a user cannot delete from under a running
    // backup the way one can delete a lock file; the file only tells the next run whose lock it is.
    lock_.emplace(cache_dir, cache_dir / "zdbackup.lock");
    if (!lock_soon(*lock_)) {
        const std::string pid = holder_pid(*lock_);
        lock_.reset();
        throw RunError(ExitCode::failure, "another zdbackup run (pid " + pid + ") is using the cache " +
                                              platform::path_to_utf8(cache_dir) +
                                              ": wait for it to finish, or use another --cache-dir");
    }
    // The pid is only for the message above; the locks are what exclude.
    lock_->write_note(std::to_string(current_pid()));
}

}  // namespace zdbackup
