#pragma once
// One run per cache: two runs writing the same cache would corrupt each other's zip and state.

#include <zdbackup/platform/file_lock.hpp>
#include <zdbackup/platform/process.hpp>

#include <filesystem>
#include <optional>

namespace zdbackup {

// Callers that clean up after dead runs ask about processes; the platform layer answers.
using platform::current_pid;
using platform::process_alive;

/// Whether a run holds the lock of `cache_dir` now, without waiting and without creating anything: nullopt
/// when none does, else the holder's pid (0 when it cannot be read). The check takes a shared lock for
/// an instant; a run starting in that instant waits for it rather than failing (see CacheLock).
std::optional<long> cache_lock_holder(const std::filesystem::path& cache_dir);

/// Holds `<cache>/zdbackup.lock` for the life of the object. The operating system releases the lock
/// when the process dies, however it dies, so a lock left by a killed run is simply taken over.
class CacheLock {
  public:
    /// Errors: RunError naming the process that holds the lock; std::system_error when the lock file
    /// cannot be created.
    explicit CacheLock(const std::filesystem::path& cache_dir);
    CacheLock(const CacheLock&) = delete;
    CacheLock& operator=(const CacheLock&) = delete;

  private:
    std::optional<platform::DirectoryLock> lock_;
};

}  // namespace zdbackup
