// End-to-end: a backup killed at any point and run again ends with the snapshot a clean run writes,
// without fetching much more than one clean run.

#include "test_support.hpp"

#include <zdbackup/cache/cache_store.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

#include <signal.h>

#include <chrono>
#include <functional>
#include <thread>

namespace zdtest {

namespace json = boost::json;

namespace {

constexpr int kTickets = 800;

std::vector<std::string> backup_args(const MockServer& mock, const fs::path& cache, const fs::path& backup,
                                     const std::vector<std::string>& extra = {}) {
    std::vector<std::string> options{"--concurrency", "4", "--quiet"};
    options.insert(options.end(), extra.begin(), extra.end());
    return backup_command(mock, cache, backup, options);
}

/// Every entry but the manifest (whose times differ from run to run).
std::map<std::string, std::string> snapshot_entries(const fs::path& zip) {
    auto entries = read_zip(zip);
    entries.erase("manifest.json");
    return entries;
}

json::value manifest_of(const fs::path& zip) {
    return json::parse(read_zip(zip).at("manifest.json"));
}

bool partial_zip_in(const fs::path& cache) {
    if (!fs::exists(cache)) return false;
    for (const auto& entry : fs::directory_iterator(cache))
        if (entry.path().filename().string().ends_with(".zip.partial") && entry.file_size() > 0) return true;
    return false;
}

bool unfinished_downloads_in(const fs::path& cache) {
    if (!fs::exists(cache / "attachments")) return false;
    for (const auto& entry : fs::recursive_directory_iterator(cache / "attachments"))
        if (entry.path().extension() == ".part") return true;
    return false;
}

bool temp_files_in(const fs::path& dir) {
    if (!fs::exists(dir)) return false;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.path().filename().string().starts_with("~$")) return true;
    return false;
}

class KillAndResume : public ::testing::Test {
  protected:
    // The reference: one clean run, and the requests it needed.
    static void SetUpTestSuite() {
        mock_ = new MockServer({"--tickets", std::to_string(kTickets), "--seed", "11"});
        clean_dir_ = new TempDir;
        mock_->post("/__mock/reset-stats");
        const auto result =
            run_process(backup_args(*mock_, clean_dir_->path() / "cache", clean_dir_->path() / "backup"));
        ASSERT_EQ(result.exit_code, 0) << result.err;
        clean_requests_ = mock_->count("total_requests");
        clean_storage_ = mock_->count("storage_requests");
        clean_zip_ = zips_in(clean_dir_->path() / "backup").at(0);
    }
    static void TearDownTestSuite() {
        delete clean_dir_;
        delete mock_;
    }

    /// Starts a backup into a fresh cache, stops it with `sig` once `reached` says so, runs the same
    /// command again to the end, and checks the result against the clean run.
    void interrupt_then_resume(const std::function<bool(const fs::path& cache)>& reached, int sig = SIGKILL,
                               const std::function<void(const fs::path& cache)>& check_interrupted = {},
                               const std::vector<std::string>& options = {}) {
        TempDir dir;
        const fs::path cache = dir.path() / "cache", backup = dir.path() / "backup";
        mock_->post("/__mock/reset-stats");
        {
            BackgroundProcess run(backup_args(*mock_, cache, backup, options));
            const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);
            while (!reached(cache)) {
                ASSERT_TRUE(run.running()) << "the run ended before the kill point: " << run.err();
                ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "the kill point never came";
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
            run.signal(sig);
            const int code = run.wait();
            if (sig == SIGKILL)
                EXPECT_EQ(code, 128 + SIGKILL);
            else
                EXPECT_EQ(code, 130) << "an interrupted run exits with 130: " << run.err();
        }
        EXPECT_TRUE(zips_in(backup).empty()) << "an interrupted run delivers nothing";
        if (check_interrupted) check_interrupted(cache);
        if (sig != SIGKILL) {
            EXPECT_FALSE(partial_zip_in(cache)) << "a stopped run removes its unfinished zip";
            EXPECT_FALSE(temp_files_in(backup));
        }

        const auto resumed = run_process(backup_args(*mock_, cache, backup, options));
        ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
        const auto delivered = zips_in(backup);
        ASSERT_EQ(delivered.size(), 1u);
        EXPECT_EQ(snapshot_entries(delivered[0]), snapshot_entries(clean_zip_))
            << "the resumed snapshot differs from a clean run's";
        const json::value manifest = manifest_of(delivered[0]), clean = manifest_of(clean_zip_);
        EXPECT_EQ(manifest.at("counts"), clean.at("counts"));
        EXPECT_EQ(manifest.at("skipped"), clean.at("skipped"));
        EXPECT_EQ(manifest.at("mode"), "full") << "the first run, resumed, is still the full one";
        EXPECT_FALSE(partial_zip_in(cache)) << "no working file survives a successful run";
        EXPECT_FALSE(unfinished_downloads_in(cache));
        EXPECT_FALSE(temp_files_in(backup));

        const std::int64_t total = mock_->count("total_requests");
        RecordProperty("requests_both_attempts", std::to_string(total));
        std::cout << "  requests: clean run " << clean_requests_ << ", interrupted + resumed " << total
                  << " ("
                  << (100.0 * static_cast<double>(total - clean_requests_) /
                      static_cast<double>(clean_requests_))
                  << "% more)\n";
        EXPECT_LE(static_cast<double>(total), 1.10 * static_cast<double>(clean_requests_))
            << "resuming fetched too much again";
    }

    static MockServer* mock_;
    static TempDir* clean_dir_;
    static fs::path clean_zip_;
    static std::int64_t clean_requests_;
    static std::int64_t clean_storage_;
};

MockServer* KillAndResume::mock_ = nullptr;
TempDir* KillAndResume::clean_dir_ = nullptr;
fs::path KillAndResume::clean_zip_;
std::int64_t KillAndResume::clean_requests_ = 0;
std::int64_t KillAndResume::clean_storage_ = 0;

TEST_F(KillAndResume, DuringTheTicketExport) {
    interrupt_then_resume([](const fs::path&) {
        return mock_->count("incremental/tickets/cursor") >= 1 && mock_->count("tickets/comments") >= 20;
    });
}

TEST_F(KillAndResume, DuringComments) {
    interrupt_then_resume([](const fs::path&) { return mock_->count("tickets/comments") >= kTickets / 2; });
}

TEST_F(KillAndResume, DuringTheTicketEventsExport) {
    // Comments from the events export only: killed between its pages, the resumed run continues the
    // export from the last committed page and the snapshot is the clean (per-ticket) run's.
    interrupt_then_resume([](const fs::path&) { return mock_->count("ticket_events") >= 2; }, SIGKILL, {},
                          {"--comments-from", "events"});
}

TEST_F(KillAndResume, DuringAttachments) {
    interrupt_then_resume(
        [](const fs::path&) { return mock_->count("storage_requests") >= clean_storage_ * 3 / 4; });
}

TEST_F(KillAndResume, WhileWritingTheZip) {
    // The state file already says that everything was fetched and the zip was being written.
    const auto state_says_writing = [](const fs::path& cache) {
        const json::value state = json::parse(read_file(cache / "backup_state.json"));
        const json::object& run = state.at("run_in_progress").as_object();
        EXPECT_EQ(run.at("phase"), "writing the zip");
        for (const auto& [stream, progress] : run.at("streams").as_object())
            EXPECT_TRUE(progress.at("done").as_bool()) << stream;
    };
    interrupt_then_resume([](const fs::path& cache) { return partial_zip_in(cache); }, SIGKILL,
                          state_says_writing);
}

TEST_F(KillAndResume, CtrlCStopsCleanlyAndTheNextRunResumes) {
    interrupt_then_resume([](const fs::path&) { return mock_->count("tickets/comments") >= kTickets / 3; },
                          SIGINT);
}

TEST_F(KillAndResume, SigtermWhileWritingTheZip) {
    interrupt_then_resume([](const fs::path& cache) { return partial_zip_in(cache); }, SIGTERM);
}

TEST(FailedRecord, ItsStreamIsNeitherCompletedNorSaved) {
    // The last ticket's comments always fail: the run stops with a line naming the URL, the ticket's
    // comments are not marked complete, and the tickets stream is not marked complete (a resumed run
    // must fetch them again). The race where the failing item is the very last one in flight is handled
    // by run_all rethrowing; this run does not always hit that timing.
    MockServer mock({"--tickets", "300", "--fail-path", "/tickets/300/comments"});
    TempDir dir;
    const fs::path cache = dir.path() / "cache";
    auto args = backup_args(mock, cache, dir.path() / "backup");
    args.insert(args.end(), {"--max-retries", "1", "--comments-from", "tickets"});
    const auto failed = run_process(args);
    EXPECT_EQ(failed.exit_code, 5) << failed.err;
    EXPECT_NE(failed.err.find("/tickets/300/comments"), std::string::npos) << failed.err;
    zdbackup::CacheStore store(cache);
    const auto streams = store.streams();
    const auto tickets = streams.find("tickets");
    EXPECT_TRUE(tickets == streams.end() || tickets->second.complete_run == 0) << "tickets marked complete";
    EXPECT_FALSE(store.comments_settled(300)) << "a ticket's comments were marked complete without them";
}

TEST(CacheOwnership, AFirstRunAtAWrongAddressDoesNotBindTheCache) {
    MockServer mock({"--tickets", "30"});
    TempDir dir;
    const fs::path cache = dir.path() / "cache";
    auto wrong = backup_args(mock, cache, dir.path() / "backup");
    wrong[3] = "https://127.0.0.1:1";  // nothing listens there
    EXPECT_EQ(run_process(wrong).exit_code, 4);
    const auto right = run_process(backup_args(mock, cache, dir.path() / "backup"));
    EXPECT_EQ(right.exit_code, 0) << right.err;
}

}  // namespace
}  // namespace zdtest
