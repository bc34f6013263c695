#pragma once
// The live progress display: a line rewritten in place on a terminal, a plain line every few
// seconds otherwise (logs, Task Scheduler, cron).

#include <zdbackup/core/config.hpp>
#include <zdbackup/zendesk/backup_engine.hpp>

#include <chrono>
#include <cstdio>

namespace zdbackup {

class ProgressPrinter {
  public:
    ProgressPrinter(std::FILE* out, Verbosity verbosity);

    /// How often the engine should call update().
    std::chrono::milliseconds interval() const noexcept;

    void update(const ProgressSnapshot& snapshot);
    /// The zip being written from the cache: entries and bytes so far, out of `total_entries`. Rate
    /// limited to interval() by itself (it is called after every entry).
    void update_zip(std::uint64_t entries, std::uint64_t total_entries, std::uint64_t bytes);
    /// Ends the in-place line so later output starts on a fresh line.
    void finish();

  private:
    /// Rewrites the line in place on a terminal; a new "progress:" line otherwise.
    void emit(const std::string& line);

    std::FILE* out_;
    bool enabled_;
    bool terminal_;
    bool line_open_ = false;
    ProgressSnapshot previous_;
    std::chrono::steady_clock::time_point last_zip_line_{};
    std::chrono::steady_clock::time_point zip_started_ = std::chrono::steady_clock::now();
};

/// "12,345"
std::string with_thousands(std::uint64_t n);
/// "1.5 MB"
std::string human_bytes(std::uint64_t bytes);

}  // namespace zdbackup
