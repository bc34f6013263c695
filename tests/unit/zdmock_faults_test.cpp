// zdmock's fault kinds, Retry-After spellings and broken setups, checked without sockets.
#include <gtest/gtest.h>

#include <zdbackup/core/retry_after.hpp>

#include <boost/json/parse.hpp>

#include <thread>

#include "zdmock/api.hpp"
#include "zdmock/limits.hpp"
#include "zdmock/pagination.hpp"
#include "zdmock/retry_after_header.hpp"
#include "zdmock/service.hpp"

namespace {

using namespace std::chrono_literals;
using zdmock::Action;
using zdmock::FaultKind;
using zdmock::RetryAfterStyle;

std::string basic_auth() {
    return "Basic " + zdmock::base64_encode("admin@example.com/token:zdmock-token");
}

std::vector<std::string> values_of(const zdmock::HttpResponse& r, std::string_view name) {
    std::vector<std::string> out;
    for (const auto& [k, v] : r.headers)
        if (k == name) out.push_back(v);
    return out;
}

/// How a client reads the header: several lines are one comma-folded list (RFC 9110 §5.3).
std::string folded(const zdmock::RetryAfterHeader& h) {
    std::string out;
    for (const auto& [name, value] : h.lines) out += (out.empty() ? "" : ", ") + value;
    return out;
}

TEST(RetryAfterHeader, EverySpellingAsksForWhatZdbackupReads) {
    const auto now = std::chrono::sys_seconds{std::chrono::seconds{1'700'000'000}} + 300ms;
    for (const auto style : {RetryAfterStyle::integer, RetryAfterStyle::decimal, RetryAfterStyle::folded,
                             RetryAfterStyle::repeated, RetryAfterStyle::http_date}) {
        const auto h = zdmock::retry_after_header(style, 2, now);
        const auto parsed = zdbackup::parse_retry_after(folded(h), now);
        ASSERT_TRUE(parsed) << folded(h);
        EXPECT_EQ(*parsed, h.pause) << zdmock::retry_after_style_name(style) << ": " << folded(h);
        EXPECT_GE(h.pause, 2s);
    }
}

TEST(RetryAfterHeader, SpellingsAreTheDocumentedOnes) {
    const auto now = std::chrono::sys_seconds{std::chrono::seconds{1'700'000'000}} + 300ms;
    EXPECT_EQ(folded(zdmock::retry_after_header(RetryAfterStyle::integer, 3, now)), "3");
    EXPECT_EQ(folded(zdmock::retry_after_header(RetryAfterStyle::decimal, 3, now)), "3.25");
    EXPECT_EQ(folded(zdmock::retry_after_header(RetryAfterStyle::folded, 3, now)), "0, 3");
    const auto repeated = zdmock::retry_after_header(RetryAfterStyle::repeated, 3, now);
    ASSERT_EQ(repeated.lines.size(), 2u);
    EXPECT_EQ(repeated.lines[1].second, "3");
    // 1,700,000,000 s is Tue, 14 Nov 2023 22:13:20 UTC; 300 ms later, rounded up, plus 3 s.
    const auto date = zdmock::retry_after_header(RetryAfterStyle::http_date, 3, now);
    EXPECT_EQ(folded(date), "Tue, 14 Nov 2023 22:13:24 GMT");
    EXPECT_EQ(date.pause, 3700ms);
}

class MockFaults : public ::testing::Test {
  protected:
    zdmock::Outcome get(zdmock::MockService& service, std::string_view target) {
        return service.process({"GET", target, auth_});
    }
    /// A service where every /api/ request gets `kind`.
    zdmock::MockService faulty(FaultKind kind) {
        options_.fault_rate = 1.0;
        options_.faults = {kind};
        return zdmock::MockService(dataset_, options_);
    }
    zdmock::Dataset dataset_{{50, 1}};
    zdmock::Options options_;
    std::string auth_ = basic_auth();
    static constexpr std::string_view kPage = "/api/v2/incremental/tickets/cursor.json?start_time=0";
};

TEST_F(MockFaults, A429HasAPlainTextBodyAndARetryAfter) {
    options_.retry_after_style = RetryAfterStyle::folded;
    auto service = faulty(FaultKind::http429);
    const auto out = get(service, kPage);
    EXPECT_EQ(out.response.status, 429u);
    EXPECT_EQ(out.response.content_type, "text/plain");
    EXPECT_EQ(values_of(out.response, "Retry-After"), std::vector<std::string>{"0, 1"});
}

TEST_F(MockFaults, HalfThe503sCarryARetryAfter) {
    options_.retry_after_style = RetryAfterStyle::repeated;
    auto service = faulty(FaultKind::http503);
    int with = 0;
    for (int i = 0; i < 10; ++i) {
        const auto out = get(service, kPage);
        EXPECT_EQ(out.response.status, 503u);
        const auto lines = values_of(out.response, "Retry-After");
        if (!lines.empty()) {
            EXPECT_EQ(lines, (std::vector<std::string>{"0", "1"}));
        }
        with += !lines.empty();
    }
    EXPECT_EQ(with, 5);
}

TEST_F(MockFaults, AClientThatIgnoresAnInjectedRetryAfterIsCounted) {
    auto service = faulty(FaultKind::http429);
    get(service, kPage);
    // Past the 100 ms the mock allows for requests already in flight, well inside the second asked for.
    std::this_thread::sleep_for(200ms);
    get(service, kPage);
    const auto stats = boost::json::parse(service.process({"GET", "/__mock/stats", ""}).response.body);
    EXPECT_EQ(stats.at("ignored_retry_after").as_int64(), 1);
}

TEST_F(MockFaults, TheRetryAfterOfAStorageAnswerIsNotTheAccounts) {
    options_.fault_rate = 1.0;
    options_.faults = {FaultKind::http429};
    zdmock::MockService service(dataset_, options_);
    service.set_base_url("https://127.0.0.1:1");
    // The fault comes before the token is looked at: any token will do.
    EXPECT_EQ(service.process({"GET", "/storage/some-token/file.txt", ""}).response.status, 429u);
    std::this_thread::sleep_for(200ms);
    get(service, kPage);
    const auto stats = boost::json::parse(service.process({"GET", "/__mock/stats", ""}).response.body);
    EXPECT_EQ(stats.at("ignored_retry_after").as_int64(), 0);
}

TEST_F(MockFaults, OkStatusesWithBodiesNoClientCanUse) {
    auto html = faulty(FaultKind::html);
    const auto page = get(html, kPage).response;
    EXPECT_EQ(page.status, 200u);
    EXPECT_TRUE(page.content_type.starts_with("text/html"));

    auto empty = faulty(FaultKind::empty);
    EXPECT_EQ(get(empty, kPage).response.body, "");

    auto garbage = faulty(FaultKind::garbage);
    const auto cut = get(garbage, kPage).response;
    EXPECT_EQ(cut.status, 200u);
    EXPECT_FALSE(cut.body.empty());
    boost::system::error_code ec;
    boost::json::parse(cut.body, ec);
    EXPECT_TRUE(ec) << "the body must not parse";
}

TEST_F(MockFaults, TransportFaultsAreActionsForTheServer) {
    auto stall = faulty(FaultKind::stall);
    EXPECT_EQ(get(stall, kPage).action, Action::stall);
    auto stall_body = faulty(FaultKind::stall_body);
    const auto half = get(stall_body, kPage);
    EXPECT_EQ(half.action, Action::stall_body);
    EXPECT_FALSE(half.response.body.empty()) << "a real page, of which half is sent";
    auto alert = faulty(FaultKind::tls_alert);
    EXPECT_EQ(get(alert, kPage).action, Action::tls_close_notify);
    EXPECT_EQ(get(alert, kPage).action, Action::tls_fatal_alert);
    for (const auto a :
         {Action::truncate, Action::stall_body, Action::tls_close_notify, Action::tls_fatal_alert})
        EXPECT_TRUE(zdmock::cuts_body(a));
    EXPECT_FALSE(zdmock::cuts_body(Action::stall));
}

TEST_F(MockFaults, ACaptivePortalAnswersEverythingWithALoginPage) {
    options_.captive_portal = true;
    zdmock::MockService service(dataset_, options_);
    for (std::string_view target : {"/api/v2/users/me.json", "/api/v2/incremental/organizations.json"}) {
        const auto r = get(service, target).response;
        EXPECT_EQ(r.status, 200u);
        EXPECT_TRUE(r.content_type.starts_with("text/html")) << target;
    }
}

TEST_F(MockFaults, AStuckTimeExportAnswersItsOwnStartTime) {
    options_.stuck_export = "time";
    zdmock::MockService service(dataset_, options_);
    service.set_base_url("https://127.0.0.1:1");
    const auto page = boost::json::parse(
        get(service, "/api/v2/incremental/organizations.json?start_time=100&per_page=5").response.body);
    EXPECT_EQ(page.at("end_time").as_int64(), 100);
    EXPECT_FALSE(page.at("end_of_stream").as_bool());
}

TEST_F(MockFaults, AStuckCursorExportAnswersTheCursorItWasGiven) {
    options_.stuck_export = "cursor";
    zdmock::MockService service(dataset_, options_);
    service.set_base_url("https://127.0.0.1:1");
    const auto first = boost::json::parse(get(service, kPage).response.body);
    const std::string cursor(first.at("after_cursor").as_string());
    const auto second =
        boost::json::parse(get(service, std::string(first.at("after_url").as_string())).response.body);
    EXPECT_EQ(second.at("after_cursor").as_string(), cursor);
    EXPECT_FALSE(second.at("end_of_stream").as_bool());
}

}  // namespace
