#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "zdmock/api.hpp"
#include "zdmock/limits.hpp"
#include "zdmock/pagination.hpp"
#include "zdmock/service.hpp"

namespace {

using namespace std::chrono_literals;
using zdmock::Clock;

std::string basic_auth() {
    return "Basic " + zdmock::base64_encode("admin@example.com/token:zdmock-token");
}

std::string header(const zdmock::HttpResponse& r, std::string_view name) {
    for (const auto& [k, v] : r.headers)
        if (k == name) return v;
    return {};
}

TEST(RateLimiter, RefusesOverLimitUntilWindowEnds) {
    const auto t0 = Clock::time_point{} + 1000s;
    zdmock::RateLimiter limiter(3, 0, 60s, t0);
    for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.admit(false, t0 + 1s).allowed);
    const auto refused = limiter.admit(false, t0 + 10s);
    EXPECT_FALSE(refused.allowed);
    EXPECT_EQ(refused.retry_after_s, 50);
    EXPECT_EQ(refused.remaining, 0);
    EXPECT_TRUE(limiter.ignores_retry_after(false, t0 + 20s));
    EXPECT_FALSE(limiter.ignores_retry_after(false, t0 + 10s + 50ms));  // in flight: tolerated
    EXPECT_TRUE(limiter.admit(false, t0 + 61s).allowed);
    EXPECT_FALSE(limiter.ignores_retry_after(false, t0 + 61s));
}

TEST(RateLimiter, ExportBucketIsSeparate) {
    const auto t0 = Clock::time_point{};
    zdmock::RateLimiter limiter(0, 1, 60s, t0);
    EXPECT_TRUE(limiter.admit(true, t0).allowed);
    EXPECT_FALSE(limiter.admit(true, t0).allowed);
    EXPECT_TRUE(limiter.admit(false, t0).allowed);
    EXPECT_EQ(limiter.admit(false, t0).limit, 1000000);
}

TEST(FaultInjector, IsDeterministicAndRoughlyAtRate) {
    const std::vector kinds = {zdmock::FaultKind::http500, zdmock::FaultKind::reset};
    zdmock::FaultInjector a(0.05, kinds, 1), b(0.05, kinds, 1);
    int faults = 0;
    for (int i = 0; i < 10000; ++i) {
        const auto fa = a.roll();
        EXPECT_EQ(fa, b.roll());
        faults += fa.has_value();
    }
    EXPECT_GT(faults, 350);
    EXPECT_LT(faults, 650);
}

TEST(Route, ClassifiesPaths) {
    EXPECT_EQ(zdmock::route_for("/api/v2/incremental/tickets/cursor.json?x").endpoint,
              zdmock::Endpoint::tickets_cursor);
    EXPECT_EQ(zdmock::route_for("/api/v2/incremental/organizations").endpoint,
              zdmock::Endpoint::organizations_time);
    const auto comments = zdmock::route_for("/api/v2/tickets/42/comments.json");
    EXPECT_EQ(comments.endpoint, zdmock::Endpoint::ticket_comments);
    EXPECT_EQ(comments.ticket_id, 42);
    EXPECT_EQ(zdmock::route_for("/api/v2/tickets/x.json").endpoint, zdmock::Endpoint::unknown_api);
    EXPECT_EQ(zdmock::origin_form("https://127.0.0.1:9/api/v2/users/me.json?a=b"),
              "/api/v2/users/me.json?a=b");
}

class MockServiceTest : public ::testing::Test {
  protected:
    zdmock::Dataset dataset_{{300, 1}};
    zdmock::Options options_;
    zdmock::HttpResponse get(zdmock::MockService& service, std::string_view target,
                             std::string_view auth = {}) {
        const std::string a = auth.empty() ? basic_auth() : std::string(auth);
        return service.process({"GET", target, a}).response;
    }
};

TEST_F(MockServiceTest, RejectsBadCredentials) {
    zdmock::MockService service(dataset_, options_);
    const auto r = get(service, "/api/v2/users/me.json", "Basic Zm9vOmJhcg==");
    EXPECT_EQ(r.status, 401u);
    EXPECT_EQ(r.body, R"({"error":"Couldn't authenticate you"})");
    EXPECT_EQ(header(r, "WWW-Authenticate"), R"(Basic realm="Web Password")");
    EXPECT_EQ(get(service, "/api/v2/users/me.json", "Bearer nope").status, 401u);
    EXPECT_EQ(get(service, "/api/v2/users/me.json", "Bearer zdmock-oauth").status, 200u);
}

TEST_F(MockServiceTest, CursorExportWalksEverythingOnce) {
    zdmock::MockService service(dataset_, options_);
    service.set_base_url("https://127.0.0.1:1");
    std::string target = "/api/v2/incremental/tickets/cursor.json?start_time=0&per_page=7";
    std::size_t seen = 0;
    for (int guard = 0; guard < 1000; ++guard) {
        const auto r = get(service, target);
        ASSERT_EQ(r.status, 200u) << r.body;
        EXPECT_EQ(header(r, "x-zendesk-api-version"), "v2");
        const auto page = boost::json::parse(r.body).as_object();
        const std::size_t n = page.at("tickets").as_array().size();
        seen += n;
        target = std::string(page.at("after_url").as_string());
        if (page.at("end_of_stream").as_bool()) {
            EXPECT_EQ(n, 300u % 7);
            break;
        }
        EXPECT_EQ(n, 7u);
    }
    EXPECT_EQ(seen, 300u);
    const auto tail = boost::json::parse(get(service, target).body);
    EXPECT_TRUE(tail.at("tickets").as_array().empty());
    EXPECT_TRUE(tail.at("end_of_stream").as_bool());
}

TEST_F(MockServiceTest, CommentsCursorPagination) {
    zdmock::MockService service(dataset_, options_);
    service.set_base_url("https://127.0.0.1:1");
    const auto first =
        boost::json::parse(get(service, "/api/v2/tickets/101/comments.json?page%5Bsize%5D=100").body);
    EXPECT_EQ(first.at("comments").as_array().size(), 100u);
    EXPECT_TRUE(first.at("meta").at("has_more").as_bool());
    const auto second = boost::json::parse(get(service, first.at("links").at("next").as_string()).body);
    EXPECT_EQ(second.at("comments").as_array().size(), 1u);
    EXPECT_FALSE(second.at("meta").at("has_more").as_bool());
    EXPECT_TRUE(second.at("links").at("next").is_string());
    EXPECT_EQ(get(service, "/api/v2/tickets/101/comments.json?page%5Bsize%5D=101").status, 400u);
    EXPECT_EQ(get(service, "/api/v2/tickets/9999/comments.json").status, 404u);
}

TEST_F(MockServiceTest, RateLimitAnswers429WithRetryAfter) {
    options_.rate_limit = 2;
    zdmock::MockService service(dataset_, options_);
    EXPECT_EQ(get(service, "/api/v2/users/me.json").status, 200u);
    EXPECT_EQ(header(get(service, "/api/v2/users/me.json"), "X-Rate-Limit-Remaining"), "0");
    const auto r = get(service, "/api/v2/users/me.json");
    EXPECT_EQ(r.status, 429u);
    EXPECT_GE(std::stoi(header(r, "Retry-After")), 1);
    const auto stats = boost::json::parse(get(service, "/__mock/stats").body);
    EXPECT_EQ(stats.at("rate_limited").as_int64(), 1);
    EXPECT_EQ(stats.at("total_requests").as_int64(), 3);
}

}  // namespace
