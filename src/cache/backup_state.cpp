#include <zdbackup/cache/backup_state.hpp>
#include <zdbackup/core/json_pretty.hpp>
#include <zdbackup/core/run_error.hpp>
#include <zdbackup/util/atomic_file.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <fstream>
#include <sstream>

namespace zdbackup {

namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

constexpr std::string_view kFormat = "zdbackup-state/1";

RunError damaged(const fs::path& file, const std::string& why) {
    return RunError(ExitCode::local_io, "the state file " + file.string() + " is damaged (" + why +
                                            "): delete it to force a full backup (the cache is reused), or "
                                            "restore it from a copy");
}

json::object to_json(const StreamState& state) {
    json::object object{{"position", state.position}, {"complete_in_run", state.complete_run}};
    if (!state.skipped_reason.empty()) object["skipped"] = state.skipped_reason;
    return object;
}

StreamState stream_from_json(const json::value& value) {
    StreamState state;
    const json::object& object = value.as_object();
    state.position = std::string(object.at("position").as_string());
    state.complete_run = object.at("complete_in_run").to_number<std::int64_t>();
    if (const auto* skipped = object.if_contains("skipped"))
        state.skipped_reason = std::string(skipped->as_string());
    return state;
}

}  // namespace

fs::path backup_state_file(const fs::path& cache_dir) {
    return cache_dir / "backup_state.json";
}

std::optional<BackupState> read_backup_state(const fs::path& cache_dir) {
    const fs::path file = backup_state_file(cache_dir);
    std::error_code ec;
    if (!fs::exists(file, ec)) return std::nullopt;
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) throw RunError(ExitCode::local_io, "cannot read the state file " + file.string());
    json::error_code parse_error;
    const json::value document = json::parse(text.str(), parse_error);
    if (parse_error) throw damaged(file, "not valid JSON: " + parse_error.message());
    try {
        const json::object& object = document.as_object();
        if (object.at("format").as_string() != kFormat)
            throw damaged(file, "unknown format " + json::serialize(object.at("format")));
        BackupState state;
        state.source = std::string(object.at("source").as_string());
        if (const auto* streams = object.if_contains("streams"))
            for (const auto& [name, value] : streams->as_object())
                state.streams[std::string(name)] = stream_from_json(value);
        if (const auto* run = object.if_contains("run_in_progress"); run && !run->is_null())
            state.run_in_progress = run->as_object();
        if (const auto* last = object.if_contains("last_run"); last && !last->is_null())
            state.last_run = last->as_object();
        if (const auto* partial = object.if_contains("last_partial_run"); partial && !partial->is_null())
            state.last_partial_run = partial->as_object();
        if (const auto* failure = object.if_contains("last_failure"); failure && !failure->is_null())
            state.last_failure = failure->as_object();
        return state;
    } catch (const RunError&) {
        throw;
    } catch (const std::exception&) {
        throw damaged(file, "unexpected content: a field is missing or has the wrong type");
    }
}

void write_backup_state(const fs::path& cache_dir, const BackupState& state) {
    json::object streams;
    for (const auto& [name, stream] : state.streams) streams[name] = to_json(stream);
    json::object document{
        {"format", kFormat},
        {"source", state.source},
        {"note",
         "positions mirror cache.sqlite3, where they are saved with the data they cover; delete "
         "this file to force a full backup"},
        {"streams", std::move(streams)},
        {"run_in_progress",
         state.run_in_progress ? json::value(*state.run_in_progress) : json::value(nullptr)},
        {"last_run", state.last_run ? json::value(*state.last_run) : json::value(nullptr)},
        {"last_partial_run",
         state.last_partial_run ? json::value(*state.last_partial_run) : json::value(nullptr)},
        {"last_failure", state.last_failure ? json::value(*state.last_failure) : json::value(nullptr)},
    };
    write_file_atomically(backup_state_file(cache_dir), pretty_json(document));
}

}  // namespace zdbackup
