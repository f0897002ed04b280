#!/usr/bin/env bash
# The ipp:// output device against a hostile upstream printer: nothing it says reaches ippd's attributes or log unchecked.
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The ippd authors
#
# Usage: hostile-upstream.sh PATH_TO_ipp TESTS_DATA_DIR PATH_TO_ippd   (Meson passes all three)
#
# hostile-upstream.py serves one behaviour per path (see its header).  ippd has a printer
# in front of each, with device-retries = 1.  Checked: ippd stays up (ASan/UBSan clean);
# the printer and job attributes it then answers hold only valid UTF-8 without control
# characters or over-long values (hostile-upstream.py check), its log holds no ESC byte;
# the nasty-but-valid printer's job completes with its media and formats filtered; each
# unusable upstream (garbage, wrong request-id, no job-id, refusal, truncated answers, a
# job-state of 99) ends the job aborted with a clear reason; an upstream's printer-state-reasons
# (media-empty-error among junk) show on the printer, its web page and in an event, known
# keywords only, and change when the upstream's do.

. "$(dirname "$0")/lib.sh"
lib_init hostile-upstream "$@"
need python3 curl timeout

"$PY" -S "$HERE/hostile-upstream.py" serve "$TMP/port" >"$TMP/hostile.log" 2>&1 &
LIB_PIDS="$LIB_PIDS $!"
wait_for 10 test -s "$TMP/port" || abort "hostile upstream starts" "$TMP/hostile.log"
UP=ipp://127.0.0.1:$(cat "$TMP/port")

modes="nasty garbage wrongid nojobid refuse truncate badstate slowread reasons"
for m in $modes; do
	printf '[printer %s]\ndevice-uri = %s/%s\ndevice-retries = 1\n' "$m" "$UP" "$m"
done >"$TMP/ippd.conf"
ippd_start "$TMP/state" --config "$TMP/ippd.conf" || abort "ippd starts" "$IPPD_LOG"
BASE=ipp://127.0.0.1:$IPPD_PORT/ipp/print

attr() {
	timeout 15 "$IPP" attrs "$@" --json 2>/dev/null |
		"$PY" -S -c "import json, sys; v = json.load(sys.stdin).get(sys.argv[1], ''); print(','.join(map(str, v)) if isinstance(v, list) else v)" "${@: -1}"
}
terminal() { case $(attr "$BASE/$1" --job "$2" job-state) in aborted | completed | canceled) return 0 ;; esac; return 1; }

# 1. The nasty printer: its capabilities, checked, become ours; its job completes.
has_caps() { attr "$BASE/nasty" printer-make-and-model | grep -q RED; }
wait_for 20 has_caps && pass "the nasty printer's make and model, cleaned ($(attr "$BASE/nasty" printer-make-and-model | head -c 60)...)" ||
	fail "the nasty printer's capabilities were taken" "$IPPD_LOG"
media=$(attr "$BASE/nasty" media-supported)
n_media=$(echo "$media" | tr ',' '\n' | grep -c .)
case ",$media," in
*../* | *om_junk-40_* | *xxxxx*) fail "media-supported kept bad or excess names: ${media:0:200}" ;;
*iso_a4_210x297mm*om_junk-0_10x10mm*)
	[ "$n_media" -le 34 ] && pass "media-supported: valid names only, $n_media of them" ||
		fail "media-supported: $n_media names" ;;
*) fail "media-supported: ${media:0:200}" ;;
esac
formats=$(attr "$BASE/nasty" document-format-supported)
[ "$formats" = "application/pdf,image/jpeg,application/octet-stream" ] && pass "document-format-supported filtered ($formats)" ||
	fail "document-format-supported: ${formats:0:200}"
copies=$(attr "$BASE/nasty" copies-supported)
[ "$copies" != "-7-2147483647" ] && pass "an absurd copies-supported is not taken ($copies)" || fail "copies-supported $copies"

timeout 60 "$IPP" print "$BASE/nasty" "$DOCS/testfile.pdf" --wait >"$TMP/print.out" 2>&1
[ "$(attr "$BASE/nasty" --job 1 job-state)" = completed ] && pass "the nasty printer's job completes" ||
	fail "nasty job: $(attr "$BASE/nasty" --job 1 job-state)" "$TMP/print.out"
imp=$(attr "$BASE/nasty" --job 1 job-impressions-completed)
[ -n "$imp" ] && [ "$imp" -ge 0 ] && pass "job-impressions-completed is sane ($imp)" || fail "job-impressions-completed '$imp'"
msg=$(attr "$BASE/nasty" --job 1 job-state-message)
[ ${#msg} -le 255 ] && pass "job-state-message bounded (${#msg} characters)" || fail "job-state-message ${#msg} characters"
check "printer and job attributes are clean" "$PY" -S "$HERE/hostile-upstream.py" check "http://127.0.0.1:$IPPD_PORT/ipp/print/nasty" 1

# 2. Upstreams that cannot be used: each job aborts with a reason.
# expect_abort PRINTER JOB REGEX
expect_abort() {
	timeout 30 "$IPP" print "$BASE/$1" "$DOCS/testfile.pdf" >"$TMP/print.out" 2>&1 || true
	wait_for 40 terminal "$1" "$2"
	local st msg
	st=$(attr "$BASE/$1" --job "$2" job-state)
	msg=$(attr "$BASE/$1" --job "$2" job-state-message)
	if [ "$st" = aborted ] && echo "$msg" | grep -Eq "$3"; then
		pass "$1: aborted: '$msg'"
	else
		echo "state $st, message '$msg'" >"$TMP/why"
		grep "\[Job $2\]" "$IPPD_LOG" | tail -n 5 >>"$TMP/why"
		fail "$1: aborted with a reason matching '$3'" "$TMP/why"
	fi
}
expect_abort garbage 2 "unusable: Get-Printer-Attributes: malformed response"
expect_abort wrongid 3 "unusable: Get-Printer-Attributes: the answer carries request-id"
expect_abort nojobid 4 "unusable: Print-Job: no job-id"
expect_abort refuse 5 "refused the job: Print-Job: client-error-document-format-not-supported: no way \?"
expect_abort truncate 6 "unusable: Get-Job-Attributes: malformed response"
expect_abort badstate 7 "unusable: Get-Job-Attributes: no valid job-state"
check "job attributes after the failures are clean" "$PY" -S "$HERE/hostile-upstream.py" check "http://127.0.0.1:$IPPD_PORT/ipp/print/refuse" 5

# 3. A cancel in the middle of a long upload (64 KiB/s, 16 MiB) stops it at once.
head -c 16777216 /dev/zero >"$TMP/big.pcl"
timeout 30 "$IPP" print "$BASE/slowread" "$TMP/big.pcl" --format application/vnd.hp-pcl >"$TMP/print.out" 2>&1 ||
	fail "submit to slowread" "$TMP/print.out"
uploading() { [ "$(attr "$BASE/slowread" printer-state)" = processing ]; }
wait_for 20 uploading || fail "the upload started" "$IPPD_LOG"
sleep 1
t0=$(date +%s)
timeout 15 "$IPP" cancel "$BASE/slowread" 8 >"$TMP/cancel.out" 2>&1 || fail "ipp cancel" "$TMP/cancel.out"
idle() { [ "$(attr "$BASE/slowread" printer-state)" = idle ]; }
if wait_for 10 idle && grep -q "\[Job 8\] the upload of document 1 was stopped" "$IPPD_LOG"; then
	pass "cancel stops an upload in progress within $(($(date +%s) - t0)) s"
else
	grep "\[Job 8\]" "$IPPD_LOG" | tail -n 5 >"$TMP/why"
	fail "cancel stops an upload in progress ($(attr "$BASE/slowread" printer-state))" "$TMP/why"
fi
[ "$(attr "$BASE/slowread" --job 8 job-state)" = canceled ] && pass "the job is canceled" ||
	fail "job 8: $(attr "$BASE/slowread" --job 8 job-state)"

# 4. The reasons printer: while its job prints, the upstream's printer-state-reasons are ours
#    too (the RFC 8011 keywords only, junk dropped), on the web page and in events; once the
#    job is done, its new reasons replace them.
cat >"$TMP/sub.test" <<'TEST'
{
	NAME "Create-Printer-Subscriptions (printer-state-changed)"
	OPERATION Create-Printer-Subscriptions
	GROUP operation-attributes-tag
	ATTR charset attributes-charset utf-8
	ATTR naturalLanguage attributes-natural-language en
	ATTR uri printer-uri $uri
	ATTR name requesting-user-name tester
	GROUP subscription-attributes-tag
	ATTR keyword notify-pull-method ippget
	ATTR keyword notify-events printer-state-changed
	ATTR integer notify-lease-duration 600
	STATUS successful-ok
	EXPECT notify-subscription-id OF-TYPE integer
}
TEST
cat >"$TMP/notes.test" <<'TEST'
{
	NAME "Get-Notifications: an event carries media-empty-error"
	OPERATION Get-Notifications
	GROUP operation-attributes-tag
	ATTR charset attributes-charset utf-8
	ATTR naturalLanguage attributes-natural-language en
	ATTR uri printer-uri $uri
	ATTR name requesting-user-name tester
	ATTR integer notify-subscription-ids 1
	STATUS successful-ok
	EXPECT printer-state-reasons IN-GROUP event-notification-attributes-tag WITH-VALUE "media-empty-error"
}
TEST
if command -v ipptool >/dev/null; then
	timeout 30 ipptool -t "$BASE/reasons" "$TMP/sub.test" >"$TMP/sub.out" 2>&1 || fail "Create-Printer-Subscriptions on reasons" "$TMP/sub.out"
fi
timeout 30 "$IPP" print "$BASE/reasons" "$DOCS/testfile.pdf" >"$TMP/print.out" 2>&1 || fail "submit to reasons" "$TMP/print.out"
reports_empty() { attr "$BASE/reasons" printer-state-reasons | grep -q media-empty-error; }
if wait_for 20 reports_empty; then
	r=$(attr "$BASE/reasons" printer-state-reasons)
	check "while the job prints: the upstream's known reasons with their severities, nothing else ($r)" \
		test "$r" = "media-jam-error,toner-low-report,door-open-warning,media-empty-error"
	curl -s --max-time 10 "http://127.0.0.1:$IPPD_PORT/ipp/print/reasons" >"$TMP/reasons.html"
	check "the printer's web page shows them" grep -q 'The device reports</dt><dd class="device-reasons">media-jam-error, toner-low-report, door-open-warning, media-empty-error<' "$TMP/reasons.html"
else
	fail "the upstream's media-empty-error shows on the printer" "$IPPD_LOG"
fi
wait_for 40 terminal reasons 9
check "the job completes (job 9)" test "$(attr "$BASE/reasons" --job 9 job-state)" = completed
r=$(attr "$BASE/reasons" printer-state-reasons)
check "once it is done, the upstream's new reasons replace them ($r)" test "$r" = toner-low-report
grep -q 'the device reports media-empty-error' "$IPPD_LOG" && grep -q 'the device no longer reports media-empty-error' "$IPPD_LOG" &&
	pass "the log says when media-empty-error came and went" || fail "the log says when media-empty-error came and went" "$IPPD_LOG"
if command -v ipptool >/dev/null; then
	check "a printer-state-changed event carried media-empty-error (ipptool Get-Notifications)" \
		timeout 30 ipptool -t "$BASE/reasons" "$TMP/notes.test"
fi

# 5. ippd survived, and its log never carried the upstream's escapes.
if grep -q "$(printf '\033')" "$IPPD_LOG"; then
	grep -n "$(printf '\033')" "$IPPD_LOG" | head -n 5 | cat -v >"$TMP/esc"
	fail "no ESC byte in ippd's log" "$TMP/esc"
else
	pass "no ESC byte in ippd's log"
fi
"$PY" -S -c "import sys; open(sys.argv[1], 'rb').read().decode('utf-8')" "$IPPD_LOG" 2>"$TMP/utf8" &&
	pass "ippd's log is valid UTF-8" || fail "ippd's log is valid UTF-8" "$TMP/utf8"
ippd_alive && pass "ippd alive" || fail "ippd alive" "$TMP/san.out"
ippd_stop "hostile upstream"
finish
