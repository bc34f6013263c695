// End-to-end: after a full backup the mock's data changes; the next run fetches exactly what changed
// and still writes a complete snapshot, equal to what a fresh full backup of the changed data holds.

#include "test_support.hpp"

#include <zdmock/dataset.hpp>
#include <zdmock/mutation.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <thread>

#include <signal.h>

namespace zdtest {

namespace json = boost::json;

namespace {

constexpr int kTickets = 1000;
constexpr std::uint64_t kSeed = 13;
const zdmock::Mutation kChange{10, 5, 3, 4, 2, 2};  // tickets updated/added/deleted, users, orgs, articles

std::vector<std::string> backup_args(const MockServer& mock, const fs::path& cache, const fs::path& backup) {
    return backup_command(mock, cache, backup, {"--quiet"});
}

json::value manifest_of(const std::map<std::string, std::string>& entries) {
    return json::parse(entries.at("manifest.json"));
}

/// The zip path prefix of a ticket's attachments is the attachment id: collect the ids of a ticket.
std::set<std::string> attachment_folders_of(const std::string& ticket_json) {
    std::set<std::string> folders;
    const json::value ticket = json::parse(ticket_json);
    for (const json::value& comment : ticket.at("comments").as_array())
        for (const json::value& file : comment.at("attachments").as_array())
            folders.insert("tickets/attachments/" + json::serialize(file.at("id")) + "/");
    return folders;
}

bool in_any(const std::string& path, const std::set<std::string>& prefixes) {
    for (const auto& prefix : prefixes)
        if (path.starts_with(prefix)) return true;
    return false;
}

class IncrementalBackup : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        mock_ = new MockServer({"--tickets", std::to_string(kTickets), "--seed", std::to_string(kSeed)});
        dir_ = new TempDir;
        const auto first = run_process(backup_args(*mock_, cache(), backup()));
        ASSERT_EQ(first.exit_code, 0) << first.err;
        first_ = new std::map<std::string, std::string>(read_zip(zips_in(backup()).at(0)));

        // The same change, in the server and in the test's own copy of the data (ground truth).
        const json::value answer = mock_->post(
            "/__mock/mutate?update_tickets=10&add_tickets=5&delete_tickets=3&update_users=4"
            "&update_organizations=2&update_articles=2");
        zdmock::DatasetOptions options;
        options.tickets = kTickets;
        options.seed = kSeed;
        truth_ = new zdmock::Dataset(options);
        change_ = new zdmock::MutationResult(truth_->mutate(kChange));
        ASSERT_EQ(json::serialize(answer), zdmock::mutation_result_json(*change_));

        mock_->post("/__mock/reset-stats");
        second_result_ = new ProcessResult(run_process(backup_args(*mock_, cache(), backup())));
        second_stats_ = new json::value(mock_->stats());
    }
    static void TearDownTestSuite() {
        delete second_stats_;
        delete second_result_;
        delete change_;
        delete truth_;
        delete first_;
        delete dir_;
        delete mock_;
    }

    static fs::path cache() { return dir_->path() / "cache"; }
    static fs::path backup() { return dir_->path() / "backup"; }
    static std::int64_t second(const std::string& endpoint) {
        const auto* n = second_stats_->at("by_endpoint").as_object().if_contains(endpoint);
        return n ? n->to_number<std::int64_t>() : 0;
    }
    static std::map<std::string, std::string> second_zip() { return read_zip(zips_in(backup()).at(0)); }

    static MockServer* mock_;
    static TempDir* dir_;
    static std::map<std::string, std::string>* first_;
    static zdmock::Dataset* truth_;
    static zdmock::MutationResult* change_;
    static ProcessResult* second_result_;
    static json::value* second_stats_;
};

MockServer* IncrementalBackup::mock_ = nullptr;
TempDir* IncrementalBackup::dir_ = nullptr;
std::map<std::string, std::string>* IncrementalBackup::first_ = nullptr;
zdmock::Dataset* IncrementalBackup::truth_ = nullptr;
zdmock::MutationResult* IncrementalBackup::change_ = nullptr;
ProcessResult* IncrementalBackup::second_result_ = nullptr;
json::value* IncrementalBackup::second_stats_ = nullptr;

TEST_F(IncrementalBackup, FetchesExactlyWhatChanged) {
    ASSERT_EQ(second_result_->exit_code, 0) << second_result_->err;
    // Comments: the ticket events export continues from where the last run stopped, and one page holds
    // every new comment; no ticket is asked for its comments one by one, not even a deleted one.
    EXPECT_EQ(second("ticket_events"), 1) << json::serialize(*second_stats_);
    EXPECT_EQ(second("tickets/comments"), 0) << json::serialize(*second_stats_);
    // Attachments: only the new files, each once (content_url, then the storage host).
    std::int64_t new_files = 0;
    for (std::int64_t id : change_->new_attachments)
        if (truth_->attachment(id)->download_status() == 302) ++new_files;
    ASSERT_GT(new_files, 0) << "the change should bring new files";
    EXPECT_EQ(second("attachments/token"), static_cast<std::int64_t>(change_->new_attachments.size()));
    EXPECT_EQ(second("storage"), new_files);
    // The exports continue from their saved positions: one page each.
    EXPECT_EQ(second("incremental/tickets/cursor"), 1);
    EXPECT_EQ(second("incremental/users/cursor"), 1);
    EXPECT_EQ(second("incremental/organizations"), 1);
    // Guide: the article list, and details only for the changed articles.
    EXPECT_EQ(second("help_center/articles/translations"),
              static_cast<std::int64_t>(change_->updated_articles.size()));
    EXPECT_EQ(second("help_center/articles/attachments"),
              static_cast<std::int64_t>(change_->updated_articles.size()));
    EXPECT_EQ(second("tickets/show"), 0);
    EXPECT_EQ(second("tickets"), 0) << "never the ticket list (it misses archived tickets)";
}

TEST_F(IncrementalBackup, WritesTheSnapshotAFreshFullBackupWould) {
    ASSERT_EQ(second_result_->exit_code, 0) << second_result_->err;
    TempDir fresh;
    const auto full = run_process(backup_args(*mock_, fresh.path() / "cache", fresh.path() / "backup"));
    ASSERT_EQ(full.exit_code, 0) << full.err;
    auto expected = read_zip(zips_in(fresh.path() / "backup").at(0));
    auto incremental = second_zip();
    EXPECT_EQ(manifest_of(incremental).at("mode"), "incremental");
    EXPECT_EQ(manifest_of(expected).at("skipped"), manifest_of(incremental).at("skipped"));

    // Deleted tickets are the one expected difference: the incremental snapshot keeps the comments
    // (and their files) cached before the deletion; a fresh backup finds none (contract §4).
    std::set<std::string> kept_files;
    for (std::int64_t id : change_->deleted_tickets) {
        const std::string path = "tickets/" + std::to_string(id) + ".json";
        const json::value now = json::parse(incremental.at(path));
        EXPECT_EQ(now.at("status"), "deleted");
        EXPECT_EQ(now.at("comments"), json::parse(first_->at(path)).at("comments")) << path;
        EXPECT_EQ(json::parse(expected.at(path)).at("comments").as_array().size(), 0u);
        const auto files = attachment_folders_of(first_->at(path));
        kept_files.insert(files.begin(), files.end());
        incremental.erase(path);
        expected.erase(path);
    }
    std::erase_if(incremental, [&](const auto& entry) { return in_any(entry.first, kept_files); });
    incremental.erase("manifest.json");
    expected.erase("manifest.json");
    ASSERT_EQ(incremental.size(), expected.size());
    for (const auto& [path, bytes] : expected) {
        const auto found = incremental.find(path);
        ASSERT_NE(found, incremental.end()) << path << " missing from the incremental snapshot";
        EXPECT_EQ(found->second, bytes) << path;
    }
}

TEST_F(IncrementalBackup, ANothingChangedRunFetchesNoDetails) {
    ASSERT_EQ(second_result_->exit_code, 0) << second_result_->err;
    mock_->post("/__mock/reset-stats");
    const auto third = run_process(backup_args(*mock_, cache(), backup()));
    ASSERT_EQ(third.exit_code, 0) << third.err;
    const auto stats = mock_->stats();
    const auto& by = stats.at("by_endpoint").as_object();
    for (const char* endpoint :
         {"tickets/comments", "attachments/token", "storage", "help_center/articles/translations",
          "help_center/articles/attachments", "hc/article_attachments"})
        EXPECT_FALSE(by.contains(endpoint)) << endpoint << ": " << json::serialize(stats);
    std::cout << "  requests of a run with nothing changed: " << stats.at("total_requests") << "\n";
    EXPECT_LT(stats.at("total_requests").to_number<std::int64_t>(), 50);
}

TEST_F(IncrementalBackup, AResumedRunStillFetchesWhatChangedSinceTheInterruption) {
    ASSERT_EQ(second_result_->exit_code, 0) << second_result_->err;
    {
        BackgroundProcess run(backup_args(*mock_, cache(), backup()));
        while (run.running() &&
               !fs::exists(cache() / (zips_in(backup()).at(0).filename().string() + ".partial")))
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        ASSERT_TRUE(run.running()) << "the run ended before it wrote the zip";
        run.signal(SIGKILL);
        run.wait();
    }
    const json::value answer = mock_->post("/__mock/mutate?update_tickets=3");
    const zdmock::MutationResult change = truth_->mutate(zdmock::Mutation{3, 0, 0, 0, 0, 0});
    ASSERT_EQ(json::serialize(answer), zdmock::mutation_result_json(change));
    mock_->post("/__mock/reset-stats");
    const auto resumed = run_process(backup_args(*mock_, cache(), backup()));
    ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
    EXPECT_GE(mock_->count("ticket_events"), 1) << "the new comments come from the events export";
    const auto zip = second_zip();
    for (std::int64_t id : change.updated_tickets) {
        const std::string path = "tickets/" + std::to_string(id) + ".json";
        EXPECT_EQ(json::parse(zip.at(path)).at("comments").as_array().size(),
                  static_cast<std::size_t>(truth_->comment_count(id)))
            << path << " lacks the comment added after the interruption";
    }
}

TEST_F(IncrementalBackup, ADeletedStateFileForcesAFullRunThatReusesTheFiles) {
    ASSERT_EQ(second_result_->exit_code, 0) << second_result_->err;
    fs::remove(cache() / "backup_state.json");
    mock_->post("/__mock/reset-stats");
    // Per ticket, so that the requests show that no cached comment was trusted (with the default
    // source the planner may give any share of the tickets to the events export).
    auto args = backup_args(*mock_, cache(), backup());
    args.insert(args.end(), {"--comments-from", "tickets"});
    const auto full = run_process(args);
    ASSERT_EQ(full.exit_code, 0) << full.err;
    EXPECT_EQ(manifest_of(second_zip()).at("mode"), "full");
    EXPECT_GE(mock_->count("tickets/comments"), truth_->ticket_count()) << "every ticket's comments again";
    EXPECT_EQ(mock_->count("storage"), 0) << "cached files are reused";
}

TEST_F(IncrementalBackup, ADamagedStateFileStopsWithTheFileAndTheFix) {
    ASSERT_EQ(second_result_->exit_code, 0) << second_result_->err;
    const fs::path state = cache() / "backup_state.json";
    const auto good = fs::file_size(state);
    fs::resize_file(state, good / 2);
    mock_->post("/__mock/reset-stats");
    const auto result = run_process(backup_args(*mock_, cache(), backup()));
    EXPECT_EQ(result.exit_code, 6);
    EXPECT_NE(result.err.find(state.string()), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("delete it to force a full backup"), std::string::npos) << result.err;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
    EXPECT_EQ(mock_->count("total_requests"), 0) << "nothing fetched";
    fs::remove(state);  // leaves the suite's cache usable
}

TEST_F(IncrementalBackup, AFullRunResumedAfterAChangeKeepsTheCommentsItHadRead) {
    // Comments from the events export only, into a new cache: killed between export pages, then the
    // account changes, then the same command resumes the full run. An updated ticket older than where
    // the export resumes must keep the comments read before the kill, and get the new one.
    const fs::path cache_dir = dir_->path() / "events-cache", backup_dir = dir_->path() / "events-backup";
    const auto args = backup_command(*mock_, cache_dir, backup_dir,
                                     {"--quiet", "--comments-from", "events", "--concurrency", "2",
                                      // one export page every 2 s after a burst of 3: time to kill
                                      "--export-rate-limit", "30"});
    mock_->post("/__mock/reset-stats");
    {
        BackgroundProcess run(args);
        while (run.running() && mock_->count("ticket_events") < 5)
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        ASSERT_TRUE(run.running()) << "the run ended before the events export: " << run.err();
        run.signal(SIGKILL);
        run.wait();
    }
    const json::value answer = mock_->post("/__mock/mutate?update_tickets=5");
    const zdmock::MutationResult change = truth_->mutate(zdmock::Mutation{5, 0, 0, 0, 0, 0});
    ASSERT_EQ(json::serialize(answer), zdmock::mutation_result_json(change));
    const auto resumed = run_process(args);
    ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
    const auto zip = read_zip(zips_in(backup_dir).at(0));
    for (std::int64_t id : truth_->ticket_ids()) {
        if (truth_->ticket_deleted(id)) continue;  // the export does not serve a deleted ticket's history
        const std::string path = "tickets/" + std::to_string(id) + ".json";
        ASSERT_EQ(json::parse(zip.at(path)).at("comments").as_array().size(),
                  static_cast<std::size_t>(truth_->comment_count(id)))
            << path << " lost comments across the interruption";
    }
}

}  // namespace
}  // namespace zdtest
