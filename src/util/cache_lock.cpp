#include <zdbackup/core/run_error.hpp>
#include <zdbackup/util/cache_lock.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <system_error>

namespace zdbackup {

bool process_alive(long pid) {
    if (pid <= 0) return false;
    return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

long current_pid() {
    return static_cast<long>(::getpid());
}

namespace {

[[noreturn]] void refuse(const std::filesystem::path& cache_dir, int fd) {
    char holder[32] = {};
    const ssize_t n = fd >= 0 ? ::pread(fd, holder, sizeof holder - 1, 0) : 0;
    const std::string pid = n > 0 ? std::string(holder, static_cast<std::size_t>(n)) : "unknown";
    throw RunError(ExitCode::failure, "another zdbackup run (pid " + pid + ") is using the cache " +
                                          cache_dir.string() +
                                          ": wait for it to finish, or use another --cache-dir");
}

}  // namespace

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
    if (::flock(dir_fd_, LOCK_EX | LOCK_NB) != 0 || ::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
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
    const std::string pid = std::to_string(current_pid());
    if (::ftruncate(fd_, 0) == 0) [[maybe_unused]]
        auto written = ::pwrite(fd_, pid.data(), pid.size(), 0);
}

CacheLock::~CacheLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the flocks
    if (dir_fd_ >= 0) ::close(dir_fd_);
}

}  // namespace zdbackup
