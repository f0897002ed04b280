#!/usr/bin/env bash
# ippd against hostile input: raw malformed requests, and client strings with control characters.
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The ippd authors
#
# Usage: malformed.sh PATH_TO_ipp TESTS_DATA_DIR PATH_TO_ippd   (Meson passes all three)
#
#  1. malformed.py (next to this script) sends about 2,000 broken requests over
#     raw loopback sockets — every truncation of six requests, lying and zero
#     lengths, reserved/unknown/out-of-band tags, deep collections, 100,000
#     attributes, invalid UTF-8, over-long values, wrong versions, request-id 0,
#     bad charsets, huge Content-Length, broken chunked encoding, header
#     floods — asserting the HTTP or IPP status of each, and after each one
#     that ippd still answers Get-Printer-Attributes with no sanitizer report.
#  2. strings that will be shown: a job named with ANSI escapes, a newline,
#     <script> and a C1 control, by a user named the same way, and a
#     printer-info likewise: accepted or refused, but the log holds no raw
#     ESC/BEL/C1 byte and no injected line, and the web pages escape them.
# Needs python3 and curl; exits 77 without them.

. "$(dirname "$0")/lib.sh"
lib_init malformed "$@"
need python3 curl grep

STATE=$TMP/state
ippd_start "$STATE" || abort "ippd starts" "$IPPD_LOG"
pass "ippd starts on $IPPD_URI"

# --- 1. the raw cases ------------------------------------------------------------------
timeout 240 "$PY" -S "$HERE/malformed.py" "$IPPD_PORT" "$IPPD_PID" "$IPPD_LOG" "$DATA" >"$TMP/raw.out" 2>&1
rc=$?
while IFS= read -r line; do
	case $line in
	"ok - "*) pass "${line#ok - }" ;;
	"not ok - "*)
		echo "$line" >"$TMP/case.fail"
		fail "${line#not ok - }" ;;
	"#"*) echo "$line" ;;
	*) echo "    $line" ;;
	esac
done <"$TMP/raw.out"
[ $rc -eq 0 ] || [ $rc -eq 1 ] || fail "malformed.py ran to its end (exit status $rc)" "$TMP/raw.out"

# --- 2. strings that will be shown ----------------------------------------------------------
ESC=$'\033'
EVIL_NAME=$'\033[31mred\033[0m\nFAKE-LOG-LINE injected <script>alert(1)</script> \u009b31m &amp;'
EVIL_USER=$'\033]0;title\007evil\r\nFAKE-LOG-LINE user<script>'
req print-job --job-name "$EVIL_NAME" --user "$EVIL_USER" --format application/pdf --file "$DOCS/testfile.pdf" \
	--attr "op:name:document-name=$EVIL_NAME" >"$TMP/evil.out"
status=$(status_of "$TMP/evil.out")
case $status in
successful-ok*) pass "Print-Job named with ESC, CR/LF, <script> and U+009B: $status (stored)" ;;
client-error-bad-request) pass "Print-Job named with ESC, CR/LF, <script> and U+009B: refused ($status)" ;;
*) fail "Print-Job named with ESC, CR/LF, <script> and U+009B: stored or refused with bad-request" "$TMP/evil.out" ;;
esac
note "Set-Printer-Attributes printer-info with the same text:" \
	"$("$PY" -S "$HERE/malformed.py" --set-printer-info "$EVIL_NAME" "$IPPD_PORT" "$IPPD_PID" "$IPPD_LOG" "$DATA")"
req cancel-my-jobs --user "$EVIL_USER" >/dev/null 2>&1
req pause-printer --user "$EVIL_USER" >/dev/null 2>&1
req resume-printer --user "$EVIL_USER" >/dev/null 2>&1
"$PY" -S "$TOOLS/ipp-request.py" get-printer-attributes --uri "$IPPD_URI" --user $'\033[2J' \
	--post "$IPPD_URL" --show >/dev/null 2>&1

# The log: one event per line, no terminal control byte from a client.
if LC_ALL=C grep -q "$ESC\|"$'\007'"\|"$'\302\233' "$IPPD_LOG"; then
	LC_ALL=C grep -n "$ESC\|"$'\007'"\|"$'\302\233' "$IPPD_LOG" | cat -v >"$TMP/log.fail"
	fail "the log holds no raw ESC, BEL or C1 byte from a client" "$TMP/log.fail"
else
	pass "the log holds no raw ESC, BEL or C1 byte from a client"
fi
if grep -q '^FAKE-LOG-LINE' "$IPPD_LOG" || LC_ALL=C grep -q $'\r' "$IPPD_LOG"; then
	grep -n 'FAKE-LOG-LINE' "$IPPD_LOG" | cat -v >"$TMP/log.fail"
	fail "no line of the log was started by a client's newline" "$TMP/log.fail"
else
	pass "no line of the log was started by a client's newline (CR and LF escaped)"
fi
if grep -q 'FAKE-LOG-LINE' "$IPPD_LOG"; then
	note "the user name is logged escaped: $(grep -m1 -o 'by [^ ]*FAKE-LOG-LINE[^ ]*' "$IPPD_LOG" | head -c 120)"
fi
for want_invalid in $'\377' $'\300\257'; do
	if LC_ALL=C grep -q "$want_invalid" "$IPPD_LOG"; then
		fail "the log holds no invalid UTF-8 from the malformed requests" \
			<(LC_ALL=C grep -n "$want_invalid" "$IPPD_LOG" | cat -v)
		break
	fi
done

# The web pages: HTML-escaped, no control characters.
web_ok=1
: >"$TMP/web.fail"
for path in / /ipp/print; do
	code=$(curl -s -o "$TMP/page" -w '%{http_code}' --max-time 10 "http://127.0.0.1:$IPPD_PORT$path")
	[ "$code" = 200 ] || continue
	if grep -q '<script>alert' "$TMP/page" || LC_ALL=C grep -q "$ESC\|"$'\302\233' "$TMP/page"; then
		web_ok=0
		{ echo "GET $path:"; LC_ALL=C grep -n '<script>alert\|'"$ESC" "$TMP/page" | cat -v; } >>"$TMP/web.fail"
	fi
	grep -q '&lt;script&gt;alert' "$TMP/page" && note "GET $path shows the name HTML-escaped"
done
if [ $web_ok = 1 ]; then pass "the web pages hold no raw <script> and no ESC or C1 from a client"; else
	fail "the web pages hold no raw <script> and no ESC or C1 from a client" "$TMP/web.fail"
fi

if ippd_alive; then pass "ippd alive, no sanitizer report"; else fail "ippd alive, no sanitizer report" "$TMP/san.out"; fi
ippd_stop "after the hostile requests"
finish
