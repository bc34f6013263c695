// zdbackup: back up a whole Zendesk instance into one verifiable zip.
// main() turns every failure into one line on stderr and a documented exit code.

#include <zdbackup/app/cli.hpp>
#include <zdbackup/app/commands.hpp>
#include <zdbackup/app/failure_line.hpp>
#include <zdbackup/app/logging.hpp>
#include <zdbackup/core/errc.hpp>

#include <csignal>
#include <cstdlib>
#include <iostream>

namespace {

template <class... Fs>
struct Overloaded : Fs... {
    using Fs::operator()...;
};

int fail(std::string_view message, zdbackup::ExitCode code) {
    std::cerr << "zdbackup: error: " << message << "\n";
    zdbackup::log_to_run_file(true, message);  // a scheduled run's log must say why it failed
    return static_cast<int>(code);
}

std::optional<std::string> environment(std::string_view name) {
    const char* value = std::getenv(std::string(name).c_str());
    if (!value) return std::nullopt;
    return std::string(value);
}

}  // namespace

int main(int argc, char** argv) {
    using namespace zdbackup;
#ifndef _WIN32
    // A closed console pipe (`zdbackup ... | head`) must not kill a backup; writes just fail.
    std::signal(SIGPIPE, SIG_IGN);
#endif
    try {
        const std::vector<std::string> args(argv + 1, argv + argc);
        const Command command = parse_command_line(args, environment, read_local_file);
        return std::visit(Overloaded{
                              [](const BackupCommand& c) { return run_backups(c); },
                              [](const StatusCommand& c) { return run_status(c); },
                              [](const VerifyCommand& c) {
                                  setup_console_logging(Verbosity::normal);
                                  return run_verify(c.zip);
                              },
                              [](const HelpCommand& c) {
                                  std::cout << c.text;
                                  return 0;
                              },
                              [](const VersionCommand&) {
                                  std::cout << "zdbackup " << ZDB_VERSION << "\n";
                                  return 0;
                              },
                          },
                          command);
    } catch (...) {
        const FailureLine failure = describe_failure(std::current_exception());
        return fail(failure.message, failure.code);
    }
}
