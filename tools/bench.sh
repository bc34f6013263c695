#!/usr/bin/env bash
# Builds zdbackup and runs zdbench's three scenarios (throttled, incremental, loopback) against zdmock.
# Extra arguments go to zdbench, e.g. `bash tools/bench.sh --tickets 25000 --runs 5`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/build.sh
if ! command -v h2load >/dev/null; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "installing: nghttp2-client (h2load, the loopback scenario's yardstick)" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends nghttp2-client >/dev/null
fi
exec build/release/zdbench --scenario all "$@"
