#!/usr/bin/env bash
# The socket:// output device (AppSocket / JetDirect) against loopback Python listeners.
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The ippd authors
#
# Usage: socket-device.sh PATH_TO_ipp TESTS_DATA_DIR PATH_TO_ippd   (Meson passes all three)
#
# socket-listener.py records what each connection sends.  Checked: one document, two
# documents (one stream) and 8 MiB arrive byte-exact; a refused port is retried
# (device-retries = 2, with back-off, printer-state-reasons offline-report meanwhile) and
# the job aborts with the reason; a listener that closes early is an error, retried once,
# then the job aborts; a listener that never closes its side holds the job only
# device-timeout seconds; Cancel-Job during the retries ends the job at once.

. "$(dirname "$0")/lib.sh"
lib_init socket-device "$@"
need python3 curl timeout cmp

# listener MODE NAME: starts socket-listener.py; its port in $port.
listener() {
	"$PY" -S "$HERE/socket-listener.py" "$1" "$TMP/$2.port" "$TMP/$2" &
	LIB_PIDS="$LIB_PIDS $!"
	wait_for 10 test -s "$TMP/$2.port" || abort "listener $2 starts"
	port=$(cat "$TMP/$2.port")
}
listener record rec
P_REC=$port
listener early early
P_EARLY=$port
listener silent silent
P_SILENT=$port
P_NONE=$(free_port)

cat >"$TMP/ippd.conf" <<EOF
[printer sock]
device-uri = socket://127.0.0.1:$P_REC
[printer refused]
device-uri = socket://127.0.0.1:$P_NONE
device-retries = 2
[printer early]
device-uri = socket://127.0.0.1:$P_EARLY
device-retries = 1
[printer silent]
device-uri = socket://127.0.0.1:$P_SILENT/
device-timeout = 2
[printer patient]
device-uri = socket://localhost:$P_NONE
device-retries = 100
EOF
ippd_start "$TMP/state" --config "$TMP/ippd.conf" || abort "ippd starts" "$IPPD_LOG"
BASE=ipp://127.0.0.1:$IPPD_PORT/ipp/print

# print PRINTER ARGS...: ipp print (60 s at most); sets $rc.
print() {
	local printer=$1
	shift
	timeout 60 "$IPP" print "$BASE/$printer" "$@" >"$TMP/print.out" 2>&1 </dev/null
	rc=$?
}
attr() { # attr PRINTER [--job ID] NAME: one attribute as text
	local printer=$1
	shift
	timeout 15 "$IPP" attrs "$BASE/$printer" "$@" --json 2>/dev/null |
		"$PY" -S -c "import json, sys; v = json.load(sys.stdin).get(sys.argv[1], ''); print(','.join(map(str, v)) if isinstance(v, list) else v)" "${@: -1}"
}

# 1. Byte-exact delivery: one document, two documents in one stream, 8 MiB.
print sock "$DOCS/testfile.pdf" --wait
[ "$rc" -eq 0 ] && wait_for 5 test -e "$TMP/rec.1" && cmp -s "$DOCS/testfile.pdf" "$TMP/rec.1" &&
	pass "one document byte-exact" || fail "one document byte-exact (rc $rc)" "$TMP/print.out"
print sock "$DOCS/testfile.pdf" "$DOCS/testfile.jpg" --wait
cat "$DOCS/testfile.pdf" "$DOCS/testfile.jpg" >"$TMP/both"
[ "$rc" -eq 0 ] && wait_for 5 test -e "$TMP/rec.2" && cmp -s "$TMP/both" "$TMP/rec.2" &&
	pass "two documents, one stream, byte-exact" || fail "two documents (rc $rc)" "$TMP/print.out"
head -c 8388608 /dev/urandom >"$TMP/big.bin"
print sock "$TMP/big.bin" --format application/octet-stream --wait
[ "$rc" -eq 0 ] && wait_for 5 test -e "$TMP/rec.3" && cmp -s "$TMP/big.bin" "$TMP/rec.3" &&
	pass "8 MiB byte-exact" || fail "8 MiB byte-exact (rc $rc)" "$TMP/print.out"

# 2. Nothing listening: 3 attempts (1 s, 2 s apart), offline-report meanwhile, then aborted.
t0=$(date +%s)
timeout 30 "$IPP" print "$BASE/refused" "$DOCS/testfile.pdf" >"$TMP/print.out" 2>&1
wait_for 5 sh -c "'$IPP' attrs '$BASE/refused' printer-state-reasons --json | grep -q offline-report" &&
	pass "offline-report while retrying" || fail "offline-report while retrying" "$IPPD_LOG"
job_done() { case $(attr "$1" --job "$2" job-state) in aborted | completed | canceled) return 0 ;; esac; return 1; }
wait_for 20 job_done refused 4
t=$(($(date +%s) - t0))
msg=$(attr refused --job 4 job-state-message)
if [ "$(attr refused --job 4 job-state)" = aborted ] && [ $t -ge 3 ] &&
	echo "$msg" | grep -q "Device error after 3 attempt(s): cannot connect to 127.0.0.1 port $P_NONE: Connection refused"; then
	pass "refused: aborted after 3 attempts in $t s: '$msg'"
else
	echo "after $t s: $(attr refused --job 4 job-state) '$msg'" >"$TMP/why"
	fail "refused: aborted with the reason" "$TMP/why"
fi
n=$(curl -s --max-time 10 "http://127.0.0.1:$IPPD_PORT/metrics" | sed -n 's/^ippd_device_errors_total{printer="refused"} //p')
[ "$n" = 3 ] && pass "3 device errors counted in /metrics" || fail "ippd_device_errors_total refused: '$n' (want 3)"
reasons=$(attr refused printer-state-reasons)
[ "$reasons" = none ] && pass "offline-report cleared after the job" || fail "printer-state-reasons '$reasons'"

# 3. A listener that reads 1000 bytes and closes: an error, retried once, then aborted.
head -c 4194304 /dev/urandom >"$TMP/4m.bin"
print early "$TMP/4m.bin" --format application/octet-stream --wait
msg=$(attr early --job 5 job-state-message)
if [ "$rc" -ne 0 ] && [ "$(attr early --job 5 job-state)" = aborted ] && [ -e "$TMP/early.2" ] &&
	echo "$msg" | grep -Eq "Device error after 2 attempt\(s\): 127.0.0.1 port $P_EARLY: (Connection reset by peer|Broken pipe)"; then
	pass "early close: aborted after 2 attempts: '$msg'"
else
	echo "rc $rc, $(attr early --job 5 job-state) '$msg'" >"$TMP/why"
	fail "early close: aborted with the reason" "$TMP/why"
fi

# 4. A listener that never closes its side: the job is delivered; ippd waits only device-timeout.
t0=$(date +%s)
print silent "$DOCS/testfile.pdf" --wait
t=$(($(date +%s) - t0))
[ "$rc" -eq 0 ] && [ $t -ge 2 ] && [ $t -le 10 ] && cmp -s "$DOCS/testfile.pdf" "$TMP/silent.1" &&
	pass "silent peer: completed after $t s (device-timeout 2)" || fail "silent peer (rc $rc, $t s)" "$TMP/print.out"

# 5. Cancel-Job while the device is being retried ends the job at once.
timeout 30 "$IPP" print "$BASE/patient" "$DOCS/testfile.pdf" >"$TMP/print.out" 2>&1
wait_for 10 sh -c "'$IPP' attrs '$BASE/patient' printer-state-reasons --json | grep -q offline-report" ||
	fail "patient printer retrying" "$IPPD_LOG"
t0=$(date +%s)
timeout 15 "$IPP" cancel "$BASE/patient" 7 >"$TMP/cancel.out" 2>&1
idle() { [ "$(attr patient printer-state)" = idle ]; }
if wait_for 5 idle && [ "$(attr patient --job 7 job-state)" = canceled ]; then
	pass "cancel stops the retries within $(($(date +%s) - t0)) s"
else
	fail "cancel stops the retries ($(attr patient printer-state), $(attr patient --job 7 job-state))" "$TMP/cancel.out"
fi
reasons=$(attr patient printer-state-reasons)
[ "$reasons" = none ] && pass "reasons cleared after cancel" || fail "printer-state-reasons after cancel '$reasons'"

ippd_alive && pass "ippd alive" || fail "ippd alive" "$TMP/san.out"
ippd_stop "socket device"
finish
