#!/usr/bin/env bash
# Rebuild the embedded demo snapshot (data/demo/store) from the public captures in
# tests/fixtures with planb's own facts-only import: ids, timestamps, statuses,
# impacts, component names and extracted start times; no vendor-written text.
# The binary embeds the snapshot, so it is built first and the new store written aside.
set -euo pipefail
cd "$(dirname "$0")/.."
FIX=tests/fixtures
OUT=data/demo/store
cargo build --quiet
BIN="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/debug/planb"
TMP="$(mktemp -d)"
"$BIN" --data "$TMP/store" import --facts-only "$FIX/statuspage" "$FIX/google-cloud" "$FIX/incidentio"
rm -f "$TMP/store/.lock"
rm -rf "$OUT"
mv "$TMP/store" "$OUT"
rmdir "$TMP"
find "$OUT" -type f | sort
