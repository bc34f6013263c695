#!/usr/bin/env bash
# Installs the Debian 12 packages zdbackup needs to build, test and run its demo (and, with the
# argument `fuzz`, to build the fuzz targets).
# Idempotent: when every package is already installed it does nothing (no apt-get update).
set -euo pipefail

packages=(
    build-essential cmake ninja-build ccache pkg-config openssl
    libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
    libspdlog-dev libarchive-dev zlib1g-dev libssl-dev libgtest-dev libcli11-dev libsqlite3-dev
    # The platform-layer check (ctest platform_layer) compiles the Windows sources with MinGW-w64.
    g++-mingw-w64-x86-64-posix mingw-w64-x86-64-dev
)
# `install-deps.sh fuzz` (tools/fuzz.sh): clang 14 and its libFuzzer/sanitizer runtimes, which
# clang-14 only recommends. Not installed otherwise: the README's two commands do not need them.
if [ "${1:-}" = fuzz ]; then
    packages+=(clang libclang-rt-14-dev)
fi

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing: ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
