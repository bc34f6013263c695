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
