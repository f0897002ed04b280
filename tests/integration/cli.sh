#!/usr/bin/env bash
# The ipp command against ippd, against ippeveprinter (a printer no one here wrote) and against an HTTP server that asks for a password.
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The ippd authors
#
# Usage: cli.sh PATH_TO_ipp TESTS_DATA_DIR PATH_TO_ippd   (Meson passes all three)
#
#  1. ippd on an ephemeral loopback port: --help for every subcommand, print (one
#     file, several, from a pipe, with -o options, --wait), status, attrs (printer,
#     job URI, --job), jobs (table and --json), pause/resume, hold/release, cancel
#     (one job, --mine, --all), the errors with their one-line messages and exit
#     statuses (no server, wrong path, unsupported format, unknown job, bad usage),
#     ipp send (a text form, a document beside it, an error status, a bad text),
#     and the client's peak RSS while it uploads 1 GiB (through a pipe and from a
#     sparse file): the issue wants less than 32 MiB.
#  2. ippeveprinter (cups-ipp-utils) on localhost, with a private D-Bus and a job
#     command that takes a second: the same subcommands; what it lacks (several
#     documents per job, Hold-Job, Pause-Printer) must fail with its own reason.
#  3. a small Python server that answers 401 until it gets Basic alice:secret:
#     IPP_USER/IPP_PASSWORD, a wrong password and no terminal to ask on.
# Every --json output is parsed back with python3 and its fields checked.
# Needs python3, curl, timeout; ippeveprinter and dbus-daemon for part 2 (skipped without them).

. "$(dirname "$0")/lib.sh"
lib_init cli "$@"
need python3 curl timeout cmp

# run NAME ARGS...: runs ipp (60 s at most) with stdout in $TMP/out, stderr in $TMP/err, status in $rc.
run() {
	timeout 60 "$IPP" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null
	rc=$?
}
# runin FILE ARGS...: the same with standard input from FILE.
runin() {
	local in=$1
	shift
	timeout 60 "$IPP" "$@" >"$TMP/out" 2>"$TMP/err" <"$in"
	rc=$?
}
# expect NAME STATUS [REGEX]: the last run exited STATUS and (stdout+stderr) matches REGEX.
expect() {
	cat "$TMP/out" "$TMP/err" >"$TMP/both"
	if [ "$rc" -eq "$2" ] && { [ -z "${3:-}" ] || grep -Eq -- "$3" "$TMP/both"; }; then
		pass "$1"
	else
		echo "exit status $rc (expected $2)" >>"$TMP/both"
		fail "$1" "$TMP/both"
	fi
}
# json NAME PYTHON-EXPR: the last stdout parses as JSON and EXPR (over d) is true.
json() {
	if "$PY" -S -c "import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if ($2) else 1)" "$TMP/out" 2>>"$TMP/err"; then
		pass "$1"
	else
		cat "$TMP/out" "$TMP/err" >"$TMP/both"
		fail "$1 ($2)" "$TMP/both"
	fi
}
# jget EXPR: prints a value from the last stdout's JSON.
jget() { "$PY" -S -c "import json, sys; d = json.load(open(sys.argv[1])); print($1)" "$TMP/out"; }

# peak_rss OUT_FILE CMD...: runs CMD (stdin inherited) and writes its peak RSS in KiB to OUT_FILE.
peak_rss() {
	local out=$1
	shift
	if /usr/bin/time -f %M true >/dev/null 2>&1; then
		/usr/bin/time -f %M -o "$out" "$@"
		return
	fi
	# No GNU time: poll VmHWM, the kernel's own high-water mark, until the process ends.
	"$@" &
	local pid=$! hwm=0 v
	while kill -0 "$pid" 2>/dev/null; do
		v=$(sed -n 's/^VmHWM:[^0-9]*\([0-9]*\).*/\1/p' "/proc/$pid/status" 2>/dev/null)
		[ -n "$v" ] && [ "$v" -gt "$hwm" ] && hwm=$v
		sleep 0.05
	done
	wait "$pid"
	local status=$?
	echo "$hwm" >"$out"
	return $status
}

PDF=$DOCS/testfile.pdf
JPG=$DOCS/testfile.jpg
TXT=$DOCS/testfile.txt

# --- 1. ippd ------------------------------------------------------------------------
STATE=$TMP/state
OUT=$STATE/output/default
ippd_start "$STATE" || abort "ippd starts" "$IPPD_LOG"
pass "ippd starts on $IPPD_URI"
U=$IPPD_URI

for cmd in print status attrs jobs cancel hold release pause resume send; do
	run "$cmd" --help
	expect "ipp $cmd --help" 0 "^usage: ipp $cmd "
done
run --help
expect "ipp --help lists every subcommand" 0 "resume"

run print "$U" "$PDF"
expect "ippd: print one file" 0 '^job [0-9]+ submitted: ipp://.*/ipp/print/[0-9]+ '
id=$(sed -n 's/^job \([0-9]*\) submitted.*/\1/p' "$TMP/out")
wait_for 10 test -f "$OUT/job-$id-doc-1.pdf"
check "ippd: the file arrives byte for byte" cmp "$PDF" "$OUT/job-$id-doc-1.pdf"

run print "$U" "$PDF" "$JPG" "$TXT" -t three --wait --json
expect "ippd: print three files as one job, --wait" 0
json "ippd: --wait --json reports completed with 3 documents" \
	'd["job-state"] == "completed" and d["documents"] == 3 and d["waited"] is True'
id=$(jget 'd["job-id"]')
check "ippd: the second document arrives byte for byte" cmp "$JPG" "$OUT/job-$id-doc-2.jpg"
check "ippd: the third is detected as text" test -f "$OUT/job-$id-doc-3.txt"

runin "$JPG" print "$U" - --json
expect "ippd: print from standard input" 0
json "ippd: print --json has job-id, job-uri, job-state" \
	'd["job-id"] > 0 and d["job-uri"].endswith("/%d" % d["job-id"]) and d["job-state"] in ("pending", "processing", "completed")'
id=$(jget 'd["job-id"]')
wait_for 10 test -f "$OUT/job-$id-doc-1.jpg"
check "ippd: a JPEG on standard input is detected and arrives byte for byte" cmp "$JPG" "$OUT/job-$id-doc-1.jpg"
cat "$PDF" | timeout 30 "$IPP" print "$U" - -t piped --json >"$TMP/out" 2>"$TMP/err"
rc=$?
expect "ippd: print from a pipe (cat |)" 0
id=$(jget 'd["job-id"]')
wait_for 10 test -f "$OUT/job-$id-doc-1.pdf"
check "ippd: a piped PDF is detected and arrives byte for byte" cmp "$PDF" "$OUT/job-$id-doc-1.pdf"

run print "$U" "$PDF" -n 2 -o sides=two-sided-long-edge -o print-quality=high -o page-ranges=1-1 \
	-o printer-resolution=300dpi -o 'media-col={media-size={x-dimension=21000 y-dimension=29700} media-type=stationery}' \
	--json
expect "ippd: print with -n and -o (enum, keyword, range, resolution, collection)" 0
id=$(jget 'd["job-id"]')
run attrs "$U/$id" copies sides print-quality page-ranges printer-resolution media-col --json
expect "ippd: attrs of a job URI" 0
json "ippd: the job has the -o values, typed" \
	'd["copies"] == 2 and d["sides"] == "two-sided-long-edge" and d["print-quality"] == "high" and d["page-ranges"] == [{"lower": 1, "upper": 1}] and d["printer-resolution"]["x"] == 300 and d["media-col"]["media-size"]["x-dimension"] == 21000'
run attrs "$U" --job "$id" job-name job-state
expect "ippd: attrs --job, text" 0 "^job-name +testfile.pdf"

run status "$U"
expect "ippd: status" 0 "^state +(idle|processing)"
run status "$U" --json
json "ippd: status --json" \
	'd["printer-state"] in ("idle", "processing") and d["printer-is-accepting-jobs"] is True and isinstance(d["printer-state-reasons"], list) and d["queued-job-count"] >= 0 and [(s["color"], s["level"]) for s in d["supplies"]] == [("black", 100), ("cyan", 100), ("magenta", 100), ("yellow", 100)]'
run attrs "$U"
expect "ippd: attrs (all)" 0 "^printer-name +ippd"
run attrs "$U" --json
json "ippd: attrs --json (all)" \
	'd["printer-name"] == "ippd" and "application/pdf" in d["document-format-supported"] and isinstance(d["operations-supported"], list)'
run attrs "$U" printer-state no-such-attribute
expect "ippd: attrs says which names were not reported" 0 "no-such-attribute: not reported"

run jobs "$U" --all
expect "ippd: jobs --all, a table" 0 "^ *ID +OWNER +NAME +STATE +SIZE +CREATED"
expect "ippd: jobs --all lists the three-document job" 0 " three +completed +[0-9.]+ KiB"
run jobs "$U" --completed --json
expect "ippd: jobs --completed --json" 0
json "ippd: jobs --json fields" \
	'len(d["jobs"]) >= 2 and all(j["job-state"] == "completed" and j["job-id"] > 0 and j["job-originating-user-name"] and isinstance(j["job-state-reasons"], list) and j["date-time-at-creation"].endswith("Z") for j in d["jobs"])'

# Paused, ippd keeps jobs pending: hold, release and cancel them.
run pause "$U"
expect "ippd: pause" 0 "paused \(state stopped"
run print "$U" "$PDF" --json
id=$(jget 'd["job-id"]')
run hold "$U" "$id"
expect "ippd: hold" 0 "^job $id held"
run jobs "$U" --json
json "ippd: the held job is pending-held" "[j['job-state'] for j in d['jobs'] if j['job-id'] == $id] == ['pending-held']"
run release "$U/$id" --json
json "ippd: release a job URI (--json)" "d['job-id'] == $id and d['status'] == 'successful-ok'"
run jobs "$U" --json
json "ippd: the released job is pending" "[j['job-state'] for j in d['jobs'] if j['job-id'] == $id] == ['pending']"
run cancel "$U" "$id"
expect "ippd: cancel JOB-ID" 0 "^job $id canceled"
run attrs "$U/$id" job-state --json
json "ippd: the job is canceled" 'd["job-state"] == "canceled"'
run print "$U" "$PDF"
run print "$U" "$PDF"
run cancel "$U" --mine --json
json "ippd: cancel --mine" 'd["status"] == "successful-ok"'
run print "$U" "$PDF"
run cancel "$U" --all
expect "ippd: cancel --all" 0 "canceled every unfinished job"
run jobs "$U" --json
json "ippd: no unfinished jobs are left" 'd["jobs"] == []'
run jobs "$U"
expect "ippd: an empty queue says so" 0 "^no jobs$"
run resume "$U" --json
json "ippd: resume" 'd["printer-state"] == "idle" and d["status"] == "successful-ok"'

# ipp send: requests written by hand, one with a document beside it, one wrong on purpose.
cp "$PDF" "$TMP/send-doc.pdf"
cat >"$TMP/gpa.ipp" <<'EOF'
# a few printer attributes
operation Get-Printer-Attributes
attr uri printer-uri $uri
attr requesting-user-name $user
attr requested-attributes printer-state,printer-name,"media-col-default"
EOF
cat >"$TMP/print.ipp" <<'EOF'
operation Print-Job
request-id 42
attr printer-uri $uri
attr job-name "sent, by hand"
attr mimeMediaType document-format application/pdf
group job
attr copies 2
attr media-col {media-size={x-dimension=21000 y-dimension=29700}}
document send-doc.pdf
EOF
printf 'operation Get-Jobs\nattr which-jobs not-completed\n' >"$TMP/no-target.ipp"
printf 'operation Get-Jobs\nattr printer-uri $uri\nattr copies lots\n' >"$TMP/bad.ipp"
printf 'operation Get-Jobs\nfrobnicate\n' >"$TMP/unknown.ipp"
run send "$TMP/gpa.ipp" "$U"
expect "ippd: send a Get-Printer-Attributes written by hand" 0 "^  printer-name \((nameWithoutLanguage|name)\) = "
run send "$TMP/gpa.ipp" "$U" --json
json "ippd: send --json" 'd["status"] == "successful-ok" and d["groups"][1]["tag"] == "printer-attributes-tag"'
run send "$TMP/print.ipp" "$U" --json
json "ippd: send a Print-Job with a document beside the text" 'd["status"] == "successful-ok" and d["request-id"] == 42'
id=$("$PY" -S -c 'import json, sys
d = json.load(open(sys.argv[1]))
print([a["values"][0] for g in d["groups"] for a in g["attributes"] if a["name"] == "job-id"][0])' "$TMP/out")
wait_for 10 test -f "$OUT/job-$id-doc-1.pdf"
check "ippd: the document sent by ipp send arrives byte for byte" cmp "$PDF" "$OUT/job-$id-doc-1.pdf"
run attrs "$U/$id" job-name copies --json
json "ippd: the hand-made job has its attributes" 'd["job-name"] == "sent, by hand" and d["copies"] == 2'
run send "$TMP/no-target.ipp" "$U"
expect "ippd: send a request without a target: the response is shown, exit 1" 1 \
	"^IPP/[12]\.[0-9] client-error-bad-request"
grep -q "^ipp send: client-error-bad-request" "$TMP/err" && pass "ippd: send names the error status on stderr" ||
	fail "ippd: send names the error status on stderr" "$TMP/err"
run send "$TMP/bad.ipp" "$U"
expect "usage: send with a value of the wrong syntax names the line (exit 2)" 2 "bad.ipp:3: copies: 'lots'"
run send "$TMP/unknown.ipp" "$U"
expect "usage: send with an unknown directive (exit 2)" 2 "unknown.ipp:2: unknown directive"

# Errors: one line on stderr, exit status 1 for IPP and HTTP errors, 2 for bad usage.
dead=$(free_port)
run print "ipp://127.0.0.1:$dead/ipp/print" "$PDF"
expect "error: no server (exit 1, connection refused)" 1 "^ipp print: .*connect.*refused"
run status "ipp://127.0.0.1:$IPPD_PORT/ipp/nowhere"
expect "error: wrong path (exit 1, HTTP 404)" 1 "^ipp status: ipp://[^ ]*/ipp/nowhere: HTTP 404"
run print "$U" "$PDF" --format application/x-unheard-of
expect "error: unsupported format (exit 1, IPP status and message)" 1 \
	"^ipp print: client-error-document-format-not-supported: "
run cancel "$U" 999999
expect "error: unknown job (exit 1)" 1 "^ipp cancel: client-error-not-found"
run print "$U" "$TMP/no-such-file.pdf"
expect "error: a missing file (exit 1, before any job)" 1 "no-such-file.pdf: No such file"
[ "$(wc -l <"$TMP/err")" -eq 1 ] && pass "error: the reason is one line" || fail "error: the reason is one line" "$TMP/err"
run print "$U"
expect "usage: print without a FILE (exit 2)" 2 "expected a printer URI"
run print "$U" "$PDF" -o copies=many
expect "usage: -o with a value of the wrong syntax (exit 2)" 2 "copies: 'many' is not a valid integer"
run print "$U" "$PDF" -o 'media-col={media-size={x-dimension=1'
expect "usage: -o with an unbalanced collection (exit 2)" 2 "media-col"
run status "http://127.0.0.1/"
expect "usage: not an ipp:// URI (exit 2)" 2 "not ipp or ipps"
run jobs "$U" --frobnicate
expect "usage: unknown option (exit 2)" 2 "usage: ipp jobs"
run cancel "$U"
expect "usage: cancel without a job (exit 2)" 2 "give a JOB-ID"
run cancel "$U" --mine --all
expect "usage: cancel --mine --all (exit 2)" 2 "alternatives"
run nonsense
expect "usage: unknown subcommand (exit 2)" 2 "unknown command"

# The client's memory while it uploads 1 GiB: through a pipe (chunked, format detected by
# the pump) and from a sparse file (Content-Length).  Bounded: 60 s each at most.
GIB=$((1024 * 1024 * 1024))
head -c "$GIB" /dev/zero | peak_rss "$TMP/rss-pipe" timeout 60 "$IPP" print "$U" - --json >"$TMP/out" 2>"$TMP/err"
rc=$?
expect "1 GiB through a pipe" 0
id=$(jget 'd["job-id"]')
rss_pipe=$(cat "$TMP/rss-pipe")
size=$(stat -c %s "$OUT/job-$id-doc-1.bin" 2>/dev/null)
[ "$size" = "$GIB" ] && pass "1 GiB through a pipe arrives whole" || fail "1 GiB through a pipe arrives whole ($size)"
rm -f "$OUT/job-$id-doc-1.bin" "$STATE/spool/$id-1"
truncate -s "$GIB" "$TMP/big.pdf"
printf '%%PDF-1.7\n' | dd of="$TMP/big.pdf" conv=notrunc status=none
# ippd checks PDF structure: the NULs are PDF white space, and the file ends as a PDF must.
printf 'trailer\n<< /Size 1 >>\nstartxref\n9\n%%%%EOF\n' |
	dd of="$TMP/big.pdf" bs=1 seek=$((GIB - 40)) conv=notrunc status=none
peak_rss "$TMP/rss-file" timeout 60 "$IPP" print "$U" "$TMP/big.pdf" --json >"$TMP/out" 2>"$TMP/err"
rc=$?
expect "1 GiB from a sparse file" 0
id=$(jget 'd["job-id"]')
rm -f "$TMP/big.pdf" "$OUT/job-$id-doc-1.pdf" "$STATE/spool/$id-1"
rss_file=$(cat "$TMP/rss-file")
note "client peak RSS uploading 1 GiB: $((rss_pipe / 1024)) MiB through a pipe ($rss_pipe KiB), $((rss_file / 1024)) MiB from a file ($rss_file KiB)"
[ "$rss_pipe" -lt 32768 ] && [ "$rss_file" -lt 32768 ] && pass "client peak RSS under 32 MiB for 1 GiB" ||
	fail "client peak RSS under 32 MiB for 1 GiB ($rss_pipe KiB, $rss_file KiB)"

ippd_alive || fail "ippd stayed up without a sanitizer report" "$TMP/san.out"
ippd_stop "after the CLI"

# --- 2. ippeveprinter ---------------------------------------------------------------
if ! command -v ippeveprinter >/dev/null 2>&1 || ! command -v dbus-daemon >/dev/null 2>&1; then
	note "SKIP ippeveprinter part: ippeveprinter (cups-ipp-utils) or dbus-daemon not found"
else
	# ippeveprinter will not start without a system bus: give it a private one, never the machine's.
	dbus-daemon --session --address="unix:path=$TMP/bus" --nofork --nopidfile >"$TMP/dbus.log" 2>&1 &
	LIB_PIDS="$LIB_PIDS $!"
	wait_for 5 test -S "$TMP/bus" || abort "dbus-daemon makes its socket" "$TMP/dbus.log"
	# Each job "prints" for a second: long enough to cancel it, and to find the printer busy.
	printf '#!/bin/sh\nsleep 1\n' >"$TMP/slow-print"
	chmod +x "$TMP/slow-print"
	mkdir "$TMP/spool"
	up=""
	for attempt in 1 2 3; do
		EPORT=$(free_port)
		DBUS_SYSTEM_BUS_ADDRESS="unix:path=$TMP/bus" ippeveprinter -n localhost -p "$EPORT" -r off -k \
			-d "$TMP/spool" -c "$TMP/slow-print" -f application/pdf,image/jpeg,image/pwg-raster \
			"ipp cli test" >"$TMP/eve.log" 2>&1 &
		epid=$!
		LIB_PIDS="$LIB_PIDS $epid"
		if wait_for 10 curl -s -m 1 -o /dev/null "http://localhost:$EPORT/"; then
			up=yes
			break
		fi
		kill "$epid" 2>/dev/null
	done
	[ -n "$up" ] || abort "ippeveprinter answers on localhost" "$TMP/eve.log"
	pass "ippeveprinter answers on localhost:$EPORT"
	E=ipp://localhost:$EPORT/ipp/print

	run status "$E"
	expect "ippeveprinter: status" 0 "^model +"
	run status "$E" --json
	json "ippeveprinter: status --json with supplies" \
		'd["printer-state"] in ("idle", "processing") and d["printer-is-accepting-jobs"] is True and len(d["supplies"]) > 0 and all(0 <= s["level"] <= 100 for s in d["supplies"] if s["level"] is not None)'
	run print "$E" "$PDF" -o sides=one-sided -o print-quality=normal --wait --json
	json "ippeveprinter: print one file, --wait" 'd["job-state"] == "completed" and d["job-id"] > 0'
	cat "$JPG" | timeout 30 "$IPP" print "$E" - >"$TMP/out" 2>"$TMP/err"
	rc=$?
	expect "ippeveprinter: print from a pipe (cat |)" 0 "submitted"
	# ippeveprinter prints one job at a time and answers server-error-busy meanwhile: ipp waits.
	run print "$E" "$PDF"
	expect "ippeveprinter: print while it is busy (ipp tries again)" 0 "submitted"
	printing=$(sed -n 's/^job \([0-9]*\) submitted.*/\1/p' "$TMP/out")
	run cancel "$E" "$printing"
	expect "ippeveprinter: cancel the job it is printing" 0 "^job $printing canceled"
	job_canceled() { "$IPP" attrs "$E/$printing" job-state 2>/dev/null | grep -q 'canceled'; }
	wait_for 10 job_canceled
	run attrs "$E/$printing" job-state --json
	json "ippeveprinter: attrs of a job URI: canceled" 'd["job-state"] == "canceled"'
	runin "$JPG" print "$E" - --json
	json "ippeveprinter: print from standard input redirected from a file" 'd["job-id"] > 0'
	cp "$PDF" "$TMP/1.pdf"
	cp "$JPG" "$TMP/2.jpg"
	spool_before=$(ls "$TMP/spool" | wc -l)
	run print "$E" "$TMP/1.pdf" "$TMP/2.jpg"
	expect "ippeveprinter: several files are refused before any job (it takes one document per job)" 1 \
		"one document per job"
	[ "$(ls "$TMP/spool" | wc -l)" = "$spool_before" ] && pass "ippeveprinter: no half job was left" ||
		fail "ippeveprinter: no half job was left"
	run print "$E" "$TXT"
	expect "ippeveprinter: unsupported format (text/plain detected)" 1 \
		"^ipp print: client-error-(attributes-or-values|document-format)-not-supported"
	run attrs "$E" printer-name document-format-supported
	expect "ippeveprinter: attrs" 0 "^printer-name +ipp cli test"
	run attrs "$E" --json
	json "ippeveprinter: attrs --json (all)" \
		'd["printer-name"] == "ipp cli test" and "image/jpeg" in d["document-format-supported"]'
	run jobs "$E" --all
	expect "ippeveprinter: jobs --all, a table" 0 "^ *ID +OWNER +NAME +STATE"
	run jobs "$E" --all --json
	json "ippeveprinter: jobs --all --json" \
		'len(d["jobs"]) >= 3 and {"completed", "canceled"} <= {j["job-state"] for j in d["jobs"]}'
	run hold "$E" 1
	expect "ippeveprinter: hold is not supported, and says so" 1 \
		"^ipp hold: server-error-operation-not-supported"
	run release "$E" 1
	expect "ippeveprinter: release is not supported, and says so" 1 "^ipp release: server-error-operation-not-supported"
	run pause "$E"
	expect "ippeveprinter: pause is not supported, and says so" 1 "^ipp pause: server-error-operation-not-supported"
	run resume "$E"
	expect "ippeveprinter: resume is not supported, and says so" 1 "^ipp resume: server-error-operation-not-supported"
	run print "$E" "$PDF"
	run print "$E" "$PDF"
	run cancel "$E" --mine --json
	json "ippeveprinter: cancel --mine (Cancel-My-Jobs)" 'd["status"] == "successful-ok"'
	run print "$E" "$PDF"
	run print "$E" "$PDF"
	run cancel "$E" --all --json
	json "ippeveprinter: cancel --all (no Cancel-Jobs: one Cancel-Job each)" \
		'd["status"] == "successful-ok" and isinstance(d["canceled"], list)'
	run jobs "$E" --json
	json "ippeveprinter: no unfinished jobs are left" \
		'all(j["job-state"] in ("processing", "completed", "canceled", "aborted") for j in d["jobs"])'
	run send "$TMP/gpa.ipp" "$E" --json
	json "ippeveprinter: send --json" 'd["status"] == "successful-ok" and any(a["name"] == "printer-state" for g in d["groups"] for a in g["attributes"])'
	run status "ipp://localhost:$EPORT/ipp/elsewhere"
	expect "ippeveprinter: wrong path" 1 "^ipp status: .*(404|client-error-not-found)"
fi

# --- 3. a server that asks for a password -------------------------------------------
# Answers 401 (Basic) until the request carries alice:secret, then a captured
# Get-Printer-Attributes response with the request's request-id.
cat >"$TMP/auth.py" <<'EOF'
import base64, http.server, sys
body = open(sys.argv[1], "rb").read()
good = "Basic " + base64.b64encode(b"alice:secret").decode()
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
    def do_POST(self):
        req = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.headers.get("Authorization") != good:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="ipp test"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        out = body[:4] + req[4:8] + body[8:]
        self.send_response(200)
        self.send_header("Content-Type", "application/ipp")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)
s = http.server.HTTPServer(("127.0.0.1", 0), H)
print(s.server_address[1], flush=True)
s.serve_forever()
EOF
"$PY" "$TMP/auth.py" "$DATA/ippeveprinter-gpa-all.bin" >"$TMP/auth.port" 2>"$TMP/auth.log" &
LIB_PIDS="$LIB_PIDS $!"
if wait_for 10 test -s "$TMP/auth.port"; then
	A=ipp://127.0.0.1:$(cat "$TMP/auth.port")/ipp/print
	# setsid: no controlling terminal, so there is no one to ask for the password.
	IPP_USER=alice timeout 30 setsid -w "$IPP" status "$A" >"$TMP/out" 2>"$TMP/err" </dev/null
	rc=$?
	expect "auth: no password and no terminal (exit 1, says what to do)" 1 "HTTP 401.*IPP_PASSWORD"
	IPP_USER=alice IPP_PASSWORD=wrong timeout 30 setsid -w "$IPP" status "$A" >"$TMP/out" 2>"$TMP/err" </dev/null
	rc=$?
	expect "auth: a wrong password (exit 1)" 1 "HTTP 401: authentication failed for user \"alice\""
	IPP_USER=alice IPP_PASSWORD=secret timeout 30 setsid -w "$IPP" status "$A" --json >"$TMP/out" 2>"$TMP/err" </dev/null
	rc=$?
	expect "auth: IPP_USER and IPP_PASSWORD" 0
	json "auth: the answer is read" 'd["printer-state"] in ("idle", "processing", "stopped")'
	IPP_PASSWORD=secret timeout 30 setsid -w "$IPP" status "$A" -u alice >"$TMP/out" 2>"$TMP/err" </dev/null
	rc=$?
	expect "auth: -u USER with IPP_PASSWORD" 0 "^state "
else
	fail "the password server starts" "$TMP/auth.log"
fi

finish
