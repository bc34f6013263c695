#pragma once
// SHA-256 over OpenSSL EVP, for entry digests in the snapshot zip and its manifest.

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace zdbackup {

/// Incremental SHA-256. Feed bytes with update(), read the lowercase hex digest once with hex_digest().
/// Thread safety: one object per thread.
class Sha256 {
  public:
    /// Errors: std::runtime_error if OpenSSL cannot set up the digest (out of memory).
    Sha256();
    ~Sha256();
    Sha256(Sha256&&) noexcept;
    Sha256& operator=(Sha256&&) noexcept;

    /// Hashes more bytes. Errors: std::logic_error after hex_digest().
    void update(std::string_view data);

    /// Finalizes and returns 64 lowercase hex digits; the object accepts no more data afterwards.
    /// Errors: std::logic_error when called twice.
    std::string hex_digest();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// SHA-256 of `data` as 64 lowercase hex digits.
std::string sha256_hex(std::string_view data);

/// SHA-256 of a whole file's bytes, read in chunks, as 64 lowercase hex digits.
/// Errors: std::system_error naming the file when it cannot be read.
std::string sha256_file(const std::filesystem::path& file);

}  // namespace zdbackup
