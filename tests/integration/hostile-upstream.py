#!/usr/bin/env python3
# A hostile upstream IPP printer for hostile-upstream.sh, and a checker of what ippd then offers.
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The ippd authors
#
# Usage:
#   hostile-upstream.py serve PORT_FILE      listens on 127.0.0.1 (ephemeral port, written to
#                                            PORT_FILE); the first path segment picks a behaviour
#   hostile-upstream.py check URL [JOB-ID...] asks ippd (Get-Printer-Attributes, Get-Job-Attributes)
#                                            and fails if any string it answers is not clean
#
# Behaviours (ipp://127.0.0.1:PORT/NAME):
#   nasty     valid IPP full of poison: ANSI escapes and control characters in
#             printer-make-and-model and job-state-message, invalid UTF-8, 30000-octet texts,
#             100000 junk attributes, 5000 media names (some malformed), absurd ranges and
#             resolutions, negative impressions; jobs complete on the second poll
#   garbage   HTTP 200 application/ipp whose body is not IPP
#   wrongid   valid answers with the wrong request-id
#   nojobid   Print-Job succeeds without a job-id
#   refuse    Print-Job: client-error-document-format-not-supported, status-message with escapes
#   truncate  Get-Job-Attributes answers end in the middle of an attribute (short body)
#   badstate  Get-Job-Attributes says job-state 99
#   slowread  a plain printer that reads a document at 64 KiB/s (for cancelling an upload)
#   reasons   a plain printer whose job prints for 8 polls while its printer-state-reasons say
#             media-empty-error, media-jam (no suffix), door-open-warning, toner-low-report and
#             junk (an unknown keyword, escapes, invalid UTF-8, a name and a 5000-octet value);
#             once the job is done, toner-low-report only
# Standard library only; the IPP encoding is written out by hand (RFC 8010).
import http.server
import os
import socketserver
import struct
import sys
import time
import urllib.request

POISON = b"\x1b[31mRED\x1b[0m \x07bell\x00nul \xff\xfe bad \xc3\x28 utf8 \x9b csi \x7f del"


def value(tag, name, data):
    return bytes([tag]) + struct.pack(">H", len(name)) + name + struct.pack(">H", len(data)) + data


def attr(tag, name, *datas):
    out = value(tag, name.encode(), datas[0])
    for d in datas[1:]:
        out += value(tag, b"", d)
    return out


def integer(v):
    return struct.pack(">i", v)


def response(status, request_id, groups):
    out = struct.pack(">BBHi", 2, 0, status, request_id)
    out += b"\x01" + attr(0x47, "attributes-charset", b"utf-8") + attr(0x48, "attributes-natural-language", b"en")
    for tag, body in groups:
        out += bytes([tag]) + body
    return out + b"\x03"


def plain_printer():
    return (attr(0x49, "document-format-supported", b"application/pdf", b"image/jpeg", b"application/vnd.hp-pcl")
            + attr(0x49, "document-format-default", b"application/pdf")
            + attr(0x44, "media-supported", b"iso_a4_210x297mm", b"na_letter_8.5x11in")
            + attr(0x44, "media-default", b"iso_a4_210x297mm")
            + attr(0x41, "printer-make-and-model", b"Plain Printer")
            + attr(0x23, "operations-supported", integer(2), integer(8), integer(9), integer(11)))


def nasty_printer():
    media = [b"iso_a4_210x297mm", b"na_letter_8.5x11in", b"../../etc/passwd", b"iso_a5_148x210mm\x1b[2J",
             b"x" * 300, b"custom_min_1x1in", b"custom_max_99999999x99999999in", b"", b"\xff\xfe"]
    media += [b"om_junk-%d_%dx%dmm" % (i, 10 + i % 500, 10 + i % 700) for i in range(5000)]
    body = (attr(0x49, "document-format-supported", b"application/pdf", b"image/jpeg", b"text/html\x1b[31m",
                 b"application/" + b"x" * 3000, b"", b"no-slash", POISON)
            + attr(0x49, "document-format-default", POISON)
            + attr(0x44, "media-supported", *media)
            + attr(0x44, "media-default", b"../../etc/passwd")
            + attr(0x41, "printer-make-and-model", POISON + b"A" * 30000)
            + attr(0x41, "printer-info", POISON)
            + attr(0x22, "color-supported", b"\x01")
            + attr(0x44, "sides-supported", b"one-sided", b"two-sided-long-edge", POISON)
            + attr(0x33, "copies-supported", integer(-7) + integer(2**31 - 1))
            + attr(0x32, "printer-resolution-supported", integer(300) + integer(300) + b"\x03",
                   integer(-1) + integer(-1) + b"\x03", integer(2**31 - 1) + integer(2**31 - 1) + b"\x09")
            + attr(0x23, "finishings-supported", integer(-3), integer(4), integer(2**31 - 1))
            + attr(0x23, "orientation-requested-supported", integer(99))
            + attr(0x23, "print-quality-supported", integer(1), integer(4))
            + attr(0x44, "output-bin-supported", POISON, b"face-up")
            + attr(0x21, "printer-config-change-time", integer(5))
            + attr(0x23, "operations-supported", integer(2), integer(5), integer(6), integer(8), integer(9),
                   integer(11))
            + attr(0x22, "multiple-document-jobs-supported", b"\x01"))
    # Attribute counts far past anything a printer has.
    body += b"".join(attr(0x44, "x-junk-%d" % i, b"v") for i in range(100000))
    return body


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    polls = {}

    def log_message(self, fmt, *args):
        pass

    def send_ipp(self, body, length=None):
        self.send_response(200)
        self.send_header("Content-Type", "application/ipp")
        self.send_header("Content-Length", str(len(body) if length is None else length))
        if length is not None:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
        if length is not None:
            self.close_connection = True

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        if self.path.strip("/").split("/")[0] == "slowread" and n > 65536:
            # 64 KiB a second: an upload of megabytes that a cancel must cut short.
            got = 0
            while got < n:
                b = self.rfile.read(min(16384, n - got))
                if not b:
                    self.close_connection = True
                    return
                got += len(b)
                time.sleep(0.25)
            self.send_ipp(response(0, 1, []))
            return
        data = self.rfile.read(n)
        if len(data) < 8:
            self.send_error(400)
            return
        _, _, op, rid = struct.unpack(">BBHi", data[:8])
        mode = self.path.strip("/").split("/")[0]
        if mode == "garbage":
            self.send_ipp(b"\x02\x00\x00\x00\x00\x00\x00\x01\x01\x47\xff\xff" + os.urandom(64))
            return
        if mode == "wrongid":
            rid += 1
        if op == 0x000B:  # Get-Printer-Attributes
            body = nasty_printer() if mode == "nasty" else plain_printer()
            if mode == "reasons":
                if Handler.polls.get("reasons", 0) < 8:
                    body += attr(0x44, "printer-state-reasons", b"media-empty-error", b"media-jam",
                                 b"door-open-warning", b"toner-low-report", b"x-bogus-error", POISON,
                                 b"m" * 5000, b"media-low-\x1b[2Jerror")
                    body += value(0x42, b"", b"cover-open-error")  # one more value: a name, not a keyword
                else:
                    body += attr(0x44, "printer-state-reasons", b"toner-low-report")
            self.send_ipp(response(0, rid, [(0x04, body)]))
        elif op in (0x0002, 0x0005, 0x0006):  # Print-Job, Create-Job, Send-Document
            if mode == "refuse":
                self.send_ipp(response(0x040A, rid, [])[:-1]
                              + attr(0x41, "status-message", b"no \x1b[5mway\x1b[0m \xff") + b"\x03")
            elif mode == "nojobid":
                self.send_ipp(response(0, rid, [(0x02, attr(0x23, "job-state", integer(3)))]))
            else:
                self.send_ipp(response(0, rid, [(0x02, attr(0x21, "job-id", integer(7))
                                                 + attr(0x23, "job-state", integer(3)))]))
        elif op == 0x0009:  # Get-Job-Attributes
            key = mode
            Handler.polls[key] = Handler.polls.get(key, 0) + 1
            if mode == "truncate":
                body = response(0, rid, [(0x02, attr(0x23, "job-state", integer(5))
                                          + attr(0x41, "job-state-message", b"x" * 100))])
                self.send_ipp(body[:-40], length=len(body))
                return
            if mode == "badstate":
                state = 99
            elif mode == "reasons":
                state = 5 if Handler.polls[key] < 8 else 9
            else:
                state = 5 if Handler.polls[key] % 2 == 1 else 9
            job = (attr(0x23, "job-state", integer(state))
                   + attr(0x44, "job-state-reasons", b"job-printing", POISON, b"x" * 5000)
                   + attr(0x41, "job-state-message", POISON + b"M" * 30000)
                   + attr(0x21, "job-impressions-completed", integer(-5 if state == 5 else 2**31 - 1)))
            self.send_ipp(response(0, rid, [(0x02, job)]))
        else:  # Cancel-Job and the rest
            self.send_ipp(response(0, rid, []))


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


def serve(port_file):
    srv = Server(("127.0.0.1", 0), Handler)
    with open(port_file + ".tmp", "w") as f:
        f.write(str(srv.server_address[1]))
    os.rename(port_file + ".tmp", port_file)
    srv.serve_forever()


# --- the checker -------------------------------------------------------------------------------

def request(op, rid, uri, extra=b""):
    body = struct.pack(">BBHi", 2, 0, op, rid)
    body += b"\x01" + attr(0x47, "attributes-charset", b"utf-8") + attr(0x48, "attributes-natural-language", b"en")
    body += attr(0x45, "printer-uri", uri.encode()) + extra
    return body + b"\x03"


STRING_TAGS = {0x35, 0x36, 0x41, 0x42, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49}


def walk(data, problems, where):
    """Every string value of a response: valid UTF-8, no C0/C1/DEL, no longer than 1023 octets."""
    i = 8
    name = ""
    while i < len(data):
        tag = data[i]
        i += 1
        if tag == 0x03:
            return
        if tag < 0x10:
            continue
        nlen = struct.unpack(">H", data[i:i + 2])[0]
        i += 2
        if nlen:
            name = data[i:i + nlen].decode("utf-8", "replace")
        i += nlen
        vlen = struct.unpack(">H", data[i:i + 2])[0]
        i += 2
        v = data[i:i + vlen]
        i += vlen
        if tag in (0x35, 0x36):  # text/nameWithLanguage: lang length, lang, text length, text
            ll = struct.unpack(">H", v[:2])[0]
            v = v[4 + ll:]
        if tag not in STRING_TAGS:
            continue
        try:
            s = v.decode("utf-8")
        except UnicodeDecodeError:
            problems.append("%s %s: invalid UTF-8 %r" % (where, name, v[:60]))
            continue
        bad = [c for c in s if ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F]
        if bad:
            problems.append("%s %s: control characters %r" % (where, name, s[:80]))
        if len(v) > 1023:
            problems.append("%s %s: %d octets" % (where, name, len(v)))


def check(url, job_ids):
    uri = url.replace("http://", "ipp://", 1)
    problems = []
    reqs = [("printer", request(0x000B, 1, uri, attr(0x44, "requested-attributes", b"all", b"media-col-database")))]
    for j in job_ids:
        reqs.append(("job %s" % j, request(0x0009, 2, uri, attr(0x21, "job-id", integer(int(j)))
                                           + attr(0x44, "requested-attributes", b"all"))))
    for where, body in reqs:
        r = urllib.request.Request(url, data=body, headers={"Content-Type": "application/ipp"})
        data = urllib.request.urlopen(r, timeout=15).read()
        walk(data, problems, where)
    for p in problems[:20]:
        print(p)
    print("%d problem(s) in %d answer(s)" % (len(problems), len(reqs)))
    return 1 if problems else 0


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve(sys.argv[2])
    else:
        sys.exit(check(sys.argv[2], sys.argv[3:]))
