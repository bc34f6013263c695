#!/usr/bin/env bash
# Fails when operating-system-specific code leaks out of the platform layer (docs/decisions.md,
# "Platform layer"). Run by ctest as `platform_layer`; by hand: bash tools/check_platform_layer.sh [CXX]
#
# 1. Text scan of every portable file (src/, include/, tools/zdmock/, tests/unit/ minus
#    src/platform/{posix,windows}/): no POSIX- or Windows-only header, no call of a POSIX- or Windows-only
#    function, no POSIX-only signal.
# 2. Every platform header compiled on its own with -fsyntax-only: they are the interface both
#    implementations compile against, so each must stand alone.
# 3. Every public header, compiled together with -fsyntax-only, and checked twice:
#    a. each preprocessed alone with -H: the real include graph, macros and all; no forbidden header may
#       be included directly by one of ours (Boost's own <unistd.h> is its business; <csignal> is ISO C++ and allowed, only the
#       POSIX-only signal names are flagged by 1);
#    b. with the POSIX and Win32 names poisoned (#pragma GCC poison) after the third-party headers: any
#       inline code in our headers that names one fails to compile, however it got its declaration.
# 4. With a MinGW-w64 cross compiler (x86_64-w64-mingw32-g++, tools/install-deps.sh installs it), the
#    Windows implementations src/platform/windows/*.cpp and every portable source (src/, tools/zdmock,
#    tests/unit) are compiled for Windows with -fsyntax-only -Wall -Wextra -Werror.
set -euo pipefail
cd "$(dirname "$0")/.."
cxx="${1:-${CXX:-c++}}"
status=0
fail() { echo "check_platform_layer: $*" >&2; status=1; }

portable_files() {
    git ls-files -co --exclude-standard -- src include tools/zdmock tests/unit 2>/dev/null ||
        find src include tools/zdmock tests/unit -type f
}
mapfile -t files < <(portable_files | grep -E '\.(cpp|hpp|h)$' |
    grep -vE '^src/platform/(posix|windows)/' | sort -u)
[ ${#files[@]} -gt 0 ] || { echo "check_platform_layer: no source files found" >&2; exit 1; }

# --- 1. text scan (comments stripped, so prose may name the calls it explains) -----------------------
header_re='^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](unistd\.h|fcntl\.h|signal\.h|sys/[^>"]*|dlfcn\.h|pthread\.h|poll\.h|termios\.h|pwd\.h|grp\.h|dirent\.h|spawn\.h|syslog\.h|windows\.h|winbase\.h|winsock2?\.h|ws2tcpip\.h|shellapi\.h|io\.h|direct\.h|process\.h|conio\.h)[>"]'
posix_calls='fsync|fdatasync|flock|fcntl|ftruncate|pread|pwrite|getpid|getppid|kill|fork|execv|execvp|execl|execlp|waitpid|isatty|fileno|sigaction|sigemptyset|sigprocmask|newlocale|uselocale|freelocale|localtime_r|gmtime_r|mkstemp|umask|chmod|fchmod|setenv|unsetenv|getuid|geteuid|nanosleep|usleep'
windows_calls='CreateFileW|CreateFileA|LockFileEx|UnlockFileEx|MoveFileExW|MoveFileExA|FlushFileBuffers|GetLastError|OpenProcess|GetExitCodeProcess|CloseHandle|SetConsoleCtrlHandler|SetConsoleOutputCP|GetCommandLineW|CommandLineToArgvW|GetEnvironmentVariableW|MultiByteToWideChar|WideCharToMultiByte|GetCurrentProcessId|_wgetenv|_isatty|_fileno|localtime_s|_configthreadlocale'
# A call: the name not preceded by `.`, `->`, a word character or another scope (`Foo::`), then `(`.
call_re="(^|[^.>:[:alnum:]_])(::)?(${posix_calls}|${windows_calls})[[:space:]]*\\("
global_io_re='(^|[^[:alnum:]_:])::(open|close|read|write|rename|unlink|stat|lseek|dup|dup2|pipe)[[:space:]]*\('
signal_re='\bSIG(PIPE|HUP|KILL|CHLD|USR1|USR2|ALRM|QUIT|STOP|CONT|TSTP|BREAK)\b'
for f in "${files[@]}"; do
    stripped=$(sed -e 's#//.*$##' "$f")
    while IFS= read -r hit; do fail "$f:$hit: OS-specific header outside the platform layer"; done \
        < <(grep -nE "$header_re" <<<"$stripped" || true)
    while IFS= read -r hit; do fail "$f:$hit: OS-specific call outside the platform layer"; done \
        < <(grep -nE "$call_re|$global_io_re" <<<"$stripped" || true)
    while IFS= read -r hit; do fail "$f:$hit: POSIX-only signal outside the platform layer"; done \
        < <(grep -nP "$signal_re" <<<"$stripped" || true)
done

# --- 2 and 3. compile the public headers ----------------------------------------------------------------
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
flags=(-std=c++20 -fsyntax-only "-I$PWD/include" -DZDB_VERSION=\"check\" -DBOOST_ASIO_SEPARATE_COMPILATION
       -DBOOST_BEAST_SEPARATE_COMPILATION -DBOOST_ASIO_NO_DEPRECATED)
mapfile -t headers < <(printf '%s\n' "${files[@]}" | grep -E '^include/zdbackup/.*\.hpp$')
for h in include/zdbackup/platform/*.hpp; do
    echo "#include <${h#include/}>" >"$work/alone.cpp"
    "$cxx" "${flags[@]}" "$work/alone.cpp" || fail "$h does not compile on its own"
done

printf '#include <%s>\n' "${headers[@]#include/}" >"$work/all_headers.cpp"
if ! "$cxx" "${flags[@]}" "$work/all_headers.cpp" 2>"$work/all.err"; then
    cat "$work/all.err" >&2
    fail "the public headers do not compile together"
fi
# -H prints one line per header opened, ". path" with one dot per level; a forbidden header's parent
# is the nearest line above it with one dot fewer. Each header is preprocessed alone, so a header
# another one pulled in earlier (and its include guard now skips) cannot hide a leak.
forbidden_re='/(unistd\.h|fcntl\.h|signal\.h|sys/[^/]*\.h|windows\.h|io\.h|pthread\.h)$'
: >"$work/tree.txt"
for h in "${headers[@]}"; do
    echo "#include <${h#include/}>" >"$work/one.cpp"
    "$cxx" "${flags[@]/-fsyntax-only/-E}" -H -o /dev/null "$work/one.cpp" 2>"$work/one_tree.txt" || true
    awk -v root="$PWD/include/" -v re="$forbidden_re" '
        /^\.+ / {
            depth = index($0, " ") - 1; file = substr($0, depth + 2)
            parent[depth] = file
            if (file ~ re && depth > 1 && index(parent[depth - 1], root) == 1)
                printf "%s includes %s\n", parent[depth - 1], file
        }' "$work/one_tree.txt" >>"$work/leaks.txt"
    cat "$work/one_tree.txt" >>"$work/tree.txt"
done
sort -u "$work/leaks.txt" 2>/dev/null | while IFS= read -r leak; do
    echo "check_platform_layer: $leak: OS-specific header included by a public header" >&2
done
[ -s "$work/leaks.txt" ] && status=1

# 3b. Third-party and standard headers first (the ones ours include directly), then the poison, then ours.
awk -v root="$PWD/include/" '/^\.+ / { depth = index($0, " ") - 1; file = substr($0, depth + 2); parent[depth] = file
        if (depth == 1 && index(file, root) != 1) print file
        else if (depth > 1 && index(parent[depth - 1], root) == 1 && index(file, root) != 1) print file }' \
    "$work/tree.txt" | sort -u >"$work/third_party.txt"
{
    sed 's/.*/#include "&"/' "$work/third_party.txt"
    echo "#pragma GCC poison $(echo "$posix_calls|$windows_calls" | tr '|' ' ')"
    printf '#include <%s>\n' "${headers[@]#include/}"
} >"$work/poisoned.cpp"
if ! "$cxx" "${flags[@]}" "$work/poisoned.cpp" 2>"$work/poisoned.err"; then
    grep -E 'poisoned|error' "$work/poisoned.err" | head -20 >&2
    fail "a public header names a POSIX or Win32 function (see the poisoned identifiers above)"
fi

# --- 4. everything portable, compiled for Windows, where MinGW-w64 is installed ------------------------
# The third-party headers are the host's (Debian's), seen through a folder of links so that no Linux
# system header comes along: Boost, spdlog and fmt, CLI11, GoogleTest, and the C APIs of libarchive,
# SQLite, zlib and OpenSSL, whose headers are the same on Windows but for OpenSSL's configuration.
if command -v x86_64-w64-mingw32-g++ >/dev/null; then
    third="$work/third_party_headers"
    mkdir -p "$third/openssl"
    for name in boost spdlog fmt CLI gtest gmock archive.h archive_entry.h sqlite3.h zlib.h zconf.h; do
        [ -e "/usr/include/$name" ] && ln -s "/usr/include/$name" "$third/$name"
    done
    for header in /usr/include/openssl/* /usr/include/"$(gcc -dumpmachine 2>/dev/null)"/openssl/*; do
        [ -e "$header" ] && ln -sf "$header" "$third/openssl/"
    done
    windows_flags=(-std=c++20 -fsyntax-only -Wall -Wextra -Werror "-I$PWD/include" "-I$PWD/tools" -isystem "$third"
                   -D_WIN32_WINNT=0x0A00 -DWIN32_LEAN_AND_MEAN -DNOMINMAX -DUNICODE -D_UNICODE
                   '-DZDB_VERSION="check"' '-DZDB_FUZZ_CORPUS_DIR="."' -DBOOST_ASIO_SEPARATE_COMPILATION
                   -DBOOST_BEAST_SEPARATE_COMPILATION -DBOOST_ASIO_NO_DEPRECATED)
    printf '%s\n' src/platform/windows/*.cpp "${files[@]}" | grep -E '\.cpp$' >"$work/windows_sources.txt"
    # Two at a time: the machine's cores are shared.
    export ZDB_CHECK_WORK="$work"
    printf '%s\n' "${windows_flags[@]}" >"$work/windows_flags.txt"
    if ! xargs -P 2 -I{} bash -c '
            mapfile -t flags <"$ZDB_CHECK_WORK/windows_flags.txt"
            err="$ZDB_CHECK_WORK/$(echo "$1" | tr / _).windows.err"
            x86_64-w64-mingw32-g++ "${flags[@]}" "$1" 2>"$err" ||
                { echo "check_platform_layer: $1 does not compile for Windows (MinGW-w64):" >&2
                  grep -m 5 "error" "$err" >&2; exit 1; }' _ {} <"$work/windows_sources.txt"; then
        status=1
    fi
else
    echo "check_platform_layer: x86_64-w64-mingw32-g++ not found (tools/install-deps.sh installs it):" \
         "Windows sources not compiled" >&2
fi

[ $status -eq 0 ] && echo "check_platform_layer: OK (${#files[@]} portable files, ${#headers[@]} public headers)"
exit $status
