#include <zdbackup/cache/cache_store.hpp>
#include <zdbackup/core/run_error.hpp>
#include <zdbackup/platform/process.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

namespace zdbackup {
namespace {

namespace fs = std::filesystem;

const std::string kSource = "https://example.zendesk.com";

class Cache : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("zdb_cache_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) +
                "_" + std::to_string(platform::current_pid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    static Batch batch_of(std::string kind, std::vector<Record> records) {
        Batch batch;
        batch.kind = std::move(kind);
        batch.records = std::move(records);
        return batch;
    }

    static StreamMark position(std::string stream, std::string at) {
        StreamMark mark;
        mark.stream = std::move(stream);
        mark.position = std::move(at);
        return mark;
    }

    static FileEntry file(std::int64_t id, std::uint64_t size) {
        FileEntry entry;
        entry.folder = "tickets/attachments";
        entry.id = id;
        entry.file_name = "report.pdf";
        entry.content_url = "https://example.zendesk.com/attachments/token/t/?name=report.pdf";
        entry.size = size;
        entry.content_type = "application/pdf";
        entry.owner = "ticket 1";
        return entry;
    }

    void write_cached_file(const FileEntry& entry, std::string_view bytes) {
        const fs::path path = CacheStore::attachment_file(dir_, entry);
        fs::create_directories(path.parent_path());
        std::ofstream(path, std::ios::binary) << bytes;
    }

    std::vector<std::string> paths_of(CacheStore& cache, std::string_view kind) {
        std::vector<std::string> paths;
        cache.for_each_record(kind,
                              [&](std::string_view path, std::string_view) { paths.emplace_back(path); });
        return paths;
    }

    fs::path dir_;
};

// The writer's store hands its checkpoints to a thread of its own: the WAL still reaches the database
// file while commits go on, and everything committed reads back.
TEST_F(Cache, CheckpointsInTheBackgroundCopyTheWalIntoTheDatabase) {
    CacheStore cache(dir_);
    const RunInfo run = cache.begin_run(kSource, false, true, "2026-12-03T10:00:00Z");
    cache.checkpoint_in_background(8);
    const fs::path database = CacheStore::database_file(dir_);
    const auto size_before = fs::file_size(database);
    const std::string body(64 * 1024, 'x');
    for (int i = 0; i < 20; ++i)
        cache.commit(batch_of("tickets", {memory_record("tickets/" + std::to_string(i) + ".json",
                                                        "\"" + body + std::to_string(i) + "\"", "t1")}),
                     run.id);
    // The checkpoint runs on its own thread: wait for it (bounded), it must happen.
    for (int wait = 0; wait < 500 && fs::file_size(database) < size_before + 20 * body.size(); ++wait)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_GE(fs::file_size(database), size_before + 20 * body.size());
    EXPECT_EQ(paths_of(cache, "tickets").size(), 20u);
    EXPECT_EQ(cache.body_of("tickets/7.json"), "\"" + body + "7\"");
}

TEST_F(Cache, KeepsOneCurrentCopyOfEachRecordWithItsStampAndRun) {
    CacheStore cache(dir_);
    const RunInfo run = cache.begin_run(kSource, false, true, "2026-12-03T10:00:00Z");
    cache.commit(batch_of("tickets", {memory_record("tickets/2.json", R"({"id":2,"v":1})", "t1"),
                                      memory_record("tickets/10.json", R"({"id":10})", "t1")}),
                 run.id);
    cache.commit(batch_of("tickets", {memory_record("tickets/2.json", R"({"id":2,"v":2.0})", "t2")}), run.id);

    EXPECT_EQ(cache.body_of("tickets/2.json"), R"({"id":2,"v":2.0})");
    const auto stamp = cache.stamp_of("tickets/2.json");
    ASSERT_TRUE(stamp);
    EXPECT_EQ(stamp->stamp, "t2");
    EXPECT_EQ(stamp->run, run.id);
    EXPECT_FALSE(cache.stamp_of("tickets/3.json"));
    EXPECT_EQ(cache.record_count("tickets"), 2u);
    EXPECT_EQ(paths_of(cache, "tickets"), (std::vector<std::string>{"tickets/10.json", "tickets/2.json"}));
}

TEST_F(Cache, AnOlderCopyCommittedLateNeverReplacesANewerOne) {
    CacheStore cache(dir_);
    const RunInfo run = cache.begin_run(kSource, false, true, "now");
    cache.commit(batch_of("tickets", {memory_record("tickets/1.json", "new", "2026-01-02T00:00:00Z")}),
                 run.id);
    cache.commit(batch_of("tickets", {memory_record("tickets/1.json", "old", "2026-01-01T00:00:00Z")}),
                 run.id + 1);
    EXPECT_EQ(cache.body_of("tickets/1.json"), "new");
    EXPECT_EQ(cache.stamp_of("tickets/1.json")->run, run.id + 1) << "still seen by the later run";
    cache.commit(batch_of("tickets", {memory_record("tickets/1.json", "same", "2026-01-02T00:00:00Z")}),
                 run.id);
    EXPECT_EQ(cache.body_of("tickets/1.json"), "same") << "an equal stamp replaces (system updates)";
}

TEST_F(Cache, APositionIsSavedWithTheBatchThatCarriesIt) {
    CacheStore cache(dir_);
    const RunInfo run = cache.begin_run(kSource, false, true, "now");
    Batch batch = batch_of("users", {memory_record("users/1.json", "{}")});
    batch.marks.push_back(position("users", "cursor-1"));
    cache.commit(batch, run.id);
    EXPECT_EQ(cache.streams().at("users").position, "cursor-1");

    // An empty position (a list, or a completion mark) keeps the saved one.
    Batch done;
    StreamMark complete = position("users", "");
    complete.complete = true;
    done.marks.push_back(complete);
    cache.commit(done, run.id);
    const StreamState users = cache.streams().at("users");
    EXPECT_EQ(users.position, "cursor-1");
    EXPECT_EQ(users.complete_run, run.id);
}

TEST_F(Cache, AFailedBatchLeavesNeitherItsRecordsNorItsPosition) {
    CacheStore cache(dir_);
    const RunInfo run = cache.begin_run(kSource, false, true, "now");
    Batch batch = batch_of("tickets", {memory_record("tickets/1.json", "{}")});
    batch.marks.push_back(position("tickets", "cursor-9"));
    // A file said to be downloaded that is not in the cache makes the commit fail half-way.
    batch.files.push_back(FileUpdate{file(7, 3), FileState::done, {}});
    EXPECT_THROW(cache.commit(batch, run.id), RunError);
    EXPECT_FALSE(cache.body_of("tickets/1.json"));
    EXPECT_FALSE(cache.streams().contains("tickets"));
}

TEST_F(Cache, ACompleteListingDropsRecordsThatAreGone) {
    CacheStore cache(dir_);
    RunInfo run = cache.begin_run(kSource, false, true, "now");
    cache.commit(batch_of("support_assets/macros", {memory_record("support_assets/macros/1.json", "{}"),
                                                    memory_record("support_assets/macros/2.json", "{}")}),
                 run.id);
    cache.finish_run(run.id);

    run = cache.begin_run(kSource, false, false, "later");
    Batch relisted = batch_of("support_assets/macros", {memory_record("support_assets/macros/2.json", "{}")});
    StreamMark complete = position("support_assets/macros", "");
    complete.complete = true;
    complete.sweep = true;
    relisted.marks.push_back(complete);
    cache.commit(relisted, run.id);
    EXPECT_EQ(paths_of(cache, "support_assets/macros"),
              std::vector<std::string>{"support_assets/macros/2.json"});
}

TEST_F(Cache, AListingNeverUndoesADownload) {
    CacheStore cache(dir_);
    const RunInfo run = cache.begin_run(kSource, false, true, "now");
    const FileEntry downloaded = file(1, 3), refused = file(2, 5), pending = file(3, 4);
    write_cached_file(downloaded, "abc");
    Batch settled;
    settled.files.push_back(FileUpdate{downloaded, FileState::done, {}});
    settled.files.push_back(FileUpdate{refused, FileState::skipped, "HTTP 403"});
    cache.commit(settled, run.id);
    // The ticket listing these files is committed after the download finished.
    Batch listed;
    for (const FileEntry& entry : {downloaded, refused, pending})
        listed.files.push_back(FileUpdate{entry, FileState::wanted, {}});
    cache.commit(listed, run.id);

    const auto wanted = cache.wanted_files(false);
    ASSERT_EQ(wanted.size(), 1u);
    EXPECT_EQ(wanted[0].id, 3);
    EXPECT_EQ(cache.wanted_files(true).size(), 2u) << "a full run retries refused files";
    const auto skipped = cache.skipped_files();
    ASSERT_EQ(skipped.size(), 1u);
    EXPECT_EQ(skipped[0].reason, "HTTP 403");
    std::vector<std::int64_t> done;
    cache.for_each_file("tickets/attachments", [&](const CachedFile& cached) {
        done.push_back(cached.file.id);
        EXPECT_EQ(cached.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
            << "sha256(abc)";
        EXPECT_EQ(cached.deflate, false) << "a pdf is stored";
    });
    EXPECT_EQ(done, std::vector<std::int64_t>{1});
}

TEST_F(Cache, AFileGoneFromTheCacheIsWantedAgain) {
    CacheStore cache(dir_);
    const RunInfo run = cache.begin_run(kSource, false, true, "now");
    const FileEntry kept = file(1, 3), lost = file(2, 3), truncated = file(3, 3);
    Batch settled;
    for (const FileEntry& entry : {kept, lost, truncated}) {
        write_cached_file(entry, "abc");
        settled.files.push_back(FileUpdate{entry, FileState::done, {}});
    }
    cache.commit(settled, run.id);
    fs::remove(CacheStore::attachment_file(dir_, lost));
    write_cached_file(truncated, "a");

    EXPECT_EQ(cache.recheck_files(), 2u);
    std::vector<std::int64_t> wanted;
    for (const FileEntry& entry : cache.wanted_files(false)) wanted.push_back(entry.id);
    EXPECT_EQ(wanted, (std::vector<std::int64_t>{2, 3}));

    write_cached_file(kept, "xyz");  // same size, other bytes: only a content check sees it
    EXPECT_EQ(cache.recheck_files(false), 0u);
    EXPECT_EQ(cache.recheck_files(true), 1u);
    EXPECT_FALSE(fs::exists(CacheStore::attachment_file(dir_, kept))) << "removed, so it is downloaded again";
}

TEST_F(Cache, AnUnfinishedRunIsResumedAndAFinishedOneIsNot) {
    CacheStore cache(dir_);
    const RunInfo first = cache.begin_run(kSource, false, true, "t0");
    EXPECT_TRUE(first.full) << "no state file: a full run";
    EXPECT_FALSE(first.resumed);

    const RunInfo again = cache.begin_run(kSource, false, false, "t1");
    EXPECT_EQ(again.id, first.id);
    EXPECT_TRUE(again.resumed);
    EXPECT_TRUE(again.full);
    EXPECT_EQ(again.started_at, "t0");

    cache.finish_run(first.id);
    const RunInfo next = cache.begin_run(kSource, false, false, "t2");
    EXPECT_GT(next.id, first.id);
    EXPECT_FALSE(next.full);
    EXPECT_FALSE(next.resumed);
}

TEST_F(Cache, FullOrAForgottenStateStartsOverWithoutPositions) {
    CacheStore cache(dir_);
    RunInfo run = cache.begin_run(kSource, false, true, "t0");
    Batch batch;
    batch.marks.push_back(position("tickets", "cursor-1"));
    cache.commit(batch, run.id);
    cache.finish_run(run.id);

    run = cache.begin_run(kSource, false, false, "t1");  // incremental, then interrupted
    EXPECT_EQ(cache.streams().at("tickets").position, "cursor-1");
    const RunInfo full = cache.begin_run(kSource, true, false, "t2");
    EXPECT_NE(full.id, run.id) << "--full does not resume an incremental run";
    EXPECT_TRUE(full.full);
    EXPECT_TRUE(cache.streams().empty());

    const RunInfo resumed_full = cache.begin_run(kSource, false, false, "t3");
    EXPECT_EQ(resumed_full.id, full.id)
        << "an interrupted full run is resumed by the same command or a plain one";
    const RunInfo forgotten = cache.begin_run(kSource, false, true, "t4");
    EXPECT_NE(forgotten.id, full.id) << "a deleted state file starts a new full run";
    EXPECT_TRUE(forgotten.full);
}

TEST_F(Cache, RefusesACacheHoldingAnotherInstancesData) {
    {
        CacheStore cache(dir_);
        const RunInfo run = cache.begin_run(kSource, false, true, "t0");
        cache.commit(batch_of("users", {memory_record("users/1.json", "{}")}), run.id);
    }
    CacheStore cache(dir_);
    EXPECT_TRUE(cache.holds_data());
    try {
        cache.begin_run("https://other.zendesk.com", false, false, "t1");
        FAIL() << "expected a RunError";
    } catch (const RunError& error) {
        EXPECT_EQ(error.exit_code(), ExitCode::usage);
        EXPECT_NE(std::string(error.what()).find("own --cache-dir"), std::string::npos) << error.what();
    }
}

TEST_F(Cache, AnEmptyCacheMayBePointedElsewhere) {
    {
        CacheStore cache(dir_);
        cache.begin_run("https://typo.zendesk.com", false, true, "t0");  // failed before any download
    }
    CacheStore cache(dir_);
    EXPECT_FALSE(cache.holds_data());
    EXPECT_NO_THROW(cache.begin_run(kSource, false, false, "t1"));
}

TEST_F(Cache, ANewDatabaseMeansAFullRunWhateverTheStateFileSays) {
    CacheStore cache(dir_);
    const RunInfo run = cache.begin_run(kSource, false, false, "t0");  // the state file exists
    EXPECT_TRUE(run.full);
}

TEST_F(Cache, ADamagedDatabaseGivesOneClearLine) {
    std::ofstream(CacheStore::database_file(dir_), std::ios::binary) << std::string(8192, 'x');
    try {
        CacheStore cache(dir_);
        cache.begin_run(kSource, false, false, "t0");
        FAIL() << "expected a RunError";
    } catch (const RunError& error) {
        const std::string message = error.what();
        EXPECT_EQ(error.exit_code(), ExitCode::local_io);
        EXPECT_NE(message.find("cache.sqlite3 is damaged"), std::string::npos) << message;
        EXPECT_NE(message.find("delete it"), std::string::npos) << message;
    }
}

TEST_F(Cache, TwoConnectionsSeeEachOthersCommits) {
    CacheStore writer(dir_);
    CacheStore reader(dir_);
    const RunInfo run = writer.begin_run(kSource, false, true, "t0");
    EXPECT_FALSE(reader.stamp_of("users/1.json"));
    writer.commit(batch_of("users", {memory_record("users/1.json", "{}", "s")}), run.id);
    EXPECT_TRUE(reader.stamp_of("users/1.json"));
}

}  // namespace
}  // namespace zdbackup
