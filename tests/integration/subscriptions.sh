#!/usr/bin/env bash
# Subscriptions and ippget notifications (RFC 3995, RFC 3996) against a live ippd.
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The ippd authors
#
# Usage: subscriptions.sh PATH_TO_ipp TESTS_DATA_DIR PATH_TO_ippd   (Meson passes all three)
#
# subscriptions.py drives ippd with hand-encoded requests:
#  1. the operations: create (printer, job, with Print-Job/Create-Job), attributes, list,
#     renew, cancel; notify-events filtering; sequence numbers; the 100-event bound;
#     bad requests (unknown ids, bad notify-pull-method, push URIs, no template group);
#     ownership by requesting-user-name; a 2-second lease expires, a renewed one stays;
#  2. notify-wait: 200 held requests take no thread each (/proc/PID/status), one event
#     answers 199 of them at once, the 200th is answered empty after the 30-second wait;
#  3. a restart (SIGTERM) answers a held request with printer-shutdown, keeps printer and job
#     subscriptions, and their numbers go on;
#  4. a database from before subscriptions (schema 1) is migrated and keeps its job.
# Needs python3 and curl; about 50 s.

. "$(dirname "$0")/lib.sh"
lib_init subscriptions "$@"
need python3 curl timeout
DRIVER=$HERE/subscriptions.py
STATE=$TMP/state
drive() { timeout 150 "$PY" "$DRIVER" "$@"; }
# count OUTPUT: adds the driver's ok / not ok lines to ours.
count() {
	local line
	while IFS= read -r line; do
		case $line in
		"ok - "*) pass "${line#ok - }" ;;
		"not ok - "*) fail "${line#not ok - }" ;;
		*) echo "$line" ;;
		esac
	done <"$1"
}

# 200 waiting clients come from one address here: raise the per-address cap (default 128).  The
# short --client-timeout shows that a held request is not cut by the idle limit.
ippd_start "$STATE" --max-connections-per-address 400 --client-timeout 10 || abort "ippd starts" "$IPPD_LOG"
pass "ippd starts on $IPPD_URI"
drive main "$IPPD_URI" "$IPPD_PID" "$DOCS/testfile.pdf" >"$TMP/main.out" 2>&1
st=$?
count "$TMP/main.out"
[ $st -le 1 ] || fail "subscriptions.py main ran to the end (exit $st)" "$TMP/main.out"
if ippd_alive; then pass "ippd alive, no sanitizer report"; else fail "ippd alive, no sanitizer report" "$TMP/san.out"; fi

# Persistence: what was made before a restart is there after it.
drive before "$IPPD_URI" "$TMP/saved.json" >"$TMP/before.out" 2>&1
count "$TMP/before.out"
# A held request when ippd stops: libmicrohttpd must not stop with it suspended; it gets printer-shutdown.
drive hold "$IPPD_URI" "$TMP/saved.json" >"$TMP/hold.out" 2>&1 &
HOLD_PID=$!
LIB_PIDS="$LIB_PIDS $HOLD_PID"
# Stop only once the request is held (a loaded machine may take a while to start Python).
wait_for 20 grep -q 'Get-Notifications held until an event' "$IPPD_LOG" ||
	note "the held request was not seen in the log before the stop"
ippd_stop "before the restart, with a request held"
lib_wait_pid "$HOLD_PID" 20 || fail "the held request ended with ippd"
wait "$HOLD_PID" 2>/dev/null
lib_forget_pid "$HOLD_PID"
count "$TMP/hold.out"
ippd_start "$STATE" || abort "ippd starts again on the same state folder" "$IPPD_LOG"
drive after "$IPPD_URI" "$TMP/saved.json" >"$TMP/after.out" 2>&1
count "$TMP/after.out"
grep -q 'recovered [1-9][0-9]* subscription' "$IPPD_LOG" && pass "the log says the subscriptions were recovered" ||
	fail "the log says the subscriptions were recovered" "$IPPD_LOG"
ippd_stop "after the restart"

# Migration: a schema-1 database (before this table existed) opens and keeps its jobs.
OLD=$TMP/old
mkdir -p "$OLD"
if drive v1db "$OLD/ippd.db" >"$TMP/v1.out" 2>&1; then
	ippd_start "$OLD" || abort "ippd starts on a schema-1 database" "$IPPD_LOG"
	drive v1check "$IPPD_URI" >"$TMP/v1check.out" 2>&1
	count "$TMP/v1check.out"
	ippd_stop "on the migrated database"
else
	fail "a schema-1 database could be written" "$TMP/v1.out"
fi
finish
