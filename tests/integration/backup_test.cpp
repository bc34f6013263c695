// End-to-end: the real zdbackup binary against the real zdmock server.

#include "test_support.hpp"

#include <zdbackup/core/safe_name.hpp>
#include <zdmock/dataset.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <future>
#include <thread>

namespace zdtest {

namespace json = boost::json;

namespace {

constexpr int kTickets = 2000;
constexpr std::uint64_t kSeed = 7;

std::vector<std::string> backup_args(const MockServer& mock, const fs::path& cache, const fs::path& backup) {
    return backup_command(mock, cache, backup, {"--concurrency", "8"});
}

/// The ticket as the export serves it, with its comments added, as a parsed value.
json::value expected_ticket(const zdmock::Dataset& data, std::int64_t id) {
    json::value ticket = json::parse(data.ticket_json(id));
    json::array comments;          // a deleted ticket's comments answer 404: the backup keeps none
    if (!data.ticket_deleted(id))  // zdbackup asks for include_inline_images=true
        for (std::int64_t i = 0; i < data.comment_count(id); ++i)
            comments.push_back(json::parse(data.comment_json(id, i, true)));
    ticket.as_object()["comments"] = std::move(comments);
    return ticket;
}

std::string entry(std::string_view folder, std::int64_t id) {
    return std::string(folder) + "/" + std::to_string(id) + ".json";
}

class FaultyBackup : public ::testing::Test {
  protected:
    // One backup for the whole suite: it is the expensive part.
    static void SetUpTestSuite() {
        mock_ = new MockServer(
            {"--tickets", std::to_string(kTickets), "--seed", std::to_string(kSeed), "--fault-rate", "0.05"});
        dir_ = new TempDir;
        // Leftovers of a run killed on another day: the next run must clean them up.
        fs::create_directories(dir_->path() / "cache");
        fs::create_directories(dir_->path() / "backup");
        std::ofstream(dir_->path() / "cache" / "zendesk_backup_2020-01-01.zip.partial") << "partial";
        std::ofstream(dir_->path() / "backup" / "~$zendesk_backup_2020-01-01.zip.tmp") << "partial";
        result_ = new ProcessResult(
            run_process(backup_args(*mock_, dir_->path() / "cache", dir_->path() / "backup")));
    }
    static void TearDownTestSuite() {
        delete result_;
        delete dir_;
        delete mock_;
    }
    static fs::path delivered() {
        auto zips = zips_in(dir_->path() / "backup");
        return zips.size() == 1 ? zips.front() : fs::path{};
    }

    static MockServer* mock_;
    static TempDir* dir_;
    static ProcessResult* result_;
};

MockServer* FaultyBackup::mock_ = nullptr;
TempDir* FaultyBackup::dir_ = nullptr;
ProcessResult* FaultyBackup::result_ = nullptr;

TEST_F(FaultyBackup, SucceedsDespiteInjectedFaults) {
    ASSERT_EQ(result_->exit_code, 0) << result_->err;
    const json::value stats = mock_->stats();
    std::int64_t faults = 0;
    for (const auto& [kind, n] : stats.at("faults_injected").as_object())
        faults += n.to_number<std::int64_t>();
    EXPECT_GT(faults, 20) << "the mock should have injected faults: " << json::serialize(stats);
    EXPECT_NE(result_->out.find("zendesk_backup_"), std::string::npos) << "summary names the zip";
}

/// Checks entries against the ground truth and counts what it checked, so that the last test can
/// prove nothing else is in the zip.
class GroundTruth {
  public:
    GroundTruth(const std::map<std::string, std::string>& entries, const zdmock::Dataset& data)
        : entries_(entries), data_(data) {}

    void json_entry(const std::string& path, const json::value& expected) {
        auto it = entries_.find(path);
        ASSERT_NE(it, entries_.end()) << "missing " << path;
        ASSERT_EQ(json::parse(it->second), expected) << path;
        ++checked_;
    }
    void bytes_entry(const std::string& path, const std::string& expected) {
        auto it = entries_.find(path);
        ASSERT_NE(it, entries_.end()) << "missing " << path;
        ASSERT_EQ(it->second.size(), expected.size()) << path;
        ASSERT_TRUE(it->second == expected) << path << ": bytes differ";
        ++checked_;
    }
    std::size_t checked() const { return checked_; }

  private:
    const std::map<std::string, std::string>& entries_;
    const zdmock::Dataset& data_;
    std::size_t checked_ = 0;
};

std::string attachment_entry(std::string_view folder, std::int64_t id, const std::string& file_name) {
    return std::string(folder) + "/" + std::to_string(id) + "/" + zdbackup::safe_file_name(file_name);
}

/// Every record and file of the mock, as the zip must hold it. Returns the entries it checked.
std::size_t check_against_truth(const std::map<std::string, std::string>& entries,
                                const zdmock::Dataset& data) {
    GroundTruth truth(entries, data);
    for (std::int64_t id : data.ticket_ids()) {
        truth.json_entry(entry("tickets", id), expected_ticket(data, id));
        if (data.ticket_deleted(id)) continue;
        for (const auto& a : data.ticket_attachments(id, true))
            if (a.download_status() == 302)
                truth.bytes_entry(attachment_entry("tickets/attachments", a.id, a.file_name),
                                  data.attachment_bytes(a.id));
    }
    for (std::int64_t id : data.user_ids())
        truth.json_entry(entry("users", id), json::parse(data.user_json(id)));
    for (std::int64_t id : data.organization_ids())
        truth.json_entry(entry("organizations", id), json::parse(data.organization_json(id)));

    for (std::int64_t id : data.guide_category_ids())
        truth.json_entry(entry("guide_articles/categories", id), json::parse(data.guide_category_json(id)));
    for (std::int64_t id : data.guide_section_ids())
        truth.json_entry(entry("guide_articles/sections", id), json::parse(data.guide_section_json(id)));
    for (std::int64_t id : data.guide_article_ids()) {
        json::value article = json::parse(data.guide_article_json(id));
        json::array translations;
        for (const std::string& t : data.guide_translation_jsons(id)) translations.push_back(json::parse(t));
        if (!translations.empty()) article.as_object()["translations"] = std::move(translations);
        truth.json_entry(entry("guide_articles", id), article);
        for (const auto& a : data.guide_article_attachments(id))
            truth.bytes_entry(attachment_entry("guide_articles/attachments", a.id, a.file_name),
                              data.guide_article_attachment_bytes(a.id));
    }
    for (const auto& kind : data.support_kinds()) {
        if (kind.forbidden) continue;
        const std::string folder =
            "support_assets/" + std::string(kind.name == "group_slas" ? "group_sla_policies" : kind.name);
        const auto ids = data.support_ids(kind);
        for (std::size_t i = 0; i < ids.size(); ++i)
            truth.json_entry(folder + "/" + zdbackup::safe_file_name(ids[i]) + ".json",
                             json::parse(data.support_item_json(kind, static_cast<std::int64_t>(i))));
    }
    return truth.checked();
}

TEST_F(FaultyBackup, EveryRecordAndFileMatchesTheServersGroundTruth) {
    ASSERT_EQ(result_->exit_code, 0) << result_->err;
    const auto entries = read_zip(delivered());
    const zdmock::Dataset data(zdmock::DatasetOptions{kTickets, kSeed, mock_->base_url()});
    const std::size_t checked = check_against_truth(entries, data);
    ASSERT_FALSE(::testing::Test::HasFatalFailure());
    EXPECT_EQ(entries.size(), checked + 1) << "no entry beyond the records, the files and the manifest";
}

TEST_F(FaultyBackup, RefusedFilesAndMissingKindsAreListedAsSkipped) {
    ASSERT_EQ(result_->exit_code, 0) << result_->err;
    const auto entries = read_zip(delivered());
    const zdmock::Dataset data(zdmock::DatasetOptions{kTickets, kSeed, mock_->base_url()});
    const json::value manifest = json::parse(entries.at("manifest.json"));
    std::string skipped = json::serialize(manifest.at("skipped"));
    EXPECT_NE(skipped.find("support_assets/sla_policies"), std::string::npos) << skipped;
    int refused = 0;
    for (std::int64_t id : data.ticket_ids()) {
        if (data.ticket_deleted(id)) continue;
        for (const auto& a : data.ticket_attachments(id, true)) {
            if (a.download_status() == 302) continue;
            ++refused;
            EXPECT_NE(skipped.find("tickets/attachments/" + std::to_string(a.id)), std::string::npos)
                << "refused attachment " << a.id << " not listed: " << skipped;
        }
    }
    EXPECT_GT(refused, 0) << "the mock refuses some attachments (malware, deleted)";
}

TEST_F(FaultyBackup, TheStorageHostNeverSawCredentials) {
    ASSERT_EQ(result_->exit_code, 0) << result_->err;
    const json::value stats = mock_->stats();
    EXPECT_GT(stats.at("storage_requests").to_number<std::int64_t>(), 0) << json::serialize(stats);
    EXPECT_EQ(stats.at("storage_authorization_seen").to_number<std::int64_t>(), 0) << json::serialize(stats);
}

TEST_F(FaultyBackup, ManifestCountsEveryKind) {
    ASSERT_EQ(result_->exit_code, 0) << result_->err;
    const auto entries = read_zip(delivered());
    const json::value manifest = json::parse(entries.at("manifest.json"));
    const zdmock::Dataset data(zdmock::DatasetOptions{kTickets, kSeed, mock_->base_url()});
    EXPECT_EQ(manifest.at("format"), "zdbackup/1");
    EXPECT_EQ(manifest.at("mode"), "full");
    EXPECT_EQ(manifest.at("source"), json::value(mock_->base_url()));
    EXPECT_EQ(manifest.at("counts").at("tickets").to_number<std::size_t>(), data.ticket_ids().size());
    EXPECT_EQ(manifest.at("counts").at("users").to_number<std::size_t>(), data.user_ids().size());
    EXPECT_EQ(manifest.at("counts").at("organizations").to_number<std::size_t>(),
              data.organization_ids().size());
    EXPECT_EQ(manifest.at("entries").as_array().size(), entries.size() - 1);
}

TEST_F(FaultyBackup, KeepsOnlyTheFinishedZipInTheBackupDir) {
    ASSERT_EQ(result_->exit_code, 0) << result_->err;
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir_->path() / "backup"))
        names.push_back(e.path().filename().string());
    ASSERT_EQ(names.size(), 1u);
    EXPECT_TRUE(names[0].starts_with("zendesk_backup_") && names[0].ends_with(".zip")) << names[0];
    EXPECT_TRUE(fs::exists(dir_->path() / "cache" / names[0])) << "the cache keeps a local copy";
    for (const auto& e : fs::directory_iterator(dir_->path() / "cache"))
        EXPECT_FALSE(e.path().extension() == ".partial") << "left behind: " << e.path();
    EXPECT_TRUE(fs::exists(dir_->path() / "cache" / "backup_state.json"));
    EXPECT_TRUE(fs::exists(dir_->path() / "cache" / "logs" / "run.log"));
    EXPECT_TRUE(fs::exists(dir_->path() / "cache" / "logs" / "tickets.log"));
}

TEST_F(FaultyBackup, CredentialsAppearNowhere) {
    ASSERT_EQ(result_->exit_code, 0) << result_->err;
    EXPECT_EQ(result_->out.find(kToken), std::string::npos);
    EXPECT_EQ(result_->err.find(kToken), std::string::npos);
    for (const auto& e : fs::recursive_directory_iterator(dir_->path())) {
        if (!e.is_regular_file()) continue;
        if (e.path().extension() == ".zip") {
            for (const auto& [name, data] : read_zip(e.path()))
                EXPECT_EQ(data.find(kToken), std::string::npos) << name;
            continue;
        }
        std::ifstream in(e.path(), std::ios::binary);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        EXPECT_EQ(text.find(kToken), std::string::npos) << e.path();
    }
}

TEST_F(FaultyBackup, VerifyPassesOnTheZip) {
    ASSERT_EQ(result_->exit_code, 0) << result_->err;
    const auto verify = run_process({ZDB_BINARY, "verify", delivered().string()});
    EXPECT_EQ(verify.exit_code, 0) << verify.err;
    EXPECT_NE(verify.out.find("OK"), std::string::npos);
}

TEST_F(FaultyBackup, VerifyFailsAfterOneEntryIsAltered) {
    ASSERT_EQ(result_->exit_code, 0) << result_->err;
    TempDir scratch;
    const fs::path altered = scratch.path() / "altered.zip";
    rewrite_zip(delivered(), altered, "tickets/7.json",
                [](std::string& bytes) { bytes[bytes.size() / 2] ^= 1; });
    const auto verify = run_process({ZDB_BINARY, "verify", altered.string()});
    EXPECT_EQ(verify.exit_code, 7);
    EXPECT_NE(verify.err.find("tickets/7.json"), std::string::npos) << verify.err;
}

// ---- setups that must fail cleanly: one line, non-zero exit, no zip anywhere -------------------------

class FailingSetup : public ::testing::Test {
  protected:
    void expect_clean_failure(const ProcessResult& r, int exit_code, std::string_view phrase) {
        EXPECT_EQ(r.exit_code, exit_code) << r.err;
        EXPECT_NE(r.err.find(phrase), std::string::npos) << r.err;
        EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "exactly one line: " << r.err;
        EXPECT_EQ(r.err.find(kToken), std::string::npos);
        EXPECT_EQ(r.err.find("wrong-token"), std::string::npos);
        EXPECT_TRUE(zips_in(dir_.path() / "cache").empty());
        EXPECT_TRUE(zips_in(dir_.path() / "backup").empty());
    }
    MockServer mock_{{"--tickets", "50"}};
    TempDir dir_;
};

TEST_F(FailingSetup, BadCredentialsFailWithAuthExitCode) {
    auto args = backup_args(mock_, dir_.path() / "cache", dir_.path() / "backup");
    std::replace(args.begin(), args.end(), kToken, std::string("wrong-token"));
    expect_clean_failure(run_process(args), 3, "authentication failed (401)");
}

TEST_F(FailingSetup, UntrustedCertificateFailsWithNetworkExitCode) {
    auto args = backup_args(mock_, dir_.path() / "cache", dir_.path() / "backup");
    const auto ca = std::find(args.begin(), args.end(), "--ca-file");
    args.erase(ca, ca + 2);
    expect_clean_failure(run_process(args), 4, "not trusted");
}

TEST_F(FailingSetup, RefusedConnectionFailsWithNetworkExitCode) {
    auto args = backup_args(mock_, dir_.path() / "cache", dir_.path() / "backup");
    std::replace(args.begin(), args.end(), mock_.base_url(), std::string("https://127.0.0.1:1"));
    expect_clean_failure(run_process(args), 4, "cannot connect");
}

TEST_F(FailingSetup, UnknownHostFailsWithNetworkExitCode) {
    auto args = backup_args(mock_, dir_.path() / "cache", dir_.path() / "backup");
    // .invalid never resolves (RFC 2606), with or without a DNS server.
    std::replace(args.begin(), args.end(), mock_.base_url(), std::string("https://zdbackup-test.invalid"));
    expect_clean_failure(run_process(args), 4, "cannot resolve zdbackup-test.invalid");
}

TEST_F(FailingSetup, NonAdminUserFailsWithAuthExitCode) {
    MockServer agent_only({"--tickets", "5", "--role", "agent"});
    auto args = backup_args(agent_only, dir_.path() / "cache", dir_.path() / "backup");
    expect_clean_failure(run_process(args), 3, "needs an admin");
    EXPECT_EQ(agent_only.count("total_requests"), 1) << "nothing but the credential check was sent";
}

TEST(WrongSetup, ACertificateForAnotherNameFailsWithNetworkExitCode) {
    MockServer mock({"--tickets", "5", "--cert-names", "DNS:zendesk.example.com"});
    TempDir dir;
    const auto r = run_process(backup_args(mock, dir.path() / "cache", dir.path() / "backup"));
    EXPECT_EQ(r.exit_code, 4) << r.err;
    EXPECT_NE(r.err.find("is not valid for that name"), std::string::npos) << r.err;
    EXPECT_EQ(mock.count("total_requests"), 0)
        << "nothing is sent over a connection that failed verification";
}

TEST(WrongSetup, AnExpiredCertificateSaysToCheckTheClock) {
    MockServer mock({"--tickets", "5", "--cert-expired"});
    TempDir dir;
    const auto r = run_process(backup_args(mock, dir.path() / "cache", dir.path() / "backup"));
    EXPECT_EQ(r.exit_code, 4) << r.err;
    EXPECT_NE(r.err.find("outside its validity period"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("date and time"), std::string::npos) << r.err;
}

TEST(WrongSetup, ACaptivePortalIsNamedAndNothingIsSaved) {
    MockServer mock({"--tickets", "5", "--captive-portal"});
    TempDir dir;
    const auto r = run_process(backup_args(mock, dir.path() / "cache", dir.path() / "backup"));
    EXPECT_EQ(r.exit_code, 4) << r.err;
    EXPECT_NE(r.err.find("did not answer like a Zendesk API (text/html"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("captive portal"), std::string::npos) << r.err;
    EXPECT_TRUE(zips_in(dir.path() / "backup").empty());
}

TEST(WrongSetup, AServerThatNeverAnswersIsGivenUpOnAfterThreeAttempts) {
    MockServer mock({"--tickets", "5", "--faults", "stall", "--fault-rate", "1"});
    TempDir dir;
    const auto r = run_process(
        backup_command(mock, dir.path() / "cache", dir.path() / "backup", {"--timeout", "1", "--quiet"}));
    EXPECT_EQ(r.exit_code, 4) << r.err;
    EXPECT_NE(r.err.find("never answered (3 attempts"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "exactly one line: " << r.err;
    EXPECT_EQ(mock.count("total_requests"), 3);
}

// An export that hands back the position it was asked for would loop forever: the stream stops with
// a clear line, the run exits 5 and its position stays where the last good page left it.
void expect_stuck_export_stops(const std::string& kind, const std::string& export_path,
                               const std::vector<std::string>& stuck_endpoints) {
    MockServer mock({"--tickets", "30", "--stuck-export", kind});
    TempDir dir;
    const auto r =
        run_process(backup_command(mock, dir.path() / "cache", dir.path() / "backup", {"--quiet"}));
    EXPECT_EQ(r.exit_code, 5) << r.err;
    EXPECT_NE(r.err.find("stopped instead of looping"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(export_path), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "exactly one line: " << r.err;
    std::int64_t export_requests = 0;
    for (const std::string& endpoint : stuck_endpoints) {
        EXPECT_LE(mock.count(endpoint), 2) << endpoint << ": a stuck export is noticed on its second page";
        export_requests += mock.count(endpoint);
    }
    EXPECT_GE(export_requests, 2) << "the stuck export was asked for its second page";
    EXPECT_TRUE(zips_in(dir.path() / "backup").empty());
}

TEST(WrongSetup, ATimeExportWhoseEndTimeDoesNotAdvanceStops) {
    expect_stuck_export_stops("time", "/api/v2/incremental/organizations.json",
                              {"incremental/organizations"});
}

TEST(WrongSetup, ACursorExportThatRepeatsItsCursorStops) {
    expect_stuck_export_stops("cursor", "/api/v2/incremental/",
                              {"incremental/tickets/cursor", "incremental/users/cursor"});
}

// Every injected 429 announces Retry-After: 1. The client must send nothing during that second
// (the mock counts requests that arrive while a Retry-After it announced is running).
TEST(RateLimitedBackup, HonoursRetryAfterAndFinishes) {
    MockServer mock({"--tickets", "200", "--seed", "3", "--faults", "429", "--fault-rate", "0.04"});
    TempDir dir;
    // Attachment storage is another host in real life: its 429s say nothing about the API's budget,
    // but this mock counts them against the account. Leave files out to test the API alone.
    auto args = backup_args(mock, dir.path() / "cache", dir.path() / "backup");
    args.push_back("--no-attachments");
    const auto result = run_process(args);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const auto stats = mock.stats();
    EXPECT_GT(stats.at("rate_limited").to_number<std::int64_t>(), 0) << json::serialize(stats);
    EXPECT_EQ(stats.at("ignored_retry_after").to_number<std::int64_t>(), 0) << json::serialize(stats);
    const auto entries = read_zip(zips_in(dir.path() / "backup").at(0));
    EXPECT_EQ(json::parse(entries.at("manifest.json")).at("counts").at("tickets").to_number<int>(), 200);
}

}  // namespace
}  // namespace zdtest

namespace zdtest {
namespace {

TEST_F(FailingSetup, UnwritableBackupDirFailsBeforeAnyDownload) {
    std::ofstream(dir_.path() / "a-file") << "x";
    auto args = backup_args(mock_, dir_.path() / "cache", dir_.path() / "a-file" / "backup");
    expect_clean_failure(run_process(args), 6, "cannot write to the backup directory");
    EXPECT_EQ(mock_.stats().at("total_requests").to_number<std::int64_t>(), 0) << "nothing fetched in vain";
}

// A run that leaves kinds out must not replace the day's complete snapshot.
TEST(PartialBackup, GetsItsOwnNameAndListsWhatItLeftOut) {
    MockServer mock({"--tickets", "30"});
    TempDir dir;
    const auto full = run_process(backup_args(mock, dir.path() / "cache", dir.path() / "backup"));
    ASSERT_EQ(full.exit_code, 0) << full.err;
    // Runs are stamped to the second: the partial run must start in a later one, as it would by hand.
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    auto args = backup_args(mock, dir.path() / "cache", dir.path() / "backup");
    args.insert(args.end(), {"--only", "users"});
    const auto partial = run_process(args);
    ASSERT_EQ(partial.exit_code, 0) << partial.err;

    auto zips = zips_in(dir.path() / "backup");
    std::sort(zips.begin(), zips.end());
    ASSERT_EQ(zips.size(), 2u);
    EXPECT_FALSE(zips[0].filename().string().ends_with("_partial.zip")) << zips[0];
    EXPECT_TRUE(zips[1].filename().string().ends_with("_partial.zip")) << zips[1];
    EXPECT_GT(read_zip(zips[0]).size(), read_zip(zips[1]).size()) << "the complete snapshot is still there";
    const std::string skipped =
        json::serialize(json::parse(read_zip(zips[1]).at("manifest.json")).at("skipped"));
    for (const char* kind : {"tickets", "organizations", "guide", "support_assets", "attachments"})
        EXPECT_NE(skipped.find(std::string("\"") + kind + "\""), std::string::npos)
            << kind << " in " << skipped;
    // status still reports the complete backup: a partial run is not the last successful backup.
    const auto status =
        run_process({ZDB_BINARY, "status", "--cache-dir", (dir.path() / "cache").string(), "--json"});
    EXPECT_EQ(status.exit_code, 0) << status.err;
    EXPECT_NE(status.out.find(zips[0].filename().string()), std::string::npos) << status.out;
    EXPECT_EQ(status.out.find("_partial.zip"), std::string::npos) << status.out;
}

}  // namespace
}  // namespace zdtest

namespace zdtest {
namespace {

// Two runs on one cache would write the same files: the second must refuse, naming the first.
TEST(CacheLock, ASecondRunOnTheSameCacheRefusesCleanly) {
    MockServer mock({"--tickets", "100", "--latency-ms", "40"});
    TempDir dir;
    const auto args = backup_args(mock, dir.path() / "cache", dir.path() / "backup");
    auto first = std::async(std::launch::async, [&] { return run_process(args); });
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
    const auto second = run_process(args);
    EXPECT_EQ(second.exit_code, 1) << second.err;
    EXPECT_NE(second.err.find("another zdbackup run (pid"), std::string::npos) << second.err;
    // A user who deletes the lock file does not get two runs on one cache either.
    fs::remove(dir.path() / "cache" / "zdbackup.lock");
    const auto third = run_process(args);
    EXPECT_EQ(third.exit_code, 1) << third.err;
    const auto result = first.get();
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const auto verify = run_process({ZDB_BINARY, "verify", zips_in(dir.path() / "backup").at(0).string()});
    EXPECT_EQ(verify.exit_code, 0) << "the first run's zip is intact: " << verify.err;
    // The lock dies with its process: the next run takes it over.
    EXPECT_EQ(run_process(args).exit_code, 0);
}

}  // namespace
}  // namespace zdtest
