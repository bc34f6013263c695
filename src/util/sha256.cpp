#include <zdbackup/util/sha256.hpp>

#include <openssl/evp.h>

#include <array>
#include <cerrno>
#include <fstream>
#include <stdexcept>
#include <system_error>
#include <vector>

namespace zdbackup {

struct Sha256::Impl {
    EVP_MD_CTX* ctx = nullptr;
    bool finished = false;

    Impl() : ctx(EVP_MD_CTX_new()) {
        if (ctx == nullptr || EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) != 1) {
            EVP_MD_CTX_free(ctx);
            throw std::runtime_error("cannot initialise SHA-256 (OpenSSL)");
        }
    }
    ~Impl() { EVP_MD_CTX_free(ctx); }
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;
};

Sha256::Sha256() : impl_(std::make_unique<Impl>()) {}
Sha256::~Sha256() = default;
Sha256::Sha256(Sha256&&) noexcept = default;
Sha256& Sha256::operator=(Sha256&&) noexcept = default;

void Sha256::update(std::string_view data) {
    if (impl_->finished) throw std::logic_error("Sha256::update after hex_digest");
    if (EVP_DigestUpdate(impl_->ctx, data.data(), data.size()) != 1)
        throw std::runtime_error("SHA-256 update failed (OpenSSL)");
}

std::string Sha256::hex_digest() {
    if (impl_->finished) throw std::logic_error("Sha256::hex_digest called twice");
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(impl_->ctx, digest.data(), &length) != 1)
        throw std::runtime_error("SHA-256 finalisation failed (OpenSSL)");
    impl_->finished = true;

    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i) {
        out.push_back(hex[digest[i] >> 4]);
        out.push_back(hex[digest[i] & 0x0f]);
    }
    return out;
}

std::string sha256_hex(std::string_view data) {
    Sha256 hasher;
    hasher.update(data);
    return hasher.hex_digest();
}

std::string sha256_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::system_error(errno, std::generic_category(), "cannot read " + file.string());
    Sha256 hasher;
    std::vector<char> chunk(1 << 20);
    while (in) {
        in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        hasher.update({chunk.data(), static_cast<std::size_t>(in.gcount())});
    }
    if (in.bad()) throw std::system_error(EIO, std::generic_category(), "cannot read " + file.string());
    return hasher.hex_digest();
}

}  // namespace zdbackup
