// `zdbackup status`: reads each cache's backup_state.json and probes its lock. Takes no lock of its own,
// needs no credentials and writes nothing, so it can run while a backup does.

#include <zdbackup/app/commands.hpp>
#include <zdbackup/app/failure_line.hpp>
#include <zdbackup/app/status_report.hpp>
#include <zdbackup/core/json_pretty.hpp>
#include <zdbackup/util/cache_lock.hpp>

#include <boost/json/array.hpp>

#include <iostream>

namespace zdbackup {

namespace {

CacheStatus read_status(const StatusTarget& target) {
    CacheStatus status{target.instance, target.cache_dir, std::nullopt, std::nullopt};
    std::error_code ec;
    if (!std::filesystem::is_directory(target.cache_dir, ec)) return status;
    status.state = read_backup_state(target.cache_dir);
    status.running_pid = cache_lock_holder(target.cache_dir);
    return status;
}

}  // namespace

int run_status(const StatusCommand& command) {
    for (const std::string& warning : command.warnings) std::cerr << "zdbackup: warning: " << warning << "\n";
    boost::json::array documents;
    int exit_code = 0;
    const auto now = std::chrono::system_clock::now();
    for (const StatusTarget& target : command.targets) {
        int code = 0;
        try {
            const CacheStatus status = read_status(target);
            const StatusVerdict verdict = judge_status(status, now, command.max_age);
            code = static_cast<int>(verdict.code);
            if (command.json)
                documents.push_back(status_json(status, verdict));
            else
                std::cout << format_status(status, verdict);
        } catch (...) {
            // A damaged state file: said for this cache, and the others are still reported.
            const FailureLine failure = describe_failure(std::current_exception());
            code = static_cast<int>(failure.code);
            std::cerr << "zdbackup: error: " << (target.instance.empty() ? "" : "[" + target.instance + "] ")
                      << failure.message << "\n";
            if (command.json)
                documents.push_back({{"instance", target.instance},
                                     {"cache_dir", target.cache_dir.string()},
                                     {"status", "problem"},
                                     {"exit_code", code},
                                     {"message", failure.message}});
        }
        if (exit_code == 0) exit_code = code;
    }
    if (command.json) std::cout << pretty_json(documents) << std::flush;
    return exit_code;
}

}  // namespace zdbackup
