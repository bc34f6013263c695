#!/usr/bin/env bash
# Builds the release preset and packages it as a Debian package with CPack:
# build/release/zdbackup_<version>_<arch>.deb (zdbackup in /usr/bin, its man page, its docs).
# Install it with `dpkg -i` or `apt install ./build/release/zdbackup_*.deb` (which also pulls in the
# shared libraries it depends on).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/build.sh release
cd build/release
cpack -G DEB -D CPACK_PACKAGING_INSTALL_PREFIX=/usr
ls -1 "$PWD"/zdbackup_*.deb
