// The settings of `backup` and `status`, one instance at a time, with precedence flag > environment >
// config file > default.

#include "cli_options.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

namespace zdbackup::cli {

namespace fs = std::filesystem;

namespace {

/// The flags and variables that name or authenticate one instance.
const std::vector<std::string_view> kIdentityVariables{
    "ZENDESK_SUBDOMAIN", "ZENDESK_BASE_URL", "ZENDESK_EMAIL", "ZENDESK_API_TOKEN", "ZENDESK_OAUTH_TOKEN"};

double to_rate(const Setting& s, double lo, bool lo_inclusive, double hi) {
    double v = 0;
    const char* first = s.value.data();
    const char* last = first + s.value.size();
    const auto [end, ec] = std::from_chars(first, last, v);
    const bool above_lo = lo_inclusive ? v >= lo : v > lo;
    if (ec != std::errc{} || end != last || !std::isfinite(v) || !above_lo || v > hi)
        throw UsageError(s.source + ": expected requests per minute, " + (lo_inclusive ? "from " : "above ") +
                         std::to_string(static_cast<int>(lo)) + " to " +
                         std::to_string(static_cast<int>(hi)));
    return v;
}

std::vector<std::string> split_kinds(const std::vector<std::string>& lists, std::string_view source) {
    std::vector<std::string> out;
    for (const std::string& list : lists) {
        std::size_t start = 0;
        while (start <= list.size()) {
            const std::size_t comma = std::min(list.find(',', start), list.size());
            std::string kind = list.substr(start, comma - start);
            kind.erase(0, kind.find_first_not_of(" \t"));
            kind.erase(kind.find_last_not_of(" \t") + 1);
            if (!kind.empty()) {
                if (std::find(all_kinds.begin(), all_kinds.end(), kind) == all_kinds.end())
                    throw UsageError(
                        std::string(source) + ": unknown kind '" + kind +
                        "' (kinds: tickets, users, organizations, guide, support_assets, attachments)");
                out.push_back(std::move(kind));
            }
            start = comma + 1;
        }
    }
    return out;
}

/// --only/--skip: the flags (possibly repeated), else the file's list.
std::pair<std::vector<std::string>, std::string> kind_lists(const std::vector<std::string>& flags,
                                                            std::string_view name, const Sources& sources) {
    if (!flags.empty()) return {flags, std::string(name)};
    const Text none;
    if (auto file = sources.get(none, "", name.substr(2))) return {{file->value}, file->source};
    return {{}, std::string(name)};
}

void resolve_kinds(Config& c, const BackupOptions& o, const Sources& sources) {
    const auto [only_lists, only_source] = kind_lists(o.only, "--only", sources);
    const auto [skip_lists, skip_source] = kind_lists(o.skip, "--skip", sources);
    const auto only = split_kinds(only_lists, only_source);
    if (!only_lists.empty()) {
        if (only.empty()) throw UsageError(only_source + ": no kinds given");
        c.kinds = {only.begin(), only.end()};
    }
    for (const std::string& k : split_kinds(skip_lists, skip_source)) c.kinds.erase(k);
    const Text none;
    const auto no_attachments = sources.get(none, "", "no_attachments");
    if (o.no_attachments || (no_attachments && no_attachments->value == "true")) c.kinds.erase("attachments");
    if (c.kinds.empty()) throw UsageError("nothing to back up: --only/--skip leave no kinds");
    if (c.kinds.size() == 1 && c.kinds.contains("attachments"))
        throw UsageError("attachments are found through tickets and guide: add tickets or guide to --only");
}

void resolve_numbers(Config& c, const BackupOptions& o, const Sources& s) {
    if (auto v = s.get(o.batch_size, "", "batch_size"))
        c.batch_size = static_cast<std::size_t>(to_integer(*v, 1, 100000));
    if (auto v = s.get(o.concurrency, "", "concurrency"))
        c.concurrency = static_cast<int>(to_integer(*v, 1, 64));
    if (auto v = s.get(o.keep, "", "keep")) c.keep = static_cast<int>(to_integer(*v, 0, 100000));
    if (auto v = s.get(o.max_retries, "", "max_retries"))
        c.max_retries = static_cast<int>(to_integer(*v, 0, 100));
    if (auto v = s.get(o.timeout, "", "timeout"))
        c.request_timeout = std::chrono::seconds(to_integer(*v, 1, 3600));
    if (auto v = s.get(o.rate_limit, "", "rate_limit")) c.rate_limit_rpm = to_rate(*v, 0, true, 100000);
    if (auto v = s.get(o.export_rate_limit, "", "export_rate_limit"))
        c.export_rate_limit_rpm = to_rate(*v, 0, false, 10000);
    if (auto v = s.get(o.comments_from, "", "comments_from")) {
        if (v->value == "auto")
            c.comments_from = CommentSource::automatic;
        else if (v->value == "events")
            c.comments_from = CommentSource::events;
        else if (v->value == "tickets")
            c.comments_from = CommentSource::per_ticket;
        else
            throw UsageError(v->source + " must be auto, events or tickets, not '" + v->value + "'");
    }
}

/// "{instance}" in a summary path becomes the instance's name, so one setting serves every instance.
fs::path summary_path(std::string path, const std::string& instance) {
    constexpr std::string_view placeholder = "{instance}";
    for (auto at = path.find(placeholder); at != std::string::npos; at = path.find(placeholder, at))
        path.replace(at, placeholder.size(), instance);
    return path;
}

Config build_config(const BackupOptions& o, const Sources& sources, bool several_in_file) {
    Config c;
    c.base_url = resolve_base_url(o.target, sources);
    resolve_auth(c, o, sources);
    c.instance = sources.file ? sources.file->name : instance_name(c.base_url);
    // Instances sharing a backup folder must never replace (or --keep away) each other's zips.
    if (several_in_file) c.zip_label = c.instance;
    c.cache_dir = resolve_cache_dir(o.target, sources, [&] { return c.base_url; });
    if (auto dir = sources.get(o.backup_dir, "BACKUP_PATH", "backup_dir")) c.backup_dir = dir->value;
    if (auto file = sources.get(o.ca_file, "ZENDESK_CA_FILE", "ca_file")) c.ca_file = file->value;
    if (auto file = sources.get(o.summary_json, "", "summary_json")) {
        if (file->value.empty()) throw UsageError(file->source + " is empty");
        c.summary_json = summary_path(file->value, c.instance);
    }
    resolve_numbers(c, o, sources);
    c.full = o.full;
    if (o.quiet && o.verbose) throw UsageError("--quiet and --verbose cannot be combined");
    c.verbosity = o.quiet ? Verbosity::quiet : o.verbose ? Verbosity::verbose : Verbosity::normal;
    resolve_kinds(c, o, sources);
    return c;
}

/// An instance that cannot run, with what its summary needs: its name, the reason and (when it can be
/// worked out) its summary file.
Config unusable_instance(const BackupOptions& o, const Sources& sources, const std::string& name,
                         const std::string& why) {
    Config c;
    c.instance = name;
    c.unusable = why;
    try {
        if (auto file = sources.get(o.summary_json, "", "summary_json"); file && !file->value.empty())
            c.summary_json = summary_path(file->value, c.instance);
    } catch (const UsageError&) {
        // no summary then; the error line still names the instance
    }
    return c;
}

/// Two runs of one command must not share a cache (the second would be refused mid-way) or a summary file
/// (the second would overwrite the first's result).
void refuse_shared_files(const std::vector<Config>& runs) {
    std::map<fs::path, std::string> caches, summaries;
    for (const Config& run : runs) {
        if (!run.unusable.empty()) continue;
        if (auto [it, fresh] = caches.emplace(run.cache_dir.lexically_normal(), run.instance); !fresh)
            throw UsageError("instances " + it->second + " and " + run.instance + " would share the cache " +
                             run.cache_dir.string() + ": give each its own \"cache_dir\"");
        if (run.summary_json.empty()) continue;
        if (auto [it, fresh] = summaries.emplace(run.summary_json.lexically_normal(), run.instance); !fresh)
            throw UsageError("instances " + it->second + " and " + run.instance +
                             " would write the same summary " + run.summary_json.string() +
                             ": put {instance} in its name");
    }
}

}  // namespace

std::int64_t to_integer(const Setting& s, std::int64_t lo, std::int64_t hi) {
    std::int64_t v = 0;
    const char* first = s.value.data();
    const char* last = first + s.value.size();
    const auto [end, ec] = std::from_chars(first, last, v);
    if (ec != std::errc{} || end != last || v < lo || v > hi)
        throw UsageError(s.source + ": expected a whole number from " + std::to_string(lo) + " to " +
                         std::to_string(hi));
    return v;
}

BackupCommand build_backup(const BackupOptions& o, const Inputs& inputs) {
    BackupCommand command;
    const Selection selection = select_instances(o.target, inputs, command.warnings);
    refuse_shared_identity(selection,
                           {&o.target.subdomain, &o.target.base_url, &o.email, &o.api_token, &o.oauth_token},
                           kIdentityVariables, inputs);
    const bool several_in_file = selection.file && selection.file->instances.size() > 1;
    for (const FileInstance* instance : selection.chosen) {
        const Sources sources{inputs, instance, &command.warnings};
        try {
            command.runs.push_back(build_config(o, sources, several_in_file));
        } catch (const UsageError& error) {
            // One customer's missing token must not cost the others their nightly backup.
            if (selection.chosen.size() < 2) throw;
            command.runs.push_back(unusable_instance(o, sources, instance->name, error.what()));
        }
    }
    refuse_shared_files(command.runs);
    return command;
}

StatusCommand build_status(const StatusOptions& o, const Inputs& inputs) {
    StatusCommand command;
    command.json = o.json;
    const Selection selection = select_instances(o.target, inputs, command.warnings);
    refuse_shared_identity(selection, {&o.target.subdomain, &o.target.base_url},
                           {"ZENDESK_SUBDOMAIN", "ZENDESK_BASE_URL"}, inputs);
    if (o.max_age.given())
        command.max_age = std::chrono::hours(to_integer({o.max_age.value, "--max-age"}, 1, 100000));
    for (const FileInstance* instance : selection.chosen) {
        const Sources sources{inputs, instance, &command.warnings};
        std::string base_url;  // only needed for the default cache directory
        StatusTarget target;
        target.cache_dir = resolve_cache_dir(o.target, sources, [&] {
            if (!instance && !sources.env("ZENDESK_BASE_URL") && !sources.env("ZENDESK_SUBDOMAIN") &&
                !o.target.base_url.given() && !o.target.subdomain.given())
                throw UsageError(
                    "which cache? give --cache-dir DIR, --subdomain NAME, --base-url URL or --config FILE");
            base_url = resolve_base_url(o.target, sources);
            return base_url;
        });
        target.instance = instance ? instance->name : base_url.empty() ? "" : instance_name(base_url);
        command.targets.push_back(std::move(target));
    }
    return command;
}

}  // namespace zdbackup::cli
