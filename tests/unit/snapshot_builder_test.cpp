#include <zdbackup/archive/snapshot_builder.hpp>
#include <zdbackup/cache/cache_store.hpp>
#include <zdbackup/platform/process.hpp>

#include "zip_reading.hpp"

#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

#include <fstream>

namespace zdbackup {
namespace {

namespace fs = std::filesystem;

class Snapshot : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ =
            fs::temp_directory_path() /
            ("zdb_snapshot_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) +
             "_" + std::to_string(platform::current_pid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    fs::path dir_;
};

TEST_F(Snapshot, WritesEveryCachedRecordAndFileOfTheScopeThenTheManifest) {
    CacheStore cache(dir_);
    const RunInfo run = cache.begin_run("https://x.zendesk.com", false, true, "t0");
    Batch tickets;
    tickets.kind = "tickets";
    tickets.records = {memory_record("tickets/2.json", R"({"id":2})"),
                       memory_record("tickets/1.json", R"({"id":1,"n":1.0})")};
    // Comments are cached apart from their ticket, in any order; the snapshot sorts them by time, then id.
    tickets.comments = {CommentRow{1, 30, "2024-01-02T00:00:00Z", R"({"id":30})"},
                        CommentRow{1, 20, "2024-01-01T00:00:00Z", R"({"id":20})"},
                        CommentRow{1, 10, "2024-01-02T00:00:00Z", R"({"id":10})"},
                        CommentRow{3, 40, "2024-01-01T00:00:00Z", R"({"id":40})"}};
    FileEntry file;
    file.folder = "tickets/attachments";
    file.id = 9;
    file.file_name = "../a.txt";
    file.content_url = "https://x.zendesk.com/f";
    file.content_type = "text/plain";
    const fs::path bytes = CacheStore::attachment_file(dir_, file);
    fs::create_directories(bytes.parent_path());
    std::ofstream(bytes, std::ios::binary) << "hello";
    tickets.files.push_back(FileUpdate{file, FileState::done, {}});
    cache.commit(tickets, run.id);
    Batch users;
    users.kind = "users";
    users.records = {memory_record("users/5.json", "{}")};
    cache.commit(users, run.id);

    Manifest manifest;
    manifest.tool_version = "test";
    manifest.source = "https://x.zendesk.com";
    manifest.mode = "incremental";
    const SnapshotScope scope{{"tickets", "organizations"}, {"tickets/attachments"}};
    const SnapshotResult result = write_snapshot(cache, dir_, dir_ / "out.zip", scope, manifest);

    const auto entries = testing::read_zip(dir_ / "out.zip");
    std::vector<std::string> paths;
    for (const auto& entry : entries) paths.push_back(entry.path);
    EXPECT_EQ(paths, (std::vector<std::string>{"tickets/1.json", "tickets/2.json",
                                               "tickets/attachments/9/.._a.txt", "manifest.json"}))
        << "users are out of scope; records in path order, files after them, the manifest last";
    EXPECT_EQ(entries[0].data, R"({"id":1,"n":1.0,"comments":[{"id":20},{"id":10},{"id":30}]})")
        << "bytes as cached, then every comment of the ticket, oldest first";
    EXPECT_EQ(entries[1].data, R"({"id":2,"comments":[]})");
    EXPECT_EQ(entries[2].data, "hello");
    EXPECT_EQ(result.entries, 4u);
    EXPECT_EQ(result.counts.at("tickets"), 2u);
    EXPECT_EQ(result.counts.at("organizations"), 0u);
    EXPECT_EQ(result.counts.at("tickets/attachments"), 1u);

    const auto parsed = boost::json::parse(entries.back().data).as_object();
    EXPECT_EQ(parsed.at("mode").as_string(), "incremental");
    EXPECT_EQ(parsed.at("counts").at("tickets").as_int64(), 2);
    EXPECT_EQ(parsed.at("entries").as_array().size(), 3u);
    EXPECT_EQ(parsed.at("entries").at(2).at("sha256"),
              "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")
        << "sha256(hello), learnt when the file was cached";
}

}  // namespace
}  // namespace zdbackup
