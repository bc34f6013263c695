#include <zdbackup/archive/zip_verifier.hpp>
#include <zdbackup/archive/zip_writer.hpp>
#include <zdbackup/platform/process.hpp>
#include <zdbackup/util/sha256.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>

#include "zip_reading.hpp"

namespace zdbackup {
namespace {

namespace fs = std::filesystem;
using testing::read_zip;

std::string pseudo_random_bytes(std::size_t size, unsigned seed) {
    std::string data(size, '\0');
    std::uint32_t x = seed * 2654435761u + 1;
    for (auto& c : data) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        c = static_cast<char>(x);
    }
    return data;
}

std::string read_all(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class ZipWriterTest : public ::testing::Test {
  protected:
    void SetUp() override {
        // The pid too: two builds' suites (release and asan) may run the same test at the same time.
        dir_ = fs::temp_directory_path() /
               ("zdb_zipw_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) +
                "_" + std::to_string(platform::current_pid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    fs::path dir_;
};

TEST_F(ZipWriterTest, RoundTripsEntriesWithDigests) {
    const auto zip = dir_ / "a.zip";
    const std::string json = R"({"id":1,"subject":"héllo"})";
    const std::string big = pseudo_random_bytes(5 * 1024 * 1024, 7);
    const std::string binary = pseudo_random_bytes(10'000, 3);
    std::vector<EntryDigest> digests;
    {
        ZipWriter writer(zip);
        digests.push_back(writer.add("tickets/1.json", json));
        digests.push_back(writer.add("tickets/attachments/5/résumé 日本.pdf", binary, Compression::store));
        digests.push_back(writer.add("users/empty.json", ""));
        writer.begin_entry("tickets/attachments/6/big.bin", big.size(), Compression::deflate);
        for (std::size_t pos = 0; pos < big.size(); pos += 100'000)
            writer.write_chunk(std::string_view(big).substr(pos, 100'000));
        digests.push_back(writer.end_entry());
        EXPECT_EQ(writer.entries_written(), 4u);
        writer.close();
    }

    EXPECT_EQ(digests[0].path, "tickets/1.json");
    EXPECT_EQ(digests[0].size, json.size());
    EXPECT_EQ(digests[0].sha256, sha256_hex(json));
    EXPECT_EQ(digests[2].size, 0u);
    EXPECT_EQ(digests[2].sha256, sha256_hex(""));
    EXPECT_EQ(digests[3].size, big.size());
    EXPECT_EQ(digests[3].sha256, sha256_hex(big));

    const auto entries = read_zip(zip);
    ASSERT_EQ(entries.size(), 4u);
    EXPECT_EQ(entries[0].path, "tickets/1.json");
    EXPECT_EQ(entries[0].data, json);
    EXPECT_EQ(entries[1].path, "tickets/attachments/5/résumé 日本.pdf");
    EXPECT_EQ(entries[1].data, binary);
    EXPECT_EQ(entries[2].data, "");
    EXPECT_EQ(entries[3].data, big);
    const auto now = static_cast<long long>(std::time(nullptr));
    for (const auto& e : entries) {
        EXPECT_EQ(e.mode, 0100644) << e.path;
        EXPECT_NEAR(static_cast<double>(e.mtime), static_cast<double>(now), 120.0) << e.path;
    }
}

TEST_F(ZipWriterTest, AKnownDigestIsTrustedNotRecomputed) {
    const auto zip = dir_ / "known.zip";
    const std::string known(64, 'a');  // not the digest of the bytes: proves it is passed through
    EntryDigest digest;
    {
        ZipWriter writer(zip);
        writer.begin_entry("f.bin", 5, Compression::store, known);
        writer.write_chunk("hello");
        digest = writer.end_entry();
        writer.close();
    }
    EXPECT_EQ(digest.sha256, known);
    EXPECT_EQ(read_zip(zip).at(0).data, "hello");
}

TEST_F(ZipWriterTest, FlagsNonAsciiNamesAsUtf8) {
    const auto zip = dir_ / "utf8.zip";
    const std::string name = "tickets/attachments/1/été 日本.txt";
    {
        ZipWriter writer(zip);
        writer.add(name, "x");
        writer.close();
    }
    const std::string bytes = read_all(zip);
    // Local file header: signature, version needed (2 bytes), general purpose flags (2 bytes).
    ASSERT_EQ(bytes.substr(0, 4), std::string("PK\3\4"));
    const unsigned flags = static_cast<unsigned char>(bytes[6]) | static_cast<unsigned char>(bytes[7]) << 8;
    EXPECT_TRUE(flags & (1u << 11)) << "general purpose bit 11 (UTF-8) not set";
    EXPECT_NE(bytes.find(name), std::string::npos) << "name not stored as raw UTF-8";
    // Central directory header flags, at offset 8 of its record.
    const auto central = bytes.find("PK\1\2");
    ASSERT_NE(central, std::string::npos);
    const unsigned central_flags =
        static_cast<unsigned char>(bytes[central + 8]) | static_cast<unsigned char>(bytes[central + 9]) << 8;
    EXPECT_TRUE(central_flags & (1u << 11));
}

TEST_F(ZipWriterTest, StoreKeepsBytesUncompressedAndDeflateShrinks) {
    const std::string text(100'000, 'a');
    const auto stored = dir_ / "stored.zip";
    const auto deflated = dir_ / "deflated.zip";
    {
        ZipWriter writer(stored);
        writer.add("a.txt", text, Compression::store);
        writer.close();
    }
    {
        ZipWriter writer(deflated, 9);
        writer.add("a.txt", text, Compression::deflate);
        writer.close();
    }
    EXPECT_GT(fs::file_size(stored), text.size());
    EXPECT_LT(fs::file_size(deflated), 10'000u);
    EXPECT_EQ(read_zip(stored).at(0).data, text);
    EXPECT_EQ(read_zip(deflated).at(0).data, text);
}

TEST_F(ZipWriterTest, WritesMoreThan65535EntriesWithZip64EndRecord) {
    const auto zip = dir_ / "many.zip";
    constexpr std::size_t count = 70'000;
    {
        ZipWriter writer(zip, 1);
        for (std::size_t i = 0; i < count; ++i)
            writer.add("tickets/" + std::to_string(i) + ".json", "{\"id\":" + std::to_string(i) + "}");
        EXPECT_EQ(writer.entries_written(), count);
        writer.close();
    }
    const std::string bytes = read_all(zip);
    EXPECT_NE(bytes.rfind("PK\6\6"), std::string::npos) << "no Zip64 end of central directory record";
    EXPECT_NE(bytes.rfind("PK\6\7"), std::string::npos) << "no Zip64 end of central directory locator";

    const auto entries = read_zip(zip);
    ASSERT_EQ(entries.size(), count);
    EXPECT_EQ(entries[count - 1].path, "tickets/69999.json");
    EXPECT_EQ(entries[count - 1].data, "{\"id\":69999}");
}

// An entry over 4 GiB needs Zip64 sizes. Zeros deflate to ~4 MB, so this costs CPU, not disk.
// (Offsets past 4 GiB were checked by hand once with an 8.6 GB zip: python3 -m zipfile -t and unzip -t
// both accepted it; see docs/decisions.md.)
TEST_F(ZipWriterTest, WritesZip64ForAnEntryOverFourGiB) {
    const auto zip = dir_ / "huge_entry.zip";
    constexpr std::uint64_t huge = (4ull << 30) + (1 << 20);  // 4 GiB + 1 MiB
    Manifest manifest;
    manifest.tool_version = "test";
    manifest.mode = "full";
    {
        ZipWriter writer(zip, 1);
        writer.begin_entry("big/deflated.bin", huge, Compression::deflate);
        const std::string zeros(1 << 20, '\0');
        for (std::uint64_t done = 0; done < huge; done += zeros.size()) writer.write_chunk(zeros);
        manifest.entries.push_back(writer.end_entry());
        manifest.entries.push_back(writer.add("after.json", "{\"after\":true}"));
        writer.add("manifest.json", to_json(manifest));
        writer.close();
    }
    EXPECT_EQ(manifest.entries.front().size, huge);
    const auto report = verify_zip(zip);
    EXPECT_TRUE(report.ok) << (report.problems.empty() ? "" : report.problems.front());
    EXPECT_EQ(report.entries_checked, 2u);
}

TEST_F(ZipWriterTest, ThrowsWhenStreamedSizeDiffersFromAnnounced) {
    {
        ZipWriter writer(dir_ / "short.zip");
        writer.begin_entry("a.bin", 10, Compression::store);
        writer.write_chunk("12345");
        EXPECT_THROW(writer.end_entry(), std::runtime_error);
        EXPECT_THROW(writer.close(), std::logic_error) << "a writer that failed stays failed";
    }
    {
        ZipWriter writer(dir_ / "long.zip");
        writer.begin_entry("a.bin", 3, Compression::deflate);
        EXPECT_THROW(writer.write_chunk("12345"), std::runtime_error);
    }
}

TEST_F(ZipWriterTest, RejectsMisuse) {
    ZipWriter writer(dir_ / "misuse.zip");
    EXPECT_THROW(writer.write_chunk("x"), std::logic_error);
    EXPECT_THROW(writer.end_entry(), std::logic_error);
    writer.begin_entry("a", 1, Compression::store);
    EXPECT_THROW(writer.begin_entry("b", 1, Compression::store), std::logic_error);
    EXPECT_THROW(writer.close(), std::logic_error);
    EXPECT_THROW(ZipWriter(dir_ / "bad.zip", 10), std::invalid_argument);
}

TEST_F(ZipWriterTest, ReportsDiskFullAsSystemError) {
    if (!fs::exists("/dev/full")) GTEST_SKIP() << "/dev/full not available";
    ZipWriter writer("/dev/full");
    try {
        // More than one block, so libarchive has to hand bytes to the file.
        writer.add("big.bin", pseudo_random_bytes(1 << 20, 1), Compression::store);
        writer.close();
        FAIL() << "expected std::system_error";
    } catch (const std::system_error& e) {
        EXPECT_EQ(e.code(), std::errc::no_space_on_device) << e.what();
        EXPECT_NE(std::string(e.what()).find("/dev/full"), std::string::npos) << e.what();
    }
}

TEST_F(ZipWriterTest, FailsToCreateInMissingDirectory) {
    EXPECT_THROW(ZipWriter(dir_ / "missing" / "a.zip"), std::system_error);
}

TEST_F(ZipWriterTest, AbandonedArchiveHasNoCentralDirectory) {
    const auto zip = dir_ / "abandoned.zip";
    {
        ZipWriter writer(zip);
        writer.add("a.json", "{}");
    }
    EXPECT_EQ(read_all(zip).find("PK\5\6"), std::string::npos);
    EXPECT_THROW(read_zip(zip), std::runtime_error);
}

TEST_F(ZipWriterTest, MovedWriterKeepsWriting) {
    const auto zip = dir_ / "moved.zip";
    ZipWriter first(zip);
    first.add("a", "1");
    ZipWriter second(std::move(first));
    second.add("b", "2");
    second.close();
    ASSERT_EQ(read_zip(zip).size(), 2u);
}

}  // namespace
}  // namespace zdbackup
