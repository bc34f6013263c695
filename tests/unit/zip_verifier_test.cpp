#include <zdbackup/archive/zip_verifier.hpp>
#include <zdbackup/archive/zip_writer.hpp>
#include <zdbackup/platform/process.hpp>
#include <zdbackup/util/sha256.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>

#include "zip_reading.hpp"

namespace zdbackup {
namespace {

namespace fs = std::filesystem;
using testing::read_zip;
using testing::ReadEntry;

struct Item {
    std::string path;
    std::string data;
};

const std::vector<Item> sample_items = {
    {"tickets/1.json", R"({"id":1,"comments":[]})"},
    {"tickets/2.json", R"({"id":2,"subject":"naïve 日本"})"},
    {"tickets/attachments/7/été.png", std::string(50'000, '\x89')},
    {"users/empty.json", ""},
};

/// Writes `items` then `manifest_text` (when given) as the last entry.
void write_zip(const fs::path& zip, const std::vector<Item>& items,
               const std::optional<std::string>& manifest_text) {
    ZipWriter writer(zip);
    for (const auto& item : items) writer.add(item.path, item.data);
    if (manifest_text) writer.add("manifest.json", *manifest_text);
    writer.close();
}

std::string manifest_for(const std::vector<Item>& items) {
    Manifest m;
    m.tool_version = "test";
    m.source = "https://example.zendesk.com";
    m.started_at = m.finished_at = "2026-12-03T15:01:56Z";
    m.mode = "full";
    m.counts = {{"tickets", 2}, {"users", 1}};
    for (const auto& item : items) m.entries.push_back({item.path, item.data.size(), sha256_hex(item.data)});
    return to_json(m);
}

std::vector<Item> as_items(const std::vector<ReadEntry>& entries) {
    std::vector<Item> items;
    for (const auto& e : entries) items.push_back({e.path, e.data});
    return items;
}

/// Copies a zip entry by entry (read with archive_read, written with archive_write via ZipWriter),
/// letting `edit` change, drop or add entries.
template <class Edit>
void rewrite_zip(const fs::path& from, const fs::path& to, Edit edit) {
    auto items = as_items(read_zip(from));
    edit(items);
    ZipWriter writer(to);
    for (const auto& item : items) writer.add(item.path, item.data);
    writer.close();
}

bool has_problem(const VerifyReport& report, const std::string& text) {
    return std::find(report.problems.begin(), report.problems.end(), text) != report.problems.end();
}

std::string describe(const VerifyReport& report) {
    std::string out;
    for (const auto& p : report.problems) out += "\n  " + p;
    return out;
}

class ZipVerifierTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("zdb_verify_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) +
                "_" + std::to_string(platform::current_pid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        good_ = dir_ / "good.zip";
        write_zip(good_, sample_items, manifest_for(sample_items));
    }
    void TearDown() override { fs::remove_all(dir_); }
    fs::path dir_;
    fs::path good_;
};

TEST_F(ZipVerifierTest, AcceptsIntactZip) {
    const auto report = verify_zip(good_);
    EXPECT_TRUE(report.ok) << describe(report);
    EXPECT_TRUE(report.problems.empty());
    EXPECT_EQ(report.entries_checked, sample_items.size());
    ASSERT_TRUE(report.manifest);
    EXPECT_EQ(report.manifest->entries.size(), sample_items.size());
}

TEST_F(ZipVerifierTest, NamesEntryWhoseBytesChanged) {
    const auto bad = dir_ / "altered.zip";
    rewrite_zip(good_, bad, [](std::vector<Item>& items) {
        auto it = std::find_if(items.begin(), items.end(),
                               [](const Item& i) { return i.path == "tickets/2.json"; });
        ASSERT_NE(it, items.end());
        it->data[5] ^= 1;
    });
    const auto report = verify_zip(bad);
    EXPECT_FALSE(report.ok);
    EXPECT_TRUE(has_problem(report, "tickets/2.json: sha256 mismatch")) << describe(report);
    EXPECT_EQ(report.problems.size(), 1u) << describe(report);
}

TEST_F(ZipVerifierTest, ReportsSizeMismatch) {
    auto items = sample_items;
    auto manifest = manifest_for(items);
    const std::string expected = "tickets/1.json: size mismatch (manifest " +
                                 std::to_string(items[0].data.size()) + ", zip " +
                                 std::to_string(items[0].data.size() + 1) + ")";
    items[0].data += " ";
    const auto bad = dir_ / "longer.zip";
    write_zip(bad, items, manifest);
    const auto report = verify_zip(bad);
    EXPECT_FALSE(report.ok);
    EXPECT_TRUE(has_problem(report, expected)) << describe(report);
    EXPECT_TRUE(has_problem(report, "tickets/1.json: sha256 mismatch")) << describe(report);
}

TEST_F(ZipVerifierTest, ReportsMissingEntry) {
    const auto bad = dir_ / "missing.zip";
    rewrite_zip(good_, bad, [](std::vector<Item>& items) {
        std::erase_if(items, [](const Item& i) { return i.path == "tickets/1.json"; });
    });
    const auto report = verify_zip(bad);
    EXPECT_FALSE(report.ok);
    EXPECT_TRUE(has_problem(report, "tickets/1.json: listed in manifest but missing")) << describe(report);
}

TEST_F(ZipVerifierTest, ReportsExtraEntry) {
    const auto bad = dir_ / "extra.zip";
    rewrite_zip(good_, bad, [](std::vector<Item>& items) {
        items.insert(items.end() - 1, Item{"tickets/99.json", "{}"});
    });
    const auto report = verify_zip(bad);
    EXPECT_FALSE(report.ok);
    EXPECT_TRUE(has_problem(report, "tickets/99.json: not in manifest")) << describe(report);
    EXPECT_EQ(report.problems.size(), 1u) << describe(report);
}

TEST_F(ZipVerifierTest, ReportsDuplicatePath) {
    auto items = sample_items;
    const auto manifest = manifest_for(items);
    items.push_back(items[0]);
    const auto bad = dir_ / "duplicate.zip";
    write_zip(bad, items, manifest);
    const auto report = verify_zip(bad);
    EXPECT_FALSE(report.ok);
    EXPECT_TRUE(has_problem(report, "tickets/1.json: duplicate entry")) << describe(report);
}

TEST_F(ZipVerifierTest, ReportsTruncatedZipWithoutThrowing) {
    const auto bad = dir_ / "truncated.zip";
    {
        std::ifstream in(good_, std::ios::binary);
        std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        bytes.resize(bytes.size() - 100);
        std::ofstream(bad, std::ios::binary) << bytes;
    }
    VerifyReport report;
    ASSERT_NO_THROW(report = verify_zip(bad));
    EXPECT_FALSE(report.ok);
    ASSERT_FALSE(report.problems.empty());
    EXPECT_EQ(report.problems[0].rfind("zip: unreadable", 0), 0u) << describe(report);
}

TEST_F(ZipVerifierTest, ReportsCorruptEntryDataWithoutThrowing) {
    const auto bad = dir_ / "corrupt.zip";
    auto items = sample_items;
    items[0].data = std::string(200'000, 'x');  // compresses to a deflate stream we can damage
    {
        ZipWriter writer(bad);
        for (const auto& item : items) writer.add(item.path, item.data, Compression::deflate);
        writer.add("manifest.json", manifest_for(items));
        writer.close();
    }
    {
        std::fstream file(bad, std::ios::binary | std::ios::in | std::ios::out);
        // The first entry's data starts right after its 30-byte header and name (and a 9-byte UT extra
        // field, 5 bytes later on: anything inside the deflate stream will do).
        for (std::streamoff at = 60; at < 120; at += 7) {
            file.seekp(at);
            file.put('\xff');
        }
    }
    VerifyReport report;
    ASSERT_NO_THROW(report = verify_zip(bad));
    EXPECT_FALSE(report.ok);
    ASSERT_FALSE(report.problems.empty());
    EXPECT_EQ(report.problems[0].rfind("tickets/1.json: ", 0), 0u) << describe(report);
    EXPECT_FALSE(has_problem(report, "tickets/1.json: listed in manifest but missing")) << describe(report);
}

TEST_F(ZipVerifierTest, ReportsDamagedCentralDirectoryWithoutThrowing) {
    const auto bad = dir_ / "garbage.zip";
    std::ofstream(bad, std::ios::binary) << "PK\5\6 this is not a zip at all";
    VerifyReport report;
    ASSERT_NO_THROW(report = verify_zip(bad));
    EXPECT_FALSE(report.ok);
}

TEST_F(ZipVerifierTest, ReportsMissingManifest) {
    const auto bad = dir_ / "no_manifest.zip";
    write_zip(bad, sample_items, std::nullopt);
    const auto report = verify_zip(bad);
    EXPECT_FALSE(report.ok);
    EXPECT_TRUE(has_problem(report, "manifest.json: missing")) << describe(report);
    EXPECT_FALSE(report.manifest);
}

TEST_F(ZipVerifierTest, ReportsMalformedManifest) {
    const auto bad = dir_ / "bad_manifest.zip";
    write_zip(bad, sample_items, std::string(R"({"format":"zdbackup/1")"));
    const auto report = verify_zip(bad);
    EXPECT_FALSE(report.ok);
    ASSERT_EQ(report.problems.size(), 1u) << describe(report);
    EXPECT_EQ(report.problems[0].rfind("manifest.json: malformed: ", 0), 0u) << describe(report);
}

TEST_F(ZipVerifierTest, ReportsManifestThatIsNotLast) {
    const auto bad = dir_ / "manifest_first.zip";
    rewrite_zip(good_, bad,
                [](std::vector<Item>& items) { std::rotate(items.begin(), items.end() - 1, items.end()); });
    const auto report = verify_zip(bad);
    EXPECT_FALSE(report.ok);
    EXPECT_TRUE(has_problem(report, "manifest.json: not the last entry")) << describe(report);
    EXPECT_EQ(report.problems.size(), 1u) << describe(report);
}

TEST_F(ZipVerifierTest, ThrowsWhenFileCannotBeOpened) {
    EXPECT_THROW(verify_zip(dir_ / "does_not_exist.zip"), std::system_error);
    EXPECT_THROW(verify_zip(dir_), std::system_error);
}

}  // namespace
}  // namespace zdbackup

namespace zdbackup {
namespace {

// A manifest that lists it does not make an entry safe: extracting ../x writes outside the folder.
TEST_F(ZipVerifierTest, RejectsEntriesThatWouldEscapeTheExtractionFolder) {
    for (const char* path : {"../../evil.txt", "/etc/evil", "tickets/../../evil", "C:/evil"}) {
        std::vector<Item> items = sample_items;
        items.push_back({path, "x"});
        const auto bad = dir_ / "escape.zip";
        write_zip(bad, items, manifest_for(items));
        const auto report = verify_zip(bad);
        EXPECT_FALSE(report.ok) << path;
        EXPECT_TRUE(has_problem(report, std::string(path) + ": unsafe path (absolute or with ..)"))
            << describe(report);
    }
}

}  // namespace
}  // namespace zdbackup
