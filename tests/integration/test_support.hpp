#pragma once
// Helpers for end-to-end tests: run the real binaries, start the mock server, read a zip back.

#include <boost/json/value.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace zdtest {

namespace fs = std::filesystem;

/// A fresh directory under the system temp dir, removed when the object dies.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    const fs::path& path() const { return path_; }

  private:
    fs::path path_;
};

struct ProcessResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

/// Runs `argv` to completion with the given extra environment; stdout/stderr captured.
ProcessResult run_process(const std::vector<std::string>& argv,
                          const std::vector<std::pair<std::string, std::string>>& env = {});

/// A process running in the background (stdout/stderr to files in its own temp dir). Killed with
/// SIGKILL and reaped on destruction if still running.
class BackgroundProcess {
  public:
    BackgroundProcess(const std::vector<std::string>& argv,
                      const std::vector<std::pair<std::string, std::string>>& env = {});
    ~BackgroundProcess();
    BackgroundProcess(const BackgroundProcess&) = delete;
    BackgroundProcess& operator=(const BackgroundProcess&) = delete;

    bool running();
    void signal(int sig);
    /// Waits for the end; the exit code (128 + signal when killed).
    int wait();
    std::string err() const;

  private:
    TempDir dir_;
    int pid_ = -1;
    int exit_code_ = -1;
};

/// zdmock on 127.0.0.1, a free port, its own CA. Stopped (SIGTERM) on destruction.
class MockServer {
  public:
    explicit MockServer(std::vector<std::string> extra_args = {});
    ~MockServer();
    MockServer(const MockServer&) = delete;
    MockServer& operator=(const MockServer&) = delete;

    std::string base_url() const { return "https://127.0.0.1:" + std::to_string(port_); }
    const fs::path& ca_file() const { return ca_file_; }
    int port() const { return port_; }
    /// GET /__mock/stats, parsed.
    boost::json::value stats() const;
    /// POST `target` (e.g. /__mock/reset-stats), the answer parsed. Throws unless it answers 200.
    boost::json::value post(const std::string& target) const;
    /// A counter of /__mock/stats: a top-level one ("total_requests") or one of "by_endpoint".
    std::int64_t count(const std::string& name) const;

  private:
    boost::json::value request(bool post, const std::string& target) const;

    TempDir dir_;
    fs::path ca_file_;
    int pid_ = -1;
    int port_ = 0;
};

inline const std::string kEmail = "admin@example.com";
inline const std::string kToken = "zdmock-token";

/// `zdbackup backup` against `mock` with the test credentials, the cache and backup dirs, an export
/// budget high enough not to slow tests down, then `extra`.
std::vector<std::string> backup_command(const MockServer& mock, const fs::path& cache, const fs::path& backup,
                                        const std::vector<std::string>& extra = {});

/// Every entry of a zip: path → bytes.
std::map<std::string, std::string> read_zip(const fs::path& zip);

/// Writes a copy of `source` with `mutate` applied to the bytes of entry `path`.
void rewrite_zip(const fs::path& source, const fs::path& target, const std::string& path,
                 void (*mutate)(std::string&));

/// A whole file's bytes ("" when it cannot be read).
std::string read_file(const fs::path& file);

/// The zendesk_backup_*.zip files in `dir`.
std::vector<fs::path> zips_in(const fs::path& dir);

}  // namespace zdtest
