#pragma once
// Durable file writes: temp file, write, fsync, rename, directory fsync, on top of the platform layer's
// NativeFile (platform/native_file.hpp), which makes the operating system calls.
//
// Errors: every function throws std::system_error whose code compares equal to the portable std::errc
// (`e.code() == std::errc::no_space_on_device` works; errno on POSIX, the Win32 error on Windows) and
// whose what() names the path and the OS error, e.g. "cannot write /x/y: No space left on device".

#include <zdbackup/platform/native_file.hpp>

#include <filesystem>
#include <functional>
#include <string_view>

namespace zdbackup {

/// Replaces `target` with `bytes` so that a crash leaves either the old or the new content, never a mix:
/// writes `<target>.tmp-<pid>` in the same directory, fsyncs it, renames it over `target` and fsyncs the
/// directory. The temp file is removed on failure.
/// Errors: std::system_error naming the path (disk full, permission denied, missing directory...).
void write_file_atomically(const std::filesystem::path& target, std::string_view bytes);

/// Flushes a file's data and metadata to stable storage.
/// Errors: std::system_error naming the path.
void fsync_file(const std::filesystem::path& file);

/// Flushes a directory, making renames and creations inside it durable.
/// Errors: std::system_error naming the path.
void fsync_directory(const std::filesystem::path& directory);

/// Streams `source` into `temp` (the caller's choice of name, in the same directory as `target`), fsyncs
/// it, renames it to `target` and fsyncs the directory. On any failure `temp` is removed and the error
/// rethrown, so the target directory never keeps a partial file.
/// `stop` is asked between chunks; when it answers true the copy is abandoned the same way, with
/// std::errc::operation_canceled.
/// Errors: std::system_error naming the path that failed.
void copy_file_atomically(const std::filesystem::path& source, const std::filesystem::path& target,
                          const std::filesystem::path& temp, const std::function<bool()>& stop = {});

/// A file open for writing through a raw descriptor (a HANDLE on Windows), so errors keep their OS code
/// and the same descriptor can be fsynced. Closing in the destructor ignores errors; call close() to see
/// them.
/// Thread safety: one object per thread.
class OutputFile {
  public:
    /// Creates or truncates `file` (mode 0644 before umask).
    /// Errors: std::system_error "cannot create <file>: ...".
    explicit OutputFile(std::filesystem::path file);

    /// Writes all of `bytes`, retrying short writes and EINTR.
    /// Errors: std::system_error "cannot write <file>: ..." (ENOSPC, EIO...).
    void write(std::string_view bytes) { file_.write(bytes); }

    /// fsync. Errors: std::system_error "cannot fsync <file>: ...".
    void sync() { file_.sync(); }

    /// Closes the descriptor; a no-op when already closed. Errors: std::system_error "cannot close ...".
    void close() { file_.close(); }

    const std::filesystem::path& path() const noexcept { return file_.path(); }

  private:
    platform::NativeFile file_;
};

}  // namespace zdbackup
