// zdbackup: back up a whole Zendesk instance into one verifiable zip.
// main() turns every failure into one line on stderr and a documented exit code.

#include <zdbackup/app/cli.hpp>
#include <zdbackup/app/commands.hpp>
#include <zdbackup/app/logging.hpp>
#include <zdbackup/core/errc.hpp>
#include <zdbackup/core/run_error.hpp>
#include <zdbackup/platform/console.hpp>
#include <zdbackup/platform/process.hpp>

#include <boost/system/system_error.hpp>

#include <iostream>
#include <system_error>

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
        const Command command = parse_command_line(args, &platform::environment_variable);
        return std::visit(Overloaded{
                              [](const BackupCommand& c) { return run_backup(c.config); },
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
    } catch (const UsageError& error) {
        return fail(error.what(), ExitCode::usage);
    } catch (const RunError& error) {
        return fail(error.what(), error.exit_code());
    } catch (const boost::system::system_error& error) {
        return fail(error.what(), exit_code_for(error.code()));
    } catch (const std::system_error& error) {
        if (error.code() == std::errc::no_space_on_device)
            return fail(std::string(error.what()) +
                            ": the disk is full: free some space and run again (it resumes "
                            "where it stopped)",
                        ExitCode::local_io);
        return fail(std::string(error.what()) + ": check free space and permissions", ExitCode::local_io);
    } catch (const std::exception& error) {
        return fail(error.what(), ExitCode::failure);
    }
}
