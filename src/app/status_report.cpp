#include <zdbackup/app/progress_printer.hpp>
#include <zdbackup/app/run_summary.hpp>
#include <zdbackup/app/status_report.hpp>

#include <boost/json/value.hpp>

#include <spdlog/fmt/fmt.h>

#include <map>

namespace zdbackup {

namespace json = boost::json;
using namespace std::chrono;

namespace {

std::string text(const boost::json::object& object, std::string_view key) {
    const auto* value = object.if_contains(key);
    return value && value->is_string() ? std::string(value->get_string()) : std::string();
}

std::uint64_t number(const boost::json::object& object, std::string_view key) {
    const auto* value = object.if_contains(key);
    if (!value || !value->is_number()) return 0;
    json::error_code ec;
    const auto n = value->to_number<std::uint64_t>(ec);
    return ec ? 0 : n;
}

/// A run that started after the last success, and that no process runs now: it was killed, or the
/// machine stopped (a failure it saw itself is in last_failure).
bool unfinished(const CacheStatus& s) {
    if (!s.state || !s.state->run_in_progress || s.running_pid) return false;
    const std::string started = text(*s.state->run_in_progress, "started_at");
    // A partial (--only) run that succeeded leaves its run open, with the start recorded in
    // last_partial_run: that run finished what it was asked to do.
    if (s.state->last_partial_run && text(*s.state->last_partial_run, "started_at") == started) return false;
    if (!s.state->last_run) return true;
    // ISO 8601 UTC stamps of one format compare as text.
    return started > text(*s.state->last_run, "started_at");
}

std::string zip_path(const CacheStatus& s, const json::object& last) {
    if (auto path = text(last, "zip_path"); !path.empty()) return path;
    return (s.cache_dir / text(last, "zip")).string();  // written before zip_path was recorded
}

}  // namespace

std::optional<system_clock::time_point> parse_iso8601_utc(std::string_view t) {
    // Exactly YYYY-MM-DDTHH:MM:SSZ, the form iso8601_utc() writes.
    if (t.size() != 20 || t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':' || t[16] != ':' ||
        t[19] != 'Z')
        return std::nullopt;
    const auto field = [&](std::size_t at, std::size_t n) -> int {
        int v = 0;
        for (std::size_t i = at; i < at + n; ++i) {
            if (t[i] < '0' || t[i] > '9') return -1;
            v = v * 10 + (t[i] - '0');
        }
        return v;
    };
    const year_month_day date{year{field(0, 4)}, month{static_cast<unsigned>(field(5, 2))},
                              day{static_cast<unsigned>(field(8, 2))}};
    const int h = field(11, 2), m = field(14, 2), s = field(17, 2);
    if (!date.ok() || h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 60) return std::nullopt;
    return sys_days(date) + hours(h) + minutes(m) + seconds(s);
}

StatusVerdict judge_status(const CacheStatus& s, system_clock::time_point now, std::optional<hours> max_age) {
    StatusVerdict v;
    if (!s.state) {
        v.code = ExitCode::no_backup;
        v.line =
            "no backup in " + s.cache_dir.string() + " yet (no backup_state.json): check the cache directory";
        return v;
    }
    const BackupState& state = *s.state;
    if (state.last_run)
        if (const auto finished = parse_iso8601_utc(text(*state.last_run, "finished_at")))
            v.age_hours = duration<double, std::ratio<3600>>(now - *finished).count();
    if (state.last_failure) {
        v.code = ExitCode::last_failed;
        v.line = "the last backup attempt failed at " + text(*state.last_failure, "at") + ": " +
                 text(*state.last_failure, "error");
    } else if (unfinished(s)) {
        v.code = ExitCode::last_failed;
        v.line = "the last backup attempt (started " + text(*state.run_in_progress, "started_at") +
                 ") did not finish: it was killed or the machine stopped; the next run resumes it";
    } else if (!state.last_run) {
        v.code = ExitCode::no_backup;
        v.line = "no backup has succeeded in " + s.cache_dir.string() + " yet";
    } else if (max_age && (!v.age_hours || *v.age_hours > static_cast<double>(max_age->count()))) {
        v.code = ExitCode::too_old;
        v.line = fmt::format(
            "the last successful backup finished at {}, {:.1f} hours ago: older than --max-age {}",
            text(*state.last_run, "finished_at"), v.age_hours.value_or(0), max_age->count());
    } else {
        v.line = fmt::format("the last backup succeeded at {} ({:.1f} hours ago)",
                             text(*state.last_run, "finished_at"), v.age_hours.value_or(0));
    }
    return v;
}

std::string format_status(const CacheStatus& s, const StatusVerdict& v) {
    std::string out = (s.instance.empty() ? "" : s.instance + ": ") +
                      (v.code == ExitCode::success ? "OK" : "PROBLEM") + ": " + v.line + "\n";
    out += "  cache: " + s.cache_dir.string() + "\n";
    if (s.state && s.state->last_run) {
        const json::object& last = *s.state->last_run;
        out += "  last success: started " + text(last, "started_at") + ", finished " +
               text(last, "finished_at") + " (" + text(last, "mode") + ")\n";
        out += "  zip: " + zip_path(s, last) + " (" + human_bytes(number(last, "zip_bytes")) + ")\n";
        if (auto delivered = text(last, "delivered"); !delivered.empty())
            out += "  copied to: " + delivered + "\n";
        // By kind, as the backup's summary table shows them.
        std::map<std::string, std::uint64_t> kinds;
        if (const auto* c = last.if_contains("counts"); c && c->is_object())
            for (const auto& [name, n] : c->get_object())
                kinds[kind_of(std::string(name))] += number(c->get_object(), name);
        std::string counts;
        for (std::string_view kind : all_kinds)
            if (auto it = kinds.find(std::string(kind)); it != kinds.end())
                counts += (counts.empty() ? "" : ", ") + it->first + " " + with_thousands(it->second);
        if (!counts.empty()) out += "  records: " + counts + "\n";
    }
    if (s.state && s.state->last_failure)
        out += "  last failure: " + text(*s.state->last_failure, "at") + ": " +
               text(*s.state->last_failure, "error") + "\n";
    if (s.running_pid) {
        out += "  running now: pid " +
               (*s.running_pid ? std::to_string(*s.running_pid) : std::string("unknown"));
        if (s.state && s.state->run_in_progress)
            out += ", started " + text(*s.state->run_in_progress, "started_at") + ", " +
                   text(*s.state->run_in_progress, "phase");
        out += "\n";
    }
    return out;
}

json::object status_json(const CacheStatus& s, const StatusVerdict& v) {
    json::object out{{"instance", s.instance},
                     {"cache_dir", s.cache_dir.string()},
                     {"status", v.code == ExitCode::success ? "ok" : "problem"},
                     {"exit_code", static_cast<int>(v.code)},
                     {"message", v.line},
                     {"source", s.state ? json::value(s.state->source) : json::value(nullptr)},
                     {"last_success", nullptr},
                     {"last_failure", nullptr},
                     {"running", nullptr},
                     {"unfinished_run", unfinished(s)}};
    if (s.state && s.state->last_run) {
        json::object last = *s.state->last_run;
        last["zip_path"] = zip_path(s, last);
        last["age_hours"] = v.age_hours ? json::value(*v.age_hours) : json::value(nullptr);
        out["last_success"] = std::move(last);
    }
    if (s.state && s.state->last_failure) out["last_failure"] = *s.state->last_failure;
    if (s.running_pid) {
        json::object running{{"pid", *s.running_pid}};
        if (s.state && s.state->run_in_progress) running["run"] = *s.state->run_in_progress;
        out["running"] = std::move(running);
    }
    return out;
}

}  // namespace zdbackup
