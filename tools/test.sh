#!/usr/bin/env bash
# README command 2: build and run the whole test suite (unit + integration against zdmock).
# Another preset: `bash tools/test.sh --preset asan` or `ZDB_PRESET=asan bash tools/test.sh`;
# any other arguments go to ctest (e.g. `-L unit`).
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${ZDB_PRESET:-release}"
case "${1:-}" in
    --preset) preset="${2:?--preset needs a preset name}"; shift 2 ;;
    --preset=*) preset="${1#--preset=}"; shift ;;
esac
bash tools/build.sh "$preset"
ctest --preset "$preset" --parallel 2 "$@"
