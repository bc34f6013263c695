#include <zdbackup/app/progress_printer.hpp>
#include <zdbackup/platform/console.hpp>

#include <spdlog/fmt/fmt.h>
#include <cmath>

namespace zdbackup {

std::string with_thousands(std::uint64_t n) {
    std::string digits = std::to_string(n);
    for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3)
        digits.insert(static_cast<std::size_t>(i), ",");
    return digits;
}

std::string human_bytes(std::uint64_t bytes) {
    const char* units[] = {"B", "KB", "MB", "GB", "TB"};
    double value = static_cast<double>(bytes);
    int unit = 0;
    while (value >= 1024 && unit < 4) value /= 1024, ++unit;
    char text[32];
    std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", value, units[unit]);
    return text;
}

ProgressPrinter::ProgressPrinter(std::FILE* out, Verbosity verbosity)
    : out_(out), enabled_(verbosity != Verbosity::quiet), terminal_(platform::is_terminal(out)) {}

std::chrono::milliseconds ProgressPrinter::interval() const noexcept {
    return terminal_ ? std::chrono::milliseconds(500) : std::chrono::milliseconds(5000);
}

void ProgressPrinter::update(const ProgressSnapshot& snapshot) {
    if (!enabled_) return;
    const double seconds = std::chrono::duration<double>(snapshot.elapsed - previous_.elapsed).count();
    std::uint64_t requests = 0, previous_requests = 0;
    for (const StreamProgress& s : snapshot.streams) requests += s.transfer.requests;
    for (const StreamProgress& s : previous_.streams) previous_requests += s.transfer.requests;
    // One figure per kind: the support configuration alone has twenty streams.
    std::string line;
    for (std::string_view kind : all_kinds) {
        std::uint64_t records = 0, reused = 0, retries = 0;
        bool any = false, done = true;
        for (const StreamProgress& s : snapshot.streams) {
            if (s.kind != kind) continue;
            any = true;
            records += s.records;
            reused += s.reused;
            retries += s.transfer.retries;
            done = done && s.done;
        }
        if (!any) continue;
        if (!line.empty()) line += terminal_ ? " | " : ", ";
        line += std::string(kind) + " " + with_thousands(records);
        if (reused) line += " (" + with_thousands(reused) + " from cache)";
        if (done) line += " done";
        if (retries) line += " (" + with_thousands(retries) + " retries)";
    }
    const double rate = seconds > 0 ? static_cast<double>(requests - previous_requests) / seconds : 0.0;
    const auto elapsed = std::chrono::duration_cast<std::chrono::seconds>(snapshot.elapsed).count();
    line += fmt::format(" | {:.0f} req/s | rate-limit waits {} | queue {} | {}s", rate,
                        snapshot.rate_limit_waits, snapshot.pipeline.batches_queued, elapsed);
    emit(line);
    previous_ = snapshot;
}

void ProgressPrinter::update_zip(std::uint64_t entries, std::uint64_t total_entries, std::uint64_t bytes) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (entries == 1) zip_started_ = last_zip_line_ = now;  // the first line after one interval
    if (now - last_zip_line_ < interval() && entries != total_entries) return;
    last_zip_line_ = now;
    const double seconds = std::chrono::duration<double>(now - zip_started_).count();
    const std::string line =
        fmt::format("writing the zip: {} of {} entries, {} ({:.0f} MB/s)", with_thousands(entries),
                    with_thousands(total_entries), human_bytes(bytes),
                    seconds > 0 ? static_cast<double>(bytes) / 1e6 / seconds : 0.0);
    emit(line);
}

void ProgressPrinter::emit(const std::string& line) {
    if (terminal_) {
        std::fprintf(out_, "\r\033[K%s", line.c_str());
        line_open_ = true;
    } else {
        std::fprintf(out_, "progress: %s\n", line.c_str());
    }
    std::fflush(out_);
}

void ProgressPrinter::finish() {
    if (line_open_) std::fprintf(out_, "\n");
    line_open_ = false;
}

}  // namespace zdbackup
