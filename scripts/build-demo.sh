#!/usr/bin/env bash
# Rebuild the embedded demo snapshot (data/demo/store) from the public captures in
# ../shared/fixtures with planb's own facts-only import: ids, timestamps, statuses,
# impacts, component names and extracted start times; no vendor-written text.
set -euo pipefail
cd "$(dirname "$0")/.."
FIX=../shared/fixtures
OUT=data/demo/store
rm -rf "$OUT"
cargo run --quiet -- --data "$OUT" import --facts-only \
    "$FIX/statuspage" "$FIX/google-cloud" "$FIX/incidentio"
rm -f "$OUT/.lock"
find "$OUT" -type f | sort
