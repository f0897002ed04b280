#!/usr/bin/env bash
# Durability: every acknowledged job and its document bytes survive kill -9 and restart.
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The ippd authors
#
# Usage: crash.sh PATH_TO_ipp TESTS_DATA_DIR PATH_TO_ippd   (Meson passes all three)
#
# Round 1: 20 jobs (Print-Job and Create-Job + Send-Document, some held with
# job-hold-until=indefinite, one Create-Job left without its document), the sha256
# of each document kept; kill -9 right after the last acknowledgement; restart on
# the same state folder; every job is there, held ones with their bytes in
# STATE/spool, the others printed byte for byte to STATE/output/default; then the
# empty job gets its document and the held ones are released.
# Round 2: a client submits jobs without pause while ippd is killed under it;
# every job it saw acknowledged is there after the restart, bytes included.
# Round 3: SIGTERM and restart keep everything; job ids are not reused.
# Needs python3, curl, sha256sum (exits 77 without them); every wait is bounded.

. "$(dirname "$0")/lib.sh"
lib_init crash "$@"
need python3 curl sha256sum timeout base64

STATE=$TMP/state
OUT=$STATE/output/default
SPOOL=$STATE/spool
ippd_start "$STATE" || abort "ippd starts" "$IPPD_LOG"
pass "ippd starts on $IPPD_URI"

# --- documents: unique bytes per job where the format allows it -----------------
mkdir -p "$TMP/docs"
# make_doc N: writes $TMP/docs/N.* and sets DOC and FMT.
make_doc() {
	local n=$1
	case $((n % 5)) in
	0) DOC=$TMP/docs/$n.pdf FMT=application/pdf
		{ cat "$DOCS/testfile.pdf"; printf '%% job %d %s\n' "$n" "$(head -c 12 /dev/urandom | base64)"; } >"$DOC" ;;
	1) DOC=$TMP/docs/$n.txt FMT=text/plain
		{ echo "document $n"; head -c $((2000 + n * 500)) /dev/urandom | base64; } >"$DOC" ;;
	2) DOC=$TMP/docs/$n.jpg FMT=image/jpeg
		if [ $((n % 2)) -eq 0 ]; then cp "$DOCS/color.jpg" "$DOC"; else cp "$DOCS/testfile.jpg" "$DOC"; fi ;;
	3) DOC=$TMP/docs/$n.pwg FMT=image/pwg-raster
		cp "$DOCS/pwg-raster-samples-300dpi/sgray-8/document-a4-sgray-8-300dpi.pwg" "$DOC" ;;
	4) DOC=$TMP/docs/$n.pdf FMT=application/pdf
		{ cat "$DOCS/document-a4.pdf"; printf '%% job %d %s\n' "$n" "$(head -c 12 /dev/urandom | base64)"; } >"$DOC" ;;
	esac
}
sha() { sha256sum <"$1" | cut -d' ' -f1; }

# ACKS: one line per acknowledged job: ID HELD(0|1) SHA256|- DOCFILE|-
ACKS=$TMP/acks
: >"$ACKS"
submit_errors=0
# submit N HOW HELD: HOW is print (Print-Job), create (Create-Job + Send-Document) or empty
# (Create-Job alone); records the job once the last response says successful-ok.
submit() {
	local n=$1 how=$2 held=$3 hold="" id
	[ "$held" = 1 ] && hold="--attr job:keyword:job-hold-until=indefinite"
	make_doc "$n"
	case $how in
	print)
		# shellcheck disable=SC2086
		req print-job --job-name "crash-$n" --format "$FMT" --file "$DOC" $hold >"$TMP/r.out"
		;;
	create | empty)
		# shellcheck disable=SC2086
		req create-job --job-name "crash-$n" $hold >"$TMP/r.out"
		id=$(value_of "$TMP/r.out" job.job-id)
		if [ "$how" = empty ] && [ "$(status_of "$TMP/r.out")" = successful-ok ] && [ -n "$id" ]; then
			echo "$id $held - -" >>"$ACKS"
			return 0
		fi
		if [ -n "$id" ]; then
			req send-document --job-id "$id" --format "$FMT" --file "$DOC" >"$TMP/r.out"
			echo "job.job-id = $id" >>"$TMP/r.out"
		fi
		;;
	esac
	id=$(value_of "$TMP/r.out" job.job-id)
	if [ "$(status_of "$TMP/r.out")" = successful-ok ] && [ -n "$id" ]; then
		echo "$id $held $(sha "$DOC") $DOC" >>"$ACKS"
	else
		submit_errors=$((submit_errors + 1))
		cp "$TMP/r.out" "$TMP/submit-error.out"
	fi
}

# --- round 1 ---------------------------------------------------------------------------
for n in $(seq 1 20); do
	case $((n % 4)) in
	0) submit "$n" print 1 ;;
	1) submit "$n" create 1 ;;
	2) submit "$n" print 0 ;;
	3) submit "$n" create 0 ;;
	esac
	[ "$n" -eq 10 ] && submit 100 empty 0
done
ippd_kill9
if [ "$submit_errors" -eq 0 ] && [ "$(wc -l <"$ACKS")" -eq 21 ]; then
	pass "21 jobs acknowledged (10 Print-Job, 10 Create-Job + Send-Document, 1 Create-Job alone; 10 held), then kill -9"
else
	fail "21 jobs acknowledged, then kill -9 ($submit_errors errors)" "$TMP/submit-error.out"
fi

ippd_start "$STATE" || abort "ippd restarts on the same state folder after kill -9" "$IPPD_LOG"
pass "ippd restarts on the same state folder after kill -9"
grep -m1 'recovered' "$IPPD_LOG" | sed 's/^/# /'

# job_states: "ID STATE" for every job Get-Jobs lists (which-jobs completed, then
# not-completed: 'all' is PWG 5100.7, optional), into $TMP/states.
job_states() {
	{ req get-jobs --which-jobs completed --requested job-id,job-state
	  req get-jobs --which-jobs not-completed --requested job-id,job-state; } >"$TMP/jobs.out"
	awk '/^group / { if (id != "") print id, st; id = ""; st = "" }
		/^job\.job-id = / { id = $3 } /^job\.job-state = / { st = $3 }
		END { if (id != "") print id, st }' "$TMP/jobs.out" >"$TMP/states"
}
# all_listed ACKS: Get-Jobs names every acknowledged job.
all_listed() {
	local id missing=""
	job_states
	grep '^status' "$TMP/jobs.out" >"$TMP/missing.out"
	for id in $(cut -d' ' -f1 "$1"); do
		grep -q "^$id " "$TMP/states" || missing="$missing $id"
	done
	if [ -n "$missing" ]; then echo "missing:$missing" >>"$TMP/missing.out"; return 1; fi
}

state_of() { req get-job-attributes --job-id "$1" --requested job-state,job-state-reasons >"$TMP/s.out"; value_of "$TMP/s.out" job.job-state; }
output_of() { ls "$OUT"/job-"$1"-doc-1.* 2>/dev/null | head -n 1; }
# jobs_right ACKS: held jobs pending-held (4) with their bytes in the spool, the others
# completed (9) with their bytes in the output folder; what is wrong goes to $TMP/bad.out.
jobs_right() {
	local id held sum doc st f want
	job_states
	: >"$TMP/bad.out"
	while read -r id held sum doc; do
		[ "$sum" = - ] && continue
		st=$(awk -v id="$id" '$1 == id { print $2 }' "$TMP/states")
		if [ "$held" = 1 ]; then want=4 f=$SPOOL/$id-1; else want=9 f=$(output_of "$id"); fi
		if [ "$st" != "$want" ] || [ -z "$f" ] || [ ! -f "$f" ] || [ "$(sha "$f")" != "$sum" ]; then
			echo "job $id: job-state '$st' (want $want), file '${f:-none}'" \
				"$([ -f "$f" ] && sha "$f"), want $sum ($doc)" >>"$TMP/bad.out"
		fi
	done <"$1"
	[ ! -s "$TMP/bad.out" ]
}
# check_jobs ACKS WHAT: jobs_right, given at most 30 s for the queue to drain.
check_jobs() {
	if wait_for 30 jobs_right "$1"; then pass "$2"; else
		fail "$2 ($(wc -l <"$TMP/bad.out") wrong)" "$TMP/bad.out"; fi
}
if all_listed "$ACKS"; then
	pass "Get-Jobs (completed + not-completed) lists all $(wc -l <"$ACKS") acknowledged jobs"
else
	fail "Get-Jobs (completed + not-completed) lists all acknowledged jobs" "$TMP/missing.out"
fi
check_jobs "$ACKS" "after kill -9: held jobs pending-held with their bytes in spool/, the others completed with their bytes in output/default/ (sha256)"

# The job created without a document is still there, waiting for it.
EMPTY=$(awk '$3 == "-" { print $1 }' "$ACKS")
st=$(state_of "$EMPTY")
if [ "$st" = 3 ] || [ "$st" = 4 ]; then
	pass "after kill -9: the Create-Job without a document (job $EMPTY) is still pending (job-state $st)"
	make_doc 100
	req send-document --job-id "$EMPTY" --format "$FMT" --file "$DOC" >"$TMP/r.out"
	echo "$EMPTY 0 $(sha "$DOC") $DOC" >"$TMP/acks-empty"
	if [ "$(status_of "$TMP/r.out")" = successful-ok ] && wait_for 30 jobs_right "$TMP/acks-empty"; then
		pass "its Send-Document after the restart prints it byte for byte"
	else
		fail "its Send-Document after the restart prints it byte for byte" "$TMP/r.out"
	fi
	sed -i "s|^$EMPTY .*|$EMPTY 0 $(sha "$DOC") $DOC|" "$ACKS"
else
	fail "after kill -9: the Create-Job without a document (job $EMPTY) is still pending (job-state '$st')" "$TMP/s.out"
fi

# Release the held jobs: each prints its own bytes.
: >"$TMP/rel.out"
for id in $(awk '$2 == 1 { print $1 }' "$ACKS"); do
	req release-job --job-id "$id" >"$TMP/r.out"
	[ "$(status_of "$TMP/r.out")" = successful-ok ] || { echo "job $id:"; cat "$TMP/r.out"; } >>"$TMP/rel.out"
done
if [ -s "$TMP/rel.out" ]; then fail "Release-Job of the 10 held jobs after the restart" "$TMP/rel.out"; else
	pass "Release-Job of the 10 held jobs after the restart"; fi
awk '{ $2 = 0; print }' "$ACKS" >"$ACKS.released"
check_jobs "$ACKS.released" "released jobs completed, each with its own bytes in output/default/ (sha256)"

# --- round 2: kill -9 under a running client -----------------------------------------
ACKS2=$TMP/acks2
: >"$ACKS2"
(
	n=200
	while [ $n -lt 400 ]; do
		n=$((n + 1))
		make_doc "$n"
		hold=""
		[ $((n % 3)) -eq 0 ] && hold="--attr job:keyword:job-hold-until=indefinite"
		# shellcheck disable=SC2086
		timeout 15 "$PY" -S "$TOOLS/ipp-request.py" print-job --format "$FMT" --file "$DOC" $hold \
			--uri "$IPPD_URI" --post "$IPPD_URL" --timeout 10 --show >"$TMP/r2.out" 2>&1 || break
		id=$(value_of "$TMP/r2.out" job.job-id)
		[ "$(status_of "$TMP/r2.out")" = successful-ok ] && [ -n "$id" ] || break
		echo "$id $([ -n "$hold" ] && echo 1 || echo 0) $(sha "$DOC") $DOC" >>"$ACKS2"
	done
) &
CLIENT=$!
LIB_PIDS="$LIB_PIDS $CLIENT"
acked_8() { [ "$(wc -l <"$ACKS2")" -ge 8 ]; }
wait_for 30 acked_8
ippd_kill9
lib_wait_pid "$CLIENT" 20 || kill "$CLIENT" 2>/dev/null
wait "$CLIENT" 2>/dev/null
lib_forget_pid "$CLIENT"
n2=$(wc -l <"$ACKS2")
if [ "$n2" -ge 8 ]; then pass "round 2: $n2 Print-Jobs acknowledged before kill -9 hit ippd under the client"; else
	fail "round 2: at least 8 Print-Jobs acknowledged before kill -9 ($n2)"; fi
ippd_start "$STATE" || abort "ippd restarts after the second kill -9" "$IPPD_LOG"
grep -m1 'recovered' "$IPPD_LOG" | sed 's/^/# /'
if all_listed "$ACKS2"; then pass "round 2: every acknowledged job is listed after the restart"; else
	fail "round 2: every acknowledged job is listed after the restart" "$TMP/missing.out"; fi
check_jobs "$ACKS2" "round 2: every acknowledged job has its bytes (held in spool/, others printed to output/default/)"

# --- round 3: SIGTERM and restart keep everything ----------------------------------
cat "$ACKS.released" >"$TMP/acks-all"
awk '{ $2 = 0; print }' "$ACKS2" >>"$TMP/acks-all"
for id in $(awk '$2 == 1 { print $1 }' "$ACKS2"); do req release-job --job-id "$id" >/dev/null; done
check_jobs "$TMP/acks-all" "round 2's held jobs released and printed too"
MAXID=$(cut -d' ' -f1 "$TMP/acks-all" | sort -n | tail -n 1)
ippd_stop "with $(wc -l <"$TMP/acks-all") jobs in its history"
ippd_start "$STATE" || abort "ippd restarts after SIGTERM" "$IPPD_LOG"
if all_listed "$TMP/acks-all"; then pass "after SIGTERM and restart: all $(wc -l <"$TMP/acks-all") jobs listed"; else
	fail "after SIGTERM and restart: all jobs listed" "$TMP/missing.out"; fi
check_jobs "$TMP/acks-all" "after SIGTERM and restart: every job completed, output bytes unchanged"
make_doc 500
req print-job --format "$FMT" --file "$DOC" >"$TMP/r.out"
NEWID=$(value_of "$TMP/r.out" job.job-id)
if [ -n "$NEWID" ] && [ "$NEWID" -gt "$MAXID" ]; then
	pass "a new job after the restarts gets a fresh id ($NEWID > $MAXID)"
else
	fail "a new job after the restarts gets a fresh id (got '${NEWID}', highest before $MAXID)" "$TMP/r.out"
fi
if ippd_alive; then pass "ippd alive, no sanitizer report"; else fail "ippd alive, no sanitizer report" "$TMP/san.out"; fi
ippd_stop "at the end"
finish
