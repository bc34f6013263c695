#!/usr/bin/env bash
# Installs dependencies (if missing) and builds everything with the release preset, or with the
# preset named as the first argument (e.g. `bash tools/build.sh asan`).
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"
bash tools/install-deps.sh
export CCACHE_BASEDIR="$PWD"
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
