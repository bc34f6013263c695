#include <zdbackup/util/sha256.hpp>

#include <gtest/gtest.h>

#include <string>

namespace zdbackup {
namespace {

TEST(Sha256, MatchesKnownVectors) {
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, ChunkedInputEqualsOneShot) {
    std::string data(1'000'000, '\0');
    for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i * 31 + 7);

    Sha256 hasher;
    for (std::size_t pos = 0; pos < data.size(); pos += 4093)
        hasher.update(std::string_view(data).substr(pos, 4093));
    EXPECT_EQ(hasher.hex_digest(), sha256_hex(data));
}

TEST(Sha256, MillionAsMatchesKnownVector) {
    EXPECT_EQ(sha256_hex(std::string(1'000'000, 'a')),
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, RejectsUpdateAfterDigest) {
    Sha256 hasher;
    (void)hasher.hex_digest();
    EXPECT_THROW(hasher.update("x"), std::logic_error);
}

}  // namespace
}  // namespace zdbackup
