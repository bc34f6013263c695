#include "test_support.hpp"

#include <zdbackup/platform/utf8_locale.hpp>

#include <archive.h>
#include <archive_entry.h>

#include <boost/json/parse.hpp>

#include "zdmock/admin_client.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace zdtest {

TempDir::TempDir() {
    std::random_device random;
    path_ = fs::temp_directory_path() / ("zdtest-" + std::to_string(random()) + std::to_string(::getpid()));
    fs::create_directories(path_);
}

TempDir::~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
}

namespace {

std::string slurp(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<std::string> environment_with(const std::vector<std::pair<std::string, std::string>>& extra) {
    std::vector<std::string> env;
    for (char** e = environ; *e; ++e) {
        std::string entry(*e);
        // Tests control the Zendesk settings entirely; nothing leaks in from the developer's shell.
        if (entry.starts_with("ZENDESK_") || entry.starts_with("LOCAL_CACHE_PATH=") ||
            entry.starts_with("BACKUP_PATH="))
            continue;
        env.push_back(entry);
    }
    for (const auto& [key, value] : extra) env.push_back(key + "=" + value);
    return env;
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
    std::vector<char*> out;
    for (auto& s : strings) out.push_back(s.data());
    out.push_back(nullptr);
    return out;
}

int spawn(std::vector<std::string> argv, const std::vector<std::pair<std::string, std::string>>& env,
          const fs::path& out, const fs::path& err) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    auto environment = environment_with(env);
    auto c_argv = c_strings(argv);
    auto c_env = c_strings(environment);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, c_argv[0], &actions, nullptr, c_argv.data(), c_env.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("cannot start " + argv[0]);
    return pid;
}

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv,
                          const std::vector<std::pair<std::string, std::string>>& env) {
    TempDir dir;
    const int pid = spawn(argv, env, dir.path() / "out", dir.path() / "err");
    int status = 0;
    ::waitpid(pid, &status, 0);
    ProcessResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    result.out = slurp(dir.path() / "out");
    result.err = slurp(dir.path() / "err");
    return result;
}

BackgroundProcess::BackgroundProcess(const std::vector<std::string>& argv,
                                     const std::vector<std::pair<std::string, std::string>>& env)
    : pid_(spawn(argv, env, dir_.path() / "out", dir_.path() / "err")) {}

BackgroundProcess::~BackgroundProcess() {
    if (!running()) return;
    signal(SIGKILL);
    wait();
}

bool BackgroundProcess::running() {
    if (exit_code_ >= 0) return false;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) != pid_) return true;
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return false;
}

void BackgroundProcess::signal(int sig) {
    if (exit_code_ < 0) ::kill(pid_, sig);
}

int BackgroundProcess::wait() {
    if (exit_code_ >= 0) return exit_code_;
    int status = 0;
    ::waitpid(pid_, &status, 0);
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return exit_code_;
}

std::string BackgroundProcess::err() const {
    return slurp(dir_.path() / "err");
}

MockServer::MockServer(std::vector<std::string> extra_args) {
    ca_file_ = dir_.path() / "ca.pem";
    const fs::path port_file = dir_.path() / "port";
    std::vector<std::string> argv{ZDMOCK_BINARY, "--port",         "0", "--port-file", port_file.string(),
                                  "--ca-out",    ca_file_.string()};
    argv.insert(argv.end(), extra_args.begin(), extra_args.end());
    pid_ = spawn(argv, {}, dir_.path() / "mock.out", dir_.path() / "mock.err");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
        if (fs::exists(port_file) && fs::exists(ca_file_)) {
            const std::string text = slurp(port_file);
            if (!text.empty()) {
                port_ = std::stoi(text);
                return;
            }
        }
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            throw std::runtime_error("zdmock exited early: " + slurp(dir_.path() / "mock.err"));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    throw std::runtime_error("zdmock did not start within 60 s");
}

MockServer::~MockServer() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
}

boost::json::value MockServer::stats() const {
    return request(false, "/__mock/stats");
}

boost::json::value MockServer::post(const std::string& target) const {
    return request(true, target);
}

std::int64_t MockServer::count(const std::string& name) const {
    const boost::json::value all = stats();
    if (const auto* top = all.as_object().if_contains(name)) return top->to_number<std::int64_t>();
    const auto* by_endpoint = all.at("by_endpoint").as_object().if_contains(name);
    return by_endpoint ? by_endpoint->to_number<std::int64_t>() : 0;
}

boost::json::value MockServer::request(bool post, const std::string& target) const {
    return boost::json::parse(
        zdmock::admin_request(static_cast<std::uint16_t>(port_), ca_file_, post, target));
}

std::string read_file(const fs::path& file) {
    return slurp(file);
}

std::vector<std::string> backup_command(const MockServer& mock, const fs::path& cache, const fs::path& backup,
                                        const std::vector<std::string>& extra) {
    std::vector<std::string> args{ZDB_BINARY,
                                  "backup",
                                  "--base-url",
                                  mock.base_url(),
                                  "--ca-file",
                                  mock.ca_file().string(),
                                  "--email",
                                  kEmail,
                                  "--api-token",
                                  kToken,
                                  "--cache-dir",
                                  cache.string(),
                                  "--backup-dir",
                                  backup.string(),
                                  "--export-rate-limit",
                                  "600"};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
}

std::map<std::string, std::string> read_zip(const fs::path& zip) {
    const zdbackup::platform::ScopedUtf8Locale utf8;  // else libarchive returns UTF-8 names empty
    std::map<std::string, std::string> entries;
    archive* reader = archive_read_new();
    // Through the central directory: a streaming read cannot find the end of stored entries
    // written with data descriptors.
    archive_read_support_format_zip_seekable(reader);
    if (archive_read_open_filename(reader, zip.c_str(), 1 << 16) != ARCHIVE_OK)
        throw std::runtime_error("cannot open " + zip.string());
    archive_entry* entry = nullptr;
    for (;;) {
        const int status = archive_read_next_header(reader, &entry);
        if (status == ARCHIVE_EOF) break;
        if (status != ARCHIVE_OK)
            throw std::runtime_error("cannot read " + zip.string() + ": " + archive_error_string(reader));
        std::string data;
        char buffer[1 << 16];
        la_ssize_t n = 0;
        while ((n = archive_read_data(reader, buffer, sizeof buffer)) > 0)
            data.append(buffer, static_cast<std::size_t>(n));
        if (n < 0) throw std::runtime_error("damaged entry in " + zip.string());
        const char* name = archive_entry_pathname_utf8(entry);
        entries.emplace(name ? name : archive_entry_pathname(entry), std::move(data));
    }
    archive_read_free(reader);
    return entries;
}

void rewrite_zip(const fs::path& source, const fs::path& target, const std::string& path,
                 void (*mutate)(std::string&)) {
    auto entries = read_zip(source);
    const zdbackup::platform::ScopedUtf8Locale utf8;
    archive* writer = archive_write_new();
    archive_write_set_format_zip(writer);
    archive_write_set_format_option(writer, "zip", "compression",
                                    "store");  // fast: the test only reads it back
    archive_write_open_filename(writer, target.c_str());
    for (auto& [name, data] : entries) {
        if (name == path) mutate(data);
        archive_entry* entry = archive_entry_new();
        archive_entry_set_pathname_utf8(entry, name.c_str());
        archive_entry_set_filetype(entry, AE_IFREG);
        archive_entry_set_perm(entry, 0644);
        archive_entry_set_size(entry, static_cast<la_int64_t>(data.size()));
        archive_write_header(writer, entry);
        archive_write_data(writer, data.data(), data.size());
        archive_entry_free(entry);
    }
    archive_write_close(writer);
    archive_write_free(writer);
}

std::vector<fs::path> zips_in(const fs::path& dir) {
    std::vector<fs::path> zips;
    if (!fs::exists(dir)) return zips;
    for (const auto& entry : fs::directory_iterator(dir)) {
        const std::string name = entry.path().filename().string();
        if (name.starts_with("zendesk_backup_") && name.ends_with(".zip")) zips.push_back(entry.path());
    }
    return zips;
}

}  // namespace zdtest
