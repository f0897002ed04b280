# Shared helpers for the ippd integration tests (sourced, not run).
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The ippd authors
#
# A script does:
#
#   . "$(dirname "$0")/lib.sh"
#   lib_init NAME "$@"            # PATH_TO_ipp TESTS_DATA_DIR PATH_TO_ippd (Meson passes them)
#   need ipptool curl             # exit 77 (skipped) if a tool is missing
#   ippd_start "$TMP/state"       # sets IPPD_PID IPPD_PORT IPPD_URI IPPD_URL IPPD_LOG
#   ... pass "what" / fail "what" [FILE] / check "what" COMMAND... ...
#   finish                        # prints "N passed, N failed", exits 0 or 1
#
# Everything listens on 127.0.0.1 only, on ports chosen at run time.  Every
# process started here is recorded by PID and ended by PID at exit; every wait
# is bounded.

set -u

# lib_init NAME ARGS...: checks the arguments, makes $TMP, sets the traps.
lib_init() {
	LIB_NAME=$1
	shift
	if [ $# -ne 3 ]; then
		echo "usage: $LIB_NAME.sh PATH_TO_ipp TESTS_DATA_DIR PATH_TO_ippd" >&2
		exit 2
	fi
	# IPP and DOCS are for the scripts that source this file.
	# shellcheck disable=SC2034
	IPP=$1
	DATA=$(cd "$2" && pwd)
	IPPD=$3
	HERE=$(cd "$(dirname "$0")" && pwd)
	TOOLS=$(cd "$HERE/../../tools" && pwd)
	# shellcheck disable=SC2034
	DOCS=$DATA/docs
	if [ ! -x "$IPPD" ]; then
		echo "$LIB_NAME.sh: $IPPD is not an executable" >&2
		exit 2
	fi
	TMP=$(mktemp -d "${TMPDIR:-/tmp}/ippd-$LIB_NAME.XXXXXX")
	chmod 0755 "$TMP"
	LIB_PIDS=""
	IPPD_PID=""
	passed=0
	failed=0
	LIB_T0=$(date +%s)
	# The interpreter itself (a version-manager shim in front of python3 costs 0.3 s a call),
	# run with -S where only the standard library is needed: site-packages cost 0.1 s more.
	PY=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null) || PY=python3
	trap lib_cleanup EXIT
	trap 'exit 1' INT TERM HUP
}

# Ends, by PID, every process this script started, then removes $TMP
# (kept when KEEP_TMP=1, for debugging).
lib_cleanup() {
	local pid
	for pid in $LIB_PIDS; do kill "$pid" 2>/dev/null; done
	for pid in $LIB_PIDS; do
		lib_wait_pid "$pid" 5 || { kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; }
	done
	if [ "${KEEP_TMP:-0}" = 1 ]; then
		echo "# kept $TMP"
	else
		rm -rf "$TMP"
	fi
}

# need CMD...: exits 77 (skipped) when a required tool is missing.
need() {
	local cmd
	for cmd in "$@"; do
		if ! command -v "$cmd" >/dev/null 2>&1; then
			echo "$LIB_NAME.sh: SKIP: $cmd not found"
			exit 77
		fi
	done
}

pass() { passed=$((passed + 1)); echo "ok - $1"; }
# fail NAME [FILE]: a failure, with the first lines of FILE (if any) as comments.
fail() {
	failed=$((failed + 1))
	echo "not ok - $1"
	# FILE may be a <(...) pipe, which test -s does not see as non-empty.
	if [ -n "${2:-}" ] && [ -e "$2" ]; then head -n "${LIB_SHOW_LINES:-25}" "$2" | sed 's/^/    # /'; fi
}
note() { echo "# $*"; }
# check NAME COMMAND...: pass if COMMAND succeeds.
check() {
	local name=$1
	shift
	if "$@" >"$TMP/check.out" 2>&1; then pass "$name"; else fail "$name" "$TMP/check.out"; fi
}

# finish: the summary line; exit status 1 if anything failed.
finish() {
	echo "$passed passed, $failed failed ($(($(date +%s) - LIB_T0)) s)"
	[ "$failed" -eq 0 ]
	exit $?
}
# abort MESSAGE [FILE]: a set-up failure ends the run as a failure.
abort() {
	fail "$1" "${2:-}"
	finish
}

# wait_for SECONDS COMMAND...: polls COMMAND every 0.1 s until it succeeds or time is up.
wait_for() {
	local tenths=$(($1 * 10))
	shift
	while ! "$@" >/dev/null 2>&1; do
		tenths=$((tenths - 1))
		[ $tenths -gt 0 ] || return 1
		sleep 0.1
	done
}

# lib_wait_pid PID SECONDS: waits for a child to end; 1 if it is still running.
lib_wait_pid() {
	local pid=$1 tenths=$(($2 * 10))
	while kill -0 "$pid" 2>/dev/null; do
		tenths=$((tenths - 1))
		[ $tenths -gt 0 ] || return 1
		sleep 0.1
	done
	return 0
}

lib_forget_pid() {
	local pid out=""
	for pid in $LIB_PIDS; do [ "$pid" = "$1" ] || out="$out $pid"; done
	LIB_PIDS=$out
}

# A loopback TCP port that was free a moment ago (for peers that cannot pick their own).
free_port() {
	"$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# ippd_start STATE_DIR [EXTRA ARGS...]: starts ippd on an ephemeral loopback port and waits
# (at most 20 s: sanitizer builds start slowly; IPPD_START_WAIT=N for slower wrappers such as
# tools/valgrind-check.sh) for its "printer ... at ipp://..." line.
# Sets IPPD_PID, IPPD_PORT, IPPD_URI (ipp://127.0.0.1:PORT/ipp/print), IPPD_URL (http://...),
# IPPD_LOG (appended to across restarts of the same state folder).
IPPD_START_N=0
ippd_start() {
	local state=$1 line
	shift
	IPPD_START_N=$((IPPD_START_N + 1))
	IPPD_LOG=$TMP/ippd-$IPPD_START_N.log
	# No DNS-SD advertising unless a test asks (IPPD_DNSSD=""): a developer's avahi-daemon is real.
	# shellcheck disable=SC2086
	"$IPPD" --listen 127.0.0.1:0 --state-dir "$state" --log-level debug ${IPPD_DNSSD---no-dnssd} "$@" >"$IPPD_LOG" 2>&1 &
	IPPD_PID=$!
	LIB_PIDS="$LIB_PIDS $IPPD_PID"
	if ! wait_for "${IPPD_START_WAIT:-20}" grep -q 'printer ippd at ipp://[^ ]*:[0-9][0-9]*/ipp/print' "$IPPD_LOG"; then
		kill -0 "$IPPD_PID" 2>/dev/null || note "ippd exited"
		return 1
	fi
	line=$(grep -m1 -o 'printer ippd at ipp://[^ ]*' "$IPPD_LOG")
	IPPD_PORT=${line##*:}
	IPPD_PORT=${IPPD_PORT%%/*}
	IPPD_URI=ipp://127.0.0.1:$IPPD_PORT/ipp/print
	IPPD_URL=http://127.0.0.1:$IPPD_PORT/ipp/print
	# The line comes before the listener is fully up on some paths: make sure it answers.
	wait_for 10 curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$IPPD_PORT/"
}

# ippd_stop: SIGTERM, at most 20 s (IPPD_STOP_WAIT) to stop; sets IPPD_STATUS (its exit status; 124 if it had
# to be killed).  A sanitizer report or a non-zero exit status fails "ippd stops cleanly".
ippd_stop() {
	[ -n "$IPPD_PID" ] || return 0
	kill -TERM "$IPPD_PID" 2>/dev/null
	if lib_wait_pid "$IPPD_PID" "${IPPD_STOP_WAIT:-20}"; then
		wait "$IPPD_PID" 2>/dev/null
		IPPD_STATUS=$?
	else
		kill -9 "$IPPD_PID" 2>/dev/null
		wait "$IPPD_PID" 2>/dev/null
		IPPD_STATUS=124
	fi
	lib_forget_pid "$IPPD_PID"
	IPPD_PID=""
	# A sanitizer report already failed "ippd alive"; here only the exit and later reports count.
	if [ "$IPPD_STATUS" -eq 0 ] && ! grep -q 'Sanitizer\|runtime error:' "$IPPD_LOG"; then
		pass "ippd stops cleanly on SIGTERM (${1:-})"
	elif [ "$IPPD_STATUS" -eq 0 ] && [ "${IPPD_REPORTED:-}" = "$IPPD_LOG" ] \
		&& [ "$(grep -c 'Sanitizer\|runtime error:' "$IPPD_LOG")" = "$IPPD_REPORTED_N" ]; then
		pass "ippd stops cleanly on SIGTERM (${1:-}; exit status 0, no sanitizer report but the one above)"
	else
		grep -n -A20 'Sanitizer\|runtime error:' "$IPPD_LOG" >"$TMP/san.out" 2>/dev/null
		[ -s "$TMP/san.out" ] || tail -n 20 "$IPPD_LOG" >"$TMP/san.out"
		fail "ippd stops cleanly on SIGTERM (${1:-}) (exit status $IPPD_STATUS)" "$TMP/san.out"
	fi
}

# ippd_kill9: SIGKILL, no clean-up at all.
ippd_kill9() {
	[ -n "$IPPD_PID" ] || return 0
	kill -9 "$IPPD_PID" 2>/dev/null
	wait "$IPPD_PID" 2>/dev/null
	lib_forget_pid "$IPPD_PID"
	IPPD_PID=""
}

# ippd_alive: fails (once) if ippd died or a sanitizer reported something so far.
ippd_alive() {
	if [ -n "$IPPD_PID" ] && kill -0 "$IPPD_PID" 2>/dev/null \
		&& ! grep -q 'Sanitizer\|runtime error:' "$IPPD_LOG"; then
		return 0
	fi
	# The report with the requests just before it, to find which one did it.
	grep -n -B8 -A12 'Sanitizer\|runtime error:' "$IPPD_LOG" >"$TMP/san.out" 2>/dev/null
	[ -s "$TMP/san.out" ] || tail -n 20 "$IPPD_LOG" >"$TMP/san.out"
	IPPD_REPORTED=$IPPD_LOG
	IPPD_REPORTED_N=$(grep -c 'Sanitizer\|runtime error:' "$IPPD_LOG")
	return 1
}

# req OPERATION ARGS...: tools/ipp-request.py against the running ippd, response shown as
# text ("status NAME 0x....", "group.name = values"); 15 s at most.
req() {
	timeout 15 "$PY" -S "$TOOLS/ipp-request.py" "$@" --uri "$IPPD_URI" --post "$IPPD_URL" \
		--timeout 10 --show
}
# status_of FILE: the status keyword of a req output.
status_of() { sed -n 's/^status \([^ ]*\) .*/\1/p' "$1"; }
# value_of FILE GROUP.NAME: the value of one attribute of a req output.
value_of() { sed -n "s/^$2 = //p" "$1" | head -n 1; }
