#!/usr/bin/env bash
# The web interface: pages in headless Chromium, valid and escaped HTML, strict headers, CSRF-checked forms, thumbnails.
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The ippd authors
#
# Usage: web.sh PATH_TO_ipp TESTS_DATA_DIR PATH_TO_ippd   (Meson passes all three)
#
#  1. Jobs with hostile names (<script>, quotes, ANSI escapes, C1 controls) and one whose
#     name is invalid UTF-8 (refused by IPP); PWG Raster and JPEG documents.
#  2. Every page (/, printer, history pages, job pages, 404) passes web-check.py's HTML
#     check (balanced tags, no raw '<', no control characters) and carries the strict
#     Content-Security-Policy and nosniff; the hostile names appear escaped, as text.
#  3. Headless Chromium: screenshots of /, a printer page (phone width) and a job page are
#     PNGs that decode and are not blank; --dump-dom lists the jobs, with the <script> name
#     as text and no script element.
#  4. Thumbnails: the PWG Raster job's is a PNG that decodes (at most 256 px, several
#     colours); the JPEG job's is the document itself.
#  5. Forms: a POST without a token, with a wrong token or without the cookie is 403; with
#     the right one, pause, resume, cancel-job and purge act (303 to the page).  With an
#     admins list in the configuration an anonymous visitor's action is refused (access
#     rules as for IPP).
# Needs chromium, python3 and curl; exits 77 without them.

. "$(dirname "$0")/lib.sh"
lib_init web "$@"
need chromium python3 curl timeout cmp

CHECK="$PY -S $HERE/web-check.py"
ippd_start "$TMP/state" || abort "ippd starts" "$IPPD_LOG"
BASE=http://127.0.0.1:$IPPD_PORT

# 1. Jobs.
HOSTILE='<script>alert(1)</script>'
req print-job --file "$DOCS/testfile.pwg" --format image/pwg-raster --job-name "$HOSTILE" >"$TMP/pj1" 2>&1
PWG_JOB=$(value_of "$TMP/pj1" job.job-id)
req print-job --file "$DOCS/testfile.jpg" --format image/jpeg --job-name "quote\" apos' amp& <b>bold</b>" \
	>"$TMP/pj2" 2>&1
JPEG_JOB=$(value_of "$TMP/pj2" job.job-id)
req print-job --file "$DOCS/testfile.txt" --format text/plain --job-name "$(printf 'ansi \033[31mred\033[0m c1 \302\233x end')" \
	>"$TMP/pj3" 2>&1
ANSI_JOB=$(value_of "$TMP/pj3" job.job-id)
check "three jobs accepted ($PWG_JOB, $JPEG_JOB, $ANSI_JOB)" test -n "$PWG_JOB" -a -n "$JPEG_JOB" -a -n "$ANSI_JOB"
# Invalid UTF-8 in job-name, sent as raw bytes: IPP refuses it, so no page ever shows it.
"$PY" -S "$TOOLS/ipp-request.py" print-job --uri "$IPPD_URI" --format text/plain --file "$DOCS/testfile.txt" \
	--job-name "bad-XXXX-name" -o "$TMP/bad-utf8.bin"
"$PY" -S -c 'import sys; p = sys.argv[1]; d = open(p, "rb").read().replace(b"XXXX", b"\xff\xfe\xc3\x28"); open(p, "wb").write(d)' \
	"$TMP/bad-utf8.bin"
curl -s --max-time 10 -H 'Content-Type: application/ipp' --data-binary @"$TMP/bad-utf8.bin" "$IPPD_URL" -o "$TMP/bad-utf8.resp"
check "a job-name of invalid UTF-8 is refused (client-error-bad-request)" \
	sh -c "'$IPP' decode --response '$TMP/bad-utf8.resp' | grep -q client-error-bad-request"
# Enough finished jobs for two history pages (20 a page).
for i in $(seq 1 21); do
	req print-job --file "$DOCS/testfile.txt" --format text/plain --job-name "filler $i" >/dev/null 2>&1
done
# All of them finished, and the printer idle again (it goes idle just after its last job ends).
check "all 24 jobs finish and the printer is idle" wait_for 120 sh -c \
	"curl -s '$BASE/metrics' | grep -q '^ippd_printer_queue_depth{printer=\"ippd\"} 0\$' &&
	 curl -s '$BASE/metrics' | grep -q '^ippd_printer_state{printer=\"ippd\"} 3\$'"

# 2. Pages: HTML check, headers, escaping.
fetch() { # NAME PATH: body to $TMP/NAME.html, headers to $TMP/NAME.h
	curl -s --max-time 10 -D "$TMP/$1.h" -o "$TMP/$1.html" -c "$TMP/cookies" -b "$TMP/cookies" "$BASE$2"
}
fetch index /
fetch printer /ipp/print
fetch page2 '/ipp/print?page=2'
fetch job-pwg "/ipp/print/$PWG_JOB"
fetch job-jpeg "/ipp/print/$JPEG_JOB"
fetch job-ansi "/ipp/print/$ANSI_JOB"
fetch missing /ipp/print/999999
fetch nowhere '/no/such/page'
for page in index printer page2 job-pwg job-jpeg job-ansi missing nowhere; do
	if $CHECK html "$TMP/$page.html" >"$TMP/$page.check" 2>&1; then
		pass "HTML check: $page"
	else
		fail "HTML check: $page" "$TMP/$page.check"
	fi
done
check "404 for a missing job" grep -q '^HTTP/1.1 404' "$TMP/missing.h"
check "404 for an unknown path" grep -q '^HTTP/1.1 404' "$TMP/nowhere.h"
for page in index printer job-pwg; do
	check "strict Content-Security-Policy on $page" grep -qi \
		"^Content-Security-Policy: default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'" \
		"$TMP/$page.h"
	check "X-Content-Type-Options: nosniff on $page" grep -qi '^X-Content-Type-Options: nosniff' "$TMP/$page.h"
done
check "the CSRF cookie is SameSite=Strict and HttpOnly" grep -qi '^Set-Cookie: ippd_csrf=[0-9a-f]*; Path=/; SameSite=Strict; HttpOnly' "$TMP/index.h"
check "/style.css is text/css" sh -c "curl -s -D - -o /dev/null '$BASE/style.css' | grep -qi '^Content-Type: text/css'"
check "no external asset is referenced" sh -c "! grep -qi 'https\\?://' '$TMP/index.html' '$TMP/printer.html' '$TMP/job-pwg.html'"
check "the <script> name is escaped on the job page" grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' "$TMP/job-pwg.html"
check "no <script> element anywhere" sh -c "! grep -qi '<script' '$TMP/index.html' '$TMP/printer.html' '$TMP/page2.html' '$TMP/job-pwg.html'"
check "quotes and ampersands are escaped" grep -qF 'quote&quot; apos&#39; amp&amp; &lt;b&gt;bold&lt;/b&gt;' "$TMP/job-jpeg.html"
check "ANSI escapes and C1 controls are dropped" sh -c "grep -q 'ansi \\[31mred\\[0m c1 x end' '$TMP/job-ansi.html' && ! LC_ALL=C grep -q \$'\\033' '$TMP/job-ansi.html'"
check "the printer page pages its history (page 1 of 2)" grep -q 'page 1 of 2' "$TMP/printer.html"
check "page 2 holds the oldest jobs" sh -c "grep -q 'page 2 of 2' '$TMP/page2.html' && grep -q '>$PWG_JOB</a>' '$TMP/page2.html'"
check "the printer page shows its attributes by name" sh -c "grep -q '<th scope=\"row\">document-format-supported</th>' '$TMP/printer.html'"
check "the PWG job page has a thumbnail" grep -q "src=\"/ipp/print/$PWG_JOB/thumbnail\"" "$TMP/job-pwg.html"

# 3. Headless Chromium.
shot() { # NAME PATH WxH: one retry, for a browser starved by a loaded machine (the log says so)
	local try
	for try in 1 2; do
		timeout 90 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
			--disable-background-networking --disable-component-update --disable-sync \
			--user-data-dir="$TMP/chromium" --hide-scrollbars --screenshot="$TMP/shot-$1.png" \
			--window-size="$3" "$BASE$2" >"$TMP/chromium-$1.log" 2>&1
		[ "$(stat -c %s "$TMP/shot-$1.png" 2>/dev/null || echo 0)" -gt 10000 ] && return 0
		note "chromium screenshot of $1, attempt $try: no usable PNG"
	done
}
shot index / 1000,700
shot printer /ipp/print 420,1400
shot job "/ipp/print/$PWG_JOB" 800,1000
for s in index printer job; do
	size=$(stat -c %s "$TMP/shot-$s.png" 2>/dev/null || echo 0)
	if [ "$size" -gt 10000 ] && $CHECK png "$TMP/shot-$s.png" 20 >"$TMP/shot-$s.check" 2>&1; then
		pass "Chromium screenshot of $s: $size bytes, $(cat "$TMP/shot-$s.check")"
	else
		fail "Chromium screenshot of $s ($size bytes)" "$TMP/shot-$s.check"
	fi
done
for try in 1 2; do
	timeout 90 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$TMP/chromium" --dump-dom "$BASE/ipp/print?page=2" >"$TMP/dom.html" 2>"$TMP/chromium-dom.log"
	grep -q '</html>' "$TMP/dom.html" && break
	note "chromium --dump-dom, attempt $try: no document"
done
check "--dump-dom lists the jobs (job $PWG_JOB)" grep -q ">$PWG_JOB</a>" "$TMP/dom.html"
check "--dump-dom shows the <script> name as text" grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' "$TMP/dom.html"
check "--dump-dom has no script element" sh -c "! grep -qi '<script' '$TMP/dom.html'"
if [ -n "${WEB_SHOTS:-}" ]; then cp "$TMP"/shot-*.png "$WEB_SHOTS"/ 2>/dev/null; fi

# 4. Thumbnails.
curl -s --max-time 20 -D "$TMP/thumb.h" -o "$TMP/thumb.png" "$BASE/ipp/print/$PWG_JOB/thumbnail"
check "the PWG Raster thumbnail is image/png" grep -qi '^Content-Type: image/png' "$TMP/thumb.h"
if $CHECK png "$TMP/thumb.png" 10 256 >"$TMP/thumb.check" 2>&1; then
	pass "it decodes: $(cat "$TMP/thumb.check")"
else
	fail "the PWG Raster thumbnail decodes" "$TMP/thumb.check"
fi
curl -s --max-time 20 -D "$TMP/jthumb.h" -o "$TMP/jthumb.jpg" "$BASE/ipp/print/$JPEG_JOB/thumbnail"
check "the JPEG job's picture is the document itself" sh -c "grep -qi '^Content-Type: image/jpeg' '$TMP/jthumb.h' && cmp -s '$DOCS/testfile.jpg' '$TMP/jthumb.jpg'"
code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/ipp/print/$ANSI_JOB/thumbnail")
check "a text job has no thumbnail (404, is $code)" test "$code" = 404

# 5. Forms and CSRF.
TOKEN=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$TMP/printer.html" | head -n 1)
check "the printer page carries a CSRF token" test "${#TOKEN}" = 64
post() { # BODY [CURL ARGS...]: prints the HTTP status
	local body=$1
	shift
	curl -s --max-time 10 -o "$TMP/post.html" -w '%{http_code}' "$@" --data "$body" "$BASE/ipp/print"
}
printer_state() { req get-printer-attributes --requested printer-state 2>/dev/null | sed -n 's/^printer.printer-state = //p'; }
code=$(post "action=pause" -b "$TMP/cookies")
check "a POST without a token is 403 (is $code)" test "$code" = 403
code=$(post "action=pause&csrf=${TOKEN%?}0" -b "$TMP/cookies")
[ "${TOKEN: -1}" = 0 ] && code=$(post "action=pause&csrf=${TOKEN%?}1" -b "$TMP/cookies")
check "a POST with a wrong token is 403 (is $code)" test "$code" = 403
code=$(post "action=pause&csrf=$TOKEN")
check "the right token without its cookie is 403 (is $code)" test "$code" = 403
state=$(printer_state)
check "the printer is still idle after the refused POSTs (state $state)" test "$state" = 3
code=$(post "action=pause&csrf=$TOKEN" -b "$TMP/cookies")
check "pause with the right token: 303 (is $code)" test "$code" = 303
check "the printer is stopped (5)" test "$(printer_state)" = 5
req print-job --file "$DOCS/testfile.txt" --format text/plain --job-name queued >"$TMP/queued" 2>&1
QJOB=$(value_of "$TMP/queued" job.job-id)
code=$(post "action=cancel&job=$QJOB&csrf=$TOKEN" -b "$TMP/cookies")
check "cancel of another user's job by an anonymous visitor: 403 as in IPP (is $code)" test "$code" = 403
# A job of 'anonymous' (no requesting-user-name), which the anonymous visitor owns.
req print-job --file "$DOCS/testfile.txt" --format text/plain --job-name queued2 --user '' >"$TMP/queued" 2>&1
QJOB=$(value_of "$TMP/queued" job.job-id)
fetch printer2 /ipp/print
check "the paused printer's queue lists job $QJOB with a Cancel button" \
	sh -c "grep -q 'name=\"job\" value=\"$QJOB\"' '$TMP/printer2.html'"
code=$(post "action=cancel&job=$QJOB&csrf=$TOKEN" -b "$TMP/cookies")
check "cancel-job with the right token: 303 (is $code)" test "$code" = 303
req get-job-attributes --job-id "$QJOB" --requested job-state >"$TMP/qstate" 2>&1
check "job $QJOB is canceled (7)" test "$(value_of "$TMP/qstate" job.job-state)" = 7
code=$(post "action=resume&csrf=$TOKEN" -b "$TMP/cookies")
check "resume: 303 (is $code)" test "$code" = 303
check "the printer is idle (3)" test "$(printer_state)" = 3
code=$(post "action=purge&csrf=$TOKEN" -b "$TMP/cookies")
check "purge: 303 (is $code)" test "$code" = 303
fetch printer3 /ipp/print
check "the history is empty after the purge" grep -q 'No finished jobs' "$TMP/printer3.html"
code=$(post "action=format-disk&csrf=$TOKEN" -b "$TMP/cookies")
check "an unknown action is 400 (is $code)" test "$code" = 400
check "ippd alive" ippd_alive
ippd_stop "open policy"

# The same access rules as IPP: with an admins list, an anonymous visitor may not pause.
printf '[default]\nadmins = root\noperators = olga\n' >"$TMP/ippd.conf"
ippd_start "$TMP/state2" --config "$TMP/ippd.conf" || abort "ippd starts with an admins list" "$IPPD_LOG"
BASE=http://127.0.0.1:$IPPD_PORT
rm -f "$TMP/cookies"
fetch printer4 /ipp/print
TOKEN=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$TMP/printer4.html" | head -n 1)
code=$(post "action=pause&csrf=$TOKEN" -b "$TMP/cookies")
check "an anonymous pause is refused (403, is $code) when operators are listed" test "$code" = 403
check "the refusal says why" grep -q 'operators' "$TMP/post.html"
check "the printer stays idle" test "$(printer_state)" = 3
check "ippd alive" ippd_alive
ippd_stop "with a policy"
finish
