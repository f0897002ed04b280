#!/usr/bin/env bash
# The real CUPS spooler prints to ippd: lpadmin -m everywhere, then lp.
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The ippd authors
#
# Usage: cups-client.sh PATH_TO_ipp TESTS_DATA_DIR PATH_TO_ippd   (Meson passes all three)
#
# Starts ippd on an ephemeral loopback port, and a throwaway cupsd on another
# loopback port with everything (configuration, spool, logs) in a temporary
# folder of mode 0755 (CUPS runs its filters as user lp).  `lpadmin -m everywhere`
# builds the queue from ippd's own attributes (it fails when they are not IPP
# Everywhere enough: the test prints why, with the PPD `driverless` would make).
# Then `lp` prints a PDF (CUPS rewrites it with pdftopdf, so the test checks what
# ippd stored against what ippd says it received, not against the input), a PDF
# with options (sides, copies, color mode must reach ippd's job), and a JPEG (the
# generated PPD passes JPEG through: byte for byte).
# Needs the Debian packages cups-daemon, cups-client and cups-filters (pdftopdf),
# python3 and curl; exits 77 without them.  Every wait is bounded (60 s a job).

. "$(dirname "$0")/lib.sh"
lib_init cups-client "$@"
need cupsd lpadmin lp lpstat python3 curl sha256sum timeout
CUPS_SERVERBIN=${CUPS_SERVERBIN:-/usr/lib/cups}
if [ ! -x "$CUPS_SERVERBIN/filter/pdftopdf" ] || [ ! -x "$CUPS_SERVERBIN/backend/ipp" ]; then
	echo "cups-client.sh: SKIP: no $CUPS_SERVERBIN/filter/pdftopdf or backend/ipp" \
		"(apt-get install cups-daemon cups-client cups-filters)"
	exit 77
fi

STATE=$TMP/state
OUT=$STATE/output/default
ippd_start "$STATE" || abort "ippd starts" "$IPPD_LOG"
pass "ippd starts on $IPPD_URI"

# --- a throwaway cupsd on loopback ------------------------------------------------
C=$TMP/cupsd
mkdir -p "$C/root" "$C/spool" "$C/tmp" "$C/cache" "$C/state" "$C/log"
chmod -R 0755 "$C"
CPORT=$(free_port)
CUPS=127.0.0.1:$CPORT
printf '%s\n' "ServerRoot $C/root" "RequestRoot $C/spool" "TempDir $C/tmp" \
	"CacheDir $C/cache" "StateDir $C/state" "AccessLog $C/log/access_log" \
	"ErrorLog $C/log/error_log" "PageLog $C/log/page_log" >"$C/cups-files.conf"
printf '%s\n' "Listen $CUPS" "Browsing No" "WebInterface No" "LogLevel debug" \
	"DefaultAuthType None" "<Location />" "Order allow,deny" "Allow all" "</Location>" \
	"<Policy default>" "<Limit All>" "Order deny,allow" "</Limit>" "</Policy>" >"$C/cupsd.conf"
cupsd -f -c "$C/cupsd.conf" -s "$C/cups-files.conf" >"$C/cupsd.out" 2>&1 &
CUPSD_PID=$!
LIB_PIDS="$LIB_PIDS $CUPSD_PID"
wait_for 20 curl -s -o /dev/null --max-time 2 "http://$CUPS/" || abort "cupsd answers on $CUPS" "$C/cupsd.out"
pass "a throwaway cupsd answers on $CUPS"

# --- lpadmin -m everywhere ----------------------------------------------------------
if timeout 60 lpadmin -h "$CUPS" -p q -E -v "ipp://127.0.0.1:$IPPD_PORT/ipp/print" -m everywhere \
	>"$TMP/lpadmin.out" 2>&1; then
	pass "lpadmin -p q -E -v ipp://127.0.0.1:$IPPD_PORT/ipp/print -m everywhere"
else
	echo "lpadmin exit status $?:" >"$TMP/lpadmin.fail"
	cat "$TMP/lpadmin.out" >>"$TMP/lpadmin.fail"
	if command -v driverless >/dev/null 2>&1; then
		echo "driverless $IPPD_URI says:" >>"$TMP/lpadmin.fail"
		timeout 30 driverless "$IPPD_URI" 2>&1 | head -n 20 >>"$TMP/lpadmin.fail"
	fi
	grep -i 'ipp\|error' "$C/log/error_log" | tail -n 10 >>"$TMP/lpadmin.fail"
	LIB_SHOW_LINES=50 abort "lpadmin -m everywhere builds a queue from ippd's attributes" "$TMP/lpadmin.fail"
fi
PPD=$C/root/ppd/q.ppd
ppd_sends_pdf() { grep -q '^\*cupsFilter2: "application/vnd.cups-pdf application/pdf' "$PPD"; }
if wait_for 20 ppd_sends_pdf; then
	pass "the PPD CUPS built sends PDF to ippd ($(grep -m1 '^\*NickName' "$PPD"))"
else
	fail "the PPD CUPS built sends PDF to ippd" <(grep '^\*\(NickName\|cupsFilter2\)' "$PPD" 2>&1)
fi
if command -v driverless >/dev/null 2>&1; then
	if timeout 30 driverless "$IPPD_URI" >"$TMP/driverless.ppd" 2>"$TMP/driverless.err" \
		&& grep -q '^\*NickName' "$TMP/driverless.ppd"; then
		pass "driverless $IPPD_URI builds a PPD ($(grep -c '^\*PageSize ' "$TMP/driverless.ppd") page sizes)"
	else
		fail "driverless $IPPD_URI builds a PPD" "$TMP/driverless.err"
	fi
fi

# --- lp ----------------------------------------------------------------------------------
snapshot() { ls "$OUT" 2>/dev/null | sort >"$1"; }
new_files() { ls "$OUT" 2>/dev/null | sort | comm -13 "$1" -; }
cups_job_done() { lpstat -h "$CUPS" -W completed -o q 2>/dev/null | grep -q "^$1 "; }
# lp_print NAME LP-ARGS... : prints, waits for CUPS to complete the job and for one new
# document in ippd's output folder; sets GOT (its path) and JOBID (ippd's job id).
lp_print() {
	local name=$1 cupsjob
	shift
	GOT="" JOBID=""
	snapshot "$TMP/before"
	if ! timeout 30 lp -h "$CUPS" -d q "$@" >"$TMP/lp.out" 2>&1; then
		fail "$name: lp $*" "$TMP/lp.out"
		return 1
	fi
	cupsjob=$(sed -n 's/^request id is \([^ ]*\) .*/\1/p' "$TMP/lp.out")
	if ! wait_for 60 cups_job_done "$cupsjob"; then
		{ lpstat -h "$CUPS" -l -o q; lpstat -h "$CUPS" -l -p q
		  grep "\[Job ${cupsjob#q-}\]" "$C/log/error_log" | grep -v ' D ' | tail -n 20; } >"$TMP/lp.fail" 2>&1
		fail "$name: CUPS job $cupsjob completes within 60 s" "$TMP/lp.fail"
		return 1
	fi
	wait_for 10 test -n "$(new_files "$TMP/before")"
	GOT=$(new_files "$TMP/before")
	if [ "$(echo "$GOT" | grep -c .)" -ne 1 ]; then
		echo "new files in $OUT: ${GOT:-none}" >"$TMP/lp.fail"
		fail "$name: CUPS job $cupsjob completed, one document landed in ippd's output" "$TMP/lp.fail"
		return 1
	fi
	JOBID=$(echo "$GOT" | sed -n 's/^job-\([0-9]*\)-doc-1\..*/\1/p')
	GOT=$OUT/$GOT
	pass "$name: CUPS job $cupsjob completed; ippd job $JOBID stored $(basename "$GOT") ($(wc -c <"$GOT") octets)"
}
job_attrs() { req get-job-attributes --job-id "$1" --requested all >"$TMP/job.out"; }
# expect_attr NAME GROUP.ATTR VALUE: the last Get-Job-Attributes said ATTR = VALUE.
expect_attr() {
	local got
	got=$(value_of "$TMP/job.out" "$2")
	if [ "$got" = "$3" ]; then pass "$1: ippd's job has $2 = $3"; else
		echo "got '$got'" >"$TMP/attr.fail"; fail "$1: ippd's job has $2 = $3" "$TMP/attr.fail"; fi
}
# received_ok NAME: what ippd stored is what it says it received: a PDF whose size matches
# job-k-octets, the same bytes in its spool, and a Send-Document/Print-Job big enough.
pdf_pages() { pdfinfo "$1" 2>/dev/null | sed -n 's/^Pages: *//p'; }
received_ok() {
	local name=$1 size kb spool
	size=$(wc -c <"$GOT")
	kb=$(value_of "$TMP/job.out" job.job-k-octets)
	if [ "$(head -c 5 "$GOT")" = "%PDF-" ] && tail -c 1024 "$GOT" | grep -q '%%EOF'; then
		pass "$name: the stored document is a whole PDF (%PDF- ... %%EOF)"
	else
		fail "$name: the stored document is a whole PDF (%PDF- ... %%EOF)" <(head -c 64 "$GOT" | od -c | head -n 4)
	fi
	if [ -n "$kb" ] && [ "$kb" -eq $(((size + 1023) / 1024)) ]; then
		pass "$name: its size ($size octets) matches job-k-octets ($kb)"
	else
		echo "size $size, job-k-octets '$kb'" >"$TMP/size.fail"
		fail "$name: its size matches job-k-octets" "$TMP/size.fail"
	fi
	spool=$STATE/spool/$JOBID-1
	if [ -f "$spool" ] && cmp -s "$spool" "$GOT"; then
		pass "$name: the spool copy ($spool) holds the same bytes"
	else
		fail "$name: the spool copy holds the same bytes" <(ls -l "$spool" 2>&1)
	fi
	if command -v pdfinfo >/dev/null 2>&1; then
		if [ -n "$(pdf_pages "$GOT")" ] && [ "$(pdf_pages "$GOT")" = "$(pdf_pages "$2")" ]; then
			pass "$name: pdfinfo reads it: $(pdf_pages "$GOT") pages, as many as $(basename "$2")"
		else
			fail "$name: pdfinfo reads it with as many pages as $(basename "$2")" <(pdfinfo "$GOT" 2>&1)
		fi
	fi
}

if lp_print "PDF" -t "cups-client test" "$DOCS/document-a4.pdf"; then
	job_attrs "$JOBID"
	expect_attr PDF job.job-state 9
	expect_attr PDF job.document-format application/pdf
	expect_attr PDF job.job-name "cups-client test"
	expect_attr PDF job.job-originating-user-name "$(id -un)"
	received_ok PDF "$DOCS/document-a4.pdf"
fi

if lp_print "PDF with options" -n 2 -o sides=two-sided-long-edge -o print-color-mode=monochrome \
	-o media=na_letter_8.5x11in "$DOCS/document-letter.pdf"; then
	job_attrs "$JOBID"
	expect_attr "PDF with options" job.job-state 9
	expect_attr "PDF with options" job.sides two-sided-long-edge
	expect_attr "PDF with options" job.print-color-mode monochrome
	expect_attr "PDF with options" job.copies 2
	received_ok "PDF with options" "$DOCS/document-letter.pdf"
fi

if grep -q '^\*cupsFilter2: "image/jpeg image/jpeg 0 -"' "$PPD"; then
	if lp_print "JPEG" "$DOCS/color.jpg"; then
		job_attrs "$JOBID"
		expect_attr JPEG job.document-format image/jpeg
		if cmp -s "$GOT" "$DOCS/color.jpg"; then
			pass "JPEG: passed through by CUPS, stored byte for byte"
		else
			fail "JPEG: passed through by CUPS, stored byte for byte" <(ls -l "$GOT" "$DOCS/color.jpg")
		fi
	fi
else
	note "the PPD has no JPEG pass-through: JPEG not printed"
fi

# CUPS saw no error from ippd on the way (errors about filters of other packages that
# cupsd notes at start-up, like pstops from the cups package, are not about ippd).
grep -E '^E .*\[Job [0-9]+\]' "$C/log/error_log" >"$TMP/cups-errors"
if [ -s "$TMP/cups-errors" ]; then fail "cupsd logged no error for the jobs" "$TMP/cups-errors"; else
	pass "cupsd logged no error for the jobs"; fi

kill "$CUPSD_PID" 2>/dev/null
lib_wait_pid "$CUPSD_PID" 10 || kill -9 "$CUPSD_PID" 2>/dev/null
wait "$CUPSD_PID" 2>/dev/null
lib_forget_pid "$CUPSD_PID"
if ippd_alive; then pass "ippd alive, no sanitizer report"; else fail "ippd alive, no sanitizer report" "$TMP/san.out"; fi
ippd_stop "after the CUPS jobs"
finish
