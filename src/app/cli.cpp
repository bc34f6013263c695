// The command line's shape (CLI11): commands, options, and the one-line errors. What the options mean
// is resolved in cli_backup.cpp, cli_targets.cpp and cli_auth.cpp.

#include "cli_options.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdint>

namespace zdbackup {

bool cli::Text::given() const {
    return option && option->count() > 0;
}

namespace {

using cli::BackupOptions;
using cli::StatusOptions;
using cli::TargetOptions;
using cli::Text;

constexpr std::string_view see_help = " (see zdbackup --help)";

/// Names what an unexpected argument was without echoing a value that may be a secret.
std::string describe_extra(const std::string& arg) {
    if (arg.size() > 1 && arg.front() == '-') {
        const std::string name = arg.substr(0, arg.find('='));
        return "unknown option " + name;
    }
    return "unexpected argument";
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
        if (auto v = env ? env(name) : std::nullopt; v && !v->empty()) out.push_back(*v);
    // Longest first so a secret containing another is replaced whole.
    std::sort(out.begin(), out.end(),
              [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
    return out;
}

void add_text(CLI::App& command, const char* name, Text& t) {
    t.name = name;
    t.option = command.add_option(name, t.value);
}

void add_target_options(CLI::App& command, TargetOptions& o) {
    add_text(command, "--subdomain", o.subdomain);
    add_text(command, "--base-url", o.base_url);
    add_text(command, "--cache-dir", o.cache_dir);
    add_text(command, "--config", o.config);
    add_text(command, "--instance", o.instance);
}

void add_backup_options(CLI::App& backup, BackupOptions& o) {
    add_target_options(backup, o.target);
    for (auto [name, text] : {std::pair{"--email", &o.email},
                              {"--api-token", &o.api_token},
                              {"--oauth-token", &o.oauth_token},
                              {"--backup-dir", &o.backup_dir},
                              {"--ca-file", &o.ca_file},
                              {"--summary-json", &o.summary_json},
                              {"--batch-size", &o.batch_size},
                              {"--concurrency", &o.concurrency},
                              {"--rate-limit", &o.rate_limit},
                              {"--export-rate-limit", &o.export_rate_limit},
                              {"--keep", &o.keep},
                              {"--max-retries", &o.max_retries},
                              {"--timeout", &o.timeout},
                              {"--comments-from", &o.comments_from}})
        add_text(backup, name, *text);
    backup.add_option("--only", o.only)->allow_extra_args(false);
    backup.add_option("--skip", o.skip)->allow_extra_args(false);
    backup.add_flag("--full", o.full);
    backup.add_flag("--no-attachments", o.no_attachments);
    backup.add_flag("--quiet", o.quiet);
    backup.add_flag("--verbose", o.verbose);
}

void add_status_options(CLI::App& status, StatusOptions& o) {
    add_target_options(status, o.target);
    add_text(status, "--max-age", o.max_age);
    status.add_flag("--json", o.json);
}

constexpr std::string_view kNoCommand =
    "no command given: use 'zdbackup backup', 'zdbackup status' or 'zdbackup verify ZIP'";

Command parse(const std::vector<std::string>& args, const cli::Inputs& inputs) {
    // --help and --version win wherever they appear (before a "--").
    for (const std::string& a : args) {
        if (a == "--") break;
        if (a == "--help" || a == "-h") return HelpCommand{help_text()};
        if (a == "--version") return VersionCommand{};
    }
    if (args.empty()) throw UsageError(std::string(kNoCommand));

    CLI::App app{"zdbackup", "zdbackup"};
    app.set_help_flag();
    app.allow_extras();
    app.require_subcommand(0, 1);
    app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);

    CLI::App* backup = app.add_subcommand("backup", "run a backup");
    backup->allow_extras();
    BackupOptions options;
    add_backup_options(*backup, options);

    CLI::App* status = app.add_subcommand("status", "report on a cache");
    status->allow_extras();
    StatusOptions status_options;
    add_status_options(*status, status_options);

    CLI::App* verify = app.add_subcommand("verify", "verify a zip");
    verify->allow_extras();
    std::string zip;
    CLI::Option* zip_option = verify->add_option("zip", zip);

    std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 consumes from the back
    app.parse(reversed);

    for (CLI::App* a : {&app, backup, status, verify})
        if (const auto extras = a->remaining(); !extras.empty())
            throw UsageError(describe_extra(extras.front()));

    if (backup->parsed()) return cli::build_backup(options, inputs);
    if (status->parsed()) return cli::build_status(status_options, inputs);
    if (verify->parsed()) {
        if (zip_option->count() == 0 || zip.empty())
            throw UsageError("verify needs the path of a zip: zdbackup verify ZIP");
        return VerifyCommand{zip};
    }
    throw UsageError(std::string(kNoCommand));
}

}  // namespace

Command parse_command_line(const std::vector<std::string>& args, const EnvLookup& env) {
    return parse_command_line(args, env, FileReader{});
}

Command parse_command_line(const std::vector<std::string>& args, const EnvLookup& env,
                           const FileReader& read_file) {
    try {
        return parse(args, cli::Inputs{env, read_file});
    } catch (const UsageError& e) {
        // Our messages never quote credentials; scrub anyway in case one was typed in the wrong place.
        throw UsageError(scrub(e.what(), collect_secrets(args, env)) + std::string(see_help));
    } catch (const CLI::ParseError& e) {
        throw UsageError(scrub(e.what(), collect_secrets(args, env)) + std::string(see_help));
    }
}

}  // namespace zdbackup
