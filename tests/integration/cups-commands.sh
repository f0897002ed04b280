#!/usr/bin/env bash
# CUPS's own command-line clients talking to ippd directly (-h HOST:PORT), as they would to cupsd.
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The ippd authors
#
# Usage: cups-commands.sh PATH_TO_ipp TESTS_DATA_DIR PATH_TO_ippd   (Meson passes all three)
#
# With two printers (the default "ippd" and "office" from a configuration file), the real
# lpstat, lp, cancel, cupsdisable/cupsenable and cupsreject/cupsaccept of Debian's
# cups-client, with -h 127.0.0.1:PORT (server/cups-compat.h):
#   lpstat -p -d -t   lists both printers, their state and the default
#   lp -d NAME -t T   prints (job-name T), the document arrives byte for byte on that printer
#   lp -H hold        a held job that lpstat -o lists and cancel ends (job-state canceled)
#   cupsdisable/-enable   printer-state stopped, then idle
#   cupsreject/-accept    printer-is-accepting-jobs false (lp refused with CUPS's message), true
#   lpstat -o             every printer's jobs, but not those of a printer whose access rules
#                         differ from the default printer's (print-users = alice there)
# and the CUPS-only operations stay out of operations-supported.
# Needs lp, lpstat, cancel, cupsenable, cupsdisable, cupsaccept, cupsreject (cups-client).

. "$(dirname "$0")/lib.sh"
lib_init cups-commands "$@"
need lp lpstat cancel cupsenable cupsdisable cupsaccept cupsreject python3 timeout cmp curl

printf '[printer office]\ninfo = Office printer\n[printer restricted]\nprint-users = alice\n' >"$TMP/ippd.conf"
ippd_start "$TMP/state" --config "$TMP/ippd.conf" || abort "ippd starts" "$IPPD_LOG"
H=127.0.0.1:$IPPD_PORT
OUT=$TMP/state/output
# CUPS's clients read ~/.cups/client.conf and the environment: keep them to -h.
export HOME=$TMP CUPS_SERVER=$H CUPS_ENCRYPTION=Never

run() { # NAME COMMAND...: the command succeeds; its output in $TMP/run.out
	local name=$1
	shift
	if timeout 30 "$@" >"$TMP/run.out" 2>&1; then pass "$name"; else fail "$name (exit status $?)" "$TMP/run.out"; fi
}
job_attr() { # PRINTER-PATH JOB NAME: one job attribute
	timeout 15 "$IPP" attrs "ipp://$H$1" --job "$2" "$3" --json 2>/dev/null |
		"$PY" -S -c "import json, sys; print(json.load(sys.stdin).get(sys.argv[1], ''))" "$3"
}
printer_attr() { # PRINTER-PATH NAME
	timeout 15 "$IPP" attrs "ipp://$H$1" "$2" --json 2>/dev/null |
		"$PY" -S -c "import json, sys; v = json.load(sys.stdin).get(sys.argv[1], ''); print(','.join(map(str, v)) if isinstance(v, list) else json.dumps(v) if isinstance(v, bool) else v)" "$2"
}

# 1. lpstat.
run "lpstat -h $H -p" lpstat -h "$H" -p
check "it lists both printers, idle" sh -c "grep -q '^printer ippd is idle' '$TMP/run.out' && grep -q '^printer office is idle' '$TMP/run.out'"
run "lpstat -d" lpstat -h "$H" -d
check "the default destination is ippd" grep -q '^system default destination: ippd$' "$TMP/run.out"
run "lpstat -t (CUPS-Get-Classes answers no classes)" lpstat -h "$H" -t
check "lpstat -t: both accept requests" sh -c "grep -q '^ippd accepting requests' '$TMP/run.out' && grep -q '^office accepting requests' '$TMP/run.out'"
check "lpstat's dates are today's (seconds since 1970 for CUPS's clients)" grep -q "enabled since .*$(date +%Y)" "$TMP/run.out"

# 2. lp.
run "lp -d ippd -t 'CUPS title' testfile.pdf" lp -h "$H" -d ippd -t "CUPS title" "$DOCS/testfile.pdf"
ID=$(sed -n 's/^request id is ippd-\([0-9]*\) .*/\1/p' "$TMP/run.out")
check "lp names the request ippd-$ID" test -n "$ID"
wait_for 20 test -s "$OUT/default/job-$ID-doc-1.pdf"
check "the document arrives byte for byte" cmp -s "$DOCS/testfile.pdf" "$OUT/default/job-$ID-doc-1.pdf"
check "job-name is lp's title" test "$(job_attr /ipp/print "$ID" job-name)" = "CUPS title"
wait_for 20 sh -c "[ \"\$(lpstat -h '$H' -W completed -o ippd | grep -c '^ippd-$ID ')\" = 1 ]"
check "lpstat -W completed -o ippd lists it" sh -c "lpstat -h '$H' -W completed -o ippd | grep -q '^ippd-$ID '"
run "lp -d office" lp -h "$H" -d office "$DOCS/testfile.jpg"
OID=$(sed -n 's/^request id is office-\([0-9]*\) .*/\1/p' "$TMP/run.out")
wait_for 20 test -s "$OUT/office/job-$OID-doc-1.jpg"
check "a job for office arrives on office (job $OID)" cmp -s "$DOCS/testfile.jpg" "$OUT/office/job-$OID-doc-1.jpg"

# 3. A held job; lpstat -o; cancel.
run "lp -H hold" lp -h "$H" -d ippd -H hold "$DOCS/testfile.pdf"
HID=$(sed -n 's/^request id is ippd-\([0-9]*\) .*/\1/p' "$TMP/run.out")
run "lpstat -o" lpstat -h "$H" -o
check "lpstat -o lists the held job ippd-$HID" grep -q "^ippd-$HID " "$TMP/run.out"
check "it is pending-held" test "$(job_attr /ipp/print "$HID" job-state)" = pending-held
run "cancel ippd-$HID" cancel -h "$H" "ippd-$HID"
check "the job is canceled" test "$(job_attr /ipp/print "$HID" job-state)" = canceled

# A printer with other access rules: its jobs stay out of CUPS's "every printer" list.
timeout 30 "$IPP" print "ipp://$H/ipp/print/restricted" "$DOCS/testfile.pdf" -u alice -o job-hold-until=indefinite >"$TMP/alice.out" 2>&1
AID=$(sed -n 's/.*job \([0-9][0-9]*\).*/\1/p' "$TMP/alice.out" | head -n 1)
check "alice's job on the restricted printer (job $AID)" test -n "$AID"
run "lpstat -o (all printers)" lpstat -h "$H" -o
check "lpstat -o leaves out the restricted printer's job" sh -c "! grep -q '^restricted-$AID ' '$TMP/run.out'"
if timeout 30 lpstat -h "$H" -o restricted >"$TMP/r.out" 2>&1 && grep -q "^restricted-$AID " "$TMP/r.out"; then
	fail "lpstat -o restricted lists alice's job to root" "$TMP/r.out"
else
	pass "lpstat -o restricted does not list alice's job to root"
fi
IPP_USER=root timeout 15 "$PY" -S "$TOOLS/ipp-request.py" get-jobs --uri "ipp://$H/printers/restricted" --user root \
	--post "http://$H/printers/restricted" --timeout 10 --show >"$TMP/gjr.out" 2>&1
check "Get-Jobs of /printers/restricted by root: client-error-not-authorized" \
	test "$(status_of "$TMP/gjr.out")" = client-error-not-authorized
timeout 15 "$IPP" cancel "ipp://$H/ipp/print/restricted" "$AID" -u alice >/dev/null 2>&1

# 4. cupsdisable / cupsenable: paused and resumed.
run "cupsdisable office" cupsdisable -h "$H" office
check "office is stopped" test "$(printer_attr /ipp/print/office printer-state)" = stopped
run "lpstat -p office" lpstat -h "$H" -p office
check "lpstat says disabled" grep -q '^printer office disabled' "$TMP/run.out"
run "cupsenable office" cupsenable -h "$H" office
check "office is idle" test "$(printer_attr /ipp/print/office printer-state)" = idle

# 5. cupsreject / cupsaccept.
run "cupsreject ippd" cupsreject -h "$H" ippd
check "ippd does not accept jobs" test "$(printer_attr /ipp/print printer-is-accepting-jobs)" = false
if timeout 30 lp -h "$H" -d ippd "$DOCS/testfile.pdf" >"$TMP/lp.out" 2>&1; then
	fail "lp to a rejecting printer fails" "$TMP/lp.out"
else
	check "lp to a rejecting printer fails: '$(head -n 1 "$TMP/lp.out")'" grep -q 'not accepting jobs' "$TMP/lp.out"
fi
run "cupsaccept ippd" cupsaccept -h "$H" ippd
check "ippd accepts jobs again" test "$(printer_attr /ipp/print printer-is-accepting-jobs)" = true

# 6. CUPS's names that name nothing.
code() { # PATH: the HTTP status of a Get-Printer-Attributes posted there
	"$PY" -S "$TOOLS/ipp-request.py" get-printer-attributes --uri "ipp://$H$1" -o "$TMP/gpa.bin" >/dev/null 2>&1
	curl -s --path-as-is -o /dev/null -w '%{http_code}' -H 'Content-Type: application/ipp' --data-binary @"$TMP/gpa.bin" "http://$H$1"
}
for path in /printers/nosuch /printers/ /printers/ippd/../office /classes/ippd; do
	c=$(code "$path")
	check "POST $path: HTTP 404 ($c)" test "$c" = 404
done
timeout 15 "$PY" -S "$TOOLS/ipp-request.py" cancel-job --uri "ipp://$H/printers/ippd" --job-uri "ipp://$H/jobs/99999" \
	--post "http://$H/jobs/" --timeout 10 --show >"$TMP/cj.out" 2>&1
check "Cancel-Job of ipp://HOST/jobs/99999: client-error-not-found" test "$(status_of "$TMP/cj.out")" = client-error-not-found
timeout 15 "$PY" -S "$TOOLS/ipp-request.py" get-jobs --uri "ipp://$H/printers/nosuch" --post "http://$H/" \
	--timeout 10 --show >"$TMP/gj.out" 2>&1
check "Get-Jobs of ipp://HOST/printers/nosuch: client-error-not-found" test "$(status_of "$TMP/gj.out")" = client-error-not-found

# 7. The CUPS operations are CUPS's, not the printer's.
ops=$(printer_attr /ipp/print operations-supported)
check "operations-supported has no CUPS operation ($(echo "$ops" | tr ',' '\n' | grep -c .) operations)" \
	sh -c "! echo '$ops' | grep -qi 'cups'"
check "printer-uri-supported stays ipp and ipps at /ipp/print for IPP clients" \
	test "$(printer_attr /ipp/print printer-uri-supported)" = "ipp://$H/ipp/print,ipps://$H/ipp/print"
check "ippd alive" ippd_alive
ippd_stop "after CUPS's commands"
finish
