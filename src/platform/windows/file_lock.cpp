#include <zdbackup/platform/file_lock.hpp>

#include "wide.hpp"
#include "windows_api.hpp"

namespace zdbackup::platform {
namespace {

HANDLE as_handle(NativeHandle h) {
    return reinterpret_cast<HANDLE>(h);
}

// Windows byte-range locks are mandatory: a locked byte cannot be read by others. The lock therefore
// covers one byte far past the note (locks may lie beyond the end of the file), so the next run can
// still read the holder's pid.
constexpr DWORD kLockOffsetHigh = 0x7fffffff;

}  // namespace

DirectoryLock::DirectoryLock(const std::filesystem::path& directory, const std::filesystem::path& file) {
    // The directory handle is opened without FILE_SHARE_DELETE, so nobody can delete or rename the cache
    // directory while a run holds it; FILE_FLAG_BACKUP_SEMANTICS is required to open a directory.
    const HANDLE dir = ::CreateFileW(windows::win32_path(directory).c_str(), FILE_LIST_DIRECTORY,
                                     FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr, OPEN_EXISTING,
                                     FILE_FLAG_BACKUP_SEMANTICS, nullptr);
    if (dir == INVALID_HANDLE_VALUE) windows::throw_last_error("cannot open", directory);
    const HANDLE f = ::CreateFileW(windows::win32_path(file).c_str(), GENERIC_READ | GENERIC_WRITE,
                                   FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr, OPEN_ALWAYS,
                                   FILE_ATTRIBUTE_NORMAL, nullptr);
    if (f == INVALID_HANDLE_VALUE) {
        const DWORD error = ::GetLastError();
        ::CloseHandle(dir);
        ::SetLastError(error);
        windows::throw_last_error("cannot create", file);
    }
    directory_ = reinterpret_cast<NativeHandle>(dir);
    file_ = reinterpret_cast<NativeHandle>(f);
}

DirectoryLock::~DirectoryLock() {
    // Closing the handle releases the lock; Windows also releases it when the process dies.
    ::CloseHandle(as_handle(file_));
    ::CloseHandle(as_handle(directory_));
}

bool DirectoryLock::try_lock() {
    OVERLAPPED where{};
    where.OffsetHigh = kLockOffsetHigh;
    return ::LockFileEx(as_handle(file_), LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0,
                        &where) != 0;
}

std::string DirectoryLock::read_note() const {
    char note[32] = {};
    OVERLAPPED at_start{};  // an explicit offset, like pread: the handle's position is not used
    DWORD got = 0;
    if (!::ReadFile(as_handle(file_), note, sizeof note - 1, &got, &at_start)) return {};
    return std::string(note, got);
}

void DirectoryLock::write_note(std::string_view note) noexcept {
    OVERLAPPED at_start{};
    DWORD written = 0;
    // Written before truncating, so the file is never empty once a note has been in it.
    if (!::WriteFile(as_handle(file_), note.data(), static_cast<DWORD>(note.size()), &written, &at_start) ||
        written != note.size())
        return;
    LARGE_INTEGER end{};
    end.QuadPart = static_cast<LONGLONG>(note.size());
    if (::SetFilePointerEx(as_handle(file_), end, nullptr, FILE_BEGIN)) ::SetEndOfFile(as_handle(file_));
}

std::optional<std::string> lock_holder_note(const std::filesystem::path& file) {
    const HANDLE f = ::CreateFileW(windows::win32_path(file).c_str(), GENERIC_READ,
                                   FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                                   OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (f == INVALID_HANDLE_VALUE) return std::nullopt;  // no run has ever held it
    std::optional<std::string> note;
    OVERLAPPED where{};
    where.OffsetHigh = kLockOffsetHigh;  // the byte a holder locks exclusively
    if (::LockFileEx(f, LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &where)) {
        ::UnlockFileEx(f, 0, 1, 0, &where);
    } else {
        char text[32] = {};
        OVERLAPPED at_start{};
        DWORD got = 0;
        note = ::ReadFile(f, text, sizeof text - 1, &got, &at_start) ? std::string(text, got) : std::string();
    }
    ::CloseHandle(f);
    return note;
}

}  // namespace zdbackup::platform
