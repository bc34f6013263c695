// Which instance(s) a command acts on and where their caches are: --config/--instance, the base URL,
// the cache directory, and the guard against settings that would apply to several instances.

#include "cli_options.hpp"

#include <algorithm>
#include <cctype>

namespace zdbackup::cli {

namespace fs = std::filesystem;

namespace {

std::string in_quotes(std::string_view s) {
    return "\"" + std::string(s) + "\"";
}

bool valid_subdomain(std::string_view s) {
    if (s.empty() || s.size() > 63 || s.front() == '-' || s.back() == '-') return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    });
}

bool from_command_line(const Setting& s) {
    return s.source.starts_with("--") || s.source.starts_with("ZENDESK_");
}

std::string instance_names(const ConfigFile& file) {
    std::string out;
    for (const FileInstance& instance : file.instances) out += (out.empty() ? "" : ", ") + instance.name;
    return out;
}

}  // namespace

std::optional<std::string> Sources::env(std::string_view name) const {
    if (name.empty() || !inputs.env) return std::nullopt;
    auto v = inputs.env(name);
    if (v && v->empty()) v.reset();
    return v;
}

std::optional<Setting> Sources::get(const Text& flag, std::string_view env_name, std::string_view key) const {
    if (flag.given()) return Setting{flag.value, flag.name};
    if (auto v = env(env_name)) return Setting{*v, std::string(env_name)};
    if (!file || key.empty()) return std::nullopt;
    auto v = file->get(key);
    if (!v) return std::nullopt;
    const auto defaults = file->from_defaults.find(key);
    const bool shared = defaults != file->from_defaults.end() && defaults->second;
    return Setting{*v, in_quotes(key) + (shared ? " of \"defaults\"" : "") + " in " + file->origin, shared};
}

Selection select_instances(const TargetOptions& target, const Inputs& inputs,
                           std::vector<std::string>& warnings) {
    Selection selection;
    if (!target.config.given()) {
        if (target.instance.given()) throw UsageError("--instance needs --config FILE");
        selection.chosen.push_back(nullptr);
        return selection;
    }
    const fs::path path = target.config.value;
    const auto contents = inputs.read && !path.empty() ? inputs.read(path) : std::nullopt;
    if (!contents) throw UsageError("cannot read the config file " + path.string() + ": check --config");
    if (contents->readable_by_others)
        warnings.push_back("the config file " + path.string() +
                           " can be read by other users: make it readable by you only (chmod 600)");
    selection.file = parse_config_file(contents->text, path);
    for (const FileInstance& instance : selection.file->instances)
        if (!target.instance.given() || instance.name == target.instance.value)
            selection.chosen.push_back(&instance);
    if (selection.chosen.empty())
        throw UsageError("--instance: no instance " + in_quotes(target.instance.value) + " in " +
                         path.string() + " (instances: " + instance_names(*selection.file) + ")");
    return selection;
}

void refuse_shared_identity(const Selection& selection, const std::vector<const Text*>& flags,
                            const std::vector<std::string_view>& variables, const Inputs& inputs) {
    if (selection.chosen.size() < 2) return;
    const std::string file = selection.file->path.string();
    for (const Text* flag : flags)
        if (flag->given())
            throw UsageError(flag->name + " would apply to every instance of " + file +
                             ": pass --instance NAME to run one, or set it in the file");
    const Sources sources{inputs};
    for (std::string_view variable : variables)
        if (sources.env(variable))
            throw UsageError(std::string(variable) + " is set and would apply to every instance of " + file +
                             ": unset it, or pass --instance NAME to run one");
}

std::string resolve_base_url(const TargetOptions& target, const Sources& sources) {
    // Level by level (flag, environment, file); within one level a base URL beats a subdomain.
    const Text none;
    std::optional<Setting> url = sources.get(target.base_url, "", "");
    std::optional<Setting> sub = url ? std::nullopt : sources.get(target.subdomain, "", "");
    if (!url && !sub) url = sources.get(none, "ZENDESK_BASE_URL", "");
    if (!url && !sub) sub = sources.get(none, "ZENDESK_SUBDOMAIN", "");
    if (!url && !sub) url = sources.get(none, "", "base_url");
    if (!url && !sub) sub = sources.get(none, "", "subdomain");
    if (url) {
        auto normalized = normalize_base_url(url->value);
        if (!normalized)
            throw UsageError((from_command_line(*url) ? "--base-url / ZENDESK_BASE_URL" : url->source) +
                             " must be an https URL with a host and no path, query or credentials, e.g. "
                             "https://127.0.0.1:8443");
        return *normalized;
    }
    if (!sub) {
        if (sources.file)
            throw UsageError("no Zendesk instance for " + sources.file->origin +
                             ": give it \"subdomain\" or \"base_url\"");
        throw UsageError("no Zendesk instance: set --subdomain or ZENDESK_SUBDOMAIN (or --base-url)");
    }
    if (!valid_subdomain(sub->value))
        throw UsageError((from_command_line(*sub) ? "--subdomain / ZENDESK_SUBDOMAIN" : sub->source) +
                         " must be letters, digits and hyphens, e.g. 'acme' for https://acme.zendesk.com "
                         "(use --base-url for other hosts)");
    std::string lowered = sub->value;
    for (char& ch : lowered) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return "https://" + lowered + ".zendesk.com";
}

fs::path resolve_cache_dir(const TargetOptions& target, const Sources& sources,
                           const std::function<std::string()>& base_url) {
    // With --config, a directory that applies to every instance (flag, environment, "defaults") is the
    // root of their caches: each instance gets <root>/<NAME>, whether one or all of them run.
    if (auto dir = sources.get(target.cache_dir, "LOCAL_CACHE_PATH", "cache_dir")) {
        if (dir->value.empty()) throw UsageError("--cache-dir is empty");
        const bool root = sources.file && (from_command_line(*dir) || dir->source == "LOCAL_CACHE_PATH" ||
                                           dir->from_file_defaults);
        return root ? fs::path(dir->value) / sources.file->name : fs::path(dir->value);
    }
    return default_cache_root(sources.inputs.env) / "zdbackup" / instance_name(base_url());
}

}  // namespace zdbackup::cli
