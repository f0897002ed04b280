#!/usr/bin/env bash
# The ipp:// output device: ippd in front of a real IPP printer (ippeveprinter), forwarding and following each job.
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The ippd authors
#
# Usage: forward.sh PATH_TO_ipp TESTS_DATA_DIR PATH_TO_ippd   (Meson passes all three)
#
# Two ippeveprinters (cups-ipp-utils) on localhost with a private D-Bus: "fast" finishes
# each job at once (-c /bin/true), "slow" prints for 30 s.  ippd has a printer in front
# of each.  Checked: ippd's printer offers the upstream's media and formats (not its own
# defaults); `ipp print` of a PDF to ippd arrives byte-exact in the upstream's spool (-k)
# and the job completes on both; copies is passed on; a job on ippd is canceled upstream
# when it is canceled here; with the upstream stopped, our printer shows
# connecting-to-device and offline-report and the job waits, and when the upstream comes
# back the job completes and the reasons go; device errors are counted in /metrics.
# Skipped (77) without ippeveprinter or dbus-daemon.

. "$(dirname "$0")/lib.sh"
lib_init forward "$@"
need python3 curl timeout cmp ippeveprinter dbus-daemon

# ippeveprinter will not start without a system bus: give it a private one, never the machine's.
dbus-daemon --session --address="unix:path=$TMP/bus" --nofork --nopidfile >"$TMP/dbus.log" 2>&1 &
LIB_PIDS="$LIB_PIDS $!"
wait_for 5 test -S "$TMP/bus" || abort "dbus-daemon makes its socket" "$TMP/dbus.log"
printf '#!/bin/sh\nsleep 30\n' >"$TMP/slow-print"
chmod +x "$TMP/slow-print"

# eve NAME PORT COMMAND: starts an ippeveprinter keeping documents in $TMP/NAME-spool; pid in $eve_pid.
eve() {
	mkdir -p "$TMP/$1-spool"
	DBUS_SYSTEM_BUS_ADDRESS="unix:path=$TMP/bus" ippeveprinter -n localhost -p "$2" -r off -k \
		-d "$TMP/$1-spool" -c "$3" -f application/pdf,image/jpeg,image/pwg-raster "$1" >>"$TMP/$1.log" 2>&1 &
	eve_pid=$!
	LIB_PIDS="$LIB_PIDS $eve_pid"
	wait_for 10 curl -s -m 1 -o /dev/null "http://localhost:$2/"
}
FAST_PORT=$(free_port)
eve fast "$FAST_PORT" /bin/true || abort "ippeveprinter fast answers" "$TMP/fast.log"
FAST_PID=$eve_pid
SLOW_PORT=$(free_port)
eve slow "$SLOW_PORT" "$TMP/slow-print" || abort "ippeveprinter slow answers" "$TMP/slow.log"
FAST=ipp://localhost:$FAST_PORT/ipp/print
SLOW=ipp://localhost:$SLOW_PORT/ipp/print

cat >"$TMP/ippd.conf" <<EOF
[printer fwd]
device-uri = $FAST
[printer slow]
device-uri = $SLOW
EOF
ippd_start "$TMP/state" --config "$TMP/ippd.conf" || abort "ippd starts" "$IPPD_LOG"
BASE=ipp://127.0.0.1:$IPPD_PORT/ipp/print

# attr URI [--job ID] NAME: one attribute as text (lists joined by commas).
attr() {
	timeout 15 "$IPP" attrs "$@" --json 2>/dev/null |
		"$PY" -S -c "import json, sys; v = json.load(sys.stdin).get(sys.argv[1], ''); print(','.join(map(str, v)) if isinstance(v, list) else v)" "${@: -1}"
}

# 1. The upstream's capabilities are the printer's own.
has_upstream_caps() { [ "$(attr "$BASE/fwd" printer-make-and-model)" = "$(attr "$FAST" printer-make-and-model)" ]; }
wait_for 15 has_upstream_caps && pass "printer-make-and-model from the upstream" ||
	fail "printer-make-and-model from the upstream ($(attr "$BASE/fwd" printer-make-and-model))" "$IPPD_LOG"
ours=$(attr "$BASE/fwd" media-supported)
theirs=$(attr "$FAST" media-supported)
[ -n "$ours" ] && [ "$ours" = "$theirs" ] && pass "media-supported is the upstream's ($ours)" ||
	fail "media-supported: ours '$ours', upstream '$theirs'"
[ "$(attr "$BASE/fwd" media-default)" = "$(attr "$FAST" media-default)" ] && pass "media-default is the upstream's" ||
	fail "media-default: $(attr "$BASE/fwd" media-default)"
formats=$(attr "$BASE/fwd" document-format-supported)
case ",$formats," in
*,application/pdf,*image/jpeg,*image/pwg-raster,*) case ",$formats," in
	*text/plain* | *image/urf*) fail "formats beyond the upstream's: $formats" ;;
	*) pass "document-format-supported is the upstream's ($formats)" ;;
	esac ;;
*) fail "document-format-supported: $formats" ;;
esac
[ "$(attr "$BASE/fwd" sides-supported)" = "$(attr "$FAST" sides-supported)" ] &&
	pass "sides-supported is the upstream's" || fail "sides-supported: $(attr "$BASE/fwd" sides-supported)"
# text/plain is not the upstream's: ippd refuses it at once.
timeout 30 "$IPP" print "$BASE/fwd" "$DOCS/testfile.txt" >"$TMP/print.out" 2>&1 &&
	fail "text/plain refused (the upstream does not take it)" "$TMP/print.out" ||
	pass "text/plain refused by the forwarding printer"

# 2. A PDF through ippd arrives byte-exact upstream; both jobs complete.
timeout 60 "$IPP" print "$BASE/fwd" "$DOCS/testfile.pdf" -n 2 -t forwarded --wait >"$TMP/print.out" 2>&1
rc=$?
[ "$rc" -eq 0 ] && pass "job completed on ippd" || fail "job completed on ippd (rc $rc)" "$TMP/print.out"
spooled=$(ls "$TMP/fast-spool"/*.pdf 2>/dev/null | head -n 1)
[ -n "$spooled" ] && cmp -s "$DOCS/testfile.pdf" "$spooled" && pass "the PDF arrived upstream byte-exact" ||
	fail "the PDF arrived upstream byte-exact ($(ls "$TMP/fast-spool"))"
[ "$(attr "$FAST" --job 1 job-state)" = completed ] && pass "upstream job completed" ||
	fail "upstream job 1: $(attr "$FAST" --job 1 job-state)"
[ "$(attr "$FAST" --job 1 copies)" = 2 ] && pass "copies=2 passed on" || fail "upstream copies: '$(attr "$FAST" --job 1 copies)'"
[ "$(attr "$FAST" --job 1 job-name)" = forwarded ] && pass "job-name passed on" || fail "upstream job-name: '$(attr "$FAST" --job 1 job-name)'"
timeout 15 "$IPP" jobs "$BASE/fwd" --completed --json >"$TMP/jobs.json" 2>&1
"$PY" -S -c "import json, sys; j = json.load(open(sys.argv[1]))['jobs']; sys.exit(0 if j and j[0]['job-state'] == 'completed' else 1)" "$TMP/jobs.json" &&
	pass "ipp jobs on ippd shows the job completed" || fail "ipp jobs on ippd" "$TMP/jobs.json"

# 3. Cancel on ippd cancels upstream (the slow printer is still "printing").
timeout 30 "$IPP" print "$BASE/slow" "$DOCS/testfile.pdf" >"$TMP/print.out" 2>&1 || fail "submit to slow" "$TMP/print.out"
upstream_processing() { [ "$(attr "$SLOW" --job 1 job-state)" = processing ]; }
wait_for 20 upstream_processing || fail "the upstream job is processing ($(attr "$SLOW" --job 1 job-state))"
timeout 15 "$IPP" cancel "$BASE/slow" 2 >"$TMP/cancel.out" 2>&1 || fail "ipp cancel" "$TMP/cancel.out"
# The upstream took the Cancel-Job: its job is canceled, or still stopping (RFC 8011 §4.3.3: a
# printer may need time to stop; ippeveprinter lets its print command finish, and says
# processing-to-stop-point meanwhile).
upstream_canceled() {
	case "$(attr "$SLOW" --job 1 job-state) $(attr "$SLOW" --job 1 job-state-reasons)" in
	canceled* | *processing-to-stop-point*) return 0 ;;
	esac
	return 1
}
wait_for 15 upstream_canceled && pass "the upstream job was canceled ($(attr "$SLOW" --job 1 job-state))" ||
	fail "upstream job state $(attr "$SLOW" --job 1 job-state) $(attr "$SLOW" --job 1 job-state-reasons)" "$IPPD_LOG"
[ "$(attr "$BASE/slow" --job 2 job-state)" = canceled ] && pass "our job canceled" || fail "our job: $(attr "$BASE/slow" --job 2 job-state)"

# 4. The upstream goes away: the job waits, the printer says why; it comes back: the job completes.
kill "$FAST_PID"
lib_wait_pid "$FAST_PID" 10
lib_forget_pid "$FAST_PID"
timeout 30 "$IPP" print "$BASE/fwd" "$DOCS/testfile.jpg" >"$TMP/print.out" 2>&1 || fail "submit while down" "$TMP/print.out"
offline() { case $(attr "$BASE/fwd" printer-state-reasons) in *connecting-to-device*offline-report*) return 0 ;; esac; return 1; }
wait_for 15 offline && pass "connecting-to-device, offline-report while the upstream is down" ||
	fail "printer-state-reasons: $(attr "$BASE/fwd" printer-state-reasons)"
sleep 2
[ "$(attr "$BASE/fwd" --job 3 job-state)" = processing ] && pass "the job waits (processing)" ||
	fail "job 3 while down: $(attr "$BASE/fwd" --job 3 job-state)"
eve fast "$FAST_PORT" /bin/true || fail "ippeveprinter fast restarts" "$TMP/fast.log"
job3_done() { [ "$(attr "$BASE/fwd" --job 3 job-state)" = completed ]; }
wait_for 40 job3_done && pass "the job completes once the upstream is back" ||
	fail "job 3 after the upstream came back: $(attr "$BASE/fwd" --job 3 job-state)" "$IPPD_LOG"
jpg=$(ls "$TMP/fast-spool"/*.jpg 2>/dev/null | head -n 1)
[ -n "$jpg" ] && cmp -s "$DOCS/testfile.jpg" "$jpg" && pass "the JPEG arrived upstream byte-exact" ||
	fail "the JPEG upstream ($(ls "$TMP/fast-spool"))"
[ "$(attr "$BASE/fwd" printer-state-reasons)" = none ] && pass "the reasons are cleared" ||
	fail "printer-state-reasons after: $(attr "$BASE/fwd" printer-state-reasons)"
n=$(curl -s --max-time 10 "http://127.0.0.1:$IPPD_PORT/metrics" | sed -n 's/^ippd_device_errors_total{printer="fwd"} //p')
[ -n "$n" ] && [ "$n" -ge 1 ] && pass "$n device error(s) counted in /metrics" || fail "ippd_device_errors_total fwd: '$n'"

ippd_alive && pass "ippd alive" || fail "ippd alive" "$TMP/san.out"
ippd_stop "forwarding"
finish
