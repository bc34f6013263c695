#include <zdbackup/archive/zip_writer.hpp>

#include <zdbackup/platform/utf8_locale.hpp>
#include <zdbackup/util/atomic_file.hpp>
#include <zdbackup/util/sha256.hpp>

#include <archive.h>
#include <archive_entry.h>

#include <cerrno>
#include <ctime>
#include <exception>
#include <optional>
#include <stdexcept>
#include <system_error>

namespace zdbackup {
namespace {

// libarchive hands us blocks of this size; larger blocks mean fewer write(2) calls.
constexpr int bytes_per_block = 64 * 1024;

struct ArchiveEntryDeleter {
    void operator()(archive_entry* e) const noexcept { archive_entry_free(e); }
};

}  // namespace

struct ZipWriter::Impl {
    OutputFile file;
    archive* writer = nullptr;
    // An exception thrown by the write callback; it cannot cross libarchive's C frames, so it waits here.
    std::exception_ptr io_error;
    bool failed = false;
    bool discard_output = false;
    bool closed = false;
    std::uint64_t entries = 0;

    // The open streamed entry, if any.
    bool in_entry = false;
    std::string entry_path;
    std::uint64_t announced = 0;
    std::uint64_t written = 0;
    std::optional<Sha256> hasher;
    std::optional<std::string> known_sha256;  // set: the bytes were hashed before, no need to again

    explicit Impl(const std::filesystem::path& path) : file(path) {}
    ~Impl() {
        if (writer == nullptr) return;
        if (!closed) {
            // Abandoning: let libarchive finish (it frees its block buffer and zlib state only on
            // close, even after a fatal error) but drop what it writes, so the half-written file never
            // gets a central directory and cannot pass for a complete archive.
            discard_output = true;
            archive_write_close(writer);
        }
        archive_write_free(writer);
    }
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;

    static la_ssize_t write_callback(archive*, void* client, const void* buffer, size_t length) {
        auto* self = static_cast<Impl*>(client);
        if (self->discard_output) return static_cast<la_ssize_t>(length);
        try {
            self->file.write(std::string_view(static_cast<const char*>(buffer), length));
            return static_cast<la_ssize_t>(length);
        } catch (...) {
            self->io_error = std::current_exception();
            return -1;
        }
    }

    /// Throws for a libarchive status below ARCHIVE_OK (ARCHIVE_WARN included: it means a name could not
    /// be converted, or similar damage we refuse to write silently).
    void check(la_ssize_t status, std::string_view action) {
        if (status >= ARCHIVE_OK) return;
        fail(action);
    }

    [[noreturn]] void fail(std::string_view action) {
        failed = true;
        if (io_error) std::rethrow_exception(io_error);
        const int error = archive_errno(writer) > 0 ? archive_errno(writer) : EIO;
        const char* detail = archive_error_string(writer);
        std::string what = "cannot " + std::string(action) + " in " + file.path().string();
        if (detail != nullptr) what += std::string(" (") + detail + ")";
        throw std::system_error(error, std::generic_category(), what);
    }

    void require_usable(std::string_view operation) const {
        if (closed) throw std::logic_error("ZipWriter::" + std::string(operation) + " after close()");
        if (failed)
            throw std::logic_error("ZipWriter::" + std::string(operation) + " after an earlier error");
    }
};

ZipWriter::ZipWriter(const std::filesystem::path& file, int deflate_level) {
    if (deflate_level < 0 || deflate_level > 9)
        throw std::invalid_argument("deflate level must be 0..9, got " + std::to_string(deflate_level));
    impl_ = std::make_unique<Impl>(file);
    // libarchive fixes the charset conversions it sets up here to the thread's locale of the moment;
    // begin_entry() uses the same UTF-8 locale, so names pass through unchanged whatever the process
    // locale is.
    const platform::ScopedUtf8Locale utf8;
    Impl& impl = *impl_;
    impl.writer = archive_write_new();
    if (impl.writer == nullptr) throw std::system_error(ENOMEM, std::generic_category(), "archive_write_new");

    impl.check(archive_write_set_format_zip(impl.writer), "set zip format");
    const std::string level = std::to_string(deflate_level);
    impl.check(archive_write_set_format_option(impl.writer, "zip", "compression-level", level.c_str()),
               "set compression level");
    // Names are flagged UTF-8 (bit 11) only when the header charset is UTF-8 or the process locale's
    // codeset is; the locale is usually "C" in a service, so ask for UTF-8 explicitly.
    impl.check(archive_write_set_format_option(impl.writer, "zip", "hdrcharset", "UTF-8"),
               "set header charset");
    impl.check(archive_write_set_bytes_per_block(impl.writer, bytes_per_block), "set block size");
    // A zip must end exactly at its end-of-central-directory record: no padding of the last block.
    impl.check(archive_write_set_bytes_in_last_block(impl.writer, 1), "set block size");
    impl.check(archive_write_open(impl.writer, &impl, nullptr, &Impl::write_callback, nullptr), "open");
}

ZipWriter::~ZipWriter() = default;
ZipWriter::ZipWriter(ZipWriter&&) noexcept = default;
ZipWriter& ZipWriter::operator=(ZipWriter&&) noexcept = default;

EntryDigest ZipWriter::add(std::string_view path, std::string_view data, Compression c) {
    begin_entry(path, data.size(), c);
    write_chunk(data);
    return end_entry();
}

void ZipWriter::begin_entry(std::string_view path, std::uint64_t size, Compression c,
                            std::optional<std::string> known_sha256) {
    Impl& impl = *impl_;
    impl.require_usable("begin_entry");
    if (impl.in_entry) throw std::logic_error("ZipWriter::begin_entry while " + impl.entry_path + " is open");

    // Compression is a per-entry setting in libarchive's zip writer; it applies from the next header.
    impl.check(c == Compression::store ? archive_write_zip_set_compression_store(impl.writer)
                                       : archive_write_zip_set_compression_deflate(impl.writer),
               "set compression");

    std::unique_ptr<archive_entry, ArchiveEntryDeleter> entry(archive_entry_new());
    impl.entry_path.assign(path);
    // Setting the name as UTF-8 (not in the process locale, which is often "C") makes libarchive store
    // the bytes unchanged and set general purpose bit 11 for non-ASCII names.
    archive_entry_set_pathname_utf8(entry.get(), impl.entry_path.c_str());
    archive_entry_set_filetype(entry.get(), AE_IFREG);
    archive_entry_set_perm(entry.get(), 0644);
    archive_entry_set_size(entry.get(), static_cast<la_int64_t>(size));
    archive_entry_set_mtime(entry.get(), std::time(nullptr), 0);
    {
        // The name is converted through the thread's locale; UTF-8 makes that an identity (see ctor).
        const platform::ScopedUtf8Locale utf8;
        impl.check(archive_write_header(impl.writer, entry.get()), "write header of " + impl.entry_path);
    }

    impl.in_entry = true;
    impl.announced = size;
    impl.written = 0;
    impl.known_sha256 = std::move(known_sha256);
    if (impl.known_sha256)
        impl.hasher.reset();
    else
        impl.hasher.emplace();
}

void ZipWriter::write_chunk(std::string_view chunk) {
    Impl& impl = *impl_;
    impl.require_usable("write_chunk");
    if (!impl.in_entry) throw std::logic_error("ZipWriter::write_chunk without begin_entry");
    if (chunk.size() > impl.announced - impl.written) {
        impl.failed = true;
        throw std::runtime_error("zip entry " + impl.entry_path + ": more than the announced " +
                                 std::to_string(impl.announced) + " bytes");
    }
    if (impl.hasher) impl.hasher->update(chunk);
    impl.written += chunk.size();
    while (!chunk.empty()) {
        const la_ssize_t n = archive_write_data(impl.writer, chunk.data(), chunk.size());
        if (n <= 0) impl.fail("write data of " + impl.entry_path);
        chunk.remove_prefix(static_cast<std::size_t>(n));
    }
}

EntryDigest ZipWriter::end_entry() {
    Impl& impl = *impl_;
    impl.require_usable("end_entry");
    if (!impl.in_entry) throw std::logic_error("ZipWriter::end_entry without begin_entry");
    if (impl.written != impl.announced) {
        impl.failed = true;
        throw std::runtime_error("zip entry " + impl.entry_path + ": announced " +
                                 std::to_string(impl.announced) + " bytes, got " +
                                 std::to_string(impl.written));
    }
    impl.check(archive_write_finish_entry(impl.writer), "finish entry " + impl.entry_path);
    impl.in_entry = false;
    ++impl.entries;
    std::string digest = impl.hasher ? impl.hasher->hex_digest() : std::move(*impl.known_sha256);
    return EntryDigest{std::move(impl.entry_path), impl.written, std::move(digest)};
}

void ZipWriter::close() {
    Impl& impl = *impl_;
    impl.require_usable("close");
    if (impl.in_entry) throw std::logic_error("ZipWriter::close while " + impl.entry_path + " is open");
    impl.check(archive_write_close(impl.writer), "write central directory");
    impl.closed = true;
    impl.file.sync();
    impl.file.close();
    auto directory = impl.file.path().parent_path();
    fsync_directory(directory.empty() ? std::filesystem::path(".") : directory);
}

std::uint64_t ZipWriter::entries_written() const noexcept {
    return impl_ ? impl_->entries : 0;
}

}  // namespace zdbackup
