// End-to-end: Ctrl-C or SIGTERM while requests are in flight ends the run within a couple of seconds,
// not when the slowest request would have answered, and leaves a state the next run can use.

#include "test_support.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

#include <signal.h>

#include <chrono>
#include <fstream>
#include <thread>

namespace zdtest {
namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

// Every API request takes this long to answer: an implementation that waited for its in-flight
// requests would need about this long to stop.
constexpr int kLatencyMs = 8000;
// What "a couple of seconds" allows: the run stops, saves its state and exits.
constexpr auto kStopDeadline = std::chrono::seconds(3);

std::string file_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void stop_with(int sig) {
    MockServer mock({"--tickets", "40", "--latency-ms", std::to_string(kLatencyMs)});
    TempDir dir;
    const fs::path cache = dir.path() / "cache";
    BackgroundProcess run(backup_command(mock, cache, dir.path() / "backup", {"--quiet"}));
    // Past the credential check, the ticket export is in flight and will not answer for seconds.
    const auto give_up = Clock::now() + std::chrono::seconds(60);
    while (mock.count("incremental/tickets/cursor") < 1) {
        ASSERT_TRUE(run.running()) << run.err();
        ASSERT_LT(Clock::now(), give_up) << "the export request never came";
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));

    const auto signalled = Clock::now();
    run.signal(sig);
    const int code = run.wait();
    const auto took = Clock::now() - signalled;

    EXPECT_EQ(code, 130) << run.err();
    EXPECT_LT(took, kStopDeadline) << "stopping waited for the requests in flight";
    EXPECT_NE(run.err().find("interrupted"), std::string::npos) << run.err();
    EXPECT_EQ(run.err().find('\n'), run.err().size() - 1) << "exactly one line: " << run.err();
    // The state was flushed: it parses and names the interruption, so the next run resumes.
    const json::value state = json::parse(file_text(cache / "backup_state.json"));
    EXPECT_NE(json::serialize(state).find("interrupted"), std::string::npos) << state;
    EXPECT_TRUE(zips_in(dir.path() / "backup").empty());
}

TEST(GracefulStop, CtrlCWithRequestsInFlightStopsWithinSeconds) {
    stop_with(SIGINT);
}

TEST(GracefulStop, SigtermWithRequestsInFlightStopsWithinSeconds) {
    stop_with(SIGTERM);
}

}  // namespace
}  // namespace zdtest
