#!/usr/bin/env bash
# README command 1: build, start the bundled mock Zendesk with 25,000 tickets, back it up,
# verify the zip and print the summary and the zip's path.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/build.sh

tickets="${ZDB_DEMO_TICKETS:-25000}"
out="${ZDB_DEMO_DIR:-$PWD/demo-output}"
bin="$PWD/build/release"
mkdir -p "$out"
rm -f "$out/port" "$out/ca.pem"

# The mock runs without Zendesk's plan limits so the demo measures zdbackup itself;
# bench/zdbench runs it with realistic limits and latency.
"$bin/zdmock" --tickets "$tickets" --port 0 --port-file "$out/port" --ca-out "$out/ca.pem" >"$out/zdmock.log" 2>&1 &
mock_pid=$!
trap 'kill $mock_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do [ -s "$out/port" ] && break; sleep 0.1; done
[ -s "$out/port" ] || { echo "zdmock did not start; see $out/zdmock.log" >&2; exit 1; }

echo "== zdbackup backup of a mock Zendesk with $tickets tickets (https://127.0.0.1:$(cat "$out/port"))"
"$bin/zdbackup" backup \
    --base-url "https://127.0.0.1:$(cat "$out/port")" --ca-file "$out/ca.pem" \
    --email admin@example.com --api-token zdmock-token \
    --cache-dir "$out/cache" --backup-dir "$out/backup" --export-rate-limit 1000

zip=$(ls -1 "$out"/backup/zendesk_backup_*.zip | tail -n 1)
echo "== zdbackup verify"
"$bin/zdbackup" verify "$zip"
echo "zip: $zip"
