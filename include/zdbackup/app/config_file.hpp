#pragma once
// The configuration file of `--config FILE`: one or several Zendesk instances with their settings, in
// JSON. Pure: takes the file's text, reads nothing.
//
//   {"defaults":  {"backup_dir": "D:/OneDrive/Zendesk", "keep": 14},
//    "instances": {"acme":   {"subdomain": "acme", "email": "admin@acme.com",
//                             "api_token_env": "ACME_ZENDESK_TOKEN"},
//                  "globex": {"base_url": "https://globex.example",
//                             "oauth_token_file": "C:/secrets/globex.token"}}}

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zdbackup {

/// One instance of the file: `defaults` merged under the instance's own settings.
struct FileInstance {
    /// The key in "instances": letters, digits, '-' and '_', at most 64 characters.
    std::string name;
    /// Setting name → value as text, validated for type: strings as given, paths made absolute against
    /// the file's folder, numbers as written, booleans "true"/"false", kind lists joined with commas.
    /// Only the settings the file gives are present.
    std::map<std::string, std::string, std::less<>> settings;
    /// The settings (of `settings`) that came from "defaults" rather than from the instance itself.
    std::map<std::string, bool, std::less<>> from_defaults;
    /// "FILE, instance NAME": where a setting came from, for error messages.
    std::string origin;

    /// The value of `key`, if the file gives one.
    std::optional<std::string> get(std::string_view key) const;
};

/// The whole file, its instances in the order the file lists them.
struct ConfigFile {
    std::filesystem::path path;
    std::vector<FileInstance> instances;
};

/// Parses the text of the config file `path` (the path is only used to resolve relative paths and to
/// name the file in errors).
/// Errors: UsageError naming the file, and the key when one is wrong: not JSON, no instances, an unknown
/// key (typos must not pass silently), a value of the wrong type, a literal token (with how to fix it),
/// an identity key in "defaults", instance names that are not file-name safe or differ only by case.
ConfigFile parse_config_file(std::string_view text, const std::filesystem::path& path);

/// Every key a config file may hold, for --help and the docs.
std::vector<std::string_view> config_file_keys();

}  // namespace zdbackup
