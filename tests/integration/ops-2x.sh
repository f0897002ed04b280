#!/usr/bin/env bash
# The IPP/2.x operations one by one: documents, printer and job administration, Print-URI and Send-URI.
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The ippd authors
#
# Usage: ops-2x.sh PATH_TO_ipp TESTS_DATA_DIR PATH_TO_ippd   (Meson passes all three)
#
# ippd with a configuration that turns Print-URI on for the default printer (http from
# 127.0.0.1 and files from one folder) and leaves it off on a second printer; a small
# Python HTTP server on loopback serves a document, a redirect that stays on the allowed
# host, one that escapes to a host not listed, and a 404.  Each operation's success
# and error paths: wrong job or document number (not-found), wrong state (not-possible),
# a disabled printer, Hold-New-Jobs and its release, Shutdown/Startup-Printer,
# Resubmit-Job copying a finished job's documents, Promote-Job and Schedule-Job-After
# changing the order jobs print in, Print-URI documents arriving byte for byte, and
# each refused scheme, host, redirect and file escape with its status.
# Needs python3, curl; exits 77 without them.

. "$(dirname "$0")/lib.sh"
lib_init ops-2x "$@"
need python3 curl timeout cmp

STATE=$TMP/state
OUT=$STATE/output/default
ALLOWED=$TMP/allowed
mkdir -p "$ALLOWED" "$TMP/www" "$TMP/outside"
cp "$DOCS/testfile.pdf" "$ALLOWED/doc.pdf"
cp "$DOCS/testfile.jpg" "$TMP/www/doc.jpg"
cp "$DOCS/testfile.pdf" "$TMP/outside/secret.pdf"
ln -s "$TMP/outside/secret.pdf" "$ALLOWED/link.pdf"

# The HTTP server: /doc.jpg, /ok (302 to /doc.jpg on 127.0.0.1), /escape (302 to localhost), 404 else.
cat >"$TMP/www.py" <<'PY'
import http.server, os, sys
root, port_file = sys.argv[1], sys.argv[2]
class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_GET(self):
        port = self.server.server_address[1]
        if self.path in ("/ok", "/escape"):
            host = "127.0.0.1" if self.path == "/ok" else "localhost"
            self.send_response(302)
            self.send_header("Location", "http://%s:%d/doc.jpg" % (host, port))
            self.send_header("Content-Length", "5")
            self.end_headers()
            self.wfile.write(b"moved")
            return
        path = os.path.join(root, self.path.lstrip("/"))
        if self.path != "/doc.jpg" or not os.path.isfile(path):
            self.send_error(404)
            return
        data = open(path, "rb").read()
        self.send_response(200)
        self.send_header("Content-Type", "image/jpeg")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
s = http.server.HTTPServer(("127.0.0.1", 0), H)
open(port_file, "w").write(str(s.server_address[1]))
s.serve_forever()
PY
"$PY" "$TMP/www.py" "$TMP/www" "$TMP/www.port" &
LIB_PIDS="$LIB_PIDS $!"
wait_for 10 test -s "$TMP/www.port" || abort "the loopback HTTP server starts"
WWW=http://127.0.0.1:$(cat "$TMP/www.port")

cat >"$TMP/ippd.conf" <<EOF
[default]
print-uri-schemes = http file
print-uri-hosts = 127.0.0.1
print-uri-folder = $ALLOWED
print-uri-timeout = 20
[printer plain]
info = no Print-URI here
EOF
ippd_start "$STATE" --config "$TMP/ippd.conf" || abort "ippd starts with the Print-URI configuration" "$IPPD_LOG"
pass "ippd starts on $IPPD_URI"

# expect_status NAME STATUS FILE: the req output FILE has STATUS.
expect_status() {
	if [ "$(status_of "$3")" = "$2" ]; then pass "$1: $2"; else fail "$1: $2" "$3"; fi
}
# expect_value NAME GROUP.ATTR VALUE FILE
expect_value() {
	local got
	got=$(value_of "$4" "$2")
	if [ "$got" = "$3" ]; then pass "$1: $2 = $3"; else
		echo "got '$got'" >>"$4"
		fail "$1: $2 = $3" "$4"
	fi
}
job_state() { req get-job-attributes --job-id "$1" --requested job-state | sed -n 's/^job.job-state = //p'; }
state_is() { [ "$(job_state "$1")" = "$2" ]; }
# wait_state NAME JOB STATE: the job reaches STATE within 20 s.
wait_state() {
	if wait_for 20 state_is "$2" "$3"; then pass "$1: job $2 reaches job-state $3"; else
		req get-job-attributes --job-id "$2" >"$TMP/js.out"
		fail "$1: job $2 reaches job-state $3" "$TMP/js.out"
	fi
}
# same_bytes NAME FILE SOURCE
same_bytes() {
	if wait_for 10 cmp -s "$2" "$3"; then pass "$1: $(basename "$2") is byte for byte the source"; else
		ls -l "$OUT" >"$TMP/ls.out" 2>&1
		fail "$1: $(basename "$2") is byte for byte the source" "$TMP/ls.out"
	fi
}
new_job() { # LABEL OPERATION ARGS... -> JOB (the job-id), output in $TMP/new.out
	shift
	req "$@" >"$TMP/new.out"
	JOB=$(value_of "$TMP/new.out" job.job-id)
}

# --- operations-supported and the printer attributes ------------------------------
req get-printer-attributes --requested operations-supported,reference-uri-schemes-supported,printer-alert,printer-alert-description,printer-message-from-operator,document-settable-attributes-supported >"$TMP/gpa.out"
ops=",$(value_of "$TMP/gpa.out" printer.operations-supported),"
missing=""
for op in 3 7 21 34 35 36 37 38 41 42 43 44 46 47 48 49 51 52 53 55 58 61; do
	case $ops in *",$op,"*) ;; *) missing="$missing $op" ;; esac
done
if [ -z "$missing" ]; then pass "operations-supported lists every new operation, Print-URI and Send-URI"; else
	echo "missing:$missing" >>"$TMP/gpa.out"
	fail "operations-supported lists every new operation" "$TMP/gpa.out"
fi
expect_value "reference-uri-schemes-supported" printer.reference-uri-schemes-supported "http,file" "$TMP/gpa.out"
expect_value "printer-alert (ready)" printer.printer-alert "code=printerReadyToPrint;severity=other;group=generalPrinter" "$TMP/gpa.out"
expect_value "document-settable-attributes-supported" printer.document-settable-attributes-supported \
	"document-message,document-name" "$TMP/gpa.out"
PLAIN_URI=${IPPD_URI}/plain
timeout 15 "$PY" -S "$TOOLS/ipp-request.py" get-printer-attributes --uri "$PLAIN_URI" --post "$IPPD_URL/plain" \
	--requested operations-supported,reference-uri-schemes-supported --show >"$TMP/plain.out"
if grep -q '^printer.operations-supported = ' "$TMP/plain.out" \
	&& ! grep -q '^printer.operations-supported = \(3,\|.*,3,\|.*,7,\)' "$TMP/plain.out" \
	&& ! grep -q reference-uri-schemes-supported "$TMP/plain.out"; then
	pass "a printer without print-uri-schemes offers neither Print-URI nor Send-URI nor reference-uri-schemes-supported"
else
	fail "a printer without print-uri-schemes offers no Print-URI" "$TMP/plain.out"
fi
timeout 15 "$PY" -S "$TOOLS/ipp-request.py" print-uri --uri "$PLAIN_URI" --post "$IPPD_URL/plain" \
	--attr "op:uri:document-uri=$WWW/doc.jpg" --show >"$TMP/plain.out"
expect_status "Print-URI on the printer without it" server-error-operation-not-supported "$TMP/plain.out"

# --- Print-URI and Send-URI -------------------------------------------------------
new_job print-uri print-uri --attr "op:uri:document-uri=$WWW/doc.jpg" --format image/jpeg
expect_status "Print-URI http://127.0.0.1/doc.jpg" successful-ok "$TMP/new.out"
wait_state "Print-URI http" "$JOB" 9
same_bytes "Print-URI http" "$OUT/job-$JOB-doc-1.jpg" "$DOCS/testfile.jpg"
req get-document-attributes --job-id "$JOB" --attr op:integer:document-number=1 >"$TMP/doc.out"
expect_value "Print-URI document" document.document-uri "$WWW/doc.jpg" "$TMP/doc.out"

new_job print-uri print-uri --attr "op:uri:document-uri=$WWW/ok"
expect_status "Print-URI through a redirect to the same host" successful-ok "$TMP/new.out"
wait_state "Print-URI redirect" "$JOB" 9
same_bytes "Print-URI redirect (format detected)" "$OUT/job-$JOB-doc-1.jpg" "$DOCS/testfile.jpg"

new_job print-uri print-uri --attr "op:uri:document-uri=file://$ALLOWED/doc.pdf"
expect_status "Print-URI file: inside the folder" successful-ok "$TMP/new.out"
wait_state "Print-URI file" "$JOB" 9
same_bytes "Print-URI file" "$OUT/job-$JOB-doc-1.pdf" "$DOCS/testfile.pdf"

for bad in "ftp://127.0.0.1/doc.pdf" "https://127.0.0.1/doc.pdf" "gopher://127.0.0.1/doc"; do
	req print-uri --attr "op:uri:document-uri=$bad" >"$TMP/bad.out"
	expect_status "Print-URI $bad" client-error-uri-scheme-not-supported "$TMP/bad.out"
done
for bad in "http://localhost:1/doc.jpg" "http://user:pw@127.0.0.1/doc.jpg" "file:///etc/passwd" \
	"file://$ALLOWED/link.pdf" "file://$ALLOWED/../outside/secret.pdf" "file://$ALLOWED/%2e%2e/outside/secret.pdf" \
	"file://$ALLOWED/missing.pdf" "file://$ALLOWED"; do
	req print-uri --attr "op:uri:document-uri=$bad" >"$TMP/bad.out"
	expect_status "Print-URI $bad" client-error-document-access-error "$TMP/bad.out"
done
req print-uri >"$TMP/bad.out"
expect_status "Print-URI without document-uri" client-error-bad-request "$TMP/bad.out"

# Failures found only while fetching abort the job with document-access-error.
for path in escape missing; do
	new_job print-uri print-uri --attr "op:uri:document-uri=$WWW/$path"
	expect_status "Print-URI /$path (accepted before fetching)" successful-ok "$TMP/new.out"
	wait_state "Print-URI /$path" "$JOB" 8
	req get-job-attributes --job-id "$JOB" --requested job-state-reasons,job-state-message >"$TMP/js.out"
	if grep -q '^job.job-state-reasons = .*document-access-error' "$TMP/js.out"; then
		pass "Print-URI /$path: job-state-reasons document-access-error ($(value_of "$TMP/js.out" job.job-state-message))"
	else
		fail "Print-URI /$path: job-state-reasons document-access-error" "$TMP/js.out"
	fi
done
if ! ls "$OUT" | grep -q "job-$JOB-"; then pass "nothing printed for a failed fetch"; else
	fail "nothing printed for a failed fetch"; fi

new_job create-job create-job
req send-uri --job-id "$JOB" --not-last --attr "op:uri:document-uri=$WWW/doc.jpg" >"$TMP/su.out"
expect_status "Send-URI (not last)" successful-ok "$TMP/su.out"
wait_for 10 grep -q "Job $JOB\] document 1 fetched" "$IPPD_LOG"
req send-uri --job-id "$JOB" --attr "op:uri:document-uri=file://$ALLOWED/doc.pdf" >"$TMP/su.out"
expect_status "Send-URI (last)" successful-ok "$TMP/su.out"
wait_state "Send-URI" "$JOB" 9
same_bytes "Send-URI document 1" "$OUT/job-$JOB-doc-1.jpg" "$DOCS/testfile.jpg"
same_bytes "Send-URI document 2" "$OUT/job-$JOB-doc-2.pdf" "$DOCS/testfile.pdf"
req send-uri --job-id "$JOB" --attr "op:uri:document-uri=$WWW/doc.jpg" >"$TMP/su.out"
expect_status "Send-URI to a closed job" client-error-not-possible "$TMP/su.out"

# --- documents ----------------------------------------------------------------------
new_job create-job create-job --attr job:keyword:job-hold-until=indefinite
DJOB=$JOB
req send-document --job-id "$DJOB" --not-last --format application/pdf --file "$DOCS/testfile.pdf" >"$TMP/sd.out"
req validate-document --job-id "$DJOB" --format image/jpeg >"$TMP/vd.out"
expect_status "Validate-Document on an open job" successful-ok "$TMP/vd.out"
req validate-document --job-id "$DJOB" --format application/x-nonsense >"$TMP/vd.out"
expect_status "Validate-Document with an unsupported format" client-error-document-format-not-supported "$TMP/vd.out"
req send-document --job-id "$DJOB" --format image/jpeg --file "$DOCS/testfile.jpg" >"$TMP/sd.out"
expect_status "two documents sent" successful-ok "$TMP/sd.out"
req validate-document --job-id "$DJOB" >"$TMP/vd.out"
expect_status "Validate-Document on a closed job" client-error-not-possible "$TMP/vd.out"
req get-documents --job-id "$DJOB" --requested document-number,document-format,document-state >"$TMP/docs.out"
expect_value "Get-Documents" document.document-number 1 "$TMP/docs.out"
if [ "$(grep -c '^group document' "$TMP/docs.out")" = 2 ]; then pass "Get-Documents: two document groups"; else
	fail "Get-Documents: two document groups" "$TMP/docs.out"; fi
req get-document-attributes --job-id "$DJOB" --attr op:integer:document-number=2 >"$TMP/doc.out"
expect_value "Get-Document-Attributes 2" document.document-format image/jpeg "$TMP/doc.out"
expect_value "Get-Document-Attributes 2" document.document-state 3 "$TMP/doc.out"
expect_value "Get-Document-Attributes 2" document.document-job-id "$DJOB" "$TMP/doc.out"
req get-document-attributes --job-id "$DJOB" --attr op:integer:document-number=3 >"$TMP/doc.out"
expect_status "Get-Document-Attributes of document 3" client-error-not-found "$TMP/doc.out"
req get-document-attributes --job-id "$DJOB" >"$TMP/doc.out"
expect_status "Get-Document-Attributes without document-number" client-error-bad-request "$TMP/doc.out"
req get-document-attributes --job-id 99999 --attr op:integer:document-number=1 >"$TMP/doc.out"
expect_status "Get-Document-Attributes of job 99999" client-error-not-found "$TMP/doc.out"
req set-document-attributes --job-id "$DJOB" --attr op:integer:document-number=1 --attr doc:name:document-name=renamed >"$TMP/sda.out"
expect_status "Set-Document-Attributes document-name" successful-ok "$TMP/sda.out"
req get-document-attributes --job-id "$DJOB" --attr op:integer:document-number=1 --requested document-name >"$TMP/doc.out"
expect_value "Set-Document-Attributes" document.document-name renamed "$TMP/doc.out"
req set-document-attributes --job-id "$DJOB" --attr op:integer:document-number=1 --attr doc:mimeMediaType:document-format=image/jpeg >"$TMP/sda.out"
expect_status "Set-Document-Attributes document-format" client-error-attributes-not-settable "$TMP/sda.out"
req cancel-document --job-id "$DJOB" --attr op:integer:document-number=2 >"$TMP/cd.out"
expect_status "Cancel-Document 2" successful-ok "$TMP/cd.out"
req cancel-document --job-id "$DJOB" --attr op:integer:document-number=2 >"$TMP/cd.out"
expect_status "Cancel-Document 2 again" client-error-not-possible "$TMP/cd.out"
req get-document-attributes --job-id "$DJOB" --attr op:integer:document-number=2 --requested document-state >"$TMP/doc.out"
expect_value "Cancel-Document" document.document-state 7 "$TMP/doc.out"
req release-job --job-id "$DJOB" >"$TMP/rel.out"
wait_state "job with a canceled document" "$DJOB" 9
same_bytes "the document that was not canceled" "$OUT/job-$DJOB-doc-1.pdf" "$DOCS/testfile.pdf"
if [ ! -e "$OUT/job-$DJOB-doc-2.jpg" ]; then pass "the canceled document is not printed"; else
	fail "the canceled document is not printed"; fi
req set-document-attributes --job-id "$DJOB" --attr op:integer:document-number=1 --attr doc:name:document-name=late >"$TMP/sda.out"
expect_status "Set-Document-Attributes on a completed job" client-error-not-possible "$TMP/sda.out"

# --- Resubmit-Job and Reprocess-Job -------------------------------------------------
new_job resubmit resubmit-job --job-id "$DJOB" --attr job:integer:copies=2
expect_status "Resubmit-Job of a completed job" successful-ok "$TMP/new.out"
wait_state "Resubmit-Job" "$JOB" 9
same_bytes "Resubmit-Job copies the documents" "$OUT/job-$JOB-doc-1.pdf" "$DOCS/testfile.pdf"
req get-job-attributes --job-id "$JOB" --requested copies >"$TMP/rj.out"
expect_value "Resubmit-Job takes the new Job Template attributes" job.copies 2 "$TMP/rj.out"
new_job reprocess reprocess-job --job-id "$DJOB"
expect_status "Reprocess-Job" successful-ok "$TMP/new.out"
wait_state "Reprocess-Job" "$JOB" 9
req resubmit-job --job-id 99999 >"$TMP/rj.out"
expect_status "Resubmit-Job of job 99999" client-error-not-found "$TMP/rj.out"

# --- printer administration ------------------------------------------------------------
req disable-printer >"$TMP/p.out"
expect_status "Disable-Printer" successful-ok "$TMP/p.out"
req print-job --format application/pdf --file "$DOCS/testfile.pdf" >"$TMP/p.out"
expect_status "Print-Job on a disabled printer" server-error-not-accepting-jobs "$TMP/p.out"
req get-printer-attributes --requested printer-is-accepting-jobs >"$TMP/p.out"
expect_value "Disable-Printer" printer.printer-is-accepting-jobs false "$TMP/p.out"
req enable-printer >"$TMP/p.out"
new_job print-job print-job --format application/pdf --file "$DOCS/testfile.pdf"
expect_status "Print-Job after Enable-Printer" successful-ok "$TMP/new.out"
wait_state "Enable-Printer" "$JOB" 9

# The same through the CLI.
if timeout 20 "$IPP" disable "$IPPD_URI" >"$TMP/cli.out" 2>&1 && grep -q 'disabled (printer-is-accepting-jobs false)' "$TMP/cli.out" \
	&& timeout 20 "$IPP" enable --json "$IPPD_URI" >"$TMP/cli.out" 2>&1 && grep -q '"printer-is-accepting-jobs":true' "$TMP/cli.out"; then
	pass "ipp disable, ipp enable --json"
else
	fail "ipp disable, ipp enable --json" "$TMP/cli.out"
fi

req hold-new-jobs >"$TMP/p.out"
expect_status "Hold-New-Jobs" successful-ok "$TMP/p.out"
new_job print-job print-job --format application/pdf --file "$DOCS/testfile.pdf"
HELD=$JOB
wait_state "Hold-New-Jobs holds" "$HELD" 4
new_job print-job print-job --format application/pdf --file "$DOCS/testfile.pdf" --attr job:keyword:job-hold-until=indefinite
ASKED=$JOB
req get-printer-attributes --requested printer-state-reasons,printer-alert-description >"$TMP/p.out"
expect_value "Hold-New-Jobs" printer.printer-state-reasons hold-new-jobs "$TMP/p.out"
req release-held-new-jobs >"$TMP/p.out"
expect_status "Release-Held-New-Jobs" successful-ok "$TMP/p.out"
wait_state "Release-Held-New-Jobs releases" "$HELD" 9
wait_state "a job held on request stays held" "$ASKED" 4
req cancel-job --job-id "$ASKED" >/dev/null

req shutdown-printer >"$TMP/p.out"
expect_status "Shutdown-Printer" successful-ok "$TMP/p.out"
req print-job --format application/pdf --file "$DOCS/testfile.pdf" >"$TMP/p.out"
expect_status "Print-Job on a shut-down printer" server-error-service-unavailable "$TMP/p.out"
req get-printer-attributes --requested printer-state,printer-state-reasons >"$TMP/p.out"
expect_value "Shutdown-Printer" printer.printer-state-reasons shutdown "$TMP/p.out"
expect_value "Shutdown-Printer" printer.printer-state 5 "$TMP/p.out"
req startup-printer >"$TMP/p.out"
expect_status "Startup-Printer" successful-ok "$TMP/p.out"
req get-printer-attributes --requested printer-state,printer-is-accepting-jobs >"$TMP/p.out"
expect_value "Startup-Printer" printer.printer-state 3 "$TMP/p.out"
req restart-printer >"$TMP/p.out"
expect_status "Restart-Printer" successful-ok "$TMP/p.out"

req get-printer-supported-values >"$TMP/p.out"
expect_value "Get-Printer-Supported-Values" printer.printer-info out-of-band-0x17 "$TMP/p.out"
expect_value "Get-Printer-Supported-Values: job-privacy-scope's keywords" printer.job-privacy-scope all,default,none,owner "$TMP/p.out"
timeout 15 "$PY" -S - "$IPPD_URI" "$IPPD_URL" >"$TMP/p.out" <<'PY'
import struct, sys, urllib.request
uri, url = sys.argv[1], sys.argv[2]
def attr(tag, name, value):
    v = value.encode()
    return struct.pack(">BH", tag, len(name)) + name.encode() + struct.pack(">H", len(v)) + v
body = struct.pack(">BBHi", 2, 0, 0x13, 1) + b"\x01" + attr(0x47, "attributes-charset", "utf-8") \
    + attr(0x48, "attributes-natural-language", "en") + attr(0x45, "printer-uri", uri) \
    + b"\x04" + attr(0x41, "printer-message-from-operator", "Toner arrives Monday") + b"\x03"
r = urllib.request.urlopen(urllib.request.Request(url, body, {"Content-Type": "application/ipp"}), timeout=10)
print("status %#06x" % struct.unpack(">H", r.read()[2:4]))
PY
req get-printer-attributes --requested printer-message-from-operator >"$TMP/p2.out"
expect_value "Set-Printer-Attributes printer-message-from-operator" printer.printer-message-from-operator \
	"Toner arrives Monday" "$TMP/p2.out"

# --- Promote-Job, Schedule-Job-After, Suspend-Current-Job, Resume-Job ------------------
req pause-printer-after-current-job >"$TMP/p.out"
expect_status "Pause-Printer-After-Current-Job" successful-ok "$TMP/p.out"
new_job a print-job --format application/pdf --file "$DOCS/testfile.pdf"; A=$JOB
new_job b print-job --format application/pdf --file "$DOCS/testfile.pdf"; B=$JOB
new_job c print-job --format application/pdf --file "$DOCS/testfile.pdf"; C=$JOB
req promote-job --job-id "$C" >"$TMP/p.out"
expect_status "Promote-Job" successful-ok "$TMP/p.out"
req schedule-job-after --job-id "$A" --attr "op:integer:predecessor-job-id=$B" >"$TMP/p.out"
expect_status "Schedule-Job-After" successful-ok "$TMP/p.out"
req schedule-job-after --job-id "$A" --attr op:integer:predecessor-job-id=99999 >"$TMP/p.out"
expect_status "Schedule-Job-After an unknown job" client-error-not-found "$TMP/p.out"
req promote-job --job-id "$DJOB" >"$TMP/p.out"
expect_status "Promote-Job of a completed job" client-error-not-possible "$TMP/p.out"
req suspend-current-job >"$TMP/p.out"
expect_status "Suspend-Current-Job with nothing printing" client-error-not-possible "$TMP/p.out"
req resume-job --job-id "$A" >"$TMP/p.out"
expect_status "Resume-Job of a job not suspended" client-error-not-possible "$TMP/p.out"
req resume-printer >/dev/null
wait_state "queue order" "$A" 9
order=$(grep -o "\[Job [0-9]*\] pending -> processing" "$IPPD_LOG" | sed 's/\[Job \([0-9]*\)\].*/\1/' \
	| grep -x -e "$A" -e "$B" -e "$C" | tr '\n' ' ')
if [ "$order" = "$C $B $A " ]; then pass "Promote-Job and Schedule-Job-After: printed in the order $order"; else
	echo "order: $order (expected $C $B $A)" >"$TMP/order.out"
	fail "Promote-Job and Schedule-Job-After order" "$TMP/order.out"
fi

# --- proof-print (PWG 5100.11): a proof, then held for review until Release-Job ---------
timeout 15 "$PY" -S - "$IPPD_URI" "$IPPD_URL" "$DOCS/testfile.pdf" >"$TMP/proof.out" <<'PY'
import struct, sys, urllib.request
uri, url, doc = sys.argv[1], sys.argv[2], sys.argv[3]
def attr(tag, name, value):
    return struct.pack(">BH", tag, len(name)) + name.encode() + struct.pack(">H", len(value)) + value
body = struct.pack(">BBHi", 2, 0, 0x02, 1) + b"\x01" + attr(0x47, "attributes-charset", b"utf-8") \
    + attr(0x48, "attributes-natural-language", b"en") + attr(0x45, "printer-uri", uri.encode()) \
    + attr(0x42, "requesting-user-name", b"proofer") + attr(0x49, "document-format", b"application/pdf") \
    + b"\x02" + attr(0x34, "proof-print", b"") + attr(0x4A, "", b"proof-print-copies") \
    + attr(0x21, "", struct.pack(">i", 1)) + attr(0x37, "", b"") + b"\x03" + open(doc, "rb").read()
data = urllib.request.urlopen(urllib.request.Request(url, body, {"Content-Type": "application/ipp"}), timeout=10).read()
i = data.find(b"job-id")
print("status %#06x job-id %d" % (struct.unpack(">H", data[2:4])[0], struct.unpack(">i", data[i + 8:i + 12])[0]))
PY
PROOF=$(sed -n 's/^status 0x0000 job-id //p' "$TMP/proof.out")
if [ -n "$PROOF" ]; then pass "Print-Job with proof-print accepted (job $PROOF)"; else
	fail "Print-Job with proof-print accepted" "$TMP/proof.out"; fi
wait_state "proof-print: after the proof" "$PROOF" 4
same_bytes "proof-print: the proof" "$OUT/job-$PROOF-doc-1.pdf" "$DOCS/testfile.pdf"
req get-job-attributes --job-id "$PROOF" --requested job-state-reasons >"$TMP/proof.out"
expect_value "proof-print" job.job-state-reasons job-hold-until-specified,job-held-for-review "$TMP/proof.out"
req get-jobs --which-jobs proof-print --requested job-id >"$TMP/proof.out"
expect_value "Get-Jobs which-jobs proof-print" job.job-id "$PROOF" "$TMP/proof.out"
req release-job --job-id "$PROOF" --user proofer >/dev/null
wait_state "proof-print: released after review" "$PROOF" 9
req get-jobs --which-jobs proof-print --requested job-id >"$TMP/proof.out"
if ! grep -q '^job.job-id' "$TMP/proof.out"; then pass "Get-Jobs which-jobs proof-print: none once printed"; else
	fail "Get-Jobs which-jobs proof-print: none once printed" "$TMP/proof.out"; fi

# --- Get-Jobs job-ids -----------------------------------------------------------------
req get-jobs --attr "op:integer:job-ids=$A,$C" --requested job-id >"$TMP/gj.out"
if [ "$(sed -n 's/^job.job-id = //p' "$TMP/gj.out" | sort -n | tr '\n' ' ')" = "$A $C " ]; then
	pass "Get-Jobs job-ids selects just those jobs"
else
	fail "Get-Jobs job-ids selects just those jobs" "$TMP/gj.out"
fi

# --- documents survive a restart -------------------------------------------------------
ippd_stop "before the restart"
ippd_start "$STATE" --config "$TMP/ippd.conf" || abort "ippd restarts" "$IPPD_LOG"
req get-document-attributes --job-id "$DJOB" --attr op:integer:document-number=2 --requested document-state,document-name >"$TMP/doc.out"
expect_value "after a restart, the canceled document" document.document-state 7 "$TMP/doc.out"
req get-document-attributes --job-id "$DJOB" --attr op:integer:document-number=1 --requested document-name >"$TMP/doc.out"
expect_value "after a restart, the renamed document" document.document-name renamed "$TMP/doc.out"

if ippd_alive; then pass "ippd alive, no sanitizer report"; else fail "ippd alive, no sanitizer report" "$TMP/san.out"; fi
ippd_stop "at the end"
finish
