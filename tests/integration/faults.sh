#!/usr/bin/env bash
# ippd under faults: a locked or damaged store, a full disk, a failing output folder, SIGTERM mid-upload.
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The ippd authors
#
# Usage: faults.sh PATH_TO_ipp TESTS_DATA_DIR PATH_TO_ippd   (Meson passes all three)
#
#  1. store: another process holding an exclusive SQLite lock, then garbage over the
#     database file (whole, and in the middle): ippd exits non-zero at start with one
#     line naming the file and what to do, and no sanitizer report.
#  2. disk full (root only: a 3 MiB tmpfs in a private mount namespace, `unshare -m`,
#     holds the state folder): a Print-Job bigger than the free space gets
#     server-error-temporary-error and its job is aborted; the jobs before it are
#     still listed with their documents intact; with the disk filled to the last
#     block, Create-Job and Print-Job fail cleanly (the store's writes fail too);
#     once space is freed, jobs print again.  Then --spool-reserve set 512 KiB below the
#     free space: a 1 MB document is refused with server-error-temporary-error before it
#     reaches the reserve, and Create-Job and a small document still work.
#  3. the output folder of the file device removed (then replaced by a plain file):
#     the job is aborted with the reason in job-state-message, printer-state-reasons
#     has other-error; when the folder returns the next job prints and the reason goes.
#  4. SIGTERM during a 200 MB upload sent slowly: ippd stops cleanly and promptly; on
#     restart the job is absent or aborted, never pending or completed with a cut
#     document, and its spool file is gone.
# Needs python3, curl; part 2 needs root and unshare/mount (else those checks are skipped).

. "$(dirname "$0")/lib.sh"
lib_init faults "$@"
need python3 curl timeout cmp

sanitizer_free() { ! grep -q 'Sanitizer\|runtime error:' "$1"; }
printed() { # JOB FILE: the file device's output of JOB is FILE byte for byte
	cmp -s "$OUT/job-$1-doc-1.pdf" "$2"
}
job_state() { # JOB: job-state of JOB (empty when it does not exist)
	req get-job-attributes --job-id "$1" --requested job-state,job-state-reasons,job-state-message >"$TMP/j.out"
	value_of "$TMP/j.out" job.job-state
}
job_done() { case $(job_state "$1") in 7 | 8 | 9) return 0 ;; *) return 1 ;; esac }

# Part 2 (below) runs in a child of unshare -m, in its own mount namespace: this function.
disk_full() {
	local state=$1/state small=$1
	mount -t tmpfs -o size=3m ippd-faults "$small" || { echo "SKIP cannot mount a tmpfs"; return 0; }
	OUT=$state/output/default
	# No reserve: the spool meets the full disk itself (ENOSPC); the reserve is checked below.
	ippd_start "$state" --spool-reserve 0 || { fail "ippd starts on a 3 MiB tmpfs" "$IPPD_LOG"; return; }
	local a b big
	req print-job --job-name first --format application/pdf --file "$DOCS/testfile.pdf" >"$TMP/r.out"
	a=$(value_of "$TMP/r.out" job.job-id)
	req print-job --job-name second --format application/pdf --file "$DOCS/document-a4.pdf" >"$TMP/r.out"
	b=$(value_of "$TMP/r.out" job.job-id)
	wait_for 20 job_done "$b"
	note "free space with two jobs printed: $(df -k --output=avail "$small" | tail -n 1) KiB"

	# A 6 MB document on a 3 MiB disk.
	{ printf '%%PDF-1.4\n'; head -c 6000000 /dev/urandom; } >"$TMP/big.pdf"
	req print-job --job-name too-big --format application/pdf --file "$TMP/big.pdf" >"$TMP/big.out"
	big=$(value_of "$TMP/big.out" job.job-id)
	if [ "$(status_of "$TMP/big.out")" = server-error-temporary-error ] && grep -q 'No space left' "$TMP/big.out"; then
		pass "a Print-Job bigger than the free space: server-error-temporary-error, 'No space left on device'"
	else
		fail "a Print-Job bigger than the free space: server-error-temporary-error, 'No space left on device'" \
			"$TMP/big.out"
	fi
	if [ -z "$big" ]; then big=$(($(value_of "$TMP/r.out" job.job-id) + 1)); fi
	case $(job_state "$big") in
	8 | "") pass "its job $big is aborted (or was never made): job-state '$(value_of "$TMP/j.out" job.job-state)'" ;;
	*) fail "its job $big is aborted (or was never made)" "$TMP/j.out" ;;
	esac
	if [ -z "$(ls "$state/spool" | grep "^$big-")" ]; then pass "no spool file is left of job $big"; else
		fail "no spool file is left of job $big" <(ls -la "$state/spool")
	fi
	if [ "$(job_state "$a")" = 9 ] && [ "$(job_state "$b")" = 9 ] && printed "$a" "$DOCS/testfile.pdf" \
		&& cmp -s "$OUT/job-$b-doc-1.pdf" "$DOCS/document-a4.pdf"; then
		pass "the jobs before it ($a, $b) are still completed, their documents intact"
	else
		fail "the jobs before it ($a, $b) are still completed, their documents intact" "$TMP/j.out"
	fi

	# The disk filled to the last block: the spool and the store both fail.
	dd if=/dev/zero of="$small/filler" bs=64k 2>/dev/null
	sync
	note "free space after the filler: $(df -k --output=avail "$small" | tail -n 1) KiB"
	req create-job --job-name disk-full-create >"$TMP/full1.out"
	req print-job --job-name disk-full-print --format application/pdf --file "$DOCS/testfile.pdf" >"$TMP/full2.out"
	local s1 s2
	s1=$(status_of "$TMP/full1.out")
	s2=$(status_of "$TMP/full2.out")
	if [ "$s1 $s2" = "server-error-temporary-error server-error-temporary-error" ]; then
		pass "with the disk full: Create-Job and Print-Job server-error-temporary-error ('$(value_of "$TMP/full1.out" \
			op.status-message)', '$(value_of "$TMP/full2.out" op.status-message)')"
	else
		fail "with the disk full: Create-Job and Print-Job server-error-temporary-error" \
			<(cat "$TMP/full1.out" "$TMP/full2.out")
	fi
	# Neither lingers as a job that looks alive: absent, or aborted.
	req get-jobs --which-jobs not-completed --requested job-id,job-name,job-state >"$TMP/nc.out"
	if grep -q '^job.job-name = disk-full' "$TMP/nc.out"; then
		fail "with the disk full: no job is left pending" "$TMP/nc.out"
	else
		pass "with the disk full: no job is left pending or incoming"
	fi
	if ippd_alive; then pass "ippd alive with the disk full"; else fail "ippd alive with the disk full" "$TMP/san.out"; fi

	rm -f "$small/filler"
	req print-job --job-name after-space --format application/pdf --file "$DOCS/testfile.pdf" >"$TMP/r.out"
	local c
	c=$(value_of "$TMP/r.out" job.job-id)
	if [ "$(status_of "$TMP/r.out")" = successful-ok ] && wait_for 20 job_done "$c" && [ "$(job_state "$c")" = 9 ] \
		&& printed "$c" "$DOCS/testfile.pdf"; then
		pass "space freed: the next Print-Job (job $c) prints byte for byte"
	else
		fail "space freed: the next Print-Job prints" "$TMP/r.out"
	fi
	req get-jobs --which-jobs all --requested job-id,job-name,job-state >"$TMP/all.out"
	note "jobs now: $(grep -c '^job.job-id' "$TMP/all.out") listed"
	ippd_stop "after the disk was full"
	# A restart reads the store that lived through it.
	if ippd_start "$state"; then
		if [ "$(job_state "$a")" = 9 ] && [ "$(job_state "$c")" = 9 ] && ippd_alive; then
			pass "after a restart the store holds the jobs from before and after the full disk"
		else
			fail "after a restart the store holds the jobs from before and after the full disk" "$TMP/j.out"
		fi
		ippd_stop "restarted after the disk was full"
	else
		fail "ippd restarts on the state folder that was full" "$IPPD_LOG"
	fi

	# --spool-reserve: 512 KiB above it are left; a 1 MB document stops at the reserve, the
	# store keeps its room (Create-Job works) and a small document still prints.
	local free reserve d
	free=$(($(df -B1 --output=avail "$small" | tail -n 1)))
	reserve=$((free - 524288))
	if ippd_start "$state" --spool-reserve "$reserve"; then
		{ printf '%%PDF-1.4\n'; head -c 1000000 /dev/urandom; } >"$TMP/1mb.pdf"
		local spooled
		spooled=$(ls "$state/spool" | wc -l)
		req print-job --job-name over-reserve --format application/pdf --file "$TMP/1mb.pdf" >"$TMP/res.out"
		if [ "$(status_of "$TMP/res.out")" = server-error-temporary-error ] && grep -q 'spool is full' "$TMP/res.out"; then
			pass "--spool-reserve $reserve: a 1 MB document over it gets server-error-temporary-error ('$(value_of "$TMP/res.out" op.status-message)')"
		else
			fail "--spool-reserve: a 1 MB document over it gets server-error-temporary-error" "$TMP/res.out"
		fi
		# The refusal came before the spool reached the reserve, and the partial file is gone.
		check "the refused document left no spool file ($spooled before, $(ls "$state/spool" | wc -l) after)" \
			test "$(ls "$state/spool" | wc -l)" = "$spooled"
		check "ippd logged the refusal" grep -q 'the spool is full\|The spool is full' "$IPPD_LOG"
		req create-job --job-name within-reserve >"$TMP/res2.out"
		check "Create-Job still works (the store has its room)" test "$(status_of "$TMP/res2.out")" = successful-ok
		req cancel-job --job-id "$(value_of "$TMP/res2.out" job.job-id)" >/dev/null 2>&1
		req print-job --job-name under-reserve --format application/pdf --file "$DOCS/testfile.pdf" >"$TMP/res3.out"
		d=$(value_of "$TMP/res3.out" job.job-id)
		if [ "$(status_of "$TMP/res3.out")" = successful-ok ] && wait_for 20 job_done "$d" && printed "$d" "$DOCS/testfile.pdf"; then
			pass "a small document within the room left prints (job $d)"
		else
			fail "a small document within the room left prints" "$TMP/res3.out"
		fi
		ippd_stop "with a spool reserve"
	else
		fail "ippd starts with --spool-reserve $reserve" "$IPPD_LOG"
	fi
	umount "$small"
}

if [ "${FAULTS_IN_NAMESPACE:-}" = 1 ]; then
	# Re-entered by unshare: only part 2, then the summary.
	LIB_T0=$(date +%s)
	disk_full "$FAULTS_SMALL"
	finish
fi

# --- 1. the store at start ---------------------------------------------------------------
STATE=$TMP/store
ippd_start "$STATE" || abort "ippd starts" "$IPPD_LOG"
req print-job --job-name before-damage --format application/pdf --file "$DOCS/testfile.pdf" >/dev/null
ippd_stop "before the store is locked"
DB=$STATE/ippd.db
[ -f "$DB" ] || abort "the store is $DB" <(ls -la "$STATE")

# start_fails NAME: ippd must exit non-zero within 30 s with one line naming the store and advice.
start_fails() {
	local name=$1 rc
	timeout 30 "$IPPD" --listen 127.0.0.1:0 --state-dir "$STATE" --no-dnssd >"$TMP/start.out" 2>&1
	rc=$?
	# Log lines (a timestamp first, such as the warning about running as root) aside, one line.
	grep -v '^[0-9-]*T[0-9:.]*Z [EWID] ' "$TMP/start.out" >"$TMP/start.err"
	if [ $rc -ne 0 ] && [ $rc -ne 124 ] && [ "$(wc -l <"$TMP/start.err")" -eq 1 ] && grep -q "$DB" "$TMP/start.err" \
		&& grep -q "$2" "$TMP/start.err" && sanitizer_free "$TMP/start.out"; then
		pass "$name: exit status $rc, one line: $(head -c 160 "$TMP/start.err")..."
	else
		echo "exit status $rc" >>"$TMP/start.out"
		fail "$name: a non-zero exit with one line naming $DB and what to do" "$TMP/start.out"
	fi
}
"$PY" -c '
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("PRAGMA locking_mode = EXCLUSIVE")
c.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(60)' "$DB" >"$TMP/locker.out" 2>&1 &
LOCKER=$!
LIB_PIDS="$LIB_PIDS $LOCKER"
wait_for 10 grep -q locked "$TMP/locker.out" || note "the locker did not start: $(cat "$TMP/locker.out")"
start_fails "store locked by another process" "another process holds it"
kill "$LOCKER" 2>/dev/null
wait "$LOCKER" 2>/dev/null
lib_forget_pid "$LOCKER"

cp "$DB" "$TMP/db.good"
dd if=/dev/urandom of="$DB" bs=4096 seek=1 count=2 conv=notrunc 2>/dev/null
rm -f "$DB-wal" "$DB-shm"
start_fails "store with garbage over its second and third pages" "damaged"
head -c 65536 /dev/urandom >"$DB"
start_fails "store overwritten with garbage" "damaged"
cp "$TMP/db.good" "$DB"
if ippd_start "$STATE"; then
	pass "the store restored from its copy: ippd starts again"
	ippd_stop "after the store was restored"
else
	fail "the store restored from its copy: ippd starts again" "$IPPD_LOG"
fi

# --- 2. disk full ---------------------------------------------------------------------------
# The rest of this part runs as a child of unshare -m, in its own mount namespace.
if [ "$(id -u)" -ne 0 ] || ! command -v unshare >/dev/null || ! unshare -m true 2>/dev/null; then
	note "SKIP disk full: needs root and unshare -m"
else
	mkdir -p "$TMP/small"
	FAULTS_IN_NAMESPACE=1 FAULTS_SMALL=$TMP/small timeout 150 unshare -m --propagation private \
		"$0" "$IPP" "$DATA" "$IPPD" >"$TMP/ns.out" 2>&1
	while IFS= read -r line; do
		case $line in
		"ok - "*) pass "${line#ok - }" ;;
		"not ok - "*) fail "${line#not ok - }" ;;
		"    #"*) echo "$line" ;;
		"#"*) echo "$line" ;;
		esac
	done <"$TMP/ns.out"
	grep -q 'passed, .* failed' "$TMP/ns.out" || fail "the disk-full part ran to its end" "$TMP/ns.out"
fi

# --- 3. the output folder fails -----------------------------------------------------------
STATE=$TMP/out
OUT=$STATE/output/default
ippd_start "$STATE" || abort "ippd starts" "$IPPD_LOG"
req print-job --job-name ok-before --format application/pdf --file "$DOCS/testfile.pdf" >"$TMP/r.out"
J=$(value_of "$TMP/r.out" job.job-id)
wait_for 20 job_done "$J"
mv "$OUT" "$OUT.away"
for how in removed "replaced by a file"; do
	[ "$how" = removed ] || : >"$OUT"
	req print-job --job-name "while-$how" --format application/pdf --file "$DOCS/testfile.pdf" >"$TMP/r.out"
	J=$(value_of "$TMP/r.out" job.job-id)
	wait_for 20 job_done "$J"
	state=$(job_state "$J")
	msg=$(value_of "$TMP/j.out" job.job-state-message)
	if [ "$state" = 8 ] && [ -n "$msg" ] && grep -q "$OUT" <<<"$msg"; then
		pass "output folder $how: job $J aborted, job-state-message '$msg'"
	else
		fail "output folder $how: job $J aborted with the reason in job-state-message" "$TMP/j.out"
	fi
	req get-printer-attributes --requested printer-state-reasons,printer-state-message >"$TMP/p.out"
	if grep -q '^printer.printer-state-reasons = .*other-error' "$TMP/p.out" \
		&& grep -q "^printer.printer-state-message = .*$OUT" "$TMP/p.out"; then
		pass "output folder $how: printer-state-reasons other-error, printer-state-message names the folder"
	else
		fail "output folder $how: printer-state-reasons other-error, printer-state-message names the folder" "$TMP/p.out"
	fi
done
rm -f "$OUT"
mv "$OUT.away" "$OUT"
req print-job --job-name folder-back --format application/pdf --file "$DOCS/testfile.pdf" >"$TMP/r.out"
J=$(value_of "$TMP/r.out" job.job-id)
if wait_for 20 job_done "$J" && [ "$(job_state "$J")" = 9 ] && printed "$J" "$DOCS/testfile.pdf"; then
	pass "the folder back: job $J prints byte for byte"
else
	fail "the folder back: the next job prints" "$TMP/j.out"
fi
req get-printer-attributes --requested printer-state-reasons >"$TMP/p.out"
if grep -q '^printer.printer-state-reasons = none' "$TMP/p.out"; then pass "printer-state-reasons back to none"; else
	fail "printer-state-reasons back to none" "$TMP/p.out"
fi
if ippd_alive; then pass "ippd alive after the output failures"; else fail "ippd alive after the output failures" "$TMP/san.out"; fi
ippd_stop "after the output failures"

# --- 4. SIGTERM during a large upload --------------------------------------------------------
STATE=$TMP/term
ippd_start "$STATE" || abort "ippd starts" "$IPPD_LOG"
"$PY" -S "$TOOLS/ipp-request.py" print-job --uri "$IPPD_URI" --format application/octet-stream \
	--job-name half-uploaded -o "$TMP/head.bin"
cat >"$TMP/slow.py" <<'EOF'
import socket, sys, time
port, head = int(sys.argv[1]), open(sys.argv[2], "rb").read()
total = 200 * 1000 * 1000
s = socket.create_connection(("127.0.0.1", port), timeout=30)
s.sendall(b"POST /ipp/print HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/ipp\r\n"
          b"Content-Length: %d\r\n\r\n" % (len(head) + total) + head)
block = b"%PDF-1.4\n" + b"x" * (1 << 20)
sent = 0
try:
    while sent < total:
        s.sendall(block[:min(len(block), total - sent)])
        sent += min(len(block), total - sent)
        print(sent, flush=True)
        time.sleep(0.05)
except OSError as e:
    print("stopped after %d octets: %s" % (sent, e), flush=True)
EOF
"$PY" -S "$TMP/slow.py" "$IPPD_PORT" "$TMP/head.bin" >"$TMP/slow.out" 2>&1 &
SLOW=$!
LIB_PIDS="$LIB_PIDS $SLOW"
# Wait until some 20 MB are in, then stop ippd.
wait_for 60 awk '$1 + 0 >= 20000000 { found = 1 } END { exit !found }' "$TMP/slow.out"
SPOOLED=$(ls "$STATE/spool" 2>/dev/null | tr '\n' ' ')
T0=$(date +%s)
ippd_stop "during a 200 MB upload"
note "stopped in $(($(date +%s) - T0)) s, $(tail -n 1 "$TMP/slow.out" | head -c 80) octets uploaded; spool then: $SPOOLED"
kill "$SLOW" 2>/dev/null
wait "$SLOW" 2>/dev/null
lib_forget_pid "$SLOW"
if ippd_start "$STATE"; then
	req get-jobs --which-jobs all --requested job-id,job-name,job-state,job-state-reasons,job-state-message >"$TMP/jobs.out"
	# The half-uploaded job: absent, or aborted (8) with a reason; never pending (3), held (4) or completed (9).
	bad=$(awk '/^group/ { if (n == "half-uploaded" && s != 8) print "job-state " s; n = s = "" }
		/^job.job-name = / { n = $3 } /^job.job-state = / { s = $3 }
		END { if (n == "half-uploaded" && s != 8) print "job-state " s }' "$TMP/jobs.out")
	if [ -z "$bad" ]; then
		pass "after the restart the half-uploaded job is absent or aborted ($(grep -A3 'half-uploaded' "$TMP/jobs.out" |
			sed -n 's/^job.job-state-reasons = //p' | head -n 1))"
	else
		fail "after the restart the half-uploaded job is absent or aborted, not $bad" "$TMP/jobs.out"
	fi
	if [ -z "$(ls "$STATE/spool" 2>/dev/null)" ]; then pass "no spool file is left of it"; else
		fail "no spool file is left of it" <(ls -la "$STATE/spool")
	fi
	if ippd_alive; then pass "ippd alive after the restart"; else fail "ippd alive after the restart" "$TMP/san.out"; fi
	ippd_stop "after the restart"
else
	fail "ippd restarts after SIGTERM during an upload" "$IPPD_LOG"
fi
finish
