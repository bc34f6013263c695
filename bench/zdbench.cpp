// zdbench: measures zdbackup against zdmock, in three scenarios (README "Benchmarks"):
//   throttled    a plan's limits and a real network's latency, scaled up in time to keep the bench short:
//                full backups, wall time against the floor the limits set;
//   incremental  the same limits: after a full backup, 1% of the tickets change; the next run is measured;
//   loopback     no limits, no latency: zdbackup's request rate against a bare load generator's (h2load)
//                on the same mock, the same comment URLs and the same number of connections.
//
//   zdbench [--scenario throttled|incremental|loopback|all] [--tickets N] [--runs N] [--latency-ms N]
//           [--plan-rpm N] [--export-rpm N] [--scale N] [--concurrency N] [--bin-dir DIR]

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json/parse.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "buckets.hpp"
#include "h2load.hpp"
#include "process.hpp"
#include "run_summary.hpp"
#include "zdmock/admin_client.hpp"
#include "zdmock/pagination.hpp"

namespace fs = std::filesystem;
using namespace zdbench;

namespace {

struct Options {
    std::string scenario = "all";
    int tickets = 2000;
    int runs = 3;
    int latency_ms = 150;
    int plan_rpm = 700;  ///< Enterprise
    int export_rpm = 10;
    int scale = 5;  ///< limits × scale, window ÷ scale: the same ratios in a fifth of the time
    int concurrency = 16;
    fs::path bin_dir;
};

/// One zdmock for a scenario, stopped on destruction.
class Mock {
  public:
    Mock(const Options& o, const fs::path& work, std::vector<std::string> extra) : work_(work) {
        std::vector<std::string> argv{(o.bin_dir / "zdmock").string(),
                                      "--tickets",
                                      std::to_string(o.tickets),
                                      "--port",
                                      "0",
                                      "--port-file",
                                      (work / "port").string(),
                                      "--ca-out",
                                      (work / "ca.pem").string()};
        argv.insert(argv.end(), extra.begin(), extra.end());
        fs::remove(work / "port");
        pid_ = spawn(argv, work / "zdmock.out");
        for (int i = 0; i < 1200 && slurp(work / "port").empty(); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        port_ = static_cast<std::uint16_t>(std::stoi(slurp(work / "port")));
    }
    ~Mock() {
        kill(pid_, SIGTERM);
        waitpid(pid_, nullptr, 0);
    }
    std::uint16_t port() const { return port_; }
    fs::path ca() const { return work_ / "ca.pem"; }
    std::string url() const { return "https://127.0.0.1:" + std::to_string(port_); }
    boost::json::value get(const std::string& target) const {
        return boost::json::parse(zdmock::admin_request(port_, ca(), false, target));
    }
    void post(const std::string& target) const { zdmock::admin_request(port_, ca(), true, target); }

  private:
    fs::path work_;
    pid_t pid_ = -1;
    std::uint16_t port_ = 0;
};

struct Measured {
    Usage usage;
    SummaryFigures summary;
    BucketCounts buckets;
    std::int64_t requests = 0, ignored_retry_after = 0, rate_limited = 0;
    double fetch_s = 0;  ///< the mock's first request to its last answer: the fetch phase
    std::int64_t handshakes = 0, resumed = 0;  ///< TLS handshakes the mock completed (stats request excluded)
};

/// The mock's view of what a client just did: the span of its requests and the connections it opened.
/// The stats request opens a connection of its own, which is not the client's.
void read_mock_window(const boost::json::value& stats, Measured& m) {
    m.fetch_s = stats.at("first_to_last_s").to_number<double>();
    m.handshakes = stats.at("tls_handshakes").to_number<std::int64_t>() - 1;
    m.resumed = stats.at("tls_resumed").to_number<std::int64_t>();
}

/// One zdbackup run against `mock` (stats reset first), measured.
Measured run_backup(const Options& o, const Mock& mock, const fs::path& cache, const fs::path& work,
                    std::vector<std::string> extra) {
    mock.post("/__mock/reset-stats");
    std::vector<std::string> argv{(o.bin_dir / "zdbackup").string(),
                                  "backup",
                                  "--base-url",
                                  mock.url(),
                                  "--ca-file",
                                  mock.ca().string(),
                                  "--email",
                                  "admin@example.com",
                                  "--api-token",
                                  "zdmock-token",
                                  "--cache-dir",
                                  cache.string(),
                                  "--concurrency",
                                  std::to_string(o.concurrency),
                                  "--quiet"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    Measured m;
    m.usage = run_measured(argv, work / "zdbackup.out");
    if (m.usage.exit_code != 0) {
        std::cerr << "zdbench: zdbackup failed (exit " << m.usage.exit_code
                  << "): " << slurp(work / "zdbackup.out.err");
        std::exit(1);
    }
    m.summary = read_summary(slurp(work / "zdbackup.out"));
    const auto stats = mock.get("/__mock/stats");
    m.buckets = count_buckets(stats.at("by_endpoint").as_object());
    m.requests = stats.at("total_requests").to_number<std::int64_t>();
    m.ignored_retry_after = stats.at("ignored_retry_after").to_number<std::int64_t>();
    m.rate_limited = stats.at("rate_limited").to_number<std::int64_t>();
    read_mock_window(stats, m);
    return m;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

/// The median run of `runs` (by wall time): its figures are printed as a whole, never mixed.
const Measured& median_run(std::vector<Measured>& runs) {
    std::sort(runs.begin(), runs.end(),
              [](const Measured& a, const Measured& b) { return a.usage.wall_s < b.usage.wall_s; });
    return runs[runs.size() / 2];
}

void print_run(const char* label, int i, const Measured& m, const Floor* floor) {
    std::printf("  %s run %d: wall %.2f s | %lld requests", label, i, m.usage.wall_s,
                static_cast<long long>(m.requests));
    if (floor)
        std::printf(" | floor %.2f s (%s) | wall/floor %.3f", floor->seconds, floor->binding.c_str(),
                    m.usage.wall_s / floor->seconds);
    std::printf(" | 429 %lld, ignored Retry-After %lld\n", static_cast<long long>(m.rate_limited),
                static_cast<long long>(m.ignored_retry_after));
}

void print_figures(const Options& o, const Measured& m, const Floor* floor) {
    const BucketCounts& b = m.buckets;
    std::printf("    requests by bucket: account %lld (exports %lld) | help_center %lld | storage %lld\n",
                static_cast<long long>(b.account), static_cast<long long>(b.exports),
                static_cast<long long>(b.help_center), static_cast<long long>(b.storage));
    const std::int64_t api = b.account + b.help_center - b.files;
    std::printf(
        "    API requests without the file downloads: %lld = %.3f per ticket (files: %lld + %lld storage)\n",
        static_cast<long long>(api), static_cast<double>(api) / o.tickets, static_cast<long long>(b.files),
        static_cast<long long>(b.storage));
    if (floor)
        std::printf("    floor %.2f s, bound by %s; wall/floor %.3f\n", floor->seconds,
                    floor->binding.c_str(), m.usage.wall_s / floor->seconds);
    std::printf(
        "    wall %.2f s | %.0f requests/s | %.0f records/s | %.1f MB/s | CPU %.3f s per 1,000 tickets | "
        "peak RSS %.0f MB | 429s %lld, ignored Retry-After %lld\n",
        m.usage.wall_s, static_cast<double>(m.requests) / m.usage.wall_s,
        static_cast<double>(m.summary.records) / m.usage.wall_s, m.summary.downloaded_mb / m.usage.wall_s,
        m.usage.cpu_s * 1000.0 / o.tickets, static_cast<double>(m.usage.peak_rss_kb) / 1024.0,
        static_cast<long long>(m.rate_limited), static_cast<long long>(m.ignored_retry_after));
}

Rates plan_rates(const Options& o) {
    return {static_cast<double>(o.plan_rpm) * o.scale, static_cast<double>(o.export_rpm) * o.scale,
            static_cast<double>(o.plan_rpm) * o.scale};
}

/// zdmock flags for the plan scaled in time: the same per-window limits in a window `scale` times shorter.
std::vector<std::string> throttled_mock(const Options& o) {
    return {
        "--latency-ms", std::to_string(o.latency_ms), "--rate-window",       std::to_string(60 / o.scale),
        "--rate-limit", std::to_string(o.plan_rpm),   "--export-rate-limit", std::to_string(o.export_rpm)};
}

std::vector<std::string> throttled_client(const Options& o) {
    return {"--export-rate-limit", std::to_string(o.export_rpm * o.scale)};
}

void throttled(const Options& o, const fs::path& work) {
    std::printf(
        "\n## throttled: %d tickets, %d ms latency, plan %d/min account + %d/min exports, x%d in time\n",
        o.tickets, o.latency_ms, o.plan_rpm, o.export_rpm, o.scale);
    Mock mock(o, work, throttled_mock(o));
    std::vector<Measured> runs;
    for (int i = 1; i <= o.runs; ++i) {
        fs::remove_all(work / "cache");
        runs.push_back(run_backup(o, mock, work / "cache", work, throttled_client(o)));
        const Floor f = floor_of(runs.back().buckets, plan_rates(o));
        print_run("full", i, runs.back(), &f);
    }
    const Measured& m = median_run(runs);
    const Floor f = floor_of(m.buckets, plan_rates(o));
    std::printf("  median of %d:\n", o.runs);
    print_figures(o, m, &f);
}

void incremental(const Options& o, const fs::path& work) {
    const int changed = std::max(1, o.tickets / 100);
    std::printf(
        "\n## incremental: %d tickets, %d changed between runs, same limits and latency as throttled\n",
        o.tickets, changed);
    Mock mock(o, work, throttled_mock(o));
    fs::remove_all(work / "cache");
    run_backup(o, mock, work / "cache", work, throttled_client(o));  // the full run it follows
    std::vector<Measured> runs;
    for (int i = 1; i <= o.runs; ++i) {
        mock.post("/__mock/mutate?update_tickets=" + std::to_string(changed));
        runs.push_back(run_backup(o, mock, work / "cache", work, throttled_client(o)));
        const Floor f = floor_of(runs.back().buckets, plan_rates(o));
        print_run("incremental", i, runs.back(), &f);
    }
    const Measured& m = median_run(runs);
    const Floor f = floor_of(m.buckets, plan_rates(o));
    std::printf("  median of %d:\n", o.runs);
    print_figures(o, m, &f);
}

/// The comment pages of every ticket, as zdbackup asks for them.
long write_comment_urls(const Mock& mock, int tickets, const fs::path& file) {
    std::ofstream out(file);
    for (int id = 1; id <= tickets; ++id)
        out << mock.url() << "/api/v2/tickets/" << id
            << "/comments.json?page%5Bsize%5D=100&include_inline_images=true\n";
    return tickets;
}

/// h2load over `urls` with the mock's statistics reset first, so its window is measured like ours.
std::optional<std::pair<LoadResult, Measured>> load_generator(const Options& o, const Mock& mock,
                                                              const fs::path& work, long urls) {
    mock.post("/__mock/reset-stats");
    const std::string auth = "Basic " + zdmock::base64_encode("admin@example.com/token:zdmock-token");
    auto load = run_h2load(work / "urls.txt", urls, o.concurrency, auth, work);
    if (!load) return std::nullopt;
    Measured window;
    const auto stats = mock.get("/__mock/stats");
    window.requests = stats.at("total_requests").to_number<std::int64_t>();
    read_mock_window(stats, window);
    return std::make_pair(*load, window);
}

/// The two load tools must be compared like for like: HTTP/1.1 over TLS, as many connections.
void check_same_footing(const Options& o, const LoadResult& load, const Measured& ours,
                        const Measured& theirs) {
    if (load.application != "http/1.1" || load.tls_protocol.empty() || load.clients != o.concurrency)
        std::printf("  WARNING: h2load ran %ld clients, TLS \"%s\", protocol \"%s\" (wanted %d, http/1.1)\n",
                    load.clients, load.tls_protocol.c_str(), load.application.c_str(), o.concurrency);
    if (ours.handshakes != o.concurrency || theirs.handshakes != o.concurrency)
        std::printf(
            "  WARNING: TLS handshakes seen by the mock: zdbackup %lld, h2load %lld (wanted %d each)\n",
            static_cast<long long>(ours.handshakes), static_cast<long long>(theirs.handshakes),
            o.concurrency);
}

double per_s(std::int64_t requests, double seconds) {
    return seconds > 0 ? static_cast<double>(requests) / seconds : 0;
}

// The headline compares request rates while requests flow: zdbackup's fetch phase (the mock's first
// request to its last answer) against h2load's own figure. The whole-run rate (process start to exit:
// start-up, credential check, last commits, the zip) is printed beside it, never instead of it.
void loopback(const Options& o, const fs::path& work) {
    std::printf(
        "\n## loopback: %d tickets, no limits, no latency, %d connections; tickets and comments only\n",
        o.tickets, o.concurrency);
    Mock mock(o, work, {});
    const long urls = write_comment_urls(mock, o.tickets, work / "urls.txt");
    std::vector<double> fetch, whole, theirs;
    for (int i = 1; i <= o.runs; ++i) {
        fs::remove_all(work / "cache");
        const Measured m =
            run_backup(o, mock, work / "cache", work, {"--only", "tickets", "--export-rate-limit", "10000"});
        const auto load = load_generator(o, mock, work, urls);
        if (!load) {
            std::fprintf(stderr,
                         "zdbench: h2load failed or is missing (apt-get install nghttp2-client): %s\n",
                         slurp(work / "h2load.out.err").c_str());
            std::exit(1);
        }
        const auto& [h2, h2_window] = *load;
        check_same_footing(o, h2, m, h2_window);
        fetch.push_back(per_s(m.requests, m.fetch_s));
        whole.push_back(per_s(m.requests, m.usage.wall_s));
        theirs.push_back(h2.requests_per_s);
        std::printf(
            "  run %d: zdbackup %lld requests, fetch phase %.2f s = %.0f req/s, whole run %.2f s = %.0f "
            "req/s "
            "(CPU %.2f s, RSS %.0f MB, %lld TLS handshakes, %lld resumed) | h2load %ld ok %ld failed, %.0f "
            "req/s (mock's window %.2f s = %.0f req/s, %ld clients, %s, %s) | ratio fetch phase %.3f, whole "
            "run %.3f\n",
            i, static_cast<long long>(m.requests), m.fetch_s, fetch.back(), m.usage.wall_s, whole.back(),
            m.usage.cpu_s, static_cast<double>(m.usage.peak_rss_kb) / 1024.0,
            static_cast<long long>(m.handshakes), static_cast<long long>(m.resumed), h2.succeeded, h2.failed,
            h2.requests_per_s, h2_window.fetch_s, per_s(h2_window.requests, h2_window.fetch_s), h2.clients,
            h2.tls_protocol.c_str(), h2.application.c_str(), fetch.back() / theirs.back(),
            whole.back() / theirs.back());
    }
    std::printf(
        "  median of %d: zdbackup fetch phase %.0f req/s, whole run %.0f req/s | h2load %.0f req/s | ratio "
        "fetch phase %.3f, whole run %.3f\n",
        o.runs, median(fetch), median(whole), median(theirs), median(fetch) / median(theirs),
        median(whole) / median(theirs));
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    o.bin_dir = fs::canonical("/proc/self/exe").parent_path();
    const std::vector<std::pair<const char*, int*>> numbers{
        {"--tickets", &o.tickets},        {"--runs", &o.runs},
        {"--latency-ms", &o.latency_ms},  {"--plan-rpm", &o.plan_rpm},
        {"--export-rpm", &o.export_rpm},  {"--scale", &o.scale},
        {"--concurrency", &o.concurrency}};
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i], value = argv[i + 1];
        const auto number =
            std::find_if(numbers.begin(), numbers.end(), [&](auto& n) { return flag == n.first; });
        if (number != numbers.end())
            *number->second = std::stoi(value);
        else if (flag == "--scenario")
            o.scenario = value;
        else if (flag == "--bin-dir")
            o.bin_dir = value;
        else {
            std::cerr << "zdbench: unknown option " << flag << "\n";
            return 2;
        }
    }
    if (o.scale < 1 || 60 % o.scale != 0 || o.runs < 1 || o.tickets < 1) {
        std::cerr << "zdbench: --scale must divide 60; --runs and --tickets must be positive\n";
        return 2;
    }
    const fs::path work = fs::temp_directory_path() / ("zdbench-" + std::to_string(getpid()));
    fs::create_directories(work);
    const std::vector<std::pair<std::string, std::function<void(const Options&, const fs::path&)>>> scenarios{
        {"throttled", throttled}, {"incremental", incremental}, {"loopback", loopback}};
    bool ran = false;
    for (const auto& [name, run] : scenarios)
        if (o.scenario == "all" || o.scenario == name) run(o, work), ran = true;
    fs::remove_all(work);
    if (!ran) {
        std::cerr << "zdbench: unknown scenario " << o.scenario << "\n";
        return 2;
    }
    return 0;
}
