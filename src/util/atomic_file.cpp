#include <zdbackup/util/atomic_file.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <string>
#include <system_error>
#include <utility>

namespace zdbackup {
namespace {

[[noreturn]] void throw_errno(int error, std::string_view action, const std::filesystem::path& path) {
    std::string what(action);
    what += ' ';
    what += path.string();
    throw std::system_error(error, std::generic_category(), what);
}

std::filesystem::path directory_of(const std::filesystem::path& file) {
    auto parent = file.parent_path();
    return parent.empty() ? std::filesystem::path(".") : parent;
}

/// Closes a read-only descriptor on scope exit.
class InputFile {
  public:
    explicit InputFile(const std::filesystem::path& file) : path_(file) {
        do {
            fd_ = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
        } while (fd_ < 0 && errno == EINTR);
        if (fd_ < 0) throw_errno(errno, "cannot open", file);
    }
    ~InputFile() { ::close(fd_); }
    InputFile(const InputFile&) = delete;
    InputFile& operator=(const InputFile&) = delete;

    /// Returns the number of bytes read, 0 at end of file.
    std::size_t read(char* buffer, std::size_t size) {
        for (;;) {
            const ssize_t n = ::read(fd_, buffer, size);
            if (n >= 0) return static_cast<std::size_t>(n);
            if (errno != EINTR) throw_errno(errno, "cannot read", path_);
        }
    }

  private:
    std::filesystem::path path_;
    int fd_ = -1;
};

void rename_durably(const std::filesystem::path& from, const std::filesystem::path& to) {
    if (::rename(from.c_str(), to.c_str()) != 0) throw_errno(errno, "cannot rename to", to);
    fsync_directory(directory_of(to));
}

/// Removes `file`, ignoring errors: used only while another error is already on its way out.
void remove_quietly(const std::filesystem::path& file) noexcept {
    std::error_code ignored;
    std::filesystem::remove(file, ignored);
}

}  // namespace

OutputFile::OutputFile(std::filesystem::path file) : path_(std::move(file)) {
    do {
        fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    } while (fd_ < 0 && errno == EINTR);
    if (fd_ < 0) throw_errno(errno, "cannot create", path_);
}

OutputFile::~OutputFile() {
    if (fd_ >= 0) ::close(fd_);
}

OutputFile::OutputFile(OutputFile&& other) noexcept
    : path_(std::move(other.path_)), fd_(std::exchange(other.fd_, -1)) {}

OutputFile& OutputFile::operator=(OutputFile&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0) ::close(fd_);
        path_ = std::move(other.path_);
        fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
}

void OutputFile::write(std::string_view bytes) {
    if (fd_ < 0) throw_errno(EBADF, "cannot write", path_);
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            throw_errno(errno, "cannot write", path_);
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
}

void OutputFile::sync() {
    if (fd_ < 0) throw_errno(EBADF, "cannot fsync", path_);
    if (::fsync(fd_) != 0) throw_errno(errno, "cannot fsync", path_);
}

void OutputFile::close() {
    if (fd_ < 0) return;
    // POSIX leaves the descriptor state unspecified after a failed close: never retry it.
    const int result = ::close(std::exchange(fd_, -1));
    if (result != 0 && errno != EINTR) throw_errno(errno, "cannot close", path_);
}

void fsync_file(const std::filesystem::path& file) {
    int fd = -1;
    do {
        fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) throw_errno(errno, "cannot open", file);
    const int result = ::fsync(fd);
    const int error = errno;
    ::close(fd);
    if (result != 0) throw_errno(error, "cannot fsync", file);
}

void fsync_directory(const std::filesystem::path& directory) {
    int fd = -1;
    do {
        fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) throw_errno(errno, "cannot open directory", directory);
    const int result = ::fsync(fd);
    const int error = errno;
    ::close(fd);
    // Some file systems (e.g. certain network mounts) cannot fsync a directory; that is not data loss.
    if (result != 0 && error != EINVAL && error != ENOTSUP) throw_errno(error, "cannot fsync", directory);
}

void write_file_atomically(const std::filesystem::path& target, std::string_view bytes) {
    auto temp = target;
    temp += ".tmp-" + std::to_string(::getpid());
    try {
        OutputFile out(temp);
        out.write(bytes);
        out.sync();
        out.close();
        rename_durably(temp, target);
    } catch (...) {
        remove_quietly(temp);
        throw;
    }
}

void copy_file_atomically(const std::filesystem::path& source, const std::filesystem::path& target,
                          const std::filesystem::path& temp, const std::function<bool()>& stop) {
    InputFile in(source);
    try {
        OutputFile out(temp);
        std::array<char, 1 << 16> buffer{};
        for (;;) {
            if (stop && stop())
                throw std::system_error(std::make_error_code(std::errc::operation_canceled),
                                        "copy to " + target.string() + " stopped");
            const std::size_t n = in.read(buffer.data(), buffer.size());
            if (n == 0) break;
            out.write(std::string_view(buffer.data(), n));
        }
        out.sync();
        out.close();
        rename_durably(temp, target);
    } catch (...) {
        remove_quietly(temp);
        throw;
    }
}

}  // namespace zdbackup
