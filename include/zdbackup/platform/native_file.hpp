#pragma once
// Raw file I/O with durable flushes: the only place that opens, writes, flushes and renames files
// through the operating system (POSIX open/fsync/rename, Windows CreateFileW/FlushFileBuffers/
// MoveFileExW). util/atomic_file builds temp-write-rename on top of it.
//
// Errors: std::system_error whose what() names the action and the path ("cannot write /x/y: ...").
// On POSIX the code is the errno in the generic category; on Windows it is GetLastError() in the
// system category, whose default_error_condition maps to std::errc, so
// `e.code() == std::errc::no_space_on_device` holds on both.

#include <zdbackup/platform/native_handle.hpp>

#include <cstddef>
#include <filesystem>
#include <string_view>

namespace zdbackup::platform {

/// An open file. Closing in the destructor ignores errors; call close() to see them.
/// Thread safety: one object per thread.
class NativeFile {
  public:
    enum class Mode {
        read,          ///< existing file, read only
        create_write,  ///< created or truncated, write only (0644 before umask on POSIX)
        flush_only,    ///< existing file, opened to sync() it: read only on POSIX, write access on
                       ///< Windows (FlushFileBuffers needs GENERIC_WRITE); never truncated
    };

    /// Errors: "cannot open <file>" (read, flush_only) or "cannot create <file>" (create_write).
    NativeFile(const std::filesystem::path& file, Mode mode);
    ~NativeFile();
    NativeFile(NativeFile&& other) noexcept;
    NativeFile& operator=(NativeFile&& other) noexcept;
    NativeFile(const NativeFile&) = delete;
    NativeFile& operator=(const NativeFile&) = delete;

    /// Reads up to `size` bytes; returns 0 at end of file. Errors: "cannot read <file>".
    std::size_t read(char* buffer, std::size_t size);

    /// Writes all of `bytes`, retrying short writes and interruptions. Errors: "cannot write <file>".
    void write(std::string_view bytes);

    /// Flushes data and metadata to stable storage (fsync / FlushFileBuffers).
    /// Errors: "cannot fsync <file>".
    void sync();

    /// Closes; a no-op when already closed. Errors: "cannot close <file>".
    void close();

    bool is_open() const noexcept { return handle_ != kNoHandle; }
    const std::filesystem::path& path() const noexcept { return path_; }

  private:
    std::filesystem::path path_;
    NativeHandle handle_ = kNoHandle;
};

/// Renames `from` to `to`, replacing `to` atomically when it exists (POSIX rename; on Windows
/// MoveFileExW with MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH, which returns only once the
/// rename is on disk). Does not flush the directory: see sync_directory().
/// Errors: "cannot rename to <to>".
void rename_replacing(const std::filesystem::path& from, const std::filesystem::path& to);

/// Makes creations and renames inside `directory` durable (fsync of the directory on POSIX; on
/// Windows NTFS journals them and MOVEFILE_WRITE_THROUGH already waited, so it only checks that the
/// directory exists). File systems that cannot sync a directory (some network mounts) are not an error.
/// Errors: "cannot open directory <directory>", "cannot fsync <directory>".
void sync_directory(const std::filesystem::path& directory);

}  // namespace zdbackup::platform
