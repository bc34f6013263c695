#!/usr/bin/env bash
# README command 2: build and run the whole test suite (unit + integration against zdmock).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/build.sh
ctest --preset release --parallel 2 "$@"
