// zdbench: measures a full zdbackup run against zdmock.
// Starts zdmock with the chosen size, latency and limits, runs zdbackup, and reports wall time,
// requests, records/s, CPU seconds per 1,000 tickets and peak RSS of the zdbackup process.
//
//   zdbench [--tickets N] [--latency-ms N] [--rate-limit RPM] [--export-rate-limit RPM]
//           [--concurrency N] [--runs N] [--bin-dir DIR]

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace fs = std::filesystem;

namespace {

struct Options {
    int tickets = 25000;
    int latency_ms = 0;
    int rate_limit = 0;
    int export_rate_limit = 0;
    int concurrency = 16;
    int runs = 3;
    fs::path bin_dir;
};

struct RunResult {
    double wall_s = 0, cpu_s = 0;
    long peak_rss_kb = 0;
    long requests = 0, records = 0;
    int exit_code = -1;
};

pid_t spawn(std::vector<std::string> argv, const fs::path& out) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, (out.string() + ".err").c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    pid_t pid = -1;
    if (posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ) != 0) {
        std::cerr << "zdbench: cannot start " << argv[0] << "\n";
        std::exit(1);
    }
    posix_spawn_file_actions_destroy(&actions);
    return pid;
}

std::string slurp(const fs::path& file) {
    std::ifstream in(file);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

long number_after(const std::string& text, const std::string& label) {
    std::smatch m;
    if (std::regex_search(text, m, std::regex(label + R"( ([0-9,]+))"))) {
        std::string digits = m[1];
        digits.erase(std::remove(digits.begin(), digits.end(), ','), digits.end());
        return std::stol(digits);
    }
    return 0;
}

RunResult run_once(const Options& o, const fs::path& work, int port) {
    fs::remove_all(work / "cache");
    std::vector<std::string> argv{(o.bin_dir / "zdbackup").string(),
                                  "backup",
                                  "--base-url",
                                  "https://127.0.0.1:" + std::to_string(port),
                                  "--ca-file",
                                  (work / "ca.pem").string(),
                                  "--email",
                                  "admin@example.com",
                                  "--api-token",
                                  "zdmock-token",
                                  "--cache-dir",
                                  (work / "cache").string(),
                                  "--concurrency",
                                  std::to_string(o.concurrency),
                                  "--export-rate-limit",
                                  std::to_string(o.export_rate_limit ? o.export_rate_limit : 10000),
                                  "--quiet"};
    if (o.rate_limit) argv.insert(argv.end(), {"--rate-limit", std::to_string(o.rate_limit)});
    const auto start = std::chrono::steady_clock::now();
    const pid_t pid = spawn(argv, work / "zdbackup.out");
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    RunResult r;
    r.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    r.cpu_s = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
              static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    r.peak_rss_kb = usage.ru_maxrss;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    const std::string out = slurp(work / "zdbackup.out");
    r.requests = number_after(out, "requests");
    std::smatch m;
    for (const char* kind : {"tickets", "users", "organizations"})
        if (std::regex_search(out, m, std::regex(std::string("\n") + kind + R"( +([0-9,]+))"))) {
            std::string digits = m[1];
            digits.erase(std::remove(digits.begin(), digits.end(), ','), digits.end());
            r.records += std::stol(digits);
        }
    return r;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    o.bin_dir = fs::canonical("/proc/self/exe").parent_path();
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i], value = argv[i + 1];
        if (flag == "--tickets")
            o.tickets = std::stoi(value);
        else if (flag == "--latency-ms")
            o.latency_ms = std::stoi(value);
        else if (flag == "--rate-limit")
            o.rate_limit = std::stoi(value);
        else if (flag == "--export-rate-limit")
            o.export_rate_limit = std::stoi(value);
        else if (flag == "--concurrency")
            o.concurrency = std::stoi(value);
        else if (flag == "--runs")
            o.runs = std::stoi(value);
        else if (flag == "--bin-dir")
            o.bin_dir = value;
        else {
            std::cerr << "zdbench: unknown option " << flag << "\n";
            return 2;
        }
    }
    const fs::path work = fs::temp_directory_path() / ("zdbench-" + std::to_string(getpid()));
    fs::create_directories(work);
    std::vector<std::string> mock{(o.bin_dir / "zdmock").string(),
                                  "--tickets",
                                  std::to_string(o.tickets),
                                  "--port",
                                  "0",
                                  "--port-file",
                                  (work / "port").string(),
                                  "--ca-out",
                                  (work / "ca.pem").string(),
                                  "--latency-ms",
                                  std::to_string(o.latency_ms),
                                  "--rate-limit",
                                  std::to_string(o.rate_limit),
                                  "--export-rate-limit",
                                  std::to_string(o.export_rate_limit)};
    const pid_t mock_pid = spawn(mock, work / "zdmock.out");
    for (int i = 0; i < 600 && slurp(work / "port").empty(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const int port = std::stoi(slurp(work / "port"));

    std::vector<double> walls, cpus, rss, rates;
    RunResult last;
    for (int run = 0; run < o.runs; ++run) {
        last = run_once(o, work, port);
        if (last.exit_code != 0) {
            std::cerr << "zdbench: zdbackup failed: " << slurp(work / "zdbackup.out.err");
            kill(mock_pid, SIGTERM);
            return 1;
        }
        walls.push_back(last.wall_s);
        cpus.push_back(last.cpu_s);
        rss.push_back(static_cast<double>(last.peak_rss_kb) / 1024.0);
        rates.push_back(static_cast<double>(last.requests) / last.wall_s);
        std::printf("run %d: wall %.2f s, cpu %.2f s, peak RSS %.0f MB, %ld requests, %ld records\n", run + 1,
                    last.wall_s, last.cpu_s, rss.back(), last.requests, last.records);
    }
    kill(mock_pid, SIGTERM);
    waitpid(mock_pid, nullptr, 0);
    std::printf("\nmedian of %d runs: tickets=%d latency=%dms concurrency=%d\n", o.runs, o.tickets,
                o.latency_ms, o.concurrency);
    std::printf(
        "  wall %.2f s | %.0f requests/s | %.0f records/s | CPU %.3f s per 1,000 tickets | peak RSS %.0f "
        "MB\n",
        median(walls), median(rates), static_cast<double>(last.records) / median(walls),
        median(cpus) * 1000.0 / o.tickets, median(rss));
    fs::remove_all(work);
    return 0;
}
