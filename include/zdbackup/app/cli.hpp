#pragma once
// The command line: argv + environment → what to do. Pure: no console, no exit, no getenv.

#include <zdbackup/core/config.hpp>

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

/// `zdbackup backup [options]`
struct BackupCommand {
    Config config;
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

using Command = std::variant<BackupCommand, VerifyCommand, HelpCommand, VersionCommand>;

/// A bad command line or configuration: one line for stderr, exit code ExitCode::usage.
/// The message never contains credentials.
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// Pure: argv (without program name) + environment → command. Precedence: flag > environment > default.
/// Empty environment variables count as unset.
/// Errors: UsageError with one clear line (unknown option, missing credentials, both auth modes, bad
/// number, no subdomain/base-url, unknown kind...).
Command parse_command_line(const std::vector<std::string>& args, const EnvLookup& env);

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
