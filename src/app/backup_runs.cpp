// `zdbackup backup` with one or several instances: each run in turn, its summary JSON, and the exit
// status of the whole command.

#include <zdbackup/app/cli.hpp>
#include <zdbackup/app/commands.hpp>
#include <zdbackup/app/failure_line.hpp>
#include <zdbackup/app/logging.hpp>

#include <filesystem>
#include <iostream>

namespace zdbackup {

namespace {

/// Defence in depth: no message is built from a credential, but one must never reach a summary file.
std::string without_secrets(std::string message, const Config& config) {
    for (const std::string& secret : {config.api_token, config.oauth_token}) {
        if (secret.size() < 3) continue;
        for (auto at = message.find(secret); at != std::string::npos; at = message.find(secret, at))
            message.replace(at, secret.size(), "***");
    }
    return message;
}

/// Paths as the run records them (state file, summary, status): absolute, so that they still lead to
/// the files when read from another working directory.
Config with_absolute_paths(Config config) {
    for (std::filesystem::path* path : {&config.cache_dir, &config.backup_dir, &config.summary_json}) {
        std::error_code ec;
        if (path->empty()) continue;
        auto absolute = std::filesystem::absolute(*path, ec);
        if (!ec) *path = absolute.lexically_normal();
    }
    return config;
}

/// One instance's run: the exit code, with the error line printed (and logged) when it failed.
int run_one(const Config& config, bool several, RunOutcome& outcome) {
    try {
        if (!config.unusable.empty()) throw UsageError(config.unusable);
        return run_backup(config, outcome);
    } catch (...) {
        const FailureLine failure = describe_failure(std::current_exception());
        outcome.error = without_secrets(failure.message, config);
        std::cerr << "zdbackup: error: " << (several ? "[" + config.instance + "] " : "") << outcome.error
                  << "\n";
        log_to_run_file(true, outcome.error);  // a scheduled run's log must say why it failed
        return static_cast<int>(failure.code);
    }
}

/// The summary file is how a monitoring system learns the result: not being able to write it fails
/// the run (exit 6) rather than leaving the previous night's "ok" in place.
int write_summary(const Config& config, const RunOutcome& outcome) {
    if (config.summary_json.empty()) return outcome.exit_code;
    try {
        write_summary_json(config.summary_json, outcome);
        return outcome.exit_code;
    } catch (const std::exception& error) {
        std::cerr << "zdbackup: error: cannot write the summary " << config.summary_json.string() << " ("
                  << error.what() << "): check --summary-json\n";
        return outcome.exit_code != 0 ? outcome.exit_code : static_cast<int>(ExitCode::local_io);
    }
}

std::string final_line(const std::vector<std::pair<std::string, int>>& failed,
                       const std::vector<std::string>& not_run, std::size_t runs) {
    std::string line = std::to_string(failed.size()) + " of " + std::to_string(runs) + " instances failed:";
    for (const auto& [name, code] : failed) line += " " + name + " (exit " + std::to_string(code) + ")";
    if (!not_run.empty()) {
        line += "; not run after the interruption:";
        for (const std::string& name : not_run) line += " " + name;
    }
    return line;
}

}  // namespace

int run_backups(const BackupCommand& command) {
    for (const std::string& warning : command.warnings) std::cerr << "zdbackup: warning: " << warning << "\n";
    const bool several = command.runs.size() > 1;
    std::vector<std::pair<std::string, int>> failed;
    std::vector<std::string> not_run;
    for (const Config& config : command.runs) {
        if (!failed.empty() && failed.back().second == static_cast<int>(ExitCode::interrupted)) {
            not_run.push_back(config.instance);  // Ctrl-C stops the whole command, not just one instance
            continue;
        }
        if (several)
            std::cout << "== " << config.instance
                      << (config.base_url.empty() ? std::string() : " (" + config.base_url + ")") << "\n"
                      << std::flush;
        const auto wall_start = std::chrono::steady_clock::now();
        RunOutcome outcome;
        outcome.instance = config.instance;
        outcome.source = config.base_url;
        outcome.started = std::chrono::system_clock::now();
        outcome.exit_code = run_one(with_absolute_paths(config), several, outcome);
        outcome.finished = std::chrono::system_clock::now();
        outcome.wall = std::chrono::steady_clock::now() - wall_start;
        if (const int code = write_summary(config, outcome); code != 0)
            failed.emplace_back(config.instance, code);
        if (several) close_run_logs();
    }
    if (several && !failed.empty())
        std::cerr << "zdbackup: error: " << final_line(failed, not_run, command.runs.size()) << "\n";
    return failed.empty() ? 0 : failed.front().second;
}

}  // namespace zdbackup
