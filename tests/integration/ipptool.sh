#!/usr/bin/env bash
# CUPS's ipptool conformance files against a live ippd.
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The ippd authors
#
# Usage: ipptool.sh PATH_TO_ipp TESTS_DATA_DIR PATH_TO_ippd   (Meson passes all three)
#
# Starts ippd on an ephemeral loopback port with a temporary state folder, copies
# the .test files of cups-ipp-utils (/usr/share/cups/ipptool, or $IPPTOOL_TESTS)
# and our documents (tests/data/docs) into a temporary folder (ipptool resolves
# FILE next to the test file), and runs each file with `ipptool -tI -T 30`.
# Every file must pass with no failure except the bugs of the test files
# themselves listed in known-failures.txt.  One "ok"/"not ok" line per file with
# ipptool's counts.  Needs cups-ipp-utils, python3, curl; exits 77 without them.
# Each ipptool run is bounded by `timeout` (IPPTOOL_TIMEOUT, 300 s).

. "$(dirname "$0")/lib.sh"
lib_init ipptool "$@"
. "$HERE/lib-ipptool.sh"
ipptool_init
ippd_start "$STATE" || abort "ippd starts and prints its printer URI" "$IPPD_LOG"
pass "ippd starts on $IPPD_URI"

# --- the conformance suites --------------------------------------------------------
run_file ipp-1.1.test ipp-1.1.test 1.1 -f testfile.pdf
run_file ipp-2.0.test ipp-2.0.test 2.0 -f testfile.pdf

# --- the per-operation files -------------------------------------------------------
for f in get-printer-attributes get-printer-description-attributes get-job-template-attributes; do
	run_file $f.test $f.test 2.0
done
run_file validate-job.test validate-job.test 2.0 -f testfile.pdf
print_file "print-job.test (PDF)" print-job.test testfile.pdf
print_file "print-job.test (JPEG)" print-job.test testfile.jpg
print_file "print-job.test (PWG Raster)" print-job.test testfile.pwg
print_file print-job-gzip.test print-job-gzip.test testfile.pdf
print_file print-job-deflate.test print-job-deflate.test testfile.pdf
print_file print-job-letter.test print-job-letter.test document-letter.pdf
print_file print-job-media-col.test print-job-media-col.test testfile.pdf
print_file create-job.test create-job.test testfile.pdf
run_file get-jobs.test get-jobs.test 2.0
run_file get-completed-jobs.test get-completed-jobs.test 2.0
run_file print-job-hold.test print-job-hold.test 2.0 -f testfile.pdf

# cancel-current-job.test cancels the first not-completed job that Get-Jobs names: give it
# one (the printer paused, so the job stays pending), then check that job was canceled.
no_pending_jobs() { ! req get-jobs --which-jobs not-completed | grep -q '^job.job-id'; }
wait_for 20 no_pending_jobs || note "jobs still not completed before cancel-current-job.test"
req pause-printer >"$TMP/pause.out"
req print-job --format application/pdf --file "$RUN/testfile.pdf" --job-name current >"$TMP/current.out"
CURRENT=$(value_of "$TMP/current.out" job.job-id)
if [ "$(status_of "$TMP/pause.out")" != successful-ok ] || [ -z "$CURRENT" ]; then
	cat "$TMP/pause.out" "$TMP/current.out" >"$TMP/setup.out"
	fail "cancel-current-job.test: set-up (Pause-Printer, then a Print-Job)" "$TMP/setup.out"
fi
run_file cancel-current-job.test cancel-current-job.test 2.0
if [ -n "$CURRENT" ]; then
	req get-job-attributes --job-id "$CURRENT" --requested job-state >"$TMP/current.out"
	if [ "$(value_of "$TMP/current.out" job.job-state)" = 7 ]; then
		pass "cancel-current-job.test canceled job $CURRENT (job-state 7)"
	else
		fail "cancel-current-job.test canceled job $CURRENT (job-state 7)" "$TMP/current.out"
	fi
fi
req resume-printer >"$TMP/resume.out"
[ "$(status_of "$TMP/resume.out")" = successful-ok ] || fail "Resume-Printer" "$TMP/resume.out"

run_file print-job-and-wait.test print-job-and-wait.test 2.0 -f testfile.pdf

if ippd_alive; then pass "ippd alive after every file, no sanitizer report"; else
	fail "ippd alive after every file, no sanitizer report" "$TMP/san.out"; fi
ippd_stop "after the ipptool files"
finish
