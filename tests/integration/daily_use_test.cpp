// End-to-end: one config file, two instances (one of them failing), one command; the summary JSON a
// monitoring system reads; `zdbackup status` after a success, after a failure, while a run holds the
// cache, and with no cache at all.

#include "test_support.hpp"

#include <zdbackup/util/cache_lock.hpp>
#include <zdbackup/util/sha256.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <thread>

namespace zdtest {

namespace json = boost::json;

namespace {

const std::string kFileToken = "zdmock-token";  // the failing instance's token, read from a file

class DailyUse : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        good_ = new MockServer({"--tickets", "50", "--seed", "3"});
        bad_ = new MockServer({"--tickets", "50", "--role", "agent"});  // not an admin: refused up front
        dir_ = new TempDir;
        const fs::path d = dir_->path();
        fs::create_directories(d / "backup");
        // Zips already in the shared folder: each instance's --keep must count only its own.
        for (const char* old :
             {"zendesk_backup_good_2020-01-01.zip", "zendesk_backup_good_2020-01-02.zip",
              "zendesk_backup_good_2020-01-03.zip", "zendesk_backup_bad_2020-01-01.zip",
              "zendesk_backup_2020-01-01.zip", "zendesk_backup_good_2020-01-01_partial.zip"})
            std::ofstream(d / "backup" / old) << "old";
        std::ofstream(d / "bad.token") << kFileToken << "\n";
        fs::permissions(d / "bad.token", fs::perms::owner_read | fs::perms::owner_write);
        std::ofstream(d / "config.json") << R"({
  // nightly backups of two instances
  "defaults": {"backup_dir": "backup", "cache_dir": "caches", "keep": 2, "export_rate_limit": 600,
               "concurrency": 4, "summary_json": "summaries/{instance}.json"},
  "instances": {
    "good": {"base_url": ")" << good_->base_url()
                                         << R"(", "ca_file": ")" << good_->ca_file().string() << R"(",
             "email": "admin@example.com", "api_token_env": "GOOD_TOKEN"},
    "bad":  {"base_url": ")" << bad_->base_url()
                                         << R"(", "ca_file": ")" << bad_->ca_file().string() << R"(",
             "email": "admin@example.com", "api_token_file": "bad.token"}
  }
})";
        fs::permissions(d / "config.json", fs::perms::group_read | fs::perms::others_read,
                        fs::perm_options::add);
        result_ = new ProcessResult(run_process(
            {ZDB_BINARY, "backup", "--config", config().string(), "--quiet"}, {{"GOOD_TOKEN", kToken}}));
    }
    static void TearDownTestSuite() {
        delete result_;
        delete dir_;
        delete bad_;
        delete good_;
    }
    static fs::path config() { return dir_->path() / "config.json"; }
    static fs::path backup_dir() { return dir_->path() / "backup"; }
    static fs::path cache(const std::string& instance) { return dir_->path() / "caches" / instance; }
    static json::value summary(const std::string& instance) {
        return json::parse(read_file(dir_->path() / "summaries" / (instance + ".json")));
    }
    /// Today's zip of the good instance in the backup folder (the only one not from 2020).
    static fs::path good_zip() {
        for (const fs::path& zip : zips_in(backup_dir())) {
            const std::string name = zip.filename().string();
            if (name.starts_with("zendesk_backup_good_") && name.find("2020") == std::string::npos)
                return zip;
        }
        return {};
    }
    static ProcessResult status(const std::vector<std::string>& extra) {
        std::vector<std::string> args{ZDB_BINARY, "status", "--config", config().string()};
        args.insert(args.end(), extra.begin(), extra.end());
        return run_process(args);
    }

    static MockServer* good_;
    static MockServer* bad_;
    static TempDir* dir_;
    static ProcessResult* result_;
};

MockServer* DailyUse::good_ = nullptr;
MockServer* DailyUse::bad_ = nullptr;
TempDir* DailyUse::dir_ = nullptr;
ProcessResult* DailyUse::result_ = nullptr;

TEST_F(DailyUse, OneFailingInstanceFailsTheCommandButNotTheOthers) {
    EXPECT_EQ(result_->exit_code, 3) << result_->err;  // the first failure's code: auth
    EXPECT_NE(result_->err.find("zdbackup: error: [bad] the API user has role 'agent'"), std::string::npos)
        << result_->err;
    EXPECT_NE(result_->err.find("zdbackup: error: 1 of 2 instances failed: bad (exit 3)"), std::string::npos)
        << result_->err;
    // The config file is group/world-readable: one warning line, not fatal. The token file is private.
    EXPECT_NE(
        result_->err.find("warning: the config file " + config().string() + " can be read by other users"),
        std::string::npos)
        << result_->err;
    EXPECT_EQ(result_->err.find("token file"), std::string::npos) << result_->err;
    EXPECT_EQ(result_->err.find(kToken), std::string::npos) << "a credential reached stderr";
}

TEST_F(DailyUse, AnInstanceWhoseTokenIsMissingFailsAloneAndSaysSo) {
    // The nightly run of several customers: one token variable is not set on this machine. That
    // instance fails (exit 2, its summary says why); the others are still backed up.
    const fs::path d = dir_->path() / "missing-token";
    fs::create_directories(d);
    std::ofstream(d / "config.json")
        << R"({"defaults": {"cache_dir": "caches", "export_rate_limit": 600,
      "summary_json": "summaries/{instance}.json"},
      "instances": {
        "unset": {"base_url": ")"
        << good_->base_url() << R"(", "ca_file": ")" << good_->ca_file().string()
        << R"(", "email": "admin@example.com", "api_token_env": "ZDB_TEST_UNSET_TOKEN"},
        "good":  {"base_url": ")"
        << good_->base_url() << R"(", "ca_file": ")" << good_->ca_file().string()
        << R"(", "email": "admin@example.com", "api_token_env": "GOOD_TOKEN"}}})";
    fs::permissions(d / "config.json", fs::perms::owner_read | fs::perms::owner_write);
    const ProcessResult run =
        run_process({ZDB_BINARY, "backup", "--config", (d / "config.json").string(), "--quiet"},
                    {{"GOOD_TOKEN", kToken}});
    EXPECT_EQ(run.exit_code, 2) << run.err;
    EXPECT_NE(run.err.find("[unset] ZDB_TEST_UNSET_TOKEN"), std::string::npos) << run.err;
    EXPECT_NE(run.err.find("1 of 2 instances failed: unset (exit 2)"), std::string::npos) << run.err;
    EXPECT_EQ(zips_in(d / "caches" / "good").size(), 1u) << "the other instance was not backed up";
    const json::value unset = json::parse(read_file(d / "summaries" / "unset.json"));
    EXPECT_EQ(unset.at("status"), "failed");
    EXPECT_EQ(unset.at("exit_code"), 2);
    const json::value good = json::parse(read_file(d / "summaries" / "good.json"));
    EXPECT_EQ(good.at("status"), "ok");
}

TEST_F(DailyUse, TheGoodInstancesZipIsWrittenAndVerifies) {
    const fs::path zip = good_zip();
    ASSERT_FALSE(zip.empty()) << "no zip of the good instance in " << backup_dir();
    EXPECT_TRUE(fs::exists(cache("good") / zip.filename()));
    const ProcessResult verify = run_process({ZDB_BINARY, "verify", zip.string()});
    EXPECT_EQ(verify.exit_code, 0) << verify.err;
    const auto entries = read_zip(zip);
    EXPECT_EQ(entries.count("tickets/1.json") + entries.count("manifest.json"), 2u);
    // The failing instance wrote no zip, in its cache or the backup folder.
    for (const fs::path& z : zips_in(cache("bad"))) ADD_FAILURE() << "unexpected " << z;
}

TEST_F(DailyUse, KeepCountsAndDeletesOnlyEachInstancesOwnZips) {
    std::set<std::string> names;
    for (const fs::path& zip : zips_in(backup_dir())) names.insert(zip.filename().string());
    const std::string today = good_zip().filename().string();
    // keep 2: today's and the newest old one of "good"; the other families are untouched.
    EXPECT_EQ(names, (std::set<std::string>{
                         today, "zendesk_backup_good_2020-01-03.zip", "zendesk_backup_bad_2020-01-01.zip",
                         "zendesk_backup_2020-01-01.zip", "zendesk_backup_good_2020-01-01_partial.zip"}));
}

TEST_F(DailyUse, SummaryOfTheGoodInstanceMatchesItsZip) {
    const json::value s = summary("good");
    EXPECT_EQ(s.at("status"), "ok");
    EXPECT_EQ(s.at("exit_code"), 0);
    EXPECT_TRUE(s.at("error").is_null());
    EXPECT_EQ(s.at("instance"), "good");
    EXPECT_EQ(s.at("source").as_string(), good_->base_url());
    EXPECT_EQ(s.at("mode"), "full");
    EXPECT_EQ(s.at("started_at").as_string().size(), 20u);
    EXPECT_LE(s.at("started_at").as_string(), s.at("finished_at").as_string());
    EXPECT_GT(s.at("wall_seconds").to_number<double>(), 0.0);

    const fs::path zip = cache("good") / good_zip().filename();
    const json::object& z = s.at("zip").as_object();
    EXPECT_EQ(fs::path(z.at("path").as_string().c_str()), fs::absolute(zip));
    EXPECT_EQ(z.at("size").to_number<std::uint64_t>(), fs::file_size(zip));
    EXPECT_EQ(z.at("sha256").as_string(), zdbackup::sha256_file(zip));
    EXPECT_EQ(fs::path(s.at("delivered").as_string().c_str()), fs::absolute(good_zip()));

    const json::value manifest = json::parse(read_zip(zip).at("manifest.json"));
    std::uint64_t in_manifest = 0;
    for (const auto& [name, n] : manifest.at("counts").as_object())
        in_manifest += n.to_number<std::uint64_t>();
    EXPECT_EQ(s.at("total").at("records").to_number<std::uint64_t>(), in_manifest);
    EXPECT_EQ(s.at("kinds").at("tickets").at("records"), manifest.at("counts").at("tickets"));
    EXPECT_EQ(s.at("kinds").at("users").at("records"), manifest.at("counts").at("users"));
    EXPECT_EQ(z.at("entries").to_number<std::uint64_t>(), manifest.at("entries").as_array().size() + 1);
    EXPECT_EQ(s.at("kinds").at("tickets").at("downloaded"), 50);  // a first run downloads everything
    EXPECT_GT(s.at("total").at("requests").to_number<std::uint64_t>(), 50u);
    EXPECT_EQ(s.at("skipped").as_array().size(), manifest.at("skipped").as_array().size());
}

TEST_F(DailyUse, SummaryOfTheFailedInstanceSaysWhy) {
    const std::string text = read_file(dir_->path() / "summaries" / "bad.json");
    EXPECT_EQ(text.find(kFileToken), std::string::npos) << "a credential reached the summary";
    const json::value s = summary("bad");
    EXPECT_EQ(s.at("status"), "failed");
    EXPECT_EQ(s.at("exit_code"), 3);
    EXPECT_NE(s.at("error").as_string().find("needs an admin"), std::string::npos) << s;
    EXPECT_EQ(s.at("instance"), "bad");
    EXPECT_TRUE(s.at("zip").is_null());
    EXPECT_FALSE(s.at("finished_at").is_null());
    EXPECT_EQ(s.at("total").at("records"), 0);
}

TEST_F(DailyUse, AFailedRunsSummaryHasTheCountsItReached) {
    // Every comments request fails at once: the run stops mid-way, after lists and exports answered.
    const MockServer failing({"--tickets", "50", "--fail-path", "/comments"});
    const fs::path summary_file = dir_->path() / "midway.json";
    const ProcessResult r =
        run_process(backup_command(failing, dir_->path() / "midway-cache", dir_->path() / "midway-backup",
                                   {"--max-retries", "0", "--summary-json", summary_file.string()}));
    EXPECT_EQ(r.exit_code, 5) << r.err;
    const json::value s = json::parse(read_file(summary_file));
    EXPECT_EQ(s.at("status"), "failed");
    EXPECT_EQ(s.at("exit_code"), 5);
    EXPECT_EQ(s.at("mode"), "full");
    EXPECT_NE(s.at("error").as_string().find("/comments"), std::string::npos) << s;
    EXPECT_TRUE(s.at("zip").is_null());
    // What the streams had done when the run stopped, not zeros.
    EXPECT_GT(s.at("total").at("requests").to_number<std::uint64_t>(), 0u) << s;
    EXPECT_GT(s.at("total").at("bytes").to_number<std::uint64_t>(), 0u) << s;
    EXPECT_GT(s.at("kinds").at("tickets").at("requests").to_number<std::uint64_t>(), 0u) << s;
}

TEST_F(DailyUse, CtrlCStopsEveryInstance) {
    const MockServer slow({"--tickets", "20", "--latency-ms", "2000"});
    const TempDir d;
    std::ofstream(d.path() / "config.json")
        << R"({"defaults": {"summary_json": "{instance}.json", "cache_dir": "c",
        "email": "admin@example.com", "export_rate_limit": 600},
      "instances": {"slow": {"base_url": ")"
        << slow.base_url() << R"(", "ca_file": ")" << slow.ca_file().string() << R"(",
                             "api_token_env": "GOOD_TOKEN"},
                    "good": {"base_url": ")"
        << good_->base_url() << R"(", "ca_file": ")" << good_->ca_file().string() << R"(",
                             "api_token_env": "GOOD_TOKEN"}}})";
    BackgroundProcess run({ZDB_BINARY, "backup", "--config", (d.path() / "config.json").string(), "--quiet"},
                          {{"GOOD_TOKEN", kToken}});
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (slow.count("incremental/tickets/cursor") < 1) {  // the first instance's export is in flight
        ASSERT_TRUE(run.running()) << run.err();
        ASSERT_LT(std::chrono::steady_clock::now(), give_up) << "the export request never came";
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    run.signal(SIGINT);
    EXPECT_EQ(run.wait(), 130) << run.err();
    EXPECT_NE(
        run.err().find("1 of 2 instances failed: slow (exit 130); not run after the interruption: good"),
        std::string::npos)
        << run.err();
    EXPECT_EQ(json::parse(read_file(d.path() / "slow.json")).at("status"), "interrupted");
    EXPECT_FALSE(fs::exists(d.path() / "good.json")) << "the second instance must not have run";
}

TEST_F(DailyUse, StatusAfterASuccess) {
    const ProcessResult r = status({"--instance", "good"});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("good: OK: the last backup succeeded at"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(good_zip().string()), std::string::npos) << "the delivered copy: " << r.out;
    EXPECT_NE(r.out.find("tickets 50"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("running now"), std::string::npos) << r.out;

    const ProcessResult j = status({"--instance", "good", "--json", "--max-age", "1"});
    EXPECT_EQ(j.exit_code, 0) << j.err;
    const json::value doc = json::parse(j.out);
    ASSERT_EQ(doc.as_array().size(), 1u);
    const json::value& last = doc.at(0).at("last_success");
    EXPECT_EQ(last.at("zip_bytes").to_number<std::uint64_t>(), fs::file_size(good_zip()));
    EXPECT_EQ(fs::path(last.at("zip_path").as_string().c_str()), cache("good") / good_zip().filename());
    EXPECT_TRUE(doc.at(0).at("running").is_null());
}

TEST_F(DailyUse, StatusAfterAFailure) {
    const ProcessResult r = status({"--instance", "bad"});
    EXPECT_EQ(r.exit_code, 9) << r.out << r.err;
    EXPECT_NE(r.out.find("bad: PROBLEM: the last backup attempt failed at"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("needs an admin"), std::string::npos) << r.out;
    // Every instance of the file: the first non-zero verdict is the exit status.
    const ProcessResult all = status({});
    EXPECT_EQ(all.exit_code, 9) << all.out;
    EXPECT_NE(all.out.find("good: OK"), std::string::npos) << all.out;
    EXPECT_NE(all.out.find("bad: PROBLEM"), std::string::npos) << all.out;
}

TEST_F(DailyUse, StatusWhileARunHoldsTheCache) {
    const zdbackup::CacheLock held(cache("good"));  // as a running backup holds it
    const ProcessResult r = status({"--instance", "good"});
    EXPECT_EQ(r.exit_code, 0) << r.err;  // the last finished attempt is what is judged
    EXPECT_NE(r.out.find("running now: pid " + std::to_string(zdbackup::current_pid())), std::string::npos)
        << r.out;
    const ProcessResult j = status({"--instance", "good", "--json"});
    EXPECT_EQ(json::parse(j.out).at(0).at("running").at("pid"), zdbackup::current_pid()) << j.out;
    // The probe took nothing away: a backup is still refused while the lock is held...
    const fs::path refused = dir_->path() / "refused.json";
    const ProcessResult second =
        run_process({ZDB_BINARY, "backup", "--config", config().string(), "--instance", "good", "--quiet",
                     "--summary-json", refused.string()},
                    {{"GOOD_TOKEN", kToken}});
    EXPECT_EQ(second.exit_code, 1) << second.err;
    EXPECT_NE(second.err.find("another zdbackup run (pid " + std::to_string(zdbackup::current_pid())),
              std::string::npos)
        << second.err;
    // ... and says so in its summary, written though the run never began.
    const json::value s = json::parse(read_file(refused));
    EXPECT_EQ(s.at("status"), "failed");
    EXPECT_EQ(s.at("exit_code"), 1);
    EXPECT_TRUE(s.at("mode").is_null());
}

TEST_F(DailyUse, StatusWithoutACache) {
    const ProcessResult r =
        run_process({ZDB_BINARY, "status", "--cache-dir", (dir_->path() / "none").string()});
    EXPECT_EQ(r.exit_code, 8) << r.out << r.err;
    EXPECT_NE(r.out.find("no backup in " + (dir_->path() / "none").string() + " yet"), std::string::npos)
        << r.out;
    EXPECT_FALSE(fs::exists(dir_->path() / "none")) << "status must not create a cache";
}

}  // namespace
}  // namespace zdtest
