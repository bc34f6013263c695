#include <zdbackup/app/cli.hpp>
#include <zdbackup/app/config_file.hpp>

#include "json_duplicate_keys.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <array>
#include <cctype>

namespace zdbackup {

namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

enum class Type { text, path, integer, number, boolean, kinds };

/// One key a file may hold. `instance_only`: the key names or authenticates one instance, so it
/// cannot be shared through "defaults".
struct Key {
    std::string_view name;
    Type type;
    bool instance_only = false;
};

constexpr std::array kKeys{
    Key{"subdomain", Type::text, true},
    Key{"base_url", Type::text, true},
    Key{"email", Type::text},
    Key{"api_token_env", Type::text, true},
    Key{"api_token_file", Type::path, true},
    Key{"oauth_token_env", Type::text, true},
    Key{"oauth_token_file", Type::path, true},
    Key{"cache_dir", Type::path},
    Key{"backup_dir", Type::path},
    Key{"ca_file", Type::path},
    Key{"summary_json", Type::path},
    Key{"keep", Type::integer},
    Key{"batch_size", Type::integer},
    Key{"concurrency", Type::integer},
    Key{"max_retries", Type::integer},
    Key{"timeout", Type::integer},
    Key{"rate_limit", Type::number},
    Key{"export_rate_limit", Type::number},
    Key{"comments_from", Type::text},
    Key{"only", Type::kinds},
    Key{"skip", Type::kinds},
    Key{"no_attachments", Type::boolean},
};

/// Keys that would put a secret in the file, with the reference to use instead.
constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kLiteralSecrets{{
    {"api_token", "api_token_env\" or \"api_token_file"},
    {"oauth_token", "oauth_token_env\" or \"oauth_token_file"},
    {"token", "api_token_env\" or \"api_token_file"},
    {"password", "api_token_env\" or \"api_token_file"},
}};

/// Command-line-only settings: a nightly file saying "full" would refetch everything every night.
constexpr std::array<std::string_view, 5> kFlagOnly{"full", "quiet", "verbose", "config", "instance"};

std::string in_quotes(std::string_view key) {
    return "\"" + std::string(key) + "\"";
}

std::string key_list() {
    std::string out;
    for (const Key& key : kKeys) out += (out.empty() ? "" : ", ") + std::string(key.name);
    return out;
}

const Key& find_key(std::string_view name, const std::string& origin) {
    for (const Key& key : kKeys)
        if (key.name == name) return key;
    for (const auto& [secret, reference] : kLiteralSecrets)
        if (secret == name)
            throw UsageError(in_quotes(name) + " in " + origin +
                             ": a config file never holds a token; put it in an environment variable or in a "
                             "file only you can read, and name that with \"" +
                             std::string(reference) + "\"");
    if (std::find(kFlagOnly.begin(), kFlagOnly.end(), name) != kFlagOnly.end())
        throw UsageError(in_quotes(name) + " in " + origin + " is a command-line flag only: pass --" +
                         std::string(name));
    throw UsageError("unknown key " + in_quotes(name) + " in " + origin + " (known keys: " + key_list() +
                     ")");
}

std::string integer_text(const json::value& value) {
    if (value.is_int64()) return std::to_string(value.get_int64());
    if (value.is_uint64()) return std::to_string(value.get_uint64());
    return {};
}

std::string kinds_text(const json::value& value) {
    if (value.is_string()) return std::string(value.get_string());
    if (!value.is_array()) return {};
    std::string out;
    for (const json::value& kind : value.get_array()) {
        if (!kind.is_string()) return {};
        out += (out.empty() ? "" : ",") + std::string(kind.get_string());
    }
    return out.empty() ? std::string(",") : out;  // "[]" is "no kinds", caught where kinds are checked
}

/// The value as text, checked against the key's type. Relative paths are taken from the file's folder,
/// the way a user reading the file expects them to be.
std::string value_text(const Key& key, const json::value& value, const fs::path& file,
                       const std::string& origin) {
    const auto wrong = [&](std::string_view expected) {
        return UsageError(in_quotes(key.name) + " in " + origin + " must be " + std::string(expected));
    };
    switch (key.type) {
        case Type::text:
        case Type::path: {
            if (!value.is_string() || value.get_string().empty()) throw wrong("a non-empty string");
            const std::string text(value.get_string());
            if (key.type == Type::text || fs::path(text).is_absolute()) return text;
            return (file.parent_path() / text).string();
        }
        case Type::integer:
            if (auto text = integer_text(value); !text.empty()) return text;
            throw wrong("a whole number");
        case Type::number:
            if (auto text = integer_text(value); !text.empty()) return text;
            if (value.is_double()) return json::serialize(value);
            throw wrong("a number");
        case Type::boolean:
            if (!value.is_bool()) throw wrong("true or false");
            return value.get_bool() ? "true" : "false";
        case Type::kinds:
            if (auto text = kinds_text(value); !text.empty()) return text;
            throw wrong("a list of kinds, e.g. [\"tickets\", \"users\"]");
    }
    throw wrong("valid");
}

/// Reads one settings object ("defaults" or an instance) into `into`, later keys replacing earlier ones.
void read_settings(const json::value& value, const fs::path& file, const std::string& origin,
                   bool is_defaults, FileInstance& into) {
    if (!value.is_object()) throw UsageError(origin + " must be a JSON object of settings");
    for (const auto& [name, setting] : value.get_object()) {
        const Key& key = find_key(name, origin);
        if (is_defaults && key.instance_only)
            throw UsageError(in_quotes(name) + " in " + origin +
                             " names or authenticates one instance: move it into that instance");
        into.settings[std::string(name)] = value_text(key, setting, file, origin);
        into.from_defaults[std::string(name)] = is_defaults;
    }
}

bool valid_instance_name(std::string_view name) {
    if (name.empty() || name.size() > 64) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
    });
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

json::value parse_json(std::string_view text, const fs::path& path) {
    // Comments and trailing commas are allowed: a file people edit by hand deserves notes in it.
    json::parse_options options;
    options.allow_comments = true;
    options.allow_trailing_commas = true;
    json::error_code ec;
    json::value document = json::parse(text, ec, {}, options);
    if (ec)
        throw UsageError("the config file " + path.string() + " is not valid JSON (" + ec.message() + ")");
    if (!document.is_object())
        throw UsageError("the config file " + path.string() + " must hold a JSON object with \"instances\"");
    if (const auto repeated = cli::first_duplicate_key(text))
        throw UsageError("the key " + in_quotes(*repeated) +
                         " appears twice in one object of the config file " + path.string() +
                         ": keep one (the second would silently replace the first)");
    return document;
}

}  // namespace

std::optional<std::string> FileInstance::get(std::string_view key) const {
    const auto found = settings.find(key);
    if (found == settings.end()) return std::nullopt;
    return found->second;
}

ConfigFile parse_config_file(std::string_view text, const fs::path& path) {
    const json::value document = parse_json(text, path);
    const json::value* defaults = nullptr;
    const json::value* instances = nullptr;
    for (const auto& [key, value] : document.get_object()) {
        if (key == "defaults")
            defaults = &value;
        else if (key == "instances")
            instances = &value;
        else
            throw UsageError("unknown key " + in_quotes(key) + " in the config file " + path.string() +
                             " (the top level holds \"defaults\" and \"instances\")");
    }
    if (!instances || !instances->is_object() || instances->get_object().empty())
        throw UsageError("the config file " + path.string() +
                         " lists no instances: add \"instances\": {\"NAME\": {\"subdomain\": ...}}");
    ConfigFile file{path, {}};
    for (const auto& [name, settings] : instances->get_object()) {
        if (!valid_instance_name(name))
            throw UsageError("instance name " + in_quotes(name) + " in " + path.string() +
                             ": use 1 to 64 letters, digits, '-' or '_' (it names files and folders)");
        for (const FileInstance& earlier : file.instances)
            if (lower(earlier.name) == lower(name))  // one folder on Windows and macOS
                throw UsageError("instances " + in_quotes(earlier.name) + " and " + in_quotes(name) + " in " +
                                 path.string() + " differ only by case: rename one");
        FileInstance instance;
        instance.name = std::string(name);
        instance.origin = path.string() + ", instance " + instance.name;
        if (defaults) read_settings(*defaults, path, path.string() + ", \"defaults\"", true, instance);
        read_settings(settings, path, instance.origin, false, instance);
        file.instances.push_back(std::move(instance));
    }
    return file;
}

std::vector<std::string_view> config_file_keys() {
    std::vector<std::string_view> keys;
    for (const Key& key : kKeys) keys.push_back(key.name);
    return keys;
}

}  // namespace zdbackup
