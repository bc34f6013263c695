#include <zdbackup/platform/process.hpp>
#include <zdbackup/platform/utf8_path.hpp>
#include <zdbackup/util/atomic_file.hpp>

#include <array>
#include <string>
#include <system_error>
#include <utility>

namespace zdbackup {
namespace {

std::filesystem::path directory_of(const std::filesystem::path& file) {
    auto parent = file.parent_path();
    return parent.empty() ? std::filesystem::path(".") : parent;
}

void rename_durably(const std::filesystem::path& from, const std::filesystem::path& to) {
    platform::rename_replacing(from, to);
    fsync_directory(directory_of(to));
}

/// Removes `file`, ignoring errors: used only while another error is already on its way out.
void remove_quietly(const std::filesystem::path& file) noexcept {
    std::error_code ignored;
    std::filesystem::remove(file, ignored);
}

}  // namespace

OutputFile::OutputFile(std::filesystem::path file) : file_(file, platform::NativeFile::Mode::create_write) {}

void fsync_file(const std::filesystem::path& file) {
    platform::NativeFile(file, platform::NativeFile::Mode::flush_only).sync();
}

void fsync_directory(const std::filesystem::path& directory) {
    platform::sync_directory(directory);
}

void write_file_atomically(const std::filesystem::path& target, std::string_view bytes) {
    auto temp = target;
    temp += ".tmp-" + std::to_string(platform::current_pid());
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
    platform::NativeFile in(source, platform::NativeFile::Mode::read);
    try {
        OutputFile out(temp);
        std::array<char, 1 << 16> buffer{};
        for (;;) {
            if (stop && stop())
                throw std::system_error(std::make_error_code(std::errc::operation_canceled),
                                        "copy to " + platform::path_to_utf8(target) + " stopped");
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
