#!/usr/bin/env bash
# IPP Everywhere (PWG 5100.14) conformance: CUPS's ipp-everywhere.test and its companions against a live ippd.
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The ippd authors
#
# Usage: ipptool-everywhere.sh PATH_TO_ipp TESTS_DATA_DIR PATH_TO_ippd   (Meson passes all three)
#
# 1. ipp-everywhere.test (-V 2.0 -f testfile.pdf: it INCLUDEs ipp-2.0.test, whose print tests
#    send the -f file).  After its attribute checks it prints every PWG Raster sample the
#    printer advertises (pwg-raster-document-resolution-supported x -type-supported x six
#    samples x none/deflate/gzip).  The samples come from tests/data/docs (300 dpi) or are
#    rendered here with Ghostscript (pwg-samples.py); the rest are empty placeholders,
#    because ipptool 2.4.2 insists that every FILE of the file be readable before it looks at
#    SKIP-IF-NOT-DEFINED.  Then: every advertised sample was printed three times, every job
#    completed, ippd's PWG Raster checker counted the pages each sample has (job-impressions),
#    and no placeholder was ever printed.
# 2. print-job-media-col.test and identify-printer.test as they are.
# 3. create-job-format.test was written for the CUPS scheduler: it sends ../data/testprint.ps
#    (not shipped by Debian) as application/postscript, which a PDF/raster printer does not
#    take.  Its two steps (Create-Job, then Send-Document) run on a copy that sends our
#    testfile.pdf as application/pdf; nothing else changes.
# Needs cups-ipp-utils, ghostscript, python3, curl; exits 77 without them.

. "$(dirname "$0")/lib.sh"
lib_init ipptool-everywhere "$@"
. "$HERE/lib-ipptool.sh"
need gs
ipptool_init
cat >"$TMP/ippd.conf" <<'CONF'
[default]
organization = Example Corp
organizational-unit = Accounting
CONF
ippd_start "$STATE" --config "$TMP/ippd.conf" || abort "ippd starts and prints its printer URI" "$IPPD_LOG"
pass "ippd starts on $IPPD_URI"
req get-printer-attributes --requested printer-organization,printer-organizational-unit >"$TMP/org.out"
check "printer-organization and -organizational-unit come from the configuration file" \
	test "$(value_of "$TMP/org.out" printer.printer-organization)/$(value_of "$TMP/org.out" printer.printer-organizational-unit)" \
	= "Example Corp/Accounting"

# --- the samples the printer's own attributes call for ---------------------------------
req get-printer-attributes --requested pwg-raster-document-resolution-supported,pwg-raster-document-type-supported \
	>"$TMP/gpa.out"
RES=$(value_of "$TMP/gpa.out" printer.pwg-raster-document-resolution-supported | grep -o '[0-9]*x' | tr -d x | paste -sd,)
TYPES=$(value_of "$TMP/gpa.out" printer.pwg-raster-document-type-supported | tr -d ' ' )
if [ -z "$RES" ] || [ -z "$TYPES" ]; then
	abort "the printer advertises PWG Raster resolutions and types" "$TMP/gpa.out"
fi
if "$PY" "$HERE/pwg-samples.py" "$RUN/ipp-everywhere.test" "$RUN" "$RES" "$TYPES" "$TMP/expected" >"$TMP/samples.out" 2>&1; then
	pass "PWG Raster samples for ${RES} dpi x ${TYPES}: $(cat "$TMP/samples.out")"
else
	abort "PWG Raster samples for ${RES} dpi x ${TYPES} (Ghostscript)" "$TMP/samples.out"
fi

# --- printer-icons: real PNGs of 48, 128 and 512 pixels, cached ------------------------
req get-printer-attributes --requested printer-icons >"$TMP/icons.out"
ICONS=$(value_of "$TMP/icons.out" printer.printer-icons | tr ',' ' ')
n=0
for size in 48 128 512; do
	n=$((n + 1))
	uri=$(echo "$ICONS" | cut -d' ' -f$n)
	curl -s -D "$TMP/icon.h" -o "$TMP/icon.png" --max-time 10 "$uri"
	dims=$("$PY" -S -c 'import struct,sys; d=open(sys.argv[1],"rb").read(); print("%dx%d" % struct.unpack(">II", d[16:24]) if d[:8]==b"\x89PNG\r\n\x1a\n" and d[12:16]==b"IHDR" else "not-png")' "$TMP/icon.png")
	etag=$(sed -n 's/^ETag: *\([^\r]*\).*/\1/Ip' "$TMP/icon.h" | tr -d '\r')
	code304=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" --max-time 10 "$uri")
	if [ "$dims" = "${size}x${size}" ] && grep -qi '^Content-Type: image/png' "$TMP/icon.h" \
		&& grep -qi '^Cache-Control: public, max-age=' "$TMP/icon.h" && [ -n "$etag" ] && [ "$code304" = 304 ]; then
		pass "printer-icons[$n] $uri: image/png, $dims, cached (ETag, 304 when unchanged)"
	else
		(cat "$TMP/icon.h"; echo "dims=$dims 304-answer=$code304") >"$TMP/icon.fail"
		fail "printer-icons[$n] ($uri): image/png of ${size}x${size}, cached" "$TMP/icon.fail"
	fi
done
check "an unknown icon is 404" test "$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 \
	"http://127.0.0.1:$IPPD_PORT/icons/ippd-64.png")" = 404

# The URIs follow the Host header; an IPP client leaves the port out only for 631.
"$PY" -S "$TOOLS/ipp-request.py" get-printer-attributes --uri ipp://localhost/ipp/print \
	--requested printer-icons,printer-more-info,printer-supply-info-uri -o "$TMP/gpa-host.bin"
for host in "localhost|http://localhost:631" "printer.example:8631|http://printer.example:8631" \
	"[::1]|http://[::1]:631" "[::1]:8631|http://[::1]:8631"; do
	curl -s --max-time 10 -H "Host: ${host%%|*}" -H 'Content-Type: application/ipp' \
		--data-binary @"$TMP/gpa-host.bin" -o "$TMP/gpa-host.out" "http://127.0.0.1:$IPPD_PORT/ipp/print"
	"$IPP" decode --response "$TMP/gpa-host.out" >"$TMP/gpa-host.txt" 2>&1
	want=${host#*|}
	if grep '^ *printer-icons ' "$TMP/gpa-host.txt" | grep -qF "= $want/icons/ippd-48.png, " \
		&& grep '^ *printer-more-info ' "$TMP/gpa-host.txt" | grep -qF "= $want/ipp/print" \
		&& grep '^ *printer-supply-info-uri ' "$TMP/gpa-host.txt" | grep -qF "= $want/ipp/print"; then
		pass "Host: ${host%%|*} gives printer-icons, -more-info and -supply-info-uri under $want"
	else
		fail "Host: ${host%%|*} gives printer-icons, -more-info and -supply-info-uri under $want" "$TMP/gpa-host.txt"
	fi
done

# --- ipp-everywhere.test -------------------------------------------------------------
before=$(req get-jobs --which-jobs all --requested job-id | grep -c '^job.job-id')
run_file ipp-everywhere.test ipp-everywhere.test 2.0 -f testfile.pdf

# Every advertised sample printed three times (plain, deflate, gzip) and every page counted:
# job-impressions per job-name (the sample's name) against the page headers of the files.
no_active_jobs() { ! req get-jobs --which-jobs not-completed | grep -q '^job.job-id'; }
wait_for 60 no_active_jobs || note "jobs still not completed after ipp-everywhere.test"
req get-jobs --which-jobs all --requested job-id,job-name,job-state,job-impressions,job-impressions-completed \
	>"$TMP/jobs.out"
if "$PY" -S - "$TMP/expected" "$TMP/jobs.out" "$RUN/ipp-everywhere.test" >"$TMP/count.out" 2>&1 <<'PY'; then
import re, sys
expected, jobs_out, testfile = sys.argv[1:4]
want = {}  # job-name -> [jobs, pages]
for line in open(expected):
    path, pages = line.split()
    name = re.sub(r"-[a-z]+-\d+-\d+dpi\.pwg$", "", path.split("/")[-1])
    w = want.setdefault(name, [0, 0])
    w[0] += 3
    w[1] += 3 * int(pages)
got, job = {}, {}
def flush():
    if job.get("name") in want:
        g = got.setdefault(job["name"], [0, 0, []])
        g[0] += 1
        g[1] += int(job.get("impressions", 0))
        if job.get("state") != "9" or job.get("impressions") != job.get("completed"):
            g[2].append(job)
for line in open(jobs_out):
    line = line.rstrip("\n")
    if line == "group job":
        flush(); job = {}
    m = re.match(r"job\.job-(name|state|impressions|impressions-completed) = (.*)", line)
    if m:
        job[{"impressions-completed": "completed"}.get(m.group(1), m.group(1))] = m.group(2)
flush()
bad = 0
for name, (jobs, pages) in sorted(want.items()):
    g = got.get(name, [0, 0, []])
    ok = g[0] == jobs and g[1] == pages and not g[2]
    bad += not ok
    print(f"{'ok' if ok else 'MISMATCH'}: {name}: {g[0]} jobs (want {jobs}), {g[1]} impressions (want {pages})"
          + (f", not completed or not all pages done: {g[2][:3]}" if g[2] else ""))
# Any other sample name printed would be a placeholder, which the test must have skipped.
names = set(re.findall(r'ATTR name job-name "([^"]+)"', open(testfile).read()))
for name in sorted(names - set(want)):
    if name in got:
        bad += 1
        print(f"MISMATCH: {name} was printed though the printer does not advertise its samples")
sys.exit(1 if bad else 0)
PY
	pass "ipp-everywhere.test: every advertised sample printed 3 times, completed, pages counted ($(grep -c "^ok" "$TMP/count.out") sample names)"
else
	fail "ipp-everywhere.test: every advertised sample printed 3 times, completed, pages counted" "$TMP/count.out"
fi
after=$(req get-jobs --which-jobs all --requested job-id | grep -c '^job.job-id')
note "ipp-everywhere.test created $((after - before)) jobs"

# --- PDF through ippd's checker: pages counted, broken documents refused ------------------
# print_pdf LABEL FILE FORMAT WANT_STATUS [WANT_IMPRESSIONS]
print_pdf() {
	req print-job --format "$3" --file "$2" --job-name "$1" >"$TMP/pdf.out"
	local st id imp
	st=$(status_of "$TMP/pdf.out")
	if [ "$st" != "$4" ]; then
		fail "PDF $1 as $3: $4" "$TMP/pdf.out"
		return
	fi
	if [ -z "${5:-}" ]; then
		pass "PDF $1 as $3: $st ($(value_of "$TMP/pdf.out" op.status-message))"
		return
	fi
	id=$(value_of "$TMP/pdf.out" job.job-id)
	req get-job-attributes --job-id "$id" --requested job-impressions >"$TMP/pdf-job.out"
	imp=$(value_of "$TMP/pdf-job.out" job.job-impressions)
	check "PDF $1 as $3: $st, job-impressions $imp = $5" test "$imp" = "$5"
}
head -c 1500 "$RUN/testfile.pdf" >"$TMP/truncated.pdf"
tail -c +10 "$RUN/testfile.pdf" >"$TMP/no-header.pdf"
print_pdf document-a4.pdf "$RUN/document-a4.pdf" application/pdf successful-ok 2
print_pdf document-a4-objstm.pdf "$DATA/pdf/document-a4-objstm.pdf" application/octet-stream successful-ok 2
print_pdf document-letter-objstm-linearized.pdf "$DATA/pdf/document-letter-objstm-linearized.pdf" \
	application/pdf successful-ok 2
print_pdf truncated.pdf "$TMP/truncated.pdf" application/pdf client-error-document-format-error
print_pdf truncated.pdf "$TMP/truncated.pdf" application/octet-stream client-error-document-format-error
print_pdf no-header.pdf "$TMP/no-header.pdf" application/pdf client-error-document-format-error

# --- the companions ----------------------------------------------------------------------
print_file print-job-media-col.test print-job-media-col.test testfile.pdf
run_file identify-printer.test identify-printer.test 2.0
sed -e 's|^\(\s*ATTR mimetype document-format\) application/postscript|\1 application/pdf|' \
	-e 's|^\(\s*FILE\) \.\./data/testprint\.ps|\1 testfile.pdf|' "$RUN/create-job-format.test" \
	>"$RUN/create-job-format-pdf.test"
if grep -q 'testprint.ps\|application/postscript' "$RUN/create-job-format-pdf.test"; then
	fail "create-job-format.test: the copy sends testfile.pdf as application/pdf" "$RUN/create-job-format-pdf.test"
fi
print_file "create-job-format.test (sending testfile.pdf)" create-job-format-pdf.test testfile.pdf

if ippd_alive; then pass "ippd alive after every file, no sanitizer report"; else
	fail "ippd alive after every file, no sanitizer report" "$TMP/san.out"; fi
ippd_stop "after the IPP Everywhere files"
finish
