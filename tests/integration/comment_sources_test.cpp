// End-to-end: ticket comments fetched one ticket at a time, read from the ticket events export, or
// both at once (the default) give the same snapshot, before and after the account changes; and each
// source makes the requests it should.
#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <algorithm>

#include "test_support.hpp"
#include "zdmock/dataset.hpp"

namespace zdtest {

namespace json = boost::json;

namespace {

constexpr int kTickets = 400;
constexpr std::uint64_t kSeed = 29;
const std::vector<std::string> kSources = {"tickets", "events", "auto"};

/// Every entry but the manifest (it carries the run's times).
std::map<std::string, std::string> snapshot_of(const fs::path& backup_dir) {
    auto entries = read_zip(zips_in(backup_dir).at(0));
    entries.erase("manifest.json");
    return entries;
}

struct SourceRun {
    std::map<std::string, std::string> first, second;
    json::value first_stats, second_stats;
};

class CommentSources : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        mock_ = new MockServer({"--tickets", std::to_string(kTickets), "--seed", std::to_string(kSeed)});
        dir_ = new TempDir();
        runs_ = new std::map<std::string, SourceRun>();
        for (const std::string& source : kSources) backup(source, &SourceRun::first, &SourceRun::first_stats);
        mock_->post("/__mock/mutate?update_tickets=12&add_tickets=4&delete_tickets=3");
        for (const std::string& source : kSources)
            backup(source, &SourceRun::second, &SourceRun::second_stats);
    }
    static void TearDownTestSuite() {
        delete runs_;
        delete dir_;
        delete mock_;
    }

    static void backup(const std::string& source, std::map<std::string, std::string> SourceRun::*snapshot,
                       json::value SourceRun::*stats) {
        const fs::path cache = dir_->path() / ("cache-" + source);
        const fs::path backup_dir = dir_->path() / ("backup-" + source);
        mock_->post("/__mock/reset-stats");
        auto command = backup_command(*mock_, cache, backup_dir, {"--quiet", "--comments-from", source});
        if (source == "auto") {
            // Budgets in a plan's proportions (an account limit 50 times the export one), so that the
            // split is a real one: unlimited, per-ticket requests would look free.
            const auto limit = std::find(command.begin(), command.end(), "--export-rate-limit");
            *(limit + 1) = "60";
            command.insert(command.end(), {"--rate-limit", "3000"});
        }
        const auto result = run_process(command);
        ASSERT_EQ(result.exit_code, 0) << source << ": " << result.err;
        (*runs_)[source].*snapshot = snapshot_of(backup_dir);
        (*runs_)[source].*stats = mock_->stats();
    }

    static std::int64_t requests(const json::value& stats, const std::string& endpoint) {
        const auto* n = stats.at("by_endpoint").as_object().if_contains(endpoint);
        return n ? n->to_number<std::int64_t>() : 0;
    }

    static MockServer* mock_;
    static TempDir* dir_;
    static std::map<std::string, SourceRun>* runs_;
};

MockServer* CommentSources::mock_ = nullptr;
TempDir* CommentSources::dir_ = nullptr;
std::map<std::string, SourceRun>* CommentSources::runs_ = nullptr;

void expect_same_snapshot(const std::map<std::string, std::string>& expected,
                          const std::map<std::string, std::string>& actual, const std::string& what) {
    ASSERT_EQ(actual.size(), expected.size()) << what;
    for (const auto& [path, bytes] : expected) {
        const auto it = actual.find(path);
        ASSERT_NE(it, actual.end()) << what << ": missing " << path;
        EXPECT_TRUE(it->second == bytes) << what << ": " << path << " differs";
    }
}

TEST_F(CommentSources, EverySourceWritesTheSameSnapshot) {
    ASSERT_EQ(runs_->size(), kSources.size());
    const auto& reference = runs_->at("tickets");
    const zdmock::Dataset data(zdmock::DatasetOptions{kTickets, kSeed, mock_->base_url()});
    std::size_t with_comments = 0;
    for (const auto& [path, bytes] : reference.first)
        if (path.starts_with("tickets/") && path.ends_with(".json") &&
            !json::parse(bytes).at("comments").as_array().empty())
            ++with_comments;
    EXPECT_GT(with_comments, static_cast<std::size_t>(kTickets) * 9 / 10) << "the reference has comments";
    for (const std::string source : {"events", "auto"}) {
        expect_same_snapshot(reference.first, runs_->at(source).first, std::string(source) + ", full run");
        expect_same_snapshot(reference.second, runs_->at(source).second,
                             std::string(source) + ", after the change");
    }
}

TEST_F(CommentSources, PerTicketAsksEveryTicketAndNeverTheEventsExport) {
    const auto& run = runs_->at("tickets");
    EXPECT_EQ(requests(run.first_stats, "ticket_events"), 0);
    EXPECT_GE(requests(run.first_stats, "tickets/comments"), kTickets);
    EXPECT_EQ(requests(run.second_stats, "ticket_events"), 0);
    EXPECT_GE(requests(run.second_stats, "tickets/comments"), 12 + 4 + 3) << "each changed ticket once";
    EXPECT_LE(requests(run.second_stats, "tickets/comments"), 12 + 4 + 3 + 5);
}

TEST_F(CommentSources, EventsReadTheExportAndNeverAskATicket) {
    const auto& run = runs_->at("events");
    EXPECT_EQ(requests(run.first_stats, "tickets/comments"), 0);
    EXPECT_GE(requests(run.first_stats, "ticket_events"), 1);
    EXPECT_LT(requests(run.first_stats, "ticket_events"), kTickets / 20) << "about 1,000 events a request";
    EXPECT_EQ(requests(run.second_stats, "tickets/comments"), 0);
    EXPECT_EQ(requests(run.second_stats, "ticket_events"), 1) << "the new comments fit one page";
}

TEST_F(CommentSources, AutoUsesBothSourcesThenOnlyEventsForChanges) {
    const auto& run = runs_->at("auto");
    // Both sources serve part of the tickets (a sample is always asked one by one first).
    EXPECT_GE(requests(run.first_stats, "tickets/comments"), 50);
    EXPECT_LT(requests(run.first_stats, "tickets/comments"), kTickets * 9 / 10);
    EXPECT_GE(requests(run.first_stats, "ticket_events"), 1);
    EXPECT_EQ(requests(run.second_stats, "tickets/comments"), 0);
    EXPECT_EQ(requests(run.second_stats, "ticket_events"), 1);
}

}  // namespace
}  // namespace zdtest
