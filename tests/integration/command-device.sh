#!/usr/bin/env bash
# The command: output device: a program gets each document on stdin and the job in its environment.
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The ippd authors
#
# Usage: command-device.sh PATH_TO_ipp TESTS_DATA_DIR PATH_TO_ippd   (Meson passes all three)
#
# tests/data/command-device.sh, copied into $TMP/bin, keeps each document and its
# environment in $TMP/out.  Checked: the document arrives byte-exact, the environment
# carries the job's id, name, user, format, copies and printer (control characters
# removed); a command that fails aborts the job with its exit status and the last line
# of its stderr (escape removed); a command that hangs is killed at device-timeout with
# its children, and the job aborts; Cancel-Job kills it at once; several documents run
# it once each; a bad device-uri stops ippd at start-up naming the line.

. "$(dirname "$0")/lib.sh"
lib_init command-device "$@"
need python3 curl timeout cmp

mkdir -p "$TMP/bin" "$TMP/out"
cp "$DATA/command-device.sh" "$TMP/bin/"
chmod 0755 "$TMP/bin/command-device.sh"

# A bad device-uri is a start-up error that names the file and the line.
bad_config() {
	local name=$1 uri=$2 want=$3
	printf '[printer x]\ninfo = x\ndevice-uri = %s\n' "$uri" >"$TMP/bad.conf"
	if timeout 20 "$IPPD" --listen 127.0.0.1:0 --state-dir "$TMP/bad-state" --config "$TMP/bad.conf" \
		--no-dnssd >"$TMP/bad.out" 2>&1; then
		fail "$name: ippd started" "$TMP/bad.out"
	elif grep -q "bad.conf:3: .*$want" "$TMP/bad.out"; then
		pass "$name: start-up error names the line ($(head -c 120 "$TMP/bad.out"))"
	else
		fail "$name: error message" "$TMP/bad.out"
	fi
}
bad_config "unknown scheme" "lpd://printer/queue" "unknown scheme 'lpd'"
bad_config "relative command" "command:bin/x" "absolute path"
bad_config "missing command" "command:/nonexistent/program" "not an executable"
bad_config "bad socket port" "socket://127.0.0.1:99999" "port"
bad_config "no scheme" "printer.example" "no scheme"
bad_config "relative folder" "file:out" "file:"

cat >"$TMP/ippd.conf" <<EOF
[printer cmd]
device-uri = command:$TMP/bin/command-device.sh
device-timeout = 3
EOF
IPPD_TEST_SECRET=1 ippd_start "$TMP/state" --config "$TMP/ippd.conf" || abort "ippd starts" "$IPPD_LOG"
URI=ipp://127.0.0.1:$IPPD_PORT/ipp/print/cmd

# print ARGS...: ipp print to the command printer, with --wait (60 s at most); sets $rc.
print() {
	timeout 60 "$IPP" print "$URI" "$@" >"$TMP/print.out" 2>&1 </dev/null
	rc=$?
}
# job_attr ID NAME: one attribute of a job, as text.
job_attr() {
	timeout 15 "$IPP" attrs "$URI" --job "$1" "$2" --json 2>/dev/null |
		"$PY" -S -c "import json, sys; v = json.load(sys.stdin).get(sys.argv[1], ''); print(','.join(map(str, v)) if isinstance(v, list) else v)" "$2"
}
job_is() { [ "$(job_attr "$1" job-state)" = "$2" ]; }
envval() { sed -n "s/^$2=//p" "$TMP/out/env-$1"; }

# 1. A job that works: byte-exact, with its environment.
print "$DOCS/testfile.pdf" -t Report -n 2 -u tester --wait
[ "$rc" -eq 0 ] && pass "job 1 completed" || fail "job 1 completed" "$TMP/print.out"
check "document byte-exact" cmp "$DOCS/testfile.pdf" "$TMP/out/doc-1-1"
[ "$(envval 1-1 IPP_JOB_ID)" = 1 ] && [ "$(envval 1-1 IPP_JOB_NAME)" = Report ] &&
	[ "$(envval 1-1 IPP_JOB_ORIGINATING_USER_NAME)" = tester ] && [ "$(envval 1-1 IPP_COPIES)" = 2 ] &&
	[ "$(envval 1-1 IPP_DOCUMENT_FORMAT)" = application/pdf ] && [ "$(envval 1-1 PRINTER_NAME)" = cmd ] &&
	[ "$(envval 1-1 IPP_DOCUMENT_NUMBER)" = 1 ] && [ "$(envval 1-1 DEVICE_URI)" = "command:$TMP/bin/command-device.sh" ]
check "environment: job id, name, user, copies, format, printer, device" test $? -eq 0
# ippd's own environment does not leak into the program.
grep -q '^IPPD_TEST_SECRET=' "$TMP/out/env-1-1" && fail "ippd's environment leaked" "$TMP/out/env-1-1" ||
	pass "only the job's environment"

# 2. A job name with control characters: they never reach the environment.
print "$DOCS/testfile.txt" -t "$(printf 'tab\there')" --wait
name=$(envval 2-1 IPP_JOB_NAME)
if [ "$rc" -eq 0 ] && [ -n "$name" ] && ! grep -q "$(printf '\t')" "$TMP/out/env-2-1"; then
	pass "job name without control characters ('$name')"
else
	fail "job name sanitised (rc $rc, '$name')" "$TMP/print.out"
fi
cmp -s "$DOCS/testfile.txt" "$TMP/out/doc-2-1" && pass "text byte-exact" || fail "text byte-exact"

# 3. Several documents: the command runs once for each.
print "$DOCS/testfile.pdf" "$DOCS/testfile.jpg" -t two --wait
if [ "$rc" -eq 0 ] && cmp -s "$DOCS/testfile.pdf" "$TMP/out/doc-3-1" && cmp -s "$DOCS/testfile.jpg" "$TMP/out/doc-3-2" &&
	[ "$(envval 3-2 IPP_DOCUMENT_NUMBER)" = 2 ] && [ "$(envval 3-2 IPP_DOCUMENT_FORMAT)" = image/jpeg ]; then
	pass "two documents, two runs, byte-exact"
else
	fail "two documents (rc $rc)" "$TMP/print.out"
fi

# 4. A command that fails: aborted, with its exit status and the last line of its stderr.
print "$DOCS/testfile.pdf" -t fail --wait
msg=$(job_attr 4 job-state-message)
if [ "$rc" -ne 0 ] && job_is 4 aborted && [ "$msg" = "The command exited with status 3: paper jam in tray 2" ]; then
	pass "failing command: aborted, '$msg'"
else
	echo "rc $rc, state $(job_attr 4 job-state), message '$msg'" >"$TMP/why"
	fail "failing command" "$TMP/why"
fi
if grep -q "$(printf '\033')" "$IPPD_LOG"; then fail "no escape byte in the log"; else pass "no escape byte in the log"; fi

# 5. A command that hangs: killed (with its child) at device-timeout (3 s), aborted.
t0=$(date +%s)
print "$DOCS/testfile.pdf" -t hang --wait
t=$(($(date +%s) - t0))
msg=$(job_attr 5 job-state-message)
if [ "$rc" -ne 0 ] && job_is 5 aborted && [ $t -ge 3 ] && [ $t -le 15 ] && echo "$msg" | grep -q "within 3 s"; then
	pass "hanging command killed after $t s: '$msg'"
else
	echo "rc $rc after $t s, state $(job_attr 5 job-state), message '$msg'" >"$TMP/why"
	fail "hanging command" "$TMP/why"
fi
# running PID: true while PID runs (a killed child of an ended shell may linger as a zombie of init).
running() { [ -e "/proc/$1" ] && ! grep -q '^[0-9]* ([^)]*) Z' "/proc/$1/stat" 2>/dev/null; }
all_gone() { for pid in $(cat "$1"); do ! running "$pid" || return 1; done; }
[ -s "$TMP/out/pids-5" ] && wait_for 5 all_gone "$TMP/out/pids-5" && pass "the command and its child are gone" ||
	fail "processes left: $(cat "$TMP/out/pids-5" 2>/dev/null)"

# 6. Cancel-Job kills the command at once.
timeout 30 "$IPP" print "$URI" "$DOCS/testfile.pdf" -t hang >"$TMP/print.out" 2>&1
wait_for 10 test -s "$TMP/out/pids-6" || fail "the hanging command started" "$IPPD_LOG"
t0=$(date +%s)
timeout 15 "$IPP" cancel "$URI" 6 >"$TMP/cancel.out" 2>&1
if wait_for 5 all_gone "$TMP/out/pids-6"; then
	pass "cancel ends the command within $(($(date +%s) - t0)) s"
else
	fail "cancel ends the command" "$TMP/cancel.out"
fi
wait_for 5 job_is 6 canceled && pass "job 6 canceled" || fail "job 6 canceled ($(job_attr 6 job-state))"

# 7. The printer goes on after all that.
print "$DOCS/testfile.jpg" -t after --wait
[ "$rc" -eq 0 ] && cmp -s "$DOCS/testfile.jpg" "$TMP/out/doc-7-1" && pass "next job completes" ||
	fail "next job completes" "$TMP/print.out"

ippd_alive && pass "ippd alive" || fail "ippd alive" "$TMP/san.out"
ippd_stop "command device"
finish
