#include <zdbackup/platform/process.hpp>

#include "wide.hpp"
#include "windows_api.hpp"

#include <shellapi.h>  // CommandLineToArgvW

namespace zdbackup::platform {

long current_pid() {
    return static_cast<long>(::GetCurrentProcessId());
}

bool process_alive(long pid) {
    if (pid <= 0) return false;
    const HANDLE process = ::OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, static_cast<DWORD>(pid));
    if (process == nullptr) {
        // Access denied means it exists but belongs to someone else; anything else (invalid parameter)
        // means there is no such process.
        return ::GetLastError() == ERROR_ACCESS_DENIED;
    }
    DWORD code = 0;
    const BOOL ok = ::GetExitCodeProcess(process, &code);
    ::CloseHandle(process);
    // A handle to an exited process stays valid while someone holds it: STILL_ACTIVE tells them apart
    // (a live process that returned 259 is the documented ambiguity, harmless here: it keeps a file).
    return !ok || code == STILL_ACTIVE;
}

std::vector<std::string> utf8_arguments(int, char**) {
    // argv is in the ANSI code page; the wide command line has every character the user typed.
    int count = 0;
    LPWSTR* wide = ::CommandLineToArgvW(::GetCommandLineW(), &count);
    std::vector<std::string> args;
    if (wide == nullptr) return args;
    for (int i = 1; i < count; ++i) args.push_back(windows::to_utf8(wide[i]));
    ::LocalFree(wide);
    return args;
}

std::optional<std::string> environment_variable(std::string_view name) {
    const std::wstring wide_name = windows::to_wide(name);
    // The first call asks for the size; the value may change between calls, hence the loop.
    std::wstring value(64, L'\0');
    for (;;) {
        ::SetLastError(ERROR_SUCCESS);
        const DWORD n =
            ::GetEnvironmentVariableW(wide_name.c_str(), value.data(), static_cast<DWORD>(value.size()));
        if (n == 0) {
            if (::GetLastError() == ERROR_ENVVAR_NOT_FOUND) return std::nullopt;
            return std::string();  // set but empty
        }
        if (n < value.size()) {
            value.resize(n);
            return windows::to_utf8(value);
        }
        value.resize(n);  // n counts the terminating NUL when the buffer was too small
    }
}

}  // namespace zdbackup::platform
