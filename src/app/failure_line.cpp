#include <zdbackup/app/cli.hpp>
#include <zdbackup/app/failure_line.hpp>
#include <zdbackup/core/run_error.hpp>

#include <boost/system/system_error.hpp>

#include <system_error>

namespace zdbackup {

FailureLine describe_failure(const std::exception_ptr& error) {
    try {
        std::rethrow_exception(error);
    } catch (const UsageError& e) {
        return {ExitCode::usage, e.what()};
    } catch (const RunError& e) {
        return {e.exit_code(), e.what()};
    } catch (const boost::system::system_error& e) {
        return {exit_code_for(e.code()), e.what()};
    } catch (const std::system_error& e) {
        if (e.code() == std::errc::no_space_on_device)
            return {ExitCode::local_io, std::string(e.what()) +
                                            ": the disk is full: free some space and run again (it resumes "
                                            "where it stopped)"};
        return {ExitCode::local_io, std::string(e.what()) + ": check free space and permissions"};
    } catch (const std::exception& e) {
        return {ExitCode::failure, e.what()};
    } catch (...) {
        return {ExitCode::failure, "unexpected failure"};
    }
}

}  // namespace zdbackup
