#include <zdbackup/platform/native_file.hpp>

#include "posix_error.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <utility>

namespace zdbackup::platform {
namespace {

int open_retrying(const std::filesystem::path& file, int flags, mode_t mode = 0) {
    int fd = -1;
    do {
        fd = ::open(file.c_str(), flags | O_CLOEXEC, mode);
    } while (fd < 0 && errno == EINTR);
    return fd;
}

}  // namespace

NativeFile::NativeFile(const std::filesystem::path& file, Mode mode) : path_(file) {
    const bool create = mode == Mode::create_write;
    const int fd =
        create ? open_retrying(path_, O_WRONLY | O_CREAT | O_TRUNC, 0644) : open_retrying(path_, O_RDONLY);
    if (fd < 0) posix::throw_errno(errno, create ? "cannot create" : "cannot open", path_);
    handle_ = fd;
}

NativeFile::~NativeFile() {
    if (handle_ != kNoHandle) ::close(static_cast<int>(handle_));
}

NativeFile::NativeFile(NativeFile&& other) noexcept
    : path_(std::move(other.path_)), handle_(std::exchange(other.handle_, kNoHandle)) {}

NativeFile& NativeFile::operator=(NativeFile&& other) noexcept {
    if (this != &other) {
        if (handle_ != kNoHandle) ::close(static_cast<int>(handle_));
        path_ = std::move(other.path_);
        handle_ = std::exchange(other.handle_, kNoHandle);
    }
    return *this;
}

std::size_t NativeFile::read(char* buffer, std::size_t size) {
    if (handle_ == kNoHandle) posix::throw_errno(EBADF, "cannot read", path_);
    for (;;) {
        const ssize_t n = ::read(static_cast<int>(handle_), buffer, size);
        if (n >= 0) return static_cast<std::size_t>(n);
        if (errno != EINTR) posix::throw_errno(errno, "cannot read", path_);
    }
}

void NativeFile::write(std::string_view bytes) {
    if (handle_ == kNoHandle) posix::throw_errno(EBADF, "cannot write", path_);
    while (!bytes.empty()) {
        const ssize_t n = ::write(static_cast<int>(handle_), bytes.data(), bytes.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            posix::throw_errno(errno, "cannot write", path_);
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
}

void NativeFile::sync() {
    if (handle_ == kNoHandle) posix::throw_errno(EBADF, "cannot fsync", path_);
    if (::fsync(static_cast<int>(handle_)) != 0) posix::throw_errno(errno, "cannot fsync", path_);
}

void NativeFile::close() {
    if (handle_ == kNoHandle) return;
    // POSIX leaves the descriptor state unspecified after a failed close: never retry it.
    const int result = ::close(static_cast<int>(std::exchange(handle_, kNoHandle)));
    if (result != 0 && errno != EINTR) posix::throw_errno(errno, "cannot close", path_);
}

void rename_replacing(const std::filesystem::path& from, const std::filesystem::path& to) {
    if (std::rename(from.c_str(), to.c_str()) != 0) posix::throw_errno(errno, "cannot rename to", to);
}

void sync_directory(const std::filesystem::path& directory) {
    const int fd = open_retrying(directory, O_RDONLY | O_DIRECTORY);
    if (fd < 0) posix::throw_errno(errno, "cannot open directory", directory);
    const int result = ::fsync(fd);
    const int error = errno;
    ::close(fd);
    // Some file systems (e.g. certain network mounts) cannot fsync a directory; that is not data loss.
    if (result != 0 && error != EINVAL && error != ENOTSUP)
        posix::throw_errno(error, "cannot fsync", directory);
}

}  // namespace zdbackup::platform
