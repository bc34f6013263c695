#pragma once
// The command line: argv + environment → what to do. Pure: no console, no exit, no getenv.

#include <zdbackup/core/config.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace zdbackup {

/// Reads one environment variable; nullopt when unset. Injected so parsing stays testable.
using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;

/// A file the command line names (--config, a token file): its text, and whether users other than its
/// owner may read it.
struct FileContents {
    std::string text;
    bool readable_by_others = false;
};

/// Reads a file; nullopt when it cannot be read. Injected so parsing stays testable.
using FileReader = std::function<std::optional<FileContents>(const std::filesystem::path& file)>;

/// `zdbackup backup [options]`
struct BackupCommand {
    /// One configuration per instance, to run one after another in this order (one without --config).
    std::vector<Config> runs;
    /// Not fatal, for stderr before the runs (a config or token file that others can read...).
    std::vector<std::string> warnings;
};
/// One cache `status` reports on.
struct StatusTarget {
    std::string instance;  ///< the --config name, else the host-derived name; empty with --cache-dir alone
    std::filesystem::path cache_dir;
};
/// `zdbackup status [options]`
struct StatusCommand {
    std::vector<StatusTarget> targets;  ///< in the order of the config file
    bool json = false;                  ///< --json: machine-readable output
    /// --max-age: a last success older than this is an error; nullopt = any age is fine.
    std::optional<std::chrono::hours> max_age;
    std::vector<std::string> warnings;
};
/// `zdbackup verify ZIP`
struct VerifyCommand {
    std::filesystem::path zip;
};
/// `--help` anywhere: print `text` to stdout, exit 0.
struct HelpCommand {
    std::string text;
};
/// `--version`: print version_text(), exit 0.
struct VersionCommand {};

using Command = std::variant<BackupCommand, VerifyCommand, StatusCommand, HelpCommand, VersionCommand>;

/// A bad command line or configuration: one line for stderr, exit code ExitCode::usage.
/// The message never contains credentials.
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// Pure: argv (without program name) + environment + the files it names → command. Precedence: flag >
/// environment > config file (the instance's own settings, then "defaults") > default. Empty
/// environment variables count as unset.
/// Errors: UsageError with one clear line (unknown option, missing credentials, both auth modes, bad
/// number, no subdomain/base-url, unknown kind, a bad config file, an identity setting that would apply
/// to several instances...).
Command parse_command_line(const std::vector<std::string>& args, const EnvLookup& env,
                           const FileReader& read_file);

/// As above, for command lines that name no file (a --config cannot be read).
Command parse_command_line(const std::vector<std::string>& args, const EnvLookup& env);

/// Reads a local file for parse_command_line. Whether others may read it is only known on POSIX file
/// systems: on Windows (ACLs, which std::filesystem does not show) it is reported as private.
std::optional<FileContents> read_local_file(const std::filesystem::path& file);

/// The man-page style --help text: synopsis, options with their environment variables, examples,
/// exit codes.
std::string help_text();

/// "zdbackup <version>".
std::string version_text();

/// A file-system-safe directory name for an instance: the base URL's host, plus "_<port>" when the
/// URL has one ("acme.zendesk.com", "127.0.0.1_8443"). The URL must be valid.
std::string instance_name(std::string_view base_url);

/// Parses and normalises a base URL: https only, no credentials, query, fragment or path; the host
/// lower-cased and any trailing slash removed. nullopt when not acceptable.
std::optional<std::string> normalize_base_url(std::string_view url);

/// The platform's per-user cache directory (without "zdbackup/<instance>"), from the environment:
/// %LOCALAPPDATA% on Windows, ~/Library/Caches on macOS, $XDG_CACHE_HOME (if absolute) or
/// $HOME/.cache elsewhere.
/// Errors: UsageError when the environment names none.
std::filesystem::path default_cache_root(const EnvLookup& env);

}  // namespace zdbackup
