#include <zdbackup/app/summary_json.hpp>
#include <zdbackup/archive/manifest.hpp>
#include <zdbackup/core/errc.hpp>
#include <zdbackup/core/json_pretty.hpp>
#include <zdbackup/util/atomic_file.hpp>

#include <boost/json/value.hpp>

namespace zdbackup {

namespace json = boost::json;

namespace {

json::object counts(const KindTotals& t) {
    return {{"records", t.records},
            {"downloaded", t.downloaded},
            {"from_cache", t.from_cache()},
            {"bytes", t.transfer.bytes},
            {"requests", t.transfer.requests},
            {"retries", t.transfer.retries},
            {"rate_limited", t.transfer.rate_limited}};
}

std::string status_of(int exit_code) {
    if (exit_code == 0) return "ok";
    return exit_code == static_cast<int>(ExitCode::interrupted) ? "interrupted" : "failed";
}

json::value optional_text(const std::string& text) {
    return text.empty() ? json::value(nullptr) : json::value(text);
}

json::value time_or_null(std::chrono::system_clock::time_point t) {
    return t == std::chrono::system_clock::time_point{} ? json::value(nullptr) : json::value(iso8601_utc(t));
}

json::value zip_object(const RunOutcome& o) {
    if (o.summary.zip.empty()) return nullptr;
    std::error_code ec;
    const std::filesystem::path absolute = std::filesystem::absolute(o.summary.zip, ec);
    return json::object{{"path", (ec ? o.summary.zip : absolute).string()},
                        {"size", o.summary.zip_bytes},
                        {"entries", o.summary.zip_entries},
                        {"sha256", optional_text(o.zip_sha256)}};
}

}  // namespace

std::string summary_json(const RunOutcome& o) {
    json::object kinds;
    KindTotals total;
    for (const auto& [kind, t] : kind_totals(o.summary)) {
        kinds[kind] = counts(t);
        total.records += t.records;
        total.downloaded += t.downloaded;
        total.transfer += t.transfer;
    }
    // The engine's total also counts the requests no stream owns (the credentials check).
    if (o.summary.engine.total.requests >= total.transfer.requests) total.transfer = o.summary.engine.total;
    json::array skipped;
    for (const SkippedKind& s : o.summary.skipped.empty() ? o.summary.engine.skipped : o.summary.skipped)
        skipped.push_back(json::object{{"kind", s.kind}, {"reason", s.reason}});
    json::array warnings;
    for (const std::string& w : o.summary.engine.warnings) warnings.push_back(json::value(w));
    const json::object document{
        {"format", "zdbackup-summary/1"},
        {"status", status_of(o.exit_code)},
        {"exit_code", o.exit_code},
        {"error", optional_text(o.error)},
        {"instance", o.instance},
        {"source", o.source},
        {"mode", optional_text(o.mode)},
        {"started_at", time_or_null(o.started)},
        {"finished_at", time_or_null(o.finished)},
        {"wall_seconds", std::chrono::duration<double>(o.wall).count()},
        {"kinds", std::move(kinds)},
        {"total", counts(total)},
        {"zip", zip_object(o)},
        {"delivered", o.summary.delivered.empty()
                          ? json::value(nullptr)
                          : json::value(std::filesystem::absolute(o.summary.delivered).string())},
        {"warnings", std::move(warnings)},
        {"skipped", std::move(skipped)},
    };
    return pretty_json(document);
}

void write_summary_json(const std::filesystem::path& file, const RunOutcome& outcome) {
    std::error_code ignored;
    if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path(), ignored);
    write_file_atomically(file, summary_json(outcome));
}

}  // namespace zdbackup
