// zdbackup: back up a whole Zendesk instance into one verifiable zip.
// main() turns every failure into one line on stderr and a documented exit code.

#include <zdbackup/app/cli.hpp>
#include <zdbackup/app/commands.hpp>
#include <zdbackup/app/failure_line.hpp>
#include <zdbackup/app/logging.hpp>
#include <zdbackup/core/errc.hpp>
#include <zdbackup/platform/console.hpp>
#include <zdbackup/platform/process.hpp>

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

}  // namespace

int main(int argc, char** argv) {
    using namespace zdbackup;
    platform::prepare_console();
    try {
        // Arguments and environment as UTF-8 from here on, whatever the platform's own encoding.
        const std::vector<std::string> args = platform::utf8_arguments(argc, argv);
        const Command command = parse_command_line(args, &platform::environment_variable, read_local_file);
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
