#include <zdbackup/platform/native_file.hpp>

#include "wide.hpp"
#include "windows_api.hpp"

#include <algorithm>
#include <utility>

namespace zdbackup::platform {
namespace {

HANDLE as_handle(NativeHandle h) {
    return reinterpret_cast<HANDLE>(h);
}

/// Errors that mean "someone has the file open right now": OneDrive uploading the previous zip, an
/// antivirus or the search indexer scanning it. They let go within moments, so the rename is retried.
bool is_transient_sharing_error(DWORD error) {
    return error == ERROR_SHARING_VIOLATION || error == ERROR_ACCESS_DENIED || error == ERROR_LOCK_VIOLATION;
}

}  // namespace

NativeFile::NativeFile(const std::filesystem::path& file, Mode mode) : path_(file) {
    const bool create = mode == Mode::create_write;
    const DWORD access = mode == Mode::read ? GENERIC_READ : GENERIC_WRITE;
    // FILE_SHARE_DELETE lets an open file be renamed or removed by others, as on POSIX.
    const HANDLE h = ::CreateFileW(windows::win32_path(path_).c_str(), access,
                                   FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                                   create ? CREATE_ALWAYS : OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (h == INVALID_HANDLE_VALUE) windows::throw_last_error(create ? "cannot create" : "cannot open", path_);
    handle_ = reinterpret_cast<NativeHandle>(h);
}

NativeFile::~NativeFile() {
    if (handle_ != kNoHandle) ::CloseHandle(as_handle(handle_));
}

NativeFile::NativeFile(NativeFile&& other) noexcept
    : path_(std::move(other.path_)), handle_(std::exchange(other.handle_, kNoHandle)) {}

NativeFile& NativeFile::operator=(NativeFile&& other) noexcept {
    if (this != &other) {
        if (handle_ != kNoHandle) ::CloseHandle(as_handle(handle_));
        path_ = std::move(other.path_);
        handle_ = std::exchange(other.handle_, kNoHandle);
    }
    return *this;
}

std::size_t NativeFile::read(char* buffer, std::size_t size) {
    // ReadFile takes a DWORD count: larger requests are simply served partly, as read(2) may.
    const DWORD wanted = static_cast<DWORD>(std::min<std::size_t>(size, 1u << 30));
    DWORD got = 0;
    if (!::ReadFile(as_handle(handle_), buffer, wanted, &got, nullptr))
        windows::throw_last_error("cannot read", path_);
    return got;
}

void NativeFile::write(std::string_view bytes) {
    while (!bytes.empty()) {
        const DWORD chunk = static_cast<DWORD>(std::min<std::size_t>(bytes.size(), 1u << 30));
        DWORD written = 0;
        if (!::WriteFile(as_handle(handle_), bytes.data(), chunk, &written, nullptr))
            windows::throw_last_error("cannot write", path_);
        bytes.remove_prefix(written);
    }
}

void NativeFile::sync() {
    if (!::FlushFileBuffers(as_handle(handle_))) windows::throw_last_error("cannot fsync", path_);
}

void NativeFile::close() {
    if (handle_ == kNoHandle) return;
    if (!::CloseHandle(as_handle(std::exchange(handle_, kNoHandle))))
        windows::throw_last_error("cannot close", path_);
}

void rename_replacing(const std::filesystem::path& from, const std::filesystem::path& to) {
    // WRITE_THROUGH: the call returns only once the rename is on disk, which is what the directory fsync
    // does on POSIX. OneDrive then sees one finished file appear under its final name.
    const std::wstring source = windows::win32_path(from);
    const std::wstring target = windows::win32_path(to);
    // Waits of 0.1, 0.2, ... 1.4 s, about 10 s in all: long enough for a sync client's hold, short
    // enough that a real permission problem is reported promptly.
    constexpr int kAttempts = 15;
    for (int attempt = 1;; ++attempt) {
        if (::MoveFileExW(source.c_str(), target.c_str(), MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH))
            return;
        const DWORD error = ::GetLastError();
        if (attempt == kAttempts || !is_transient_sharing_error(error)) {
            ::SetLastError(error);
            windows::throw_last_error("cannot rename to", to);
        }
        ::Sleep(static_cast<DWORD>(100 * attempt));
    }
}

void sync_directory(const std::filesystem::path& directory) {
    // NTFS journals creations and renames, and rename_replacing already waited for its own: there is no
    // directory flush to do. The check keeps the POSIX contract that a missing directory is an error.
    const DWORD attributes = ::GetFileAttributesW(windows::win32_path(directory).c_str());
    if (attributes == INVALID_FILE_ATTRIBUTES) windows::throw_last_error("cannot open directory", directory);
    if ((attributes & FILE_ATTRIBUTE_DIRECTORY) == 0) {
        ::SetLastError(ERROR_DIRECTORY);
        windows::throw_last_error("cannot open directory", directory);
    }
}

}  // namespace zdbackup::platform
