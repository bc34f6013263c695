#include <zdbackup/app/progress_printer.hpp>
#include <zdbackup/app/run_summary.hpp>

#include <spdlog/fmt/fmt.h>

namespace zdbackup {

std::string format_summary(const RunSummary& s) {
    std::string out = fmt::format("{:<16} {:>10} {:>12} {:>10} {:>12} {:>9} {:>7}\n", "kind", "records",
                                  "downloaded", "from cache", "bytes", "requests", "retries");
    for (const StreamProgress& stream : s.engine.streams) {
        const auto written = s.written.count(stream.name) ? s.written.at(stream.name) : 0;
        out += fmt::format("{:<16} {:>10} {:>12} {:>10} {:>12} {:>9} {:>7}\n", stream.name,
                           with_thousands(written), with_thousands(stream.records), 0,
                           human_bytes(stream.transfer.bytes), with_thousands(stream.transfer.requests),
                           with_thousands(stream.transfer.retries));
    }
    const auto& total = s.engine.total;
    const double seconds = std::chrono::duration<double>(s.wall).count();
    out += fmt::format(
        "requests {} ({:.0f}/s), retries {}, rate-limited (429) {}, downloaded {}\n",
        with_thousands(total.requests), seconds > 0 ? static_cast<double>(total.requests) / seconds : 0.0,
        with_thousands(total.retries), with_thousands(total.rate_limited), human_bytes(total.bytes));
    for (const auto& skipped : s.engine.skipped)
        out += "skipped " + skipped.kind + ": " + skipped.reason + "\n";
    if (!s.engine.warnings.empty())
        out += fmt::format("warnings {} (see logs/run.log)\n", s.engine.warnings.size());
    out += fmt::format("wall time {:.1f} s\n", seconds);
    out += fmt::format("zip {} ({}, {} entries)\n", s.zip.string(), human_bytes(s.zip_bytes),
                       with_thousands(s.zip_entries));
    if (!s.delivered.empty()) out += "copied to " + s.delivered.string() + "\n";
    return out;
}

}  // namespace zdbackup
