#include <zdbackup/platform/file_lock.hpp>

#include "posix_error.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>

namespace zdbackup::platform {

DirectoryLock::DirectoryLock(const std::filesystem::path& directory, const std::filesystem::path& file) {
    // flock on the directory itself: a user cannot delete it from under a running backup the way one can
    // delete a lock file. The file only carries the note telling the next run whose lock it is.
    const int dir = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) posix::throw_errno(errno, "cannot open", directory);
    const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        const int error = errno;
        ::close(dir);
        posix::throw_errno(error, "cannot create", file);
    }
    directory_ = dir;
    file_ = fd;
}

DirectoryLock::~DirectoryLock() {
    ::close(static_cast<int>(file_));  // closing releases the flocks
    ::close(static_cast<int>(directory_));
}

bool DirectoryLock::try_lock() {
    // Two flocks on two open file descriptions: both must be ours. A second object in this process
    // has descriptions of its own, so it is refused like another process.
    return ::flock(static_cast<int>(directory_), LOCK_EX | LOCK_NB) == 0 &&
           ::flock(static_cast<int>(file_), LOCK_EX | LOCK_NB) == 0;
}

std::string DirectoryLock::read_note() const {
    char note[32] = {};
    const ssize_t n = ::pread(static_cast<int>(file_), note, sizeof note - 1, 0);
    return n > 0 ? std::string(note, static_cast<std::size_t>(n)) : std::string();
}

void DirectoryLock::write_note(std::string_view note) noexcept {
    // Written before truncating, so the file is never empty once a note has been in it.
    const int fd = static_cast<int>(file_);
    if (::pwrite(fd, note.data(), note.size(), 0) == static_cast<ssize_t>(note.size())) [[maybe_unused]]
        auto truncated = ::ftruncate(fd, static_cast<off_t>(note.size()));
}

std::optional<std::string> lock_holder_note(const std::filesystem::path& file) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::nullopt;  // no run has ever held it
    std::optional<std::string> note;
    if (::flock(fd, LOCK_SH | LOCK_NB) != 0) {
        char text[32] = {};
        const ssize_t n = ::pread(fd, text, sizeof text - 1, 0);
        note = n > 0 ? std::string(text, static_cast<std::size_t>(n)) : std::string();
    }
    ::close(fd);  // releases the shared lock, if it was taken
    return note;
}

}  // namespace zdbackup::platform
