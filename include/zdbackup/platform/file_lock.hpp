#pragma once
// An exclusive lock that the operating system drops when its holder dies, however it dies: flock on
// POSIX, LockFileEx on Windows. util/cache_lock uses it to allow one run per cache.

#include <zdbackup/platform/native_handle.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace zdbackup::platform {

/// Holds `directory` open (so it cannot be removed or renamed from under the holder on Windows, and is
/// flocked on POSIX) and `file` inside it, whose first bytes carry a short note such as the holder's pid.
/// Thread safety: one object per thread.
class DirectoryLock {
  public:
    /// Opens the directory and opens or creates the file, without locking yet.
    /// Errors: std::system_error "cannot open <directory>" / "cannot create <file>".
    DirectoryLock(const std::filesystem::path& directory, const std::filesystem::path& file);
    ~DirectoryLock();  ///< closing the handles releases the lock
    DirectoryLock(const DirectoryLock&) = delete;
    DirectoryLock& operator=(const DirectoryLock&) = delete;

    /// Takes the lock without waiting; false when another process (or another object) holds it.
    bool try_lock();

    /// The note at the start of the file (at most 31 bytes), empty when there is none. Readable while
    /// another process holds the lock.
    std::string read_note() const;

    /// Replaces the note. Best effort: the lock, not the note, is what excludes.
    void write_note(std::string_view note) noexcept;

  private:
    NativeHandle directory_ = kNoHandle;
    NativeHandle file_ = kNoHandle;
};

/// Whether a DirectoryLock holds `file` now, seen without waiting and without creating anything: nullopt
/// when the file does not exist or nobody holds it, else its note. Takes a shared lock on the file for an
/// instant (a holder's exclusive lock refuses it).
std::optional<std::string> lock_holder_note(const std::filesystem::path& file);

}  // namespace zdbackup::platform
