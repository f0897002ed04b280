#!/bin/sh
# Regenerates the captured IPP fixtures in this folder (README.md says what each one is).
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The ippd authors
#
# Usage: tests/data/capture.sh [OUTDIR]   (default: this folder)
# Needs: cups-ipp-utils (ippeveprinter, ipptool), dbus (dbus-daemon), python3, curl;
# for the optional cupsd capture, cups-daemon and cups-client (--no-install-recommends).
# Everything listens on loopback only; ippeveprinter gets a private D-Bus and
# DNS-SD off, and no avahi-daemon is started.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
TOOLS=$HERE/../../tools
OUT=${1:-$HERE}
DOCS=$HERE/docs
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ippd-capture.XXXXXX")
PIDS=""

cleanup() {
	for pid in $PIDS; do kill "$pid" 2>/dev/null || true; done
	for pid in $PIDS; do wait "$pid" 2>/dev/null || true; done
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_http() { # URL: up to 10 s for an HTTP answer
	i=0
	while ! curl -s -m 1 -o /dev/null "$1"; do
		i=$((i + 1))
		[ $i -lt 50 ] || { echo "capture.sh: $1 never answered" >&2; exit 1; }
		sleep 0.2
	done
}

# --- 1. ippeveprinter's responses ------------------------------------------
dbus-daemon --session --address="unix:path=$WORK/bus" --nofork --nopidfile >"$WORK/dbus.log" 2>&1 &
PIDS="$PIDS $!"
i=0
while [ ! -S "$WORK/bus" ]; do
	i=$((i + 1)); [ $i -lt 50 ] || { echo "capture.sh: dbus-daemon did not start" >&2; exit 1; }
	sleep 0.1
done

PORT=$(free_port)
URI=ipp://localhost:$PORT/ipp/print
URL=http://localhost:$PORT/ipp/print
mkdir "$WORK/spool"
DBUS_SYSTEM_BUS_ADDRESS="unix:path=$WORK/bus" ippeveprinter -n localhost -p "$PORT" -r off -k \
	-d "$WORK/spool" -c /bin/true -f application/pdf,image/jpeg,image/pwg-raster \
	"ippd test" >"$WORK/ippeveprinter.log" 2>&1 &
PIDS="$PIDS $!"
wait_http "http://localhost:$PORT/"

req() { python3 "$TOOLS/ipp-request.py" "$@" --uri "$URI" --user tester --post "$URL"; }
req get-printer-attributes --requested all -o "$OUT/ippeveprinter-gpa-all.bin"
req get-printer-attributes --requested all,media-col-database \
	-o "$OUT/ippeveprinter-gpa-all-media-col-database.bin"
req print-job --job-name testfile.pdf --format application/pdf --file "$DOCS/testfile.pdf" \
	-o "$OUT/ippeveprinter-print-job-response.bin"
req print-job --job-name testfile.jpg --format image/jpeg --file "$DOCS/testfile.jpg" -o /dev/null
sleep 1 # -c /bin/true: both jobs complete at once, but asynchronously
req get-jobs --which-jobs all --requested all -o "$OUT/ippeveprinter-get-jobs-response.bin"

# --- 2. what ipptool sends ---------------------------------------------------
# A loopback HTTP server records each POST body and answers successful-ok,
# in the request's version, with job-id 1 for job-creating operations so that
# ipptool goes on.
cat >"$WORK/recorder.py" <<'EOF'
import http.server, struct, sys
OUTDIR, PORTFILE = sys.argv[1], sys.argv[2]
NAMES = {0x02: "print-job", 0x05: "create-job", 0x06: "send-document", 0x0A: "get-jobs"}
seen = {}

def attr(tag, name, value):
    return struct.pack(">BH", tag, len(name)) + name + struct.pack(">H", len(value)) + value

class Recorder(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", ""):
            body = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0], 16)
                body += self.rfile.read(size)
                self.rfile.readline()
                if size == 0:
                    return body
        return self.rfile.read(int(self.headers.get("Content-Length", 0)))

    def do_POST(self):
        body = self.read_body()
        major, minor, op, rid = struct.unpack(">BBHi", body[:8])
        name = NAMES.get(op, "op-0x%04x" % op)
        seen[name] = seen.get(name, 0) + 1
        suffix = "" if seen[name] == 1 else "-%d" % seen[name]
        with open("%s/%s%s.bin" % (OUTDIR, name, suffix), "wb") as f:
            f.write(body)
        resp = struct.pack(">BBHi", major, minor, 0, rid) + b"\x01"
        resp += attr(0x47, b"attributes-charset", b"utf-8")
        resp += attr(0x48, b"attributes-natural-language", b"en")
        if op in (0x02, 0x05, 0x06):
            host = self.headers.get("Host", "localhost")
            resp += b"\x02" + attr(0x21, b"job-id", struct.pack(">i", 1))
            resp += attr(0x45, b"job-uri", b"ipp://%s/ipp/print/1" % host.encode())
            resp += attr(0x23, b"job-state", struct.pack(">i", 3))
            resp += attr(0x44, b"job-state-reasons", b"none")
        resp += b"\x03"
        self.send_response(200)
        self.send_header("Content-Type", "application/ipp")
        self.send_header("Content-Length", str(len(resp)))
        self.end_headers()
        self.wfile.write(resp)

    def log_message(self, *args):
        pass

server = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
with open(PORTFILE, "w") as f:
    f.write(str(server.server_address[1]))
server.serve_forever()
EOF

mkdir "$WORK/rec" "$WORK/tests"
python3 "$WORK/recorder.py" "$WORK/rec" "$WORK/rec.port" &
PIDS="$PIDS $!"
i=0
while [ ! -s "$WORK/rec.port" ]; do
	i=$((i + 1)); [ $i -lt 50 ] || { echo "capture.sh: recorder did not start" >&2; exit 1; }
	sleep 0.1
done
RPORT=$(cat "$WORK/rec.port")

# ipptool resolves FILE next to the test file: copy the tests beside the document.
cp /usr/share/cups/ipptool/print-job.test /usr/share/cups/ipptool/get-jobs.test \
	/usr/share/cups/ipptool/create-job.test /usr/share/cups/ipptool/print-job-media-col.test \
	"$DOCS/testfile.pdf" "$WORK/tests/"
(
	cd "$WORK/tests"
	for t in print-job get-jobs create-job print-job-media-col; do
		ipptool -t -T 10 -V 2.0 -f testfile.pdf "ipp://127.0.0.1:$RPORT/ipp/print" \
			"$t.test" >"$WORK/$t.log" 2>&1 || true
	done
)
# The recorder names files after the operation; rename them after the test.
mv "$WORK/rec/print-job.bin" "$OUT/ipptool-print-job-request.bin"
mv "$WORK/rec/get-jobs.bin" "$OUT/ipptool-get-jobs-request.bin"
mv "$WORK/rec/create-job.bin" "$OUT/ipptool-create-job-request.bin"
mv "$WORK/rec/send-document.bin" "$OUT/ipptool-send-document-request.bin"
mv "$WORK/rec/print-job-2.bin" "$OUT/ipptool-print-job-media-col-request.bin"

# --- 3. a throwaway cupsd with a raw queue (optional: cups-daemon, cups-client) -----
if command -v cupsd >/dev/null 2>&1 && command -v lpadmin >/dev/null 2>&1; then
	C=$WORK/cupsd
	mkdir -p "$C/root" "$C/spool" "$C/tmp" "$C/cache" "$C/state" "$C/log"
	chmod -R 755 "$WORK" # filters run as user lp
	CPORT=$(free_port)
	printf '%s\n' "ServerRoot $C/root" "RequestRoot $C/spool" "TempDir $C/tmp" \
		"CacheDir $C/cache" "StateDir $C/state" "AccessLog $C/log/access_log" \
		"ErrorLog $C/log/error_log" "PageLog $C/log/page_log" "FileDevice Yes" \
		>"$C/cups-files.conf"
	printf '%s\n' "Listen 127.0.0.1:$CPORT" "Browsing No" "WebInterface No" "LogLevel warn" \
		"DefaultAuthType None" "<Location />" "Order allow,deny" "Allow all" "</Location>" \
		"<Policy default>" "<Limit All>" "Order deny,allow" "</Limit>" "</Policy>" \
		>"$C/cupsd.conf"
	cupsd -f -c "$C/cupsd.conf" -s "$C/cups-files.conf" >"$C/cupsd.out" 2>&1 &
	PIDS="$PIDS $!"
	wait_http "http://127.0.0.1:$CPORT/"
	lpadmin -h "127.0.0.1:$CPORT" -p q -E -v file:///dev/null
	python3 "$TOOLS/ipp-request.py" get-printer-attributes --uri "ipp://localhost:$CPORT/printers/q" \
		--user tester --requested all --post "http://localhost:$CPORT/printers/q" \
		-o "$OUT/cupsd-gpa-all-raw-queue.bin"
else
	echo "capture.sh: no cupsd or lpadmin (cups-daemon, cups-client): skipped the cupsd capture" >&2
fi
echo "capture.sh: fixtures written to $OUT"
