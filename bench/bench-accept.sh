#!/bin/bash
# bench-accept.sh: plain-HTTP Get-Printer-Attributes throughput of two ippd builds, alternated, to see
# what a change in the connection path costs (the acceptor thread that peeks at the first byte).
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The ippd authors
#
# Usage: bench/bench-accept.sh IPPD_BEFORE IPPD_AFTER IPPLOAD [REPS] [CONNECTIONS...]
#   (release builds: meson setup B --buildtype=release && ninja -C B server/ippd bench/ippload)
# Each repetition starts each ippd afresh (state on /dev/shm, --log-level warn --no-dnssd), runs
# ippload with GPA requested-attributes=all for 3 s after 1 s of warm-up, and stops it; the two
# builds alternate so that a burst of load from the shared machine hits both. Prints one line per
# measurement (requests/s and the server's CPU time per request, from /proc/PID/stat, which moves much
# less with the machine's load) and the medians of each build.  Every process is ended by PID.

set -u
export LC_ALL=C
[ $# -ge 3 ] || { sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; exit 2; }
BEFORE=$1 AFTER=$2 LOAD=$3
REPS=${4:-5}
shift 4 2>/dev/null || shift $#
CONNS=("$@")
[ ${#CONNS[@]} -gt 0 ] || CONNS=(16)
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /dev/shm/bench-accept.XXXXXX)
PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 1' INT TERM

NCPU=$(nproc)
PIN=()
[ "$NCPU" -ge 2 ] && command -v taskset >/dev/null && PIN=(taskset -c $((NCPU - 1)))

# start BINARY: ippd on a free port; sets PID and PORT.
start() {
	rm -rf "$WORK/state"
	"$1" --listen 127.0.0.1:0 --state-dir "$WORK/state" --log-level info --no-dnssd >"$WORK/log" 2>&1 &
	PID=$!
	for _ in $(seq 100); do
		PORT=$(sed -n 's/.*printer ippd at ipp:\/\/localhost:\([0-9]*\).*/\1/p' "$WORK/log" | head -1)
		[ -n "$PORT" ] && grep -q ready "$WORK/log" && return 0
		sleep 0.1
	done
	echo "bench-accept.sh: $1 did not start" >&2
	cat "$WORK/log" >&2
	exit 1
}
stop() { kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; PID=""; }
# The server's user+system CPU time in clock ticks (its threads included).
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

python3 "$ROOT/tools/ipp-request.py" get-printer-attributes --uri ipp://127.0.0.1/ipp/print \
	--requested all -o "$WORK/gpa.bin" || exit 1

declare -A ALL CPU
for c in "${CONNS[@]}"; do
	for r in $(seq "$REPS"); do
		for which in before after; do
			bin=$BEFORE
			[ $which = after ] && bin=$AFTER
			start "$bin"
			t0=$(ticks "$PID")
			out=$("${PIN[@]}" "$LOAD" --port "$PORT" --body "$WORK/gpa.bin" --connections "$c" --seconds 3 \
				--warmup 1 --timeout 10)
			t1=$(ticks "$PID")
			stop
			rps=$(sed -n 's/.* rps=\([0-9.]*\).*/\1/p' <<<"$out")
			okall=$(sed -n 's/.* ok_all=\([0-9]*\).*/\1/p' <<<"$out")
			cpu=$(awk -v d=$((t1 - t0)) -v n="$okall" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", n ? d * 1e6 / hz / n : 0 }')
			echo "conn=$c rep=$r $which rps=$rps server_cpu_us_per_request=$cpu $(grep -o 'p99_us=[0-9]*' <<<"$out") $(grep -o 'http_errors=[0-9]*' <<<"$out")"
			ALL[$c.$which]="${ALL[$c.$which]:-} $rps"
			CPU[$c.$which]="${CPU[$c.$which]:-} $cpu"
		done
	done
done
median() { tr ' ' '\n' | grep . | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
for c in "${CONNS[@]}"; do
	b=$(median <<<"${ALL[$c.before]}")
	a=$(median <<<"${ALL[$c.after]}")
	awk -v c="$c" -v b="$b" -v a="$a" 'BEGIN { printf "conn=%s median rps before=%.0f after=%.0f after/before=%.3f\n", c, b, a, a / b }'
	b=$(median <<<"${CPU[$c.before]}")
	a=$(median <<<"${CPU[$c.after]}")
	awk -v c="$c" -v b="$b" -v a="$a" 'BEGIN { printf "conn=%s median server CPU us/request before=%.1f after=%.1f after/before=%.3f\n", c, b, a, a / b }'
done
