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

  private:
    TempDir dir_;
    fs::path ca_file_;
    int pid_ = -1;
    int port_ = 0;
};

inline const std::string kEmail = "admin@example.com";
inline const std::string kToken = "zdmock-token";

/// Every entry of a zip: path → bytes.
std::map<std::string, std::string> read_zip(const fs::path& zip);

/// Writes a copy of `source` with `mutate` applied to the bytes of entry `path`.
void rewrite_zip(const fs::path& source, const fs::path& target, const std::string& path,
                 void (*mutate)(std::string&));

/// The zendesk_backup_*.zip files in `dir`.
std::vector<fs::path> zips_in(const fs::path& dir);

}  // namespace zdtest
