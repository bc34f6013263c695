#pragma once
// Writes the snapshot zip with libarchive: UTF-8 names, deflate or store per entry, Zip64 when needed.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace zdbackup {

/// What the manifest records about one zip entry.
struct EntryDigest {
    std::string path;        ///< path inside the zip, UTF-8, '/'-separated
    std::uint64_t size = 0;  ///< uncompressed size in bytes
    std::string sha256;      ///< 64 lowercase hex digits of the uncompressed bytes
};

enum class Compression { deflate, store };

/// Writes one zip file. Entries are regular files (mode 0644, mtime = when added) whose names are
/// flagged UTF-8 (general purpose bit 11). libarchive adds Zip64 records whenever an entry, an offset or
/// the entry count needs them (> 4 GiB, > 65,535 entries).
/// After any error the writer is unusable: further calls throw and the file should be discarded.
/// Thread safety: one object per thread.
class ZipWriter {
  public:
    /// Creates (truncates) `file`. `deflate_level` is 0..9.
    /// Errors: std::system_error naming the file; std::invalid_argument for a bad level.
    explicit ZipWriter(const std::filesystem::path& file, int deflate_level = 6);
    /// Abandons an unclosed archive without throwing: no central directory is written, so the file is
    /// left unreadable as a zip rather than looking complete.
    ~ZipWriter();
    ZipWriter(ZipWriter&&) noexcept;
    ZipWriter& operator=(ZipWriter&&) noexcept;
    ZipWriter(const ZipWriter&) = delete;
    ZipWriter& operator=(const ZipWriter&) = delete;

    /// Adds one entry from memory and returns its size and SHA-256.
    /// Errors: std::system_error (disk full, I/O error, libarchive failure); std::logic_error while a
    /// streamed entry is open or after close().
    EntryDigest add(std::string_view path, std::string_view data, Compression c = Compression::deflate);

    /// Starts a streamed entry of exactly `size` bytes, for large files never held whole in memory.
    /// With `known_sha256` (the bytes were hashed when they were cached) the digest is not computed
    /// again: end_entry() returns it as given.
    /// Errors: as add().
    void begin_entry(std::string_view path, std::uint64_t size, Compression c,
                     std::optional<std::string> known_sha256 = std::nullopt);

    /// Appends bytes to the streamed entry.
    /// Errors: std::runtime_error when the total would exceed the announced size; std::system_error on
    /// write failure; std::logic_error without begin_entry().
    void write_chunk(std::string_view chunk);

    /// Finishes the streamed entry and returns its digest.
    /// Errors: std::runtime_error if the bytes written differ from the announced size; std::system_error
    /// on write failure; std::logic_error without begin_entry().
    EntryDigest end_entry();

    /// Finishes the central directory and fsyncs the file and its directory.
    /// Errors: std::system_error; std::logic_error while an entry is open.
    void close();

    /// Entries completed so far.
    std::uint64_t entries_written() const noexcept;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace zdbackup
