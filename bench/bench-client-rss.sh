#!/usr/bin/env bash
# Peak memory of `ipp print` uploading 1 GiB to ippd, through a pipe and from a file: it must stay flat.
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The ippd authors
#
# Usage: bench/bench-client-rss.sh [BUILD_DIR]   (default build-release; run tools/run.sh once to make it)
# Prints the client's and ippd's peak RSS.  Spool and output on /dev/shm, removed afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-release}
ipp=$build/cli/ipp
ippd=$build/server/ippd
[ -x "$ipp" ] && [ -x "$ippd" ] || { echo "bench-client-rss: build $build first (meson setup $build --buildtype=release && ninja -C $build)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench-client-rss: needs GNU time (Debian package time)" >&2; exit 1; }
tmp=$(mktemp -d /dev/shm/ippd-rss.XXXXXX)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
"$ippd" --listen 127.0.0.1:0 --state-dir "$tmp/state" --log-level info 2>"$tmp/log" &
pid=$!
for _ in $(seq 50); do grep -q "printer ippd at" "$tmp/log" && break; sleep 0.1; done
uri=$(sed -n 's/.*printer ippd at \(ipp:[^ ]*\).*/\1/p' "$tmp/log" | head -n 1)
[ -n "$uri" ] || { echo "bench-client-rss: ippd did not start" >&2; cat "$tmp/log" >&2; exit 1; }

start=$(date +%s.%N)
head -c 1073741824 /dev/zero | /usr/bin/time -f %M -o "$tmp/pipe.rss" "$ipp" print --format application/octet-stream "$uri" - >/dev/null
end=$(date +%s.%N)
truncate -s 1G "$tmp/big.bin"
/usr/bin/time -f %M -o "$tmp/file.rss" "$ipp" print --format application/octet-stream "$uri" "$tmp/big.bin" >/dev/null
rm -f "$tmp/big.bin"
server=$(sed -n 's/^VmHWM:[^0-9]*\([0-9]*\).*/\1/p' "/proc/$pid/status")
mbps=$(echo "1024 / ($end - $start)" | bc -l)
printf 'ipp print, 1 GiB through a pipe: client peak RSS %d KiB (%.1f MiB), %.0f MB/s\n' "$(cat "$tmp/pipe.rss")" "$(echo "$(cat "$tmp/pipe.rss") / 1024" | bc -l)" "$mbps"
printf 'ipp print, 1 GiB from a file:    client peak RSS %d KiB (%.1f MiB)\n' "$(cat "$tmp/file.rss")" "$(echo "$(cat "$tmp/file.rss") / 1024" | bc -l)"
printf 'ippd after both uploads:          server peak RSS %d KiB (%.1f MiB)\n' "$server" "$(echo "$server / 1024" | bc -l)"
