#include <zdbackup/app/commands.hpp>
#include <zdbackup/archive/zip_verifier.hpp>
#include <zdbackup/core/run_error.hpp>

#include <iostream>

namespace zdbackup {

int run_verify(const std::filesystem::path& zip) {
    VerifyReport report;
    try {
        report = verify_zip(zip);
    } catch (const std::system_error& error) {
        throw RunError(ExitCode::local_io, std::string(error.what()) + ": check the path");
    }
    for (const std::string& problem : report.problems) std::cerr << "zdbackup: verify: " << problem << "\n";
    if (!report.ok) {
        std::cerr << "zdbackup: error: " << zip.string() << " is damaged or incomplete ("
                  << report.problems.size() << (report.problems.size() == 1 ? " problem" : " problems")
                  << "): do not rely on it; run a new backup\n";
        return static_cast<int>(ExitCode::verify_failed);
    }
    std::cout << "OK: " << zip.string() << ": " << report.entries_checked
              << " entries match manifest.json (SHA-256)\n";
    return 0;
}

}  // namespace zdbackup
