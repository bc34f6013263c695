#include <zdbackup/core/run_error.hpp>
#include <zdbackup/util/cache_lock.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <string>
#include <system_error>
#include <thread>

namespace zdbackup {

bool process_alive(long pid) {
    if (pid <= 0) return false;
    return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

long current_pid() {
    return static_cast<long>(::getpid());
}

namespace {

/// The pid the holder wrote into the lock file. A holder that has just taken the lock may not have
/// written it yet: an empty file is read again for up to a second before the pid counts as unknown.
std::string holder_pid(int fd) {
    for (int attempt = 0; attempt < 100 && fd >= 0; ++attempt) {
        char holder[32] = {};
        const ssize_t n = ::pread(fd, holder, sizeof holder - 1, 0);
        if (n > 0) return std::string(holder, static_cast<std::size_t>(n));
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return "unknown";
}

[[noreturn]] void refuse(const std::filesystem::path& cache_dir, int fd) {
    const std::string pid = holder_pid(fd);
    throw RunError(ExitCode::failure, "another zdbackup run (pid " + pid + ") is using the cache " +
                                          cache_dir.string() +
                                          ": wait for it to finish, or use another --cache-dir");
}

/// flock(LOCK_EX | LOCK_NB), tried again for a moment: `status` takes a shared lock on the file for an
/// instant to see whether a run holds it, and a run starting just then must not be refused for that.
int lock_exclusively(int fd) {
    for (int attempt = 0;; ++attempt) {
        if (::flock(fd, LOCK_EX | LOCK_NB) == 0 || attempt == 20) return ::flock(fd, LOCK_EX | LOCK_NB);
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

}  // namespace

std::optional<long> cache_lock_holder(const std::filesystem::path& cache_dir) {
    const std::filesystem::path file = cache_dir / "zdbackup.lock";
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::nullopt;  // no run has ever held it
    std::optional<long> holder;
    if (::flock(fd, LOCK_SH | LOCK_NB) != 0) {
        char pid[32] = {};
        const ssize_t n = ::pread(fd, pid, sizeof pid - 1, 0);
        holder = n > 0 ? std::strtol(pid, nullptr, 10) : 0L;
    }
    ::close(fd);  // releases the shared lock, if it was taken
    return holder;
}

CacheLock::CacheLock(const std::filesystem::path& cache_dir) {
    // The lock is held on the directory itself, which a user cannot delete from under a running
    // backup the way one can delete a lock file; the file only tells the next run whose lock it is.
    dir_fd_ = ::open(cache_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd_ < 0)
        throw std::system_error(errno, std::generic_category(), "cannot open " + cache_dir.string());
    const std::filesystem::path file = cache_dir / "zdbackup.lock";
    fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) {
        ::close(dir_fd_);
        throw std::system_error(errno, std::generic_category(), "cannot create " + file.string());
    }
    if (::flock(dir_fd_, LOCK_EX | LOCK_NB) != 0 || lock_exclusively(fd_) != 0) {
        const int fd = fd_;
        ::close(dir_fd_);
        dir_fd_ = -1;
        fd_ = -1;
        try {
            refuse(cache_dir, fd);
        } catch (...) {
            ::close(fd);
            throw;
        }
    }
    // The pid is only for the message above; the flocks are what exclude.
    // Written before truncating, so the file is never empty once a pid has been in it.
    const std::string pid = std::to_string(current_pid());
    if (::pwrite(fd_, pid.data(), pid.size(), 0) == static_cast<ssize_t>(pid.size())) [[maybe_unused]]
        auto truncated = ::ftruncate(fd_, static_cast<off_t>(pid.size()));
}

CacheLock::~CacheLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the flocks
    if (dir_fd_ >= 0) ::close(dir_fd_);
}

}  // namespace zdbackup
