#!/usr/bin/env bash
# Installs dependencies (if missing) and builds everything with the release preset.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
export CCACHE_BASEDIR="$PWD"
cmake --preset release >/dev/null
cmake --build --preset release
