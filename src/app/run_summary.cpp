#include <zdbackup/app/progress_printer.hpp>
#include <zdbackup/app/run_summary.hpp>

#include <spdlog/fmt/fmt.h>

#include <zdbackup/zendesk/resource.hpp>

#include <algorithm>
#include <map>

namespace zdbackup {

namespace {

constexpr std::size_t kSkippedShown = 10;

}  // namespace

std::string kind_of(const std::string& name) {
    for (const Resource& resource : resource_table())
        if (resource.name == name) return std::string(resource.kind);
    return name.ends_with("/attachments") ? "attachments" : name;
}

std::map<std::string, KindTotals> kind_totals(const RunSummary& s) {
    std::map<std::string, KindTotals> kinds;
    for (const StreamProgress& stream : s.engine.streams) {
        KindTotals& totals = kinds[stream.kind];
        totals.downloaded += stream.records - std::min(stream.reused, stream.records);
        totals.transfer += stream.transfer;
    }
    for (const auto& [name, count] : s.written) kinds[kind_of(name)].records += count;
    return kinds;
}

std::string format_summary(const RunSummary& s) {
    // One row per kind of the command line (--only/--skip), in a fixed order.
    const std::map<std::string, KindTotals> kinds = kind_totals(s);
    std::string out = fmt::format("{:<16} {:>10} {:>12} {:>10} {:>12} {:>9} {:>7} {:>6}\n", "kind", "records",
                                  "downloaded", "from cache", "bytes", "requests", "retries", "429s");
    for (std::string_view kind : all_kinds) {
        auto it = kinds.find(std::string(kind));
        if (it == kinds.end()) continue;
        const KindTotals& t = it->second;
        out += fmt::format("{:<16} {:>10} {:>12} {:>10} {:>12} {:>9} {:>7} {:>6}\n", kind,
                           with_thousands(t.records), with_thousands(t.downloaded),
                           with_thousands(t.from_cache()), human_bytes(t.transfer.bytes),
                           with_thousands(t.transfer.requests), with_thousands(t.transfer.retries),
                           with_thousands(t.transfer.rate_limited));
    }
    const auto& total = s.engine.total;
    const double seconds = std::chrono::duration<double>(s.wall).count();
    out += fmt::format(
        "requests {} ({:.0f}/s), retries {}, rate-limited (429) {}, downloaded {}\n",
        with_thousands(total.requests), seconds > 0 ? static_cast<double>(total.requests) / seconds : 0.0,
        with_thousands(total.retries), with_thousands(total.rate_limited), human_bytes(total.bytes));
    for (std::size_t i = 0; i < s.skipped.size() && i < kSkippedShown; ++i)
        out += "skipped " + s.skipped[i].kind + ": " + s.skipped[i].reason + "\n";
    if (s.skipped.size() > kSkippedShown)
        out += fmt::format("... and {} more skipped (listed in manifest.json)\n",
                           s.skipped.size() - kSkippedShown);
    if (!s.engine.warnings.empty())
        out += fmt::format("warnings {} (see logs/run.log)\n", s.engine.warnings.size());
    out += fmt::format("wall time {:.1f} s\n", seconds);
    out += fmt::format("zip {} ({}, {} entries)\n", s.zip.string(), human_bytes(s.zip_bytes),
                       with_thousands(s.zip_entries));
    if (!s.delivered.empty()) out += "copied to " + s.delivered.string() + "\n";
    return out;
}

}  // namespace zdbackup
