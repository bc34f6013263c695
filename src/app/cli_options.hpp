#pragma once
// Internal to the command-line parser: the options as CLI11 fills them, and the settings resolved from
// them with precedence flag > environment > config file > default.

#include <zdbackup/app/cli.hpp>
#include <zdbackup/app/config_file.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace CLI {
class Option;
}

namespace zdbackup::cli {

/// One option given as text, with the name it is known by in messages.
struct Text {
    CLI::Option* option = nullptr;
    std::string name;  ///< "--keep"
    std::string value;

    bool given() const;
};

/// The options that choose the instance(s) and their caches: shared by `backup` and `status`.
struct TargetOptions {
    Text subdomain, base_url, cache_dir, config, instance;
};

struct BackupOptions {
    TargetOptions target;
    Text email, api_token, oauth_token, backup_dir, ca_file, summary_json;
    Text batch_size, concurrency, rate_limit, export_rate_limit, keep, max_retries, timeout, comments_from;
    std::vector<std::string> only, skip;
    bool full = false, no_attachments = false, quiet = false, verbose = false;
};

struct StatusOptions {
    TargetOptions target;
    Text max_age;
    bool json = false;
};

/// What parsing may read besides argv.
struct Inputs {
    const EnvLookup& env;
    const FileReader& read;
};

/// A resolved setting and where it came from ("--keep", "BACKUP_PATH", "\"keep\" in FILE, instance a").
struct Setting {
    std::string value;
    std::string source;
    bool from_file_defaults = false;  ///< from the config file's "defaults"
};

/// The layers one instance's settings come from. `file` is null without --config.
struct Sources {
    const Inputs& inputs;
    const FileInstance* file = nullptr;
    std::vector<std::string>* warnings = nullptr;

    /// Flag, else environment variable `env_name` (may be empty), else the file's `key` (may be empty).
    std::optional<Setting> get(const Text& flag, std::string_view env_name, std::string_view key) const;
    /// The environment variable, empty counting as unset.
    std::optional<std::string> env(std::string_view name) const;
};

/// The instances --config names (all of them, or --instance), or one null entry without --config.
struct Selection {
    std::optional<ConfigFile> file;
    std::vector<const FileInstance*> chosen;
};

/// Errors: UsageError (unreadable or bad file, --instance without --config, unknown instance, an
/// identity flag or variable that would apply to several instances).
Selection select_instances(const TargetOptions& target, const Inputs& inputs,
                           std::vector<std::string>& warnings);

/// The base URL of an instance: --base-url/--subdomain, ZENDESK_BASE_URL/ZENDESK_SUBDOMAIN, the file.
std::string resolve_base_url(const TargetOptions& target, const Sources& sources);

/// The cache of an instance (see the README: with --config, a directory given for all instances is their
/// root). `base_url` is asked only when no directory is given (`status --cache-dir` needs no instance).
std::filesystem::path resolve_cache_dir(const TargetOptions& target, const Sources& sources,
                                        const std::function<std::string()>& base_url);

/// Refuses a flag or environment variable among `flags`/`variables` when several instances run: it
/// would apply to all of them (one identity or credential for every instance).
void refuse_shared_identity(const Selection& selection, const std::vector<const Text*>& flags,
                            const std::vector<std::string_view>& variables, const Inputs& inputs);

/// Whole number in [lo, hi]. Never echoes the value: a mistyped command line may hold a secret.
std::int64_t to_integer(const Setting& s, std::int64_t lo, std::int64_t hi);

BackupCommand build_backup(const BackupOptions& options, const Inputs& inputs);
StatusCommand build_status(const StatusOptions& options, const Inputs& inputs);

/// Fills email/api_token or oauth_token of `config`. Errors: UsageError saying what is missing.
void resolve_auth(Config& config, const BackupOptions& o, const Sources& sources);

}  // namespace zdbackup::cli
