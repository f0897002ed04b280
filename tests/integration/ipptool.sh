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
need ipptool python3 curl timeout sha256sum
SUITE=${IPPTOOL_TESTS:-/usr/share/cups/ipptool}
if [ ! -f "$SUITE/ipp-1.1.test" ]; then
	echo "ipptool.sh: SKIP: no ipptool test files in $SUITE (apt-get install cups-ipp-utils)"
	exit 77
fi
KNOWN=$HERE/known-failures.txt

# --- the test files and the documents, side by side ----------------------------
RUN=$TMP/run
mkdir -p "$RUN"
cp "$SUITE"/*.test "$RUN"/
cp -R "$DOCS"/. "$RUN"/
chmod -R u+w "$RUN"

STATE=$TMP/state
OUT=$STATE/output/default
ippd_start "$STATE" || abort "ippd starts and prints its printer URI" "$IPPD_LOG"
pass "ippd starts on $IPPD_URI"

# known_failure FILE NAME WHAT: is this failing test listed in known-failures.txt, and is
# every expectation it failed (WHAT: the attribute names from its EXPECTED/GOT lines) one
# that the entry allows?  ipptool -t cuts long names, so NAME may be a prefix.
known_failure() {
	local file=$1 name=$2 what=$3 kfile kname kattrs reason a
	while IFS='|' read -r kfile kname kattrs reason; do
		case $kfile in '#'* | '') continue ;; esac
		kfile=$(echo "$kfile" | sed 's/^ *//; s/ *$//')
		kname=$(echo "$kname" | sed 's/^ *//; s/ *$//')
		[ "$kfile" = "$file" ] || continue
		case $kname in "$name"*) ;; *) continue ;; esac
		# A failure with no expectation named (a lost connection...) is known only under *.
		[ -n "${what// /}" ] || [ "$(echo $kattrs)" = "*" ] || continue
		for a in $what; do
			case " $kattrs " in *" * "* | *" $a "*) ;; *) continue 2 ;; esac
		done
		KNOWN_REASON=$reason
		return 0
	done <"$KNOWN"
	return 1
}

# run_file LABEL TESTFILE VERSION [IPPTOOL ARGS...]: one ok/not ok line for the whole file.
run_file() {
	local label=$1 file=$2 version=$3 log status npass nfail nskip summary unknown known
	shift 3
	log=$TMP/$label.log
	(cd "$RUN" && timeout "${IPPTOOL_TIMEOUT:-300}" ipptool -tI -T 30 -V "$version" "$@" \
		"$IPPD_URI" "$file") >"$log" 2>&1
	status=$?
	# Results: '    NAME   [PASS]' under a '"file.test":' heading (INCLUDEd files get their own),
	# each FAIL followed by its EXPECTED/GOT lines: RESULT|FILE|NAME|ATTRIBUTES THAT FAILED.
	awk '
		function flush() { if (r != "") print r "|" f "|" n "|" what; r = "" }
		/^"[^"]*":$/ { flush(); f = substr($0, 2, length($0) - 3); next }
		/\[(PASS|FAIL|SKIP)\]$/ {
			flush(); r = $NF; n = $0; what = ""
			sub(/[ \t]*\[(PASS|FAIL|SKIP)\]$/, "", n); sub(/^[ \t]+/, "", n); next
		}
		r == "[FAIL]" && /^ +(NOT )?EXPECTED: / {
			a = $0; sub(/^ +(NOT )?EXPECTED: /, "", a); sub(/[ =].*/, "", a); what = what " " a
		}
		END { flush() }' "$log" >"$log.results"
	npass=$(grep -c '^\[PASS\]' "$log.results")
	nfail=$(grep -c '^\[FAIL\]' "$log.results")
	nskip=$(grep -c '^\[SKIP\]' "$log.results")
	summary=$(grep -m1 '^Summary:' "$log" | sed 's/^Summary: //')
	[ -n "$summary" ] || summary="$((npass + nfail + nskip)) tests, $npass passed, $nfail failed, $nskip skipped"
	unknown=0
	known=""
	while IFS='|' read -r r f n what; do
		[ "$r" = "[FAIL]" ] || continue
		if known_failure "$f" "$n" "$what"; then
			known="$known; known test-file bug: $f \"$n\":$KNOWN_REASON"
		else
			unknown=$((unknown + 1))
		fi
	done <"$log.results"
	if [ "$unknown" -eq 0 ] && [ $((npass + nfail)) -gt 0 ] && { [ "$status" -eq 0 ] || [ "$nfail" -gt 0 ]; } \
		&& ! grep -q '^ipptool: ' "$log"; then
		pass "$label: $summary$known"
	else
		[ "$status" -eq 124 ] && summary="$summary; timed out"
		# The failing tests with what ipptool expected, then any error from ipptool itself.
		awk '/\[FAIL\]$/ { show = 1; print; next } /\[(PASS|SKIP)\]$/ || /^"/ { show = 0 }
			show && /EXPECTED|GOT|status-code|RECEIVED|:/ { print }' "$log" >"$log.fail"
		grep '^ipptool: ' "$log" >>"$log.fail"
		[ -s "$log.fail" ] || tail -n 20 "$log" >"$log.fail"
		LIB_SHOW_LINES=40 fail "$label: $summary (ipptool exit $status)" "$log.fail"
	fi
}

# Documents printed by Print-Job must land byte-exact in the output folder.
snapshot() { ls "$OUT" 2>/dev/null | sort >"$1"; }
new_output_matches() { # BEFORE SOURCE: one new file in $OUT has the SOURCE's bytes
	local f want
	want=$(sha256sum <"$2")
	for f in $(ls "$OUT" 2>/dev/null | sort | comm -13 "$1" -); do
		[ "$(sha256sum <"$OUT/$f")" = "$want" ] && return 0
	done
	return 1
}
# print_file LABEL TESTFILE DOC [ARGS]: run_file, then the output must hold DOC's bytes.
print_file() {
	local label=$1 file=$2 doc=$3
	shift 3
	snapshot "$TMP/before"
	run_file "$label" "$file" 2.0 -f "$doc" "$@"
	if wait_for 15 new_output_matches "$TMP/before" "$RUN/$doc"; then
		pass "$label: $doc is in $OUT byte for byte"
	else
		(echo "new files:"; for f in $(ls "$OUT" | comm -13 "$TMP/before" -); do ls -l "$OUT/$f"; done) \
			>"$TMP/new.out" 2>&1
		fail "$label: $doc is in $OUT byte for byte" "$TMP/new.out"
	fi
}

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
