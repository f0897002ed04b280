#!/bin/bash
# bench-server.sh: ippd beside ippeveprinter and cupsd, side by side, on loopback, in one run.
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The ippd authors
#
# Usage: bench/bench-server.sh [--build DIR] [--seconds S] [--reps N] [--big-mib N]
#                              [--history N] [--fill-max S] [--drain-max S] [--no-disk] [--keep]
#
# Starts ippd, ippeveprinter (with a private D-Bus, no DNS-SD) and a throwaway cupsd (a raw
# queue whose device is file:/dev/null), all on 127.0.0.1 with their spools on tmpfs
# (/dev/shm), and measures with bench/ippload:
#   a) Get-Printer-Attributes requested-attributes=all: requests/s and p99 at 1, 16, 128 connections
#   b) Print-Job with a 1 KiB PDF: jobs/s at 1 and 16 connections
#   c) one 1 GiB document streamed in one Print-Job: MB/s, and each server's peak RSS (VmHWM)
#   d) Get-Jobs latency with 100,000 jobs in ippd's history (the peers: with the jobs they hold)
#   e) ippd's durable Print-Job figures with the state on the real disk, beside dd's fsync rates.
# Each figure is printed with the ratio ippd / best peer. A peer that is not installed is
# skipped, with a message. Every process it starts is ended by PID at exit, and its temporary
# folders are removed (--keep leaves them, for debugging).
#
# Build first (release, no sanitizers):
#   meson setup build-bench-srv --buildtype=release && ninja -C build-bench-srv
# bench/README.md describes the method and has the figures.

set -u
export LC_ALL=C

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
BUILD=$ROOT/build-bench-srv
SECONDS_PER=3      # measured seconds of each figure
WARMUP=1           # unmeasured seconds before each
REPS=3             # repetitions of each figure; the best one is kept
BIG_MIB=1024       # size of the big document
HISTORY=100000     # jobs in ippd's history for figure d
FILL_MAX=120       # at most this many seconds to fill that history
DRAIN_MAX=30       # and to let its printer finish them; Cancel-Jobs ends what is left
DISK=1
KEEP=0

while [ $# -gt 0 ]; do
	case $1 in
	--build) BUILD=$(cd "$2" && pwd) || exit 2; shift 2 ;;
	--seconds) SECONDS_PER=$2; shift 2 ;;
	--reps) REPS=$2; shift 2 ;;
	--big-mib) BIG_MIB=$2; shift 2 ;;
	--history) HISTORY=$2; shift 2 ;;
	--fill-max) FILL_MAX=$2; shift 2 ;;
	--drain-max) DRAIN_MAX=$2; shift 2 ;;
	--no-disk) DISK=0; shift ;;
	--keep) KEEP=1; shift ;;
	-h | --help) sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) echo "bench-server.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
	esac
done

IPPD=$BUILD/server/ippd
LOAD=$BUILD/bench/ippload
REQ=$ROOT/tools/ipp-request.py
for f in "$IPPD" "$LOAD"; do
	if [ ! -x "$f" ]; then
		echo "bench-server.sh: $f is missing; build it first:" >&2
		echo "  meson setup build-bench-srv --buildtype=release && ninja -C build-bench-srv" >&2
		exit 2
	fi
done
PY=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null) || {
	echo "bench-server.sh: python3 is needed (tools/ipp-request.py writes the requests)" >&2
	exit 2
}

# The load generator runs on the last CPU; the servers are not pinned (see bench/README.md).
NCPU=$(nproc)
if [ "$NCPU" -ge 2 ] && command -v taskset >/dev/null; then
	PIN=(taskset -c $((NCPU - 1)))
else
	PIN=()
fi

# ---- processes and clean-up -----------------------------------------------------------------

PIDS=()
WORK=""
DISKDIR=""
cleanup() {
	local pid i
	for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do kill "${PIDS[i]}" 2>/dev/null; done
	for pid in "${PIDS[@]}"; do
		for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
		kill -9 "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	PIDS=()
	if [ "$KEEP" = 1 ]; then
		echo "# kept $WORK ${DISKDIR:-}"
	else
		[ -n "$WORK" ] && rm -rf "$WORK"
		[ -n "$DISKDIR" ] && rm -rf "$DISKDIR"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# stop_pid PID: ends one process this script started, and forgets it.
stop_pid() {
	local pid=$1 keep=() p
	kill "$pid" 2>/dev/null
	for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	for p in "${PIDS[@]}"; do [ "$p" != "$pid" ] && keep+=("$p"); done
	PIDS=("${keep[@]}")
}

WORK=$(mktemp -d /dev/shm/ippd-bench.XXXXXX) || exit 1
chmod 0755 "$WORK" # cupsd wants to reach its files as user lp
cd "$WORK" || exit 1

free_port() {
	"$PY" -S -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# ready PORT PATH BODY: waits up to 15 s for a successful answer.
ready() {
	for _ in $(seq 75); do
		"$LOAD" --port "$1" --path "$2" --body "$3" --requests 1 --warmup 0 --timeout 2 >/dev/null 2>&1 && return 0
		sleep 0.2
	done
	return 1
}

# cpu_ticks PID: user+system time of the process, its threads and its reaped children, in ticks.
CLK_TCK=$(getconf CLK_TCK)
cpu_ticks() { awk '{ print $14 + $15 + $16 + $17 }' "/proc/$1/stat" 2>/dev/null || echo -1; }

# rss PID: "VmHWM/VmRSS" in MiB.
rss() {
	awk '/^VmHWM/ { h = $2 } /^VmRSS/ { r = $2 } END { printf "%.1f/%.1f", h / 1024, r / 1024 }' \
		"/proc/$1/status" 2>/dev/null || echo "?"
}

# ---- the servers --------------------------------------------------------------------------

SERVERS=()                # ippd ipe cups, those that started
declare -A PORT PATH_ PID URI

# start_ippd NAME STATEDIR [CONFIG]
start_ippd() {
	local name=$1 dir=$2 conf=${3:-} port
	port=$(free_port)
	mkdir -p "$dir"
	local args=(--listen "127.0.0.1:$port" --state-dir "$dir" --log-level warn)
	# No DNS-SD advertisement, like the peers (ippeveprinter -r off, cupsd Browsing No).
	"$IPPD" --help 2>&1 | grep -q -- --no-dnssd && args+=(--no-dnssd)
	[ -n "$conf" ] && args+=(--config "$conf")
	"$IPPD" "${args[@]}" >>"$WORK/$name.log" 2>&1 &
	PID[$name]=$!
	PIDS+=("$!")
	PORT[$name]=$port
	PATH_[$name]=/ipp/print
	URI[$name]=ipp://localhost:$port/ipp/print
}

start_ipe() {
	local port=$1
	mkdir -p "$WORK/ipe/spool"
	DBUS_SYSTEM_BUS_ADDRESS=unix:path=$WORK/ipe/bus ippeveprinter -n localhost -p "$port" -r off -k \
		-d "$WORK/ipe/spool" -c /bin/true -f application/pdf,image/jpeg,image/pwg-raster "ippd bench" \
		>>"$WORK/ipe/ippeveprinter.log" 2>&1 &
	PID[ipe]=$!
	PIDS+=("$!")
}

setup_ippd() {
	start_ippd ippd "$WORK/ippd"
	write_requests ippd
	if ready "${PORT[ippd]}" /ipp/print "$WORK/gpa-ippd.bin"; then
		SERVERS+=(ippd)
	else
		echo "bench-server.sh: ippd did not start:" >&2
		tail -5 "$WORK/ippd.log" >&2
		exit 1
	fi
}

setup_ipe() {
	if ! command -v ippeveprinter >/dev/null || ! command -v dbus-daemon >/dev/null; then
		echo "# ippeveprinter or dbus-daemon is not installed (packages cups-ipp-utils, dbus): its column is skipped"
		return
	fi
	mkdir -p "$WORK/ipe"
	# ippeveprinter refuses to start without a system bus: a private one, and no avahi-daemon.
	dbus-daemon --session --address="unix:path=$WORK/ipe/bus" --nofork --nopidfile >"$WORK/ipe/dbus.log" 2>&1 &
	PIDS+=("$!")
	for _ in $(seq 50); do [ -S "$WORK/ipe/bus" ] && break; sleep 0.1; done
	local port
	port=$(free_port)
	PORT[ipe]=$port
	PATH_[ipe]=/ipp/print
	URI[ipe]=ipp://localhost:$port/ipp/print
	start_ipe "$port"
	write_requests ipe
	if ready "$port" /ipp/print "$WORK/gpa-ipe.bin" && ! grep -q "Unable to create" "$WORK/ipe/ippeveprinter.log"; then
		SERVERS+=(ipe)
	else
		echo "# ippeveprinter did not start; its column is skipped:"
		tail -3 "$WORK/ipe/ippeveprinter.log" | sed 's/^/#   /'
	fi
}

# ipe_alive [FIGURE]: true if ippeveprinter still answers. ippeveprinter 2.4.2 can crash (or
# stop answering) under concurrent load: then it is ended by PID and started again.
ipe_alive() {
	if kill -0 "${PID[ipe]}" 2>/dev/null &&
		"$LOAD" --port "${PORT[ipe]}" --body "$WORK/gpa-ipe.bin" --requests 1 --warmup 0 --timeout 3 >/dev/null 2>&1; then
		return 0
	fi
	kill -9 "${PID[ipe]}" 2>/dev/null
	wait "${PID[ipe]}" 2>/dev/null
	local keep=() p
	for p in "${PIDS[@]}"; do [ "$p" != "${PID[ipe]}" ] && keep+=("$p"); done
	PIDS=("${keep[@]}")
	echo "#   ippeveprinter crashed or stopped answering; starting it again"
	IPE_CRASHES=$((IPE_CRASHES + 1))
	[ -n "${1:-}" ] && INFO["$1|ipe"]="crashed in a repetition"
	start_ipe "${PORT[ipe]}"
	if ! ready "${PORT[ipe]}" /ipp/print "$WORK/gpa-ipe.bin"; then
		# Its old port may still be held: another one, and requests that name it.
		kill -9 "${PID[ipe]}" 2>/dev/null
		wait "${PID[ipe]}" 2>/dev/null
		PORT[ipe]=$(free_port)
		URI[ipe]=ipp://localhost:${PORT[ipe]}/ipp/print
		write_requests ipe
		start_ipe "${PORT[ipe]}"
		ready "${PORT[ipe]}" /ipp/print "$WORK/gpa-ipe.bin" || echo "#   ippeveprinter did not come back"
	fi
	return 1
}
IPE_CRASHES=0

setup_cups() {
	if ! command -v cupsd >/dev/null || ! command -v lpadmin >/dev/null; then
		echo "# cupsd or lpadmin is not installed (packages cups-daemon, cups-client): its column is skipped"
		return
	fi
	local d=$WORK/cups port
	port=$(free_port)
	mkdir -p "$d"/{spool,tmp,cache,state,log}
	chmod 0755 "$d" "$d"/{spool,cache,state,log}
	chmod 1777 "$d/tmp"
	cat >"$d/cups-files.conf" <<-EOF
		ServerRoot $d
		RequestRoot $d/spool
		TempDir $d/tmp
		CacheDir $d/cache
		StateDir $d/state
		AccessLog $d/log/access_log
		ErrorLog $d/log/error_log
		PageLog $d/log/page_log
		FileDevice Yes
	EOF
	# MaxJobs 0: no limit on jobs, so that a queue longer than the default 500 is not refused.
	# MaxClients 256: its default of 100 leaves 28 of 128 connections waiting to be accepted.
	cat >"$d/cupsd.conf" <<-EOF
		Listen 127.0.0.1:$port
		Browsing No
		WebInterface No
		LogLevel warn
		AccessLogLevel config
		MaxJobs 0
		MaxClients 256
		DefaultAuthType None
		<Location />
		  Order allow,deny
		  Allow all
		</Location>
		<Policy default>
		  JobPrivateAccess all
		  JobPrivateValues none
		  SubscriptionPrivateAccess all
		  SubscriptionPrivateValues none
		  <Limit All>
		    Order deny,allow
		  </Limit>
		</Policy>
	EOF
	cupsd -f -c "$d/cupsd.conf" -s "$d/cups-files.conf" >"$d/cupsd.out" 2>&1 &
	PID[cups]=$!
	PIDS+=("$!")
	PORT[cups]=$port
	PATH_[cups]=/printers/bench
	URI[cups]=ipp://127.0.0.1:$port/printers/bench
	local ok=0
	for _ in $(seq 50); do
		if lpadmin -h "127.0.0.1:$port" -p bench -E -v file:/dev/null >"$d/lpadmin.out" 2>&1; then
			ok=1
			break
		fi
		sleep 0.2
	done
	write_requests cups
	if [ $ok = 1 ] && ready "$port" /printers/bench "$WORK/gpa-cups.bin"; then
		SERVERS+=(cups)
	else
		echo "# cupsd did not start or lpadmin failed; its column is skipped:"
		cat "$d/cupsd.out" "$d/lpadmin.out" "$d/log/error_log" 2>/dev/null | tail -3 | sed 's/^/#   /'
	fi
}

# write_requests NAME: the request bodies for one server (its own printer-uri).
write_requests() {
	local s=$1 u=${URI[$1]}
	"$PY" "$REQ" get-printer-attributes --uri "$u" --requested all -o "$WORK/gpa-$s.bin"
	"$PY" "$REQ" print-job --uri "$u" --format application/pdf --file "$WORK/doc1k.pdf" --user bench \
		--job-name bench -o "$WORK/pj-$s.bin"
	"$PY" "$REQ" print-job --uri "$u" --format application/pdf --file "$WORK/pdfhead" --user bench \
		--job-name big -o "$WORK/big-$s.bin"
	"$PY" "$REQ" get-jobs --uri "$u" --which-jobs completed --attr op:integer:limit=20 --user bench \
		-o "$WORK/gj-completed-$s.bin"
	"$PY" "$REQ" get-jobs --uri "$u" --which-jobs not-completed --attr op:integer:limit=20 --user bench \
		-o "$WORK/gj-not-completed-$s.bin"
}

# queued NAME: the printer's queued-job-count ("?" if it does not answer).
queued() {
	"$PY" -S "$REQ" get-printer-attributes --uri "${URI[$1]}" --requested queued-job-count \
		--post "http://127.0.0.1:${PORT[$1]}${PATH_[$1]}" --show --timeout 10 2>/dev/null |
		awk -F' = ' '/queued-job-count/ { print $2; found = 1 } END { if (!found) print "?" }'
}

# drain NAME [MAX]: waits (up to MAX s, default 60) until the printer has no queued job;
# prints the seconds it took, or "not drained after S s: N queued".
drain() {
	local t0 n end
	t0=$(date +%s.%N)
	end=$(($(date +%s) + ${2:-60}))
	while :; do
		n=$(queued "$1")
		[ "$n" = 0 ] && break
		if [ "$(date +%s)" -ge "$end" ]; then
			awk -v a="$t0" -v b="$(date +%s.%N)" -v n="$n" 'BEGIN { printf "not drained after %.0f s: %s queued", b - a, n }'
			return 1
		fi
		sleep 0.5
	done
	awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'
}

# ---- measuring ----------------------------------------------------------------------------

declare -A JOBS    # JOBS[server] = completed jobs it holds for figure d
declare -A DRAIN   # DRAIN[figure|server] = how long its queue took to empty
declare -A RES     # RES[figure|server] = the ippload line of the best repetition
declare -A NOTE    # NOTE[figure|server] = a remark shown beside the figure
declare -A BAD     # BAD[figure|server] = 1: errors or a crash; its latencies do not count
declare -A EXCLUDED # EXCLUDED[figure|server] = 1: not comparable; no ratio against it
declare -A INFO    # INFO[figure|server] = a remark set before the measurement

# field LINE KEY
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p; s/^$2=\([^ ]*\).*/\1/p" <<<"$1" | head -1; }

# run FIGURE SERVER CONNS BODY [extra ippload args]: one measurement. Of the repetitions, the
# one with the most successful requests per second is kept, with its note.
# SERVER is a column (ippd, ipe, cups); INSTANCE (default: the same) the process measured.
run() {
	local fig=$1 s=$2 conns=$3 body=$4
	shift 4
	local inst=${INSTANCE:-$s}
	local out rc note="" bad=0 pid=${PID[$inst]} c0 c1 d=""
	c0=$(cpu_ticks "$pid")
	out=$("${PIN[@]}" "$LOAD" --port "${PORT[$inst]}" --path "${PATH_[$inst]}" --body "$body" \
		--connections "$conns" --seconds "$SECONDS_PER" --warmup "$WARMUP" --timeout 10 "$@" 2>"$WORK/ippload.err")
	rc=$?
	[ -z "$out" ] && out="requests=0 ok=0 seconds=0 rps=0 aborted=1"
	[ -s "$WORK/ippload.err" ] && sed 's/^/#   /' "$WORK/ippload.err"
	# With DRAIN_AFTER=1 the printer's queue is emptied before the next measurement, and its
	# CPU time counts: the server's CPU per successful request includes printing the jobs.
	if [ "${DRAIN_AFTER:-0}" = 1 ]; then
		d=$(drain "$inst") && d="drained in $d s"
	fi
	c1=$(cpu_ticks "$pid")
	out="$out cpu_us=$(awk -v a="$c0" -v b="$c1" -v n="$(field "$out" ok_all)" -v hz="$CLK_TCK" \
		'BEGIN { printf "%.1f", (n > 0 && a >= 0 && b >= a) ? (b - a) * 1e6 / hz / n : -1 }')"
	local starved
	starved=$(field "$out" starved)
	if [ "$s" = ipe ] && ! ipe_alive "$fig"; then
		note="crashed"
		bad=1
	elif [ -n "$starved" ] && [ "$starved" != 0 ]; then
		note="$starved of $conns connections starved"
		bad=1
	elif [ $rc -ne 0 ]; then
		local e
		e=$(field "$out" first_ipp_error)
		[ -n "$e" ] && note=$(awk -v n="$(field "$out" requests)" -v ok="$(field "$out" ok)" -v e="$e" \
			'BEGIN { printf "%.0f%% refused: %s%s", (n > 0 ? 100 * (n - ok) / n : 0), e, (e == "0x0507" ? " busy" : "") }')
		[ -n "$(field "$out" first_http_error)" ] && note="dropped connections"
		bad=1
	fi
	if [ "$(field "$out" ok)" = 0 ] && [ -z "$note" ]; then
		note="no successful request"
		bad=1
	fi
	printf '#   %-5s %-16s %s\n' "$s" "$fig" "$out"
	[ -n "$d" ] && echo "#         $d" && DRAIN["$fig|$s"]=$d
	local okrps prev=${RES["$fig|$s"]:-}
	okrps=$(awk -v ok="$(field "$out" ok)" -v sec="$(field "$out" seconds)" \
		'BEGIN { printf "%.1f", (sec > 0 ? ok / sec : 0) }')
	out="$out okrps=$okrps"
	if [ -z "$prev" ] || awk -v a="$okrps" -v b="$(field "$prev" okrps)" 'BEGIN { exit !(a > b) }'; then
		RES["$fig|$s"]=$out
		NOTE["$fig|$s"]=$note
		BAD["$fig|$s"]=$bad
	fi
}

# ---- the report -----------------------------------------------------------------------------

TABLE=()
# row LABEL UNIT KIND(higher|lower) KEY FIGURE: a table row with ippd, the peers and the ratio.
# The ratio is ippd's advantage over the best peer: ippd/peer for rates, peer/ippd for latencies.
# A peer whose figure failed (BAD) counts for rates of successful requests only; an EXCLUDED one
# (e.g. a history too small to compare) never counts.
row() {
	local label=$1 unit=$2 kind=$3 key=$4 fig=$5 s v line cells=() best="" any="" ippd_v=""
	for s in ippd ipe cups; do
		line=${RES["$fig|$s"]:-}
		if [ -z "$line" ]; then
			cells+=("-")
			continue
		fi
		v=$(field "$line" "$key")
		[ "$key" != okrps ] && [ "$(field "$line" ok)" = 0 ] && v=""
		local c=${v:-"n/a"}
		case $key in *_us) [ -n "$v" ] && c=$(awk -v x="$v" 'BEGIN { printf "%.2f", x / 1000 }') ;; esac
		case $key in okrps | mbps | cpu_us | cpu_ms) [ -n "$v" ] && c=$(awk -v x="$v" 'BEGIN { printf "%.0f", x }') ;; esac
		# A CPU figure is unknown (-1) when the process was restarted in between.
		case $key in cpu_*) awk -v x="$v" 'BEGIN { exit !(x < 0) }' && { v=""; c="n/a"; } ;; esac
		local n=${NOTE["$fig|$s"]:-}
		if [ -n "${INFO["$fig|$s"]:-}" ] && [[ "$n" != *crashed* ]]; then
			n="${n:+$n, }${INFO["$fig|$s"]}"
		fi
		[ -n "$n" ] && c="$c ($n)"
		cells+=("$c")
		[ -z "$v" ] && continue
		if [ "$s" = ippd ]; then
			ippd_v=$v
			continue
		fi
		[ "${EXCLUDED["$fig|$s"]:-0}" = 1 ] && continue
		if [ -z "$any" ] || awk -v a="$v" -v b="$any" -v k="$kind" 'BEGIN { exit !(k == "higher" ? a > b : a < b) }'; then
			any=$v
		fi
		[ "${BAD["$fig|$s"]:-0}" = 1 ] && [ "$key" != okrps ] && continue
		if [ -z "$best" ] || awk -v a="$v" -v b="$best" -v k="$kind" \
			'BEGIN { exit !(k == "higher" ? a > b : a < b) }'; then
			best=$v
		fi
	done
	# No peer figure without failures: the ratio is against a failed one, marked with a *.
	local ratio="-" mark=""
	[ -z "$best" ] && [ -n "$any" ] && best=$any && mark="*"
	if [ -n "$best" ] && [ -n "$ippd_v" ]; then
		ratio=$(awk -v i="$ippd_v" -v b="$best" -v k="$kind" \
			'BEGIN { r = (k == "higher") ? (b > 0 ? i / b : 0) : (i > 0 ? b / i : 0); printf "%.2fx", r }')$mark
	fi
	TABLE+=("| $label ($unit) | ${cells[0]} | ${cells[1]} | ${cells[2]} | $ratio |")
}

# ---- the run --------------------------------------------------------------------------------

T_START=$(date +%s)
echo "# bench-server.sh $(date -u +%Y-%m-%dT%H:%MZ), source at commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'), $IPPD built $(date -u -r "$IPPD" +%Y-%m-%dT%H:%MZ)"
echo "# $(nproc) CPUs ($(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# ippload pinned with: ${PIN[*]:-(not pinned)}; $SECONDS_PER s measured after $WARMUP s warm-up, best of $REPS"

# Documents: a 1 KiB PDF (the magic number, a comment line of spaces, %%EOF) and the big one's head.
"$PY" -S - "$WORK" <<'EOF'
import sys
head, tail = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", b"\n%%EOF\n"
doc = head + b"%" + b" " * (1024 - len(head) - len(tail) - 2) + b"\n" + tail
assert len(doc) == 1024
open(sys.argv[1] + "/doc1k.pdf", "wb").write(doc)
open(sys.argv[1] + "/pdfhead", "wb").write(b"%PDF-1.4\n")
EOF

setup_ippd
setup_ipe
setup_cups
echo "# servers: ${SERVERS[*]}"
for s in "${SERVERS[@]}"; do echo "#   $s ${URI[$s]} pid ${PID[$s]}"; done
has() { [[ " ${SERVERS[*]} " == *" $1 "* ]]; }

echo "# a) Get-Printer-Attributes requested-attributes=all"
for c in 1 16 128; do
	for ((r = 0; r < REPS; r++)); do
		for s in "${SERVERS[@]}"; do run "gpa-c$c" "$s" "$c" "$WORK/gpa-$s.bin"; done
	done
done

echo "# b) Print-Job, 1 KiB PDF (each server's queue drained before the next measurement)"
for c in 1 16; do
	for ((r = 0; r < REPS; r++)); do
		for s in "${SERVERS[@]}"; do DRAIN_AFTER=1 run "pj-c$c" "$s" "$c" "$WORK/pj-$s.bin"; done
	done
done

echo "# c) one ${BIG_MIB} MiB document in one Print-Job, streamed; peak RSS (VmHWM/VmRSS, MiB)"
BIG_BYTES=$((BIG_MIB * 1024 * 1024))
declare -A RSS_BEFORE RSS_AFTER
for s in "${SERVERS[@]}"; do
	[ "$s" = ipe ] && ! ipe_alive && true
	RSS_BEFORE[$s]=$(rss "${PID[$s]}")
	DRAIN_AFTER=1 run big "$s" 1 "$WORK/big-$s.bin" --pad $((BIG_BYTES - 9)) --requests 1 --warmup 0 \
		--seconds 600 --timeout 120
	RSS_AFTER[$s]=$(rss "${PID[$s]}")
	echo "#         RSS before ${RSS_BEFORE[$s]}, after ${RSS_AFTER[$s]}"
	l=${RES["big|$s"]:-}
	[ -n "$l" ] && RES["big|$s"]="$l cpu_ms=$(awk -v u="$(field "$l" cpu_us)" 'BEGIN { printf "%.0f", u / 1000 }')"
done
if has ippd; then
	# The big file must have arrived whole at ippd's file device.
	n=$(find "$WORK/ippd/output" -type f -size +$((BIG_BYTES / 1024 - 1))k -printf '%s\n' | grep -cx "$BIG_BYTES")
	echo "#         ippd: $n output file(s) of exactly $BIG_MIB MiB (1 expected)"
fi

echo "# d) Get-Jobs which-jobs=completed limit=20, and not-completed"
# ippd: a second instance whose history keeps $HISTORY jobs, filled with Print-Jobs.
printf '[default]\nhistory = %d\n' $((HISTORY * 2)) >"$WORK/history.conf"
start_ippd ippdh "$WORK/ippdh" "$WORK/history.conf"
write_requests ippdh
if ready "${PORT[ippdh]}" /ipp/print "$WORK/gpa-ippdh.bin"; then
	fill=$("${PIN[@]}" "$LOAD" --port "${PORT[ippdh]}" --body "$WORK/pj-ippdh.bin" --connections 16 \
		--requests "$HISTORY" --seconds "$FILL_MAX" --warmup 0 --timeout 60)
	echo "#   ippd: filling the history (at most $FILL_MAX s): $fill"
	FILL_RATE=$(field "$fill" rps)
	if d=$(drain ippdh "$DRAIN_MAX"); then
		echo "#         drained in $d s"
	else
		# The printer is still working through the backlog: cancel the rest (canceled jobs
		# are completed ones too, for which-jobs), so that Get-Jobs meets an idle server.
		BACKLOG=$(queued ippdh)
		t0=$(date +%s.%N)
		c=$("$PY" -S "$REQ" cancel-jobs --uri "${URI[ippdh]}" --user bench \
			--post "http://127.0.0.1:${PORT[ippdh]}/ipp/print" --show --timeout 120 | sed -n 's/^status //p')
		echo "#         $d; Cancel-Jobs: $c in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s"
		d=$(drain ippdh 30) && d="drained in $d s"
		echo "#         $d"
	fi
	n=$("$PY" -S "$REQ" get-jobs --uri "${URI[ippdh]}" --which-jobs completed --requested job-id \
		--post "http://127.0.0.1:${PORT[ippdh]}/ipp/print" --show --timeout 60 | grep -c '^job.job-id')
	JOBS[ippd]=$n
	RSS_HISTORY=$(rss "${PID[ippdh]}")
	echo "#         ippd holds $n completed jobs; RSS (VmHWM/VmRSS MiB) $RSS_HISTORY"
	q=$(queued ippdh)
	if [ "$q" != 0 ]; then
		INFO["gj-completed|ippd"]="$q jobs still queued"
		INFO["gj-not-completed|ippd"]="$q jobs still queued"
	fi
	if [ -n "${BACKLOG:-}" ]; then
		INFO["gj-completed|ippd"]="${INFO["gj-completed|ippd"]:+${INFO["gj-completed|ippd"]}, }$BACKLOG canceled"
	fi
fi
for s in ipe cups; do
	has "$s" || continue
	[ "$s" = ipe ] && ! ipe_alive && true
	JOBS[$s]=$("$PY" -S "$REQ" get-jobs --uri "${URI[$s]}" --which-jobs completed --requested job-id \
		--post "http://127.0.0.1:${PORT[$s]}${PATH_[$s]}" --show --timeout 60 | grep -c '^job.job-id')
	echo "#   $s holds ${JOBS[$s]} completed jobs (from the runs above)"
	# Peers' Get-Jobs figures are shown with the history they hold; below 1,000 jobs, no ratio.
	for w in completed not-completed; do
		INFO["gj-$w|$s"]="${JOBS[$s]} jobs"
		[ "${JOBS[$s]}" -lt 1000 ] && EXCLUDED["gj-$w|$s"]=1
	done
done
for ((r = 0; r < REPS; r++)); do
	for which in completed not-completed; do
		if [ -n "${JOBS[ippd]:-}" ]; then
			INSTANCE=ippdh run "gj-$which" ippd 1 "$WORK/gj-$which-ippdh.bin"
		fi
		for s in ipe cups; do has "$s" && run "gj-$which" "$s" 1 "$WORK/gj-$which-$s.bin"; done
	done
done
stop_pid "${PID[ippdh]}"
rm -rf "$WORK/ippdh"

if [ "$DISK" = 1 ]; then
	echo "# e) ippd durable: the state on the real disk"
	DISKDIR=$(mktemp -d "${BENCH_DISK_DIR:-/var/tmp}/ippd-bench.XXXXXX") || exit 1
	echo "#   $DISKDIR on $(df --output=source,fstype "$DISKDIR" | tail -1 | tr -s ' ')"
	dd_rate() { # dd_rate FLAG: "SECONDS"
		dd if=/dev/zero of="$DISKDIR/dd" bs=4k count=1000 "$1" 2>&1 | sed -n 's/.*copied, \([0-9.]*\) s.*/\1/p'
		rm -f "$DISKDIR/dd"
	}
	DD_DSYNC=$(dd_rate oflag=dsync)
	DD_FSYNC=$(dd_rate conv=fsync)
	echo "#   dd bs=4k count=1000 oflag=dsync: $DD_DSYNC s; conv=fsync: $DD_FSYNC s"
	start_ippd ippdd "$DISKDIR/state"
	write_requests ippdd
	if ready "${PORT[ippdd]}" /ipp/print "$WORK/gpa-ippdd.bin"; then
		for c in 1 16; do
			for ((r = 0; r < REPS; r++)); do
				INSTANCE=ippdd DRAIN_AFTER=1 run "disk-pj-c$c" ippd "$c" "$WORK/pj-ippdd.bin"
			done
		done
	fi
	stop_pid "${PID[ippdd]}"
	DD_DSYNC2=$(dd_rate oflag=dsync)
	DD_FSYNC2=$(dd_rate conv=fsync)
	echo "#   dd again: oflag=dsync: $DD_DSYNC2 s; conv=fsync: $DD_FSYNC2 s"
fi

# ---- the table ------------------------------------------------------------------------------

for c in 1 16 128; do
	row "a) Get-Printer-Attributes all, $c conn." "req/s" higher okrps "gpa-c$c"
	row "a) Get-Printer-Attributes all, $c conn., p99" "ms" lower p99_us "gpa-c$c"
	row "a) Get-Printer-Attributes all, $c conn., server CPU per request" "µs" lower cpu_us "gpa-c$c"
done
for c in 1 16; do
	row "b) Print-Job 1 KiB, $c conn." "jobs/s" higher okrps "pj-c$c"
	row "b) Print-Job 1 KiB, $c conn., p99" "ms" lower p99_us "pj-c$c"
	row "b) Print-Job 1 KiB, $c conn., server CPU per job, printing included" "µs" lower cpu_us "pj-c$c"
done
row "c) ${BIG_MIB} MiB document upload" "MB/s" higher mbps big
row "c) ${BIG_MIB} MiB document upload, server CPU" "ms" lower cpu_ms big
for which in completed not-completed; do
	row "d) Get-Jobs $which limit=20, p50" "ms" lower p50_us "gj-$which"
	row "d) Get-Jobs $which limit=20, p99" "ms" lower p99_us "gj-$which"
	row "d) Get-Jobs $which limit=20, 1 conn." "req/s" higher okrps "gj-$which"
done

echo
echo "Side by side, spools on tmpfs. The last column is ippd's advantage over the best peer"
echo "(rates: ippd/peer; latencies and CPU: peer/ippd; above 1 ippd is better; * compares with a"
echo "peer figure that had failures, when no peer had a clean one)."
echo
echo "| figure | ippd | ippeveprinter | cupsd | ippd vs best peer |"
echo "| --- | ---: | ---: | ---: | ---: |"
printf '%s\n' "${TABLE[@]}"
echo
echo "Jobs in the history for d): ippd ${JOBS[ippd]:--}, ippeveprinter ${JOBS[ipe]:--}, cupsd ${JOBS[cups]:--}"
echo "ippd filled its history at ${FILL_RATE:--} jobs/s (16 conn.); its RSS then (VmHWM/VmRSS MiB): ${RSS_HISTORY:--}"
[ -n "${BACKLOG:-}" ] && echo "ippd's printer had not finished after $DRAIN_MAX s more: the last $BACKLOG jobs were canceled (Cancel-Jobs)"
printf 'After b) at 16 conn. (last repetition), the queues: ippd %s; ippeveprinter %s; cupsd %s\n' \
	"${DRAIN["pj-c16|ippd"]:--}" "${DRAIN["pj-c16|ipe"]:--}" "${DRAIN["pj-c16|cups"]:--}"
l=${RES["gpa-c128|ippd"]:-}
[ -n "$l" ] && awk -v c="$(field "$l" cpu)" -v e="$(field "$l" elapsed)" -v r="$(field "$l" okrps)" \
	'BEGIN { if (e > 0) printf "ippload itself used %.0f%% of a CPU at %.0f requests/s (a, 128 conn., ippd)\n", 100 * c / e, r }'
echo "Peak RSS around c) (VmHWM/VmRSS MiB, before -> after the ${BIG_MIB} MiB upload):"
for s in ippd ipe cups; do
	has "$s" && echo "  $s: ${RSS_BEFORE[$s]} -> ${RSS_AFTER[$s]}"
done
if [ "$DISK" = 1 ] && [ -n "${DD_DSYNC:-}" ]; then
	echo
	echo "ippd durable (state on $(df --output=source "$DISKDIR" | tail -1)):"
	echo
	echo "| figure | value |"
	echo "| --- | ---: |"
	for c in 1 16; do
		l=${RES["disk-pj-c$c|ippd"]:-}
		echo "| Print-Job 1 KiB, $c conn. (jobs/s) | $(awk -v x="$(field "$l" okrps)" 'BEGIN { printf "%.0f", x }') |"
		echo "| Print-Job 1 KiB, $c conn., p99 (ms) | $(awk -v x="$(field "$l" p99_us)" 'BEGIN { printf "%.2f", x / 1000 }') |"
	done
	awk -v d="$DD_DSYNC" -v f="$DD_FSYNC" -v d2="${DD_DSYNC2:-0}" -v f2="${DD_FSYNC2:-0}" 'BEGIN {
		printf "| dd bs=4k count=1000 oflag=dsync (synchronous writes/s, before and after) | %.0f, %.0f |\n", (d > 0 ? 1000 / d : 0), (d2 > 0 ? 1000 / d2 : 0)
		printf "| dd bs=4k count=1000 conv=fsync (MB/s, one fsync; before and after) | %.1f, %.1f |\n", (f > 0 ? 4.096 / f : 0), (f2 > 0 ? 4.096 / f2 : 0) }'
fi
[ "$IPE_CRASHES" -gt 0 ] && echo "ippeveprinter crashed $IPE_CRASHES time(s) and was restarted; those figures are marked."
echo
echo "# load average at the end $(cut -d' ' -f1-3 /proc/loadavg); $(($(date +%s) - T_START)) s in all"
