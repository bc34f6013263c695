#include <zdbackup/app/status_report.hpp>
#include <zdbackup/app/summary_json.hpp>

#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

namespace zdbackup {
namespace {

namespace json = boost::json;
using namespace std::chrono;

const system_clock::time_point now = *parse_iso8601_utc("2026-12-04T12:00:00Z");

CacheStatus with_state() {
    CacheStatus s{"acme", "/c/acme", BackupState{}, std::nullopt};
    s.state->source = "https://acme.zendesk.com";
    return s;
}

json::object success(const char* started, const char* finished) {
    return {{"status", "success"},
            {"started_at", started},
            {"finished_at", finished},
            {"mode", "incremental"},
            {"zip", "z.zip"},
            {"zip_bytes", 2048},
            {"counts", {{"tickets", 50}, {"tickets/attachments", 7}, {"support_assets/macros", 3}}}};
}

TEST(StatusReport, ParsesTheTimestampsBackupsWrite) {
    EXPECT_EQ(*parse_iso8601_utc("1970-01-02T00:00:01Z"), system_clock::time_point(seconds(86401)));
    for (const char* bad : {"2026-12-04 12:00:00Z", "2026-13-04T12:00:00Z", "2026-12-04T12:00:00", "x"})
        EXPECT_FALSE(parse_iso8601_utc(bad)) << bad;
}

TEST(StatusReport, NoCacheOrNoSuccessIsExit8) {
    CacheStatus none{"", "/nowhere", std::nullopt, std::nullopt};
    StatusVerdict v = judge_status(none, now, std::nullopt);
    EXPECT_EQ(v.code, ExitCode::no_backup);
    EXPECT_NE(v.line.find("no backup in /nowhere"), std::string::npos);
    EXPECT_EQ(judge_status(with_state(), now, std::nullopt).code, ExitCode::no_backup);
}

TEST(StatusReport, LastSuccessIsExit0AndShowsZipAndCounts) {
    CacheStatus s = with_state();
    s.state->last_run = success("2026-12-04T02:00:00Z", "2026-12-04T03:00:00Z");
    const StatusVerdict v = judge_status(s, now, hours(24));
    EXPECT_EQ(v.code, ExitCode::success);
    EXPECT_DOUBLE_EQ(*v.age_hours, 9.0);
    const std::string text = format_status(s, v);
    EXPECT_NE(text.find("acme: OK"), std::string::npos) << text;
    EXPECT_NE(text.find("/c/acme/z.zip (2.0 KB)"), std::string::npos) << text;
    EXPECT_NE(text.find("tickets 50, support_assets 3, attachments 7"), std::string::npos) << text;
    const json::object j = status_json(s, v);
    EXPECT_EQ(j.at("exit_code"), 0);
    EXPECT_EQ(j.at("last_success").at("zip_path"), "/c/acme/z.zip");
    EXPECT_TRUE(j.at("running").is_null());
}

TEST(StatusReport, AFailedOrUnfinishedLastAttemptIsExit9) {
    CacheStatus s = with_state();
    s.state->last_run = success("2026-12-03T02:00:00Z", "2026-12-03T03:00:00Z");
    s.state->last_failure =
        json::object{{"at", "2026-12-04T02:05:00Z"}, {"error", "authentication failed (401)"}};
    StatusVerdict v = judge_status(s, now, std::nullopt);
    EXPECT_EQ(v.code, ExitCode::last_failed);
    EXPECT_NE(v.line.find("failed at 2026-12-04T02:05:00Z: authentication failed (401)"), std::string::npos);

    // Killed: the run it began is still in the state file and nobody holds the lock.
    s.state->last_failure.reset();
    s.state->run_in_progress = json::object{{"started_at", "2026-12-04T02:00:00Z"}, {"phase", "fetching"}};
    v = judge_status(s, now, std::nullopt);
    EXPECT_EQ(v.code, ExitCode::last_failed);
    EXPECT_NE(v.line.find("did not finish"), std::string::npos);
    EXPECT_TRUE(status_json(s, v).at("unfinished_run").as_bool());

    // The same, with a run holding the lock now: it is running, not unfinished.
    s.running_pid = 4242;
    v = judge_status(s, now, std::nullopt);
    EXPECT_EQ(v.code, ExitCode::success);
    EXPECT_NE(format_status(s, v).find("running now: pid 4242, started 2026-12-04T02:00:00Z, fetching"),
              std::string::npos);
    EXPECT_EQ(status_json(s, v).at("running").at("pid"), 4242);
}

TEST(StatusReport, APartialRunLeavesItsRunOpenWithoutFailing) {
    CacheStatus s = with_state();
    s.state->last_run = success("2026-12-04T02:00:00Z", "2026-12-04T02:10:00Z");
    s.state->run_in_progress = json::object{{"started_at", "2026-12-04T02:00:00Z"}};
    EXPECT_EQ(judge_status(s, now, std::nullopt).code, ExitCode::success);
}

TEST(StatusReport, ASuccessOlderThanMaxAgeIsExit10) {
    CacheStatus s = with_state();
    s.state->last_run = success("2026-12-02T02:00:00Z", "2026-12-02T03:00:00Z");
    EXPECT_EQ(judge_status(s, now, std::nullopt).code, ExitCode::success);
    const StatusVerdict v = judge_status(s, now, hours(26));
    EXPECT_EQ(v.code, ExitCode::too_old);
    EXPECT_NE(v.line.find("57.0 hours ago: older than --max-age 26"), std::string::npos) << v.line;
}

TEST(SummaryJson, ReportsStatusCountsAndZip) {
    RunOutcome o;
    o.instance = "acme";
    o.source = "https://acme.zendesk.com";
    o.mode = "full";
    o.started = now;
    o.finished = now + seconds(90);
    o.wall = seconds(90);
    StreamProgress tickets{"tickets", "tickets", 50, 10, {60, 2, 1, 5000}, true};
    StreamProgress files{"attachments", "tickets/attachments", 7, 0, {7, 0, 0, 9000}, true};
    o.summary.engine.streams = {tickets, files};
    o.summary.engine.total = {68, 2, 1, 14000};  // one request no stream owns (the credentials check)
    o.summary.written = {{"tickets", 50}, {"tickets/attachments", 7}};
    o.summary.zip = "/c/z.zip";
    o.summary.zip_bytes = 123;
    o.zip_sha256 = std::string(64, 'a');
    json::value j = json::parse(summary_json(o));
    EXPECT_EQ(j.at("status"), "ok");
    EXPECT_TRUE(j.at("error").is_null());
    EXPECT_EQ(j.at("started_at"), "2026-12-04T12:00:00Z");
    EXPECT_EQ(j.at("finished_at"), "2026-12-04T12:01:30Z");
    EXPECT_EQ(j.at("kinds").at("tickets").at("records"), 50);
    EXPECT_EQ(j.at("kinds").at("tickets").at("downloaded"), 40);
    EXPECT_EQ(j.at("kinds").at("tickets").at("from_cache"), 10);
    EXPECT_EQ(j.at("kinds").at("tickets").at("rate_limited"), 1);
    EXPECT_EQ(j.at("total").at("records"), 57);
    EXPECT_EQ(j.at("total").at("requests"), 68);
    EXPECT_EQ(j.at("zip").at("size"), 123);
    EXPECT_EQ(j.at("zip").at("sha256").as_string(), std::string(64, 'a'));

    o.exit_code = 3;
    o.error = "authentication failed (401)";
    o.summary.zip.clear();
    j = json::parse(summary_json(o));
    EXPECT_EQ(j.at("status"), "failed");
    EXPECT_EQ(j.at("exit_code"), 3);
    EXPECT_EQ(j.at("error"), "authentication failed (401)");
    EXPECT_TRUE(j.at("zip").is_null());
    o.exit_code = 130;
    EXPECT_EQ(json::parse(summary_json(o)).at("status"), "interrupted");
}

}  // namespace
}  // namespace zdbackup
