#!/usr/bin/env bash
# GET /metrics: the Prometheus text format (promtool check metrics) and counters that match the requests made.
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The ippd authors
#
# Usage: metrics.sh PATH_TO_ipp TESTS_DATA_DIR PATH_TO_ippd   (Meson passes all three)
#
# Starts ippd, sends N Print-Jobs of known sizes, one that fails and a Get-Printer-Attributes,
# then checks that /metrics passes promtool's linter and that the counters agree:
# requests{Print-Job, successful-ok} == N, jobs completed == N, bytes received >= the documents,
# the latency histogram's count equals the requests, queue depth 0 once the jobs are done.
# Needs promtool (Debian prometheus), curl and python3; exits 77 without them.

. "$(dirname "$0")/lib.sh"
lib_init metrics "$@"
need promtool curl python3 timeout

ippd_start "$TMP/state" || abort "ippd starts" "$IPPD_LOG"
BASE=http://127.0.0.1:$IPPD_PORT
scrape() { curl -s --max-time 10 -D "$TMP/headers" -o "$1" "$BASE/metrics"; }
# metric FILE 'NAME{LABELS}': the value of one sample, or 'none'.
metric() {
	local v
	v=$(grep -F "$2 " "$1" | grep -v '^#' | head -n 1 | awk '{print $NF}')
	echo "${v:-none}"
}

scrape "$TMP/m0.txt" || abort "GET /metrics answers" "$IPPD_LOG"
check "GET /metrics is text/plain version 0.0.4" grep -qi '^Content-Type: text/plain; version=0.0.4' "$TMP/headers"
if promtool check metrics <"$TMP/m0.txt" >"$TMP/lint0" 2>&1; then
	pass "promtool check metrics passes on a fresh ippd"
else
	fail "promtool check metrics passes on a fresh ippd" "$TMP/lint0"
fi

N=5
total=0
docs=("$DOCS/testfile.pwg" "$DOCS/testfile.jpg" "$DOCS/testfile.pdf" "$DOCS/testfile.txt" "$DOCS/testfile.pwg")
ok=0
for i in $(seq 1 $N); do
	f=${docs[$((i - 1))]}
	total=$((total + $(stat -c %s "$f")))
	req print-job --file "$f" --format application/octet-stream --job-name "metrics $i" >"$TMP/pj.$i" 2>&1
	[ "$(status_of "$TMP/pj.$i")" = successful-ok ] && ok=$((ok + 1))
done
check "$N Print-Jobs succeed" test "$ok" -eq "$N"
# One request that fails (no such job) and one Get-Printer-Attributes.
req cancel-job --job-id 999 >"$TMP/cj" 2>&1
req get-printer-attributes --requested printer-state >"$TMP/gpa" 2>&1
wait_for 20 sh -c "curl -s '$BASE/metrics' | grep -q '^ippd_jobs_finished_total{state=\"completed\"} $N\$'"

scrape "$TMP/m1.txt" || abort "GET /metrics answers after printing" "$IPPD_LOG"
if promtool check metrics <"$TMP/m1.txt" >"$TMP/lint1" 2>&1; then
	pass "promtool check metrics passes after $N jobs"
else
	fail "promtool check metrics passes after $N jobs" "$TMP/lint1"
fi
v=$(metric "$TMP/m1.txt" 'ippd_ipp_requests_total{operation="Print-Job",status="successful-ok"}')
check "requests{Print-Job, successful-ok} is $N (is $v)" test "$v" = "$N"
v=$(metric "$TMP/m1.txt" 'ippd_ipp_requests_total{operation="Cancel-Job",status="client-error-not-found"}')
check "requests{Cancel-Job, client-error-not-found} is 1 (is $v)" test "$v" = 1
v=$(metric "$TMP/m1.txt" 'ippd_ipp_requests_total{operation="Get-Printer-Attributes",status="successful-ok"}')
check "requests{Get-Printer-Attributes, successful-ok} is 1 (is $v)" test "$v" = 1
v=$(metric "$TMP/m1.txt" 'ippd_jobs_finished_total{state="completed"}')
check "jobs completed is $N (is $v)" test "$v" = "$N"
v=$(metric "$TMP/m1.txt" 'ippd_jobs{printer="ippd",state="completed"}')
check "jobs{ippd, completed} is $N (is $v)" test "$v" = "$N"
v=$(metric "$TMP/m1.txt" 'ippd_ipp_request_bytes_received_total')
check "bytes received ($v) >= the documents ($total)" test "$v" -ge "$total"
v=$(metric "$TMP/m1.txt" 'ippd_ipp_request_duration_seconds_count')
check "the latency histogram counts the $((N + 2)) requests (is $v)" test "$v" = $((N + 2))
v=$(metric "$TMP/m1.txt" 'ippd_ipp_request_duration_seconds_bucket{le="+Inf"}')
check "its +Inf bucket too (is $v)" test "$v" = $((N + 2))
v=$(metric "$TMP/m1.txt" 'ippd_printer_queue_depth{printer="ippd"}')
check "queue depth is 0 once printed (is $v)" test "$v" = 0
v=$(metric "$TMP/m1.txt" 'ippd_http_connections_open')
check "open connections counts the scrape's own (is $v)" test "$v" -ge 1
v=$(metric "$TMP/m1.txt" 'ippd_device_errors_total{printer="ippd"}')
check "device errors of the file device is 0 (is $v)" test "$v" = 0

# A paused printer holds a job: queue depth and jobs{pending} follow the model at scrape time.
req pause-printer >/dev/null 2>&1
req print-job --file "$DOCS/testfile.txt" --format text/plain >"$TMP/held" 2>&1
scrape "$TMP/m2.txt"
v=$(metric "$TMP/m2.txt" 'ippd_printer_queue_depth{printer="ippd"}')
check "queue depth is 1 with the printer paused (is $v)" test "$v" = 1
v=$(metric "$TMP/m2.txt" 'ippd_jobs{printer="ippd",state="pending"}')
check "jobs{ippd, pending} is 1 (is $v)" test "$v" = 1
v=$(metric "$TMP/m2.txt" 'ippd_printer_state{printer="ippd"}')
check "printer state is 5 (stopped) (is $v)" test "$v" = 5
req cancel-job --job-id "$(value_of "$TMP/held" job.job-id)" >/dev/null 2>&1
scrape "$TMP/m3.txt"
v=$(metric "$TMP/m3.txt" 'ippd_jobs_finished_total{state="canceled"}')
check "jobs canceled is 1 (is $v)" test "$v" = 1

check "ippd alive" ippd_alive
ippd_stop metrics
finish
