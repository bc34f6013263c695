#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz (the `fuzz` preset, clang) and runs each one for a
# while, starting from its seed corpus: `bash tools/fuzz.sh [seconds-per-target]` (default 30, or
# ZDB_FUZZ_SECONDS). Prints each target's executions and whether it found anything; exits non-zero
# when a target crashed or a property failed, printing the path of the input that did it.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-${ZDB_FUZZ_SECONDS:-30}}"

bash tools/install-deps.sh fuzz
export CCACHE_BASEDIR="$PWD"
work="$(mktemp -d "${TMPDIR:-/tmp}/zdbackup-fuzz.XXXXXX")"
if ! { cmake --preset fuzz && cmake --build --preset fuzz; } >"$work/build.log" 2>&1; then
    tail -n 40 "$work/build.log"
    echo "fuzz: build failed (full log: $work/build.log)" >&2
    exit 1
fi

# Undefined behaviour is a finding like a crash; say where it happened.
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"
failed=0
for seeds in tests/fuzz/corpus/*/; do
    name="$(basename "$seeds")"
    # libFuzzer adds what it finds to the first corpus directory: give it a copy, not the repository's.
    mkdir -p "$work/$name/corpus" "$work/$name/findings"
    cp "$seeds"* "$work/$name/corpus/"
    log="$work/$name/log"
    status=0
    "build/fuzz/tests/fuzz/fuzz_$name" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
        -artifact_prefix="$work/$name/findings/" "$work/$name/corpus" >"$log" 2>&1 || status=$?
    # libFuzzer ends a clean run with "Done <runs> runs in <seconds> second(s)".
    summary="$(sed -nE 's/^Done ([0-9]+) runs in ([0-9]+) second.*/\1 runs in \2 s/p' "$log" | tail -n 1)"
    if [ "$status" -eq 0 ]; then
        echo "fuzz_$name: ${summary:-no summary}, $(ls "$work/$name/corpus" | wc -l) corpus inputs, nothing found"
    else
        failed=1
        runs="$(grep -Eo '^#[0-9]+' "$log" | tail -n 1 | tr -d '#' || true)"
        echo "fuzz_$name: FAILED (exit $status) $([ -n "$runs" ] && echo "after $runs runs" || echo "on a seed")"
        grep -E 'property violated|runtime error|ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|SUMMARY|Test unit written to' \
            "$log" | sed 's/^/    /' || true
        echo "    full log: $log"
    fi
done
if [ "$failed" -ne 0 ]; then
    echo "fuzz: findings kept in $work (replay one: build/fuzz/tests/fuzz/fuzz_<target> <file>)" >&2
    exit 1
fi
rm -rf "$work"
