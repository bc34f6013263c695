#include <zdbackup/app/cli.hpp>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>

namespace zdbackup {
namespace {

constexpr std::string_view see_help = " (see zdbackup --help)";

/// One option given as text: flag value if present, else the environment's, else nullopt.
struct Text {
    CLI::Option* option = nullptr;
    std::string value;

    bool given() const { return option && option->count() > 0; }
};

std::optional<std::string> env_value(const EnvLookup& env, std::string_view name) {
    if (name.empty() || !env) return std::nullopt;
    auto v = env(name);
    if (v && v->empty()) v.reset();
    return v;
}

std::optional<std::string> resolve(const Text& t, const EnvLookup& env, std::string_view env_name) {
    if (t.given()) return t.value;
    return env_value(env, env_name);
}

/// Whole-string integer in [lo, hi]. Never echoes the value: a mistyped command line may hold a secret.
std::int64_t to_integer(const Text& t, std::string_view name, std::int64_t lo, std::int64_t hi) {
    std::int64_t v = 0;
    const char* first = t.value.data();
    const char* last = first + t.value.size();
    const auto [end, ec] = std::from_chars(first, last, v);
    if (ec != std::errc{} || end != last || v < lo || v > hi)
        throw UsageError(std::string(name) + ": expected a whole number from " + std::to_string(lo) + " to " +
                         std::to_string(hi));
    return v;
}

double to_rate(const Text& t, std::string_view name, double lo, bool lo_inclusive, double hi) {
    double v = 0;
    const char* first = t.value.data();
    const char* last = first + t.value.size();
    const auto [end, ec] = std::from_chars(first, last, v);
    const bool above_lo = lo_inclusive ? v >= lo : v > lo;
    if (ec != std::errc{} || end != last || !std::isfinite(v) || !above_lo || v > hi)
        throw UsageError(std::string(name) + ": expected requests per minute, " +
                         (lo_inclusive ? "from " : "above ") + std::to_string(static_cast<int>(lo)) + " to " +
                         std::to_string(static_cast<int>(hi)));
    return v;
}

std::vector<std::string> split_kinds(const std::vector<std::string>& lists, std::string_view option) {
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
                        std::string(option) + ": unknown kind '" + kind +
                        "' (kinds: tickets, users, organizations, guide, support_assets, attachments)");
                out.push_back(std::move(kind));
            }
            start = comma + 1;
        }
    }
    return out;
}

bool valid_subdomain(std::string_view s) {
    if (s.empty() || s.size() > 63 || s.front() == '-' || s.back() == '-') return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    });
}

/// Names what an unexpected argument was without echoing a value that may be a secret.
std::string describe_extra(const std::string& arg) {
    if (arg.size() > 1 && arg.front() == '-') {
        const std::string name = arg.substr(0, arg.find('='));
        return "unknown option " + name;
    }
    return "unexpected argument";
}

void resolve_auth(Config& c, const Text& email, const Text& api_token, const Text& oauth,
                  const EnvLookup& env) {
    const std::string both = "give either --email with --api-token, or --oauth-token, not both";
    bool oauth_mode = false;
    if (api_token.given() && oauth.given()) throw UsageError(both);
    if (oauth.given()) {
        oauth_mode = true;
    } else if (api_token.given() || email.given()) {
        oauth_mode = false;
    } else {
        const bool env_token = env_value(env, "ZENDESK_API_TOKEN").has_value();
        const bool env_oauth = env_value(env, "ZENDESK_OAUTH_TOKEN").has_value();
        if (env_token && env_oauth)
            throw UsageError(
                "both ZENDESK_API_TOKEN and ZENDESK_OAUTH_TOKEN are set; unset one or pass a flag");
        if (!env_token && !env_oauth)
            throw UsageError(
                "no credentials: set --email and --api-token (ZENDESK_EMAIL, ZENDESK_API_TOKEN) or "
                "--oauth-token "
                "(ZENDESK_OAUTH_TOKEN)");
        oauth_mode = env_oauth;
    }
    if (oauth_mode) {
        const auto token = resolve(oauth, env, "ZENDESK_OAUTH_TOKEN");
        if (!token || token->empty()) throw UsageError("--oauth-token is empty");
        c.oauth_token = *token;
        return;
    }
    const auto token = resolve(api_token, env, "ZENDESK_API_TOKEN");
    const auto mail = resolve(email, env, "ZENDESK_EMAIL");
    if (!token || token->empty())
        throw UsageError("missing API token: set --api-token or ZENDESK_API_TOKEN (or use --oauth-token)");
    if (!mail || mail->empty())
        throw UsageError("missing email for API-token authentication: set --email or ZENDESK_EMAIL");
    c.email = *mail;
    c.api_token = *token;
}

std::string resolve_base_url(const Text& base_url, const Text& subdomain, const EnvLookup& env) {
    // A flag of either kind beats the environment; within one level --base-url beats --subdomain.
    std::optional<std::string> url, sub;
    if (base_url.given()) {
        url = base_url.value;
    } else if (subdomain.given()) {
        sub = subdomain.value;
    } else if (auto e = env_value(env, "ZENDESK_BASE_URL")) {
        url = std::move(e);
    } else {
        sub = env_value(env, "ZENDESK_SUBDOMAIN");
    }
    if (url) {
        auto normalized = normalize_base_url(*url);
        if (!normalized)
            throw UsageError(
                "--base-url / ZENDESK_BASE_URL must be an https URL with a host and no path, query or "
                "credentials, e.g. https://127.0.0.1:8443");
        return *normalized;
    }
    if (!sub) throw UsageError("no Zendesk instance: set --subdomain or ZENDESK_SUBDOMAIN (or --base-url)");
    if (!valid_subdomain(*sub))
        throw UsageError(
            "--subdomain / ZENDESK_SUBDOMAIN must be letters, digits and hyphens, e.g. 'acme' for "
            "https://acme.zendesk.com (use --base-url for other hosts)");
    std::string lowered = *sub;
    for (char& ch : lowered) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return "https://" + lowered + ".zendesk.com";
}

/// Replaces every credential in `message` by "***": CLI11's own messages may quote arguments.
std::string scrub(std::string message, const std::vector<std::string>& secrets) {
    for (const std::string& s : secrets) {
        if (s.size() < 3) continue;
        for (std::size_t at = message.find(s); at != std::string::npos; at = message.find(s, at + 3))
            message.replace(at, s.size(), "***");
    }
    return message;
}

/// Values that follow (or are attached to) credential options, and credential environment variables.
std::vector<std::string> collect_secrets(const std::vector<std::string>& args, const EnvLookup& env) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < args.size(); ++i) {
        for (std::string_view opt : {"--api-token", "--oauth-token", "--email"}) {
            const std::string& a = args[i];
            if (a == opt && i + 1 < args.size()) out.push_back(args[i + 1]);
            if (a.size() > opt.size() && a.compare(0, opt.size(), opt) == 0 && a[opt.size()] == '=')
                out.push_back(a.substr(opt.size() + 1));
        }
    }
    for (std::string_view name : {"ZENDESK_API_TOKEN", "ZENDESK_OAUTH_TOKEN", "ZENDESK_EMAIL"})
        if (auto v = env_value(env, name)) out.push_back(*v);
    // Longest first so a secret containing another is replaced whole.
    std::sort(out.begin(), out.end(),
              [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
    return out;
}

CommentSource to_comment_source(const std::string& value) {
    if (value == "auto") return CommentSource::automatic;
    if (value == "events") return CommentSource::events;
    if (value == "tickets") return CommentSource::per_ticket;
    throw UsageError("--comments-from must be auto, events or tickets, not '" + value + "'");
}

struct BackupOptions {
    Text subdomain, base_url, email, api_token, oauth_token, cache_dir, backup_dir, ca_file;
    Text batch_size, concurrency, rate_limit, export_rate_limit, keep, max_retries, timeout, comments_from;
    std::vector<std::string> only, skip;
    bool full = false, no_attachments = false, quiet = false, verbose = false;
};

void add_backup_options(CLI::App& backup, BackupOptions& o) {
    const auto text = [&](const char* name, Text& t) { t.option = backup.add_option(name, t.value); };
    text("--subdomain", o.subdomain);
    text("--base-url", o.base_url);
    text("--email", o.email);
    text("--api-token", o.api_token);
    text("--oauth-token", o.oauth_token);
    text("--cache-dir", o.cache_dir);
    text("--backup-dir", o.backup_dir);
    text("--ca-file", o.ca_file);
    text("--batch-size", o.batch_size);
    text("--concurrency", o.concurrency);
    text("--rate-limit", o.rate_limit);
    text("--export-rate-limit", o.export_rate_limit);
    text("--keep", o.keep);
    text("--max-retries", o.max_retries);
    text("--timeout", o.timeout);
    text("--comments-from", o.comments_from);
    backup.add_option("--only", o.only)->allow_extra_args(false);
    backup.add_option("--skip", o.skip)->allow_extra_args(false);
    backup.add_flag("--full", o.full);
    backup.add_flag("--no-attachments", o.no_attachments);
    backup.add_flag("--quiet", o.quiet);
    backup.add_flag("--verbose", o.verbose);
}

Config build_config(const BackupOptions& o, const EnvLookup& env) {
    Config c;
    c.base_url = resolve_base_url(o.base_url, o.subdomain, env);
    resolve_auth(c, o.email, o.api_token, o.oauth_token, env);

    if (auto dir = resolve(o.cache_dir, env, "LOCAL_CACHE_PATH")) {
        if (dir->empty()) throw UsageError("--cache-dir is empty");
        c.cache_dir = *dir;
    } else {
        c.cache_dir = default_cache_root(env) / "zdbackup" / instance_name(c.base_url);
    }
    if (auto dir = resolve(o.backup_dir, env, "BACKUP_PATH")) c.backup_dir = *dir;
    if (auto file = resolve(o.ca_file, env, "ZENDESK_CA_FILE")) c.ca_file = *file;

    if (o.batch_size.given())
        c.batch_size = static_cast<std::size_t>(to_integer(o.batch_size, "--batch-size", 1, 100000));
    if (o.concurrency.given())
        c.concurrency = static_cast<int>(to_integer(o.concurrency, "--concurrency", 1, 64));
    if (o.keep.given()) c.keep = static_cast<int>(to_integer(o.keep, "--keep", 0, 100000));
    if (o.max_retries.given())
        c.max_retries = static_cast<int>(to_integer(o.max_retries, "--max-retries", 0, 100));
    if (o.timeout.given())
        c.request_timeout = std::chrono::seconds(to_integer(o.timeout, "--timeout", 1, 3600));
    if (o.rate_limit.given()) c.rate_limit_rpm = to_rate(o.rate_limit, "--rate-limit", 0, true, 100000);
    if (o.export_rate_limit.given())
        c.export_rate_limit_rpm = to_rate(o.export_rate_limit, "--export-rate-limit", 0, false, 10000);

    if (o.comments_from.given()) c.comments_from = to_comment_source(o.comments_from.value);
    c.full = o.full;
    if (o.quiet && o.verbose) throw UsageError("--quiet and --verbose cannot be combined");
    c.verbosity = o.quiet ? Verbosity::quiet : o.verbose ? Verbosity::verbose : Verbosity::normal;

    const auto only = split_kinds(o.only, "--only");
    if (!o.only.empty()) {
        if (only.empty()) throw UsageError("--only: no kinds given");
        c.kinds = {only.begin(), only.end()};
    }
    for (const std::string& k : split_kinds(o.skip, "--skip")) c.kinds.erase(k);
    if (o.no_attachments) c.kinds.erase("attachments");
    if (c.kinds.empty()) throw UsageError("nothing to back up: --only/--skip leave no kinds");
    if (c.kinds.size() == 1 && c.kinds.contains("attachments"))
        throw UsageError("attachments are found through tickets and guide: add tickets or guide to --only");
    return c;
}

Command parse(const std::vector<std::string>& args, const EnvLookup& env) {
    // --help and --version win wherever they appear (before a "--").
    for (const std::string& a : args) {
        if (a == "--") break;
        if (a == "--help" || a == "-h") return HelpCommand{help_text()};
        if (a == "--version") return VersionCommand{};
    }
    if (args.empty()) throw UsageError("no command given: use 'zdbackup backup' or 'zdbackup verify ZIP'");

    CLI::App app{"zdbackup", "zdbackup"};
    app.set_help_flag();
    app.allow_extras();
    app.require_subcommand(0, 1);
    app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);

    CLI::App* backup = app.add_subcommand("backup", "run a backup");
    backup->allow_extras();
    BackupOptions options;
    add_backup_options(*backup, options);

    CLI::App* verify = app.add_subcommand("verify", "verify a zip");
    verify->allow_extras();
    std::string zip;
    CLI::Option* zip_option = verify->add_option("zip", zip);

    std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 consumes from the back
    app.parse(reversed);

    for (CLI::App* a : {&app, backup, verify})
        if (const auto extras = a->remaining(); !extras.empty())
            throw UsageError(describe_extra(extras.front()));

    if (backup->parsed()) return BackupCommand{build_config(options, env)};
    if (verify->parsed()) {
        if (zip_option->count() == 0 || zip.empty())
            throw UsageError("verify needs the path of a zip: zdbackup verify ZIP");
        return VerifyCommand{zip};
    }
    throw UsageError("no command given: use 'zdbackup backup' or 'zdbackup verify ZIP'");
}

}  // namespace

Command parse_command_line(const std::vector<std::string>& args, const EnvLookup& env) {
    try {
        return parse(args, env);
    } catch (const UsageError& e) {
        // Our messages never quote credentials; scrub anyway in case one was typed in the wrong place.
        throw UsageError(scrub(e.what(), collect_secrets(args, env)) + std::string(see_help));
    } catch (const CLI::ParseError& e) {
        throw UsageError(scrub(e.what(), collect_secrets(args, env)) + std::string(see_help));
    }
}

}  // namespace zdbackup
