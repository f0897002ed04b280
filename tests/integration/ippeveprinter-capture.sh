#!/usr/bin/env bash
# Decodes fresh responses from a live ippeveprinter and compares them with the Python walker.
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The ippd authors
#
# Usage: ippeveprinter-capture.sh PATH_TO_ipp TESTS_DATA_DIR   (Meson passes both)
#
# Needs cups-ipp-utils (ippeveprinter), dbus (dbus-daemon), python3 and curl;
# exits 77 (skipped) without them.  ippeveprinter listens on localhost only,
# on a port chosen at run time, with a private D-Bus and DNS-SD off (no
# avahi-daemon is started).  Every wait is bounded; the script ends within 60 s.
set -u

if [ $# -ne 2 ]; then
	echo "usage: $0 PATH_TO_ipp TESTS_DATA_DIR" >&2
	exit 2
fi
IPP=$1
DATA=$2
HERE=$(cd "$(dirname "$0")" && pwd)
TOOLS=$HERE/../../tools

for cmd in ippeveprinter dbus-daemon python3 curl timeout; do
	if ! command -v "$cmd" >/dev/null 2>&1; then
		echo "ippeveprinter-capture.sh: SKIP: $cmd not found" \
			"(apt-get install cups-ipp-utils dbus python3 curl)"
		exit 77
	fi
done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/ippeveprinter-capture.XXXXXX")
PIDS=""
cleanup() {
	for pid in $PIDS; do kill "$pid" 2>/dev/null; done
	for pid in $PIDS; do wait "$pid" 2>/dev/null; done
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok - $1"; }
fail() { # NAME [FILE whose first lines explain]
	failed=$((failed + 1))
	echo "not ok - $1"
	if [ -n "${2:-}" ] && [ -s "$2" ]; then head -n 20 "$2" | sed 's/^/    # /'; fi
}
walk() { timeout 10 python3 "$TOOLS/ipp-count.py" "$@"; }
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
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
abort() { # MESSAGE [LOG]: a set-up failure ends the run as a failure
	fail "$1" "${2:-}"
	echo "$passed passed, $failed failed"
	exit 1
}

# --- a private bus, then ippeveprinter on a free loopback port -------------------
dbus-daemon --session --address="unix:path=$TMP/bus" --nofork --nopidfile >"$TMP/dbus.log" 2>&1 &
PIDS="$PIDS $!"
wait_for 5 test -S "$TMP/bus" || abort "dbus-daemon did not create its socket in 5 s" "$TMP/dbus.log"

# The port is free when chosen but could be taken before ippeveprinter binds it: try thrice.
mkdir "$TMP/spool"
up=""
for attempt in 1 2 3; do
	PORT=$(free_port)
	DBUS_SYSTEM_BUS_ADDRESS="unix:path=$TMP/bus" ippeveprinter -n localhost -p "$PORT" -r off -k \
		-d "$TMP/spool" -c /bin/true -f application/pdf,image/jpeg,image/pwg-raster \
		"ippd capture test" >"$TMP/ippeveprinter.log" 2>&1 &
	pid=$!
	PIDS="$PIDS $pid"
	if wait_for 10 curl -s -m 1 -o /dev/null "http://localhost:$PORT/"; then
		up=yes
		break
	fi
	kill "$pid" 2>/dev/null
done
[ -n "$up" ] || abort "ippeveprinter did not answer on localhost" "$TMP/ippeveprinter.log"
pass "ippeveprinter answers on localhost:$PORT"

URI=ipp://localhost:$PORT/ipp/print
URL=http://localhost:$PORT/ipp/print
request() { timeout 15 python3 "$TOOLS/ipp-request.py" "$@" --uri "$URI" --post "$URL" --timeout 10; }

# --- Get-Printer-Attributes ----------------------------------------------------------
gpa=$TMP/gpa.bin
if request get-printer-attributes --requested all,media-col-database -o "$gpa" 2>"$TMP/err" &&
	walk --names "$gpa" >"$TMP/walker-names" 2>>"$TMP/err"; then
	pass "Get-Printer-Attributes: $(wc -l <"$TMP/walker-names") attributes, $(wc -c <"$gpa") octets"
else
	abort "Get-Printer-Attributes failed or the response is malformed" "$TMP/err"
fi

timeout 10 "$IPP" decode --json "$gpa" >"$TMP/gpa.json" 2>"$TMP/err"
rc=$?
if [ $rc -eq 0 ] && python3 -c 'import json, sys
for group in json.load(sys.stdin)["groups"]:
    for attr in group["attributes"]:
        print(attr["name"])' <"$TMP/gpa.json" >"$TMP/json-names" 2>>"$TMP/err"; then
	if diff "$TMP/walker-names" "$TMP/json-names" >"$TMP/diff"; then
		pass "ipp decode --json lists the walker's $(wc -l <"$TMP/json-names") attribute names, in order"
	else
		fail "ipp decode --json names differ from the walker's (< walker, > ipp)" "$TMP/diff"
	fi
	if walk --check-json "$TMP/gpa.json" "$gpa" >"$TMP/check"; then
		pass "ipp decode --json members and values match the walker"
	else
		fail "ipp decode --json members or values differ from the walker" "$TMP/check"
	fi
else
	fail "ipp decode --json: exit $rc, or output without groups" "$TMP/err"
fi

# printer-uri-supported must point at the port used, in the response and in our rendering.
if python3 -c 'import json, sys
port = ":%s/" % sys.argv[1]
for group in json.load(sys.stdin)["groups"]:
    for attr in group["attributes"]:
        if attr["name"] == "printer-uri-supported":
            sys.exit(not any(port in v for v in attr["values"]))
sys.exit(1)' "$PORT" <"$TMP/gpa.json" 2>"$TMP/err"; then
	pass "printer-uri-supported names port $PORT"
else
	grep -a -o "ipps\{0,1\}://[^[:cntrl:]]*/ipp/print" "$gpa" >>"$TMP/err"
	fail "printer-uri-supported does not name port $PORT" "$TMP/err"
fi

timeout 10 "$IPP" decode "$gpa" >"$TMP/gpa.txt" 2>"$TMP/err"
rc=$?
if [ $rc -eq 0 ] && walk --check-text "$TMP/gpa.txt" "$gpa" >"$TMP/check"; then
	pass "ipp decode (text) shows every attribute, member and value"
else
	fail "ipp decode (text): exit $rc or differs from the walker" "$TMP/check"
fi

# --- Print-Job, then Get-Jobs: job groups -------------------------------------------
if request print-job --job-name testfile.pdf --format application/pdf \
	--file "$DATA/docs/testfile.pdf" -o "$TMP/pj.bin" 2>"$TMP/err" &&
	timeout 10 "$IPP" decode --json "$TMP/pj.bin" >"$TMP/pj.json" 2>>"$TMP/err" &&
	walk --check-json "$TMP/pj.json" "$TMP/pj.bin" >>"$TMP/err" &&
	grep -q '"job-id"' "$TMP/pj.json"; then
	pass "Print-Job response decodes, with job-id"
else
	fail "Print-Job response" "$TMP/err"
fi
if request get-jobs --which-jobs all --requested all -o "$TMP/gj.bin" 2>"$TMP/err" &&
	timeout 10 "$IPP" decode --json "$TMP/gj.bin" >"$TMP/gj.json" 2>>"$TMP/err" &&
	walk --check-json "$TMP/gj.json" "$TMP/gj.bin" >>"$TMP/err"; then
	pass "Get-Jobs response decodes"
else
	fail "Get-Jobs response" "$TMP/err"
fi

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
