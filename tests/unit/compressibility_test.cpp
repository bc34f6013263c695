#include <zdbackup/archive/compressibility.hpp>

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace zdbackup {
namespace {

TEST(WorthDeflating, TextIsWorthIt) {
    std::string text;
    while (text.size() < 64 * 1024)
        text += "{\"id\":123,\"subject\":\"Printer on fire\",\"status\":\"open\"}\n";
    EXPECT_TRUE(worth_deflating(text));
}

TEST(WorthDeflating, RandomBytesAreNot) {
    std::mt19937 random(7);
    std::string noise(64 * 1024, '\0');
    for (char& c : noise) c = static_cast<char>(random());
    EXPECT_FALSE(worth_deflating(noise));
}

TEST(WorthDeflating, TinySamplesAreDeflated) {
    EXPECT_TRUE(worth_deflating("abc"));
}

}  // namespace
}  // namespace zdbackup
