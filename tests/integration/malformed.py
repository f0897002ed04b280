#!/usr/bin/env python3
"""Sends hostile requests to a running ippd over raw loopback sockets: a test helper.

SPDX-License-Identifier: Apache-2.0
Copyright 2026 The ippd authors

  malformed.py PORT IPPD_PID IPPD_LOG DATA_DIR

Each case is one HTTP exchange on its own connection, with an assertion on the
answer (HTTP status, IPP status, or "the connection was closed"); after every
case a normal Get-Printer-Attributes must still be answered successful-ok, the
process must still run and its log must hold no sanitizer report.  One line per
group of cases is printed as "ok - ..." or "not ok - ..." (with the first few
failing cases as "#" lines); malformed.sh counts them.  Standard library only.

The requests are encoded here by hand (RFC 8010 section 3), not with libippd,
and the captures in tests/data (ipptool's own requests) are used as they are.
"""

import os
import socket
import struct
import sys
import time

SET_INFO = None
if sys.argv[1] == "--set-printer-info":
    # malformed.py --set-printer-info TEXT PORT ...: one Set-Printer-Attributes, its status printed.
    SET_INFO = sys.argv[2].encode("utf-8", "surrogateescape")
    del sys.argv[1:3]
PORT = int(sys.argv[1])
PID = int(sys.argv[2])
LOG = sys.argv[3]
DATA = sys.argv[4]
HOST = "127.0.0.1"
URI = "ipp://%s:%d/ipp/print" % (HOST, PORT)

STATUS = {
    0x0000: "successful-ok", 0x0001: "successful-ok-ignored-or-substituted-attributes",
    0x0400: "client-error-bad-request", 0x0406: "client-error-not-found",
    0x0408: "client-error-request-entity-too-large", 0x0409: "client-error-request-value-too-long",
    0x040A: "client-error-document-format-not-supported",
    0x040B: "client-error-attributes-or-values-not-supported", 0x040D: "client-error-charset-not-supported",
    0x0411: "client-error-document-format-error", 0x0500: "server-error-internal-error",
    0x0501: "server-error-operation-not-supported", 0x0503: "server-error-version-not-supported",
}
BAD = 0x0400
TOO_LARGE = 0x0408
TOO_LONG = 0x0409
UNSUPPORTED = 0x040B
CHARSET = 0x040D
VERSION = 0x0503


def sname(code):
    if code is None:
        return "(no IPP body)"
    return STATUS.get(code, "0x%04x" % code)


# --- encoding (RFC 8010 section 3) ---------------------------------------------------------

def attr(tag, name, value):
    if isinstance(name, str):
        name = name.encode()
    if isinstance(value, str):
        value = value.encode()
    return struct.pack(">BH", tag, len(name)) + name + struct.pack(">H", len(value)) + value


def integer(name, v):
    return attr(0x21, name, struct.pack(">i", v))


def op_group(user="malformed", extra=b"", charset=b"utf-8"):
    g = b"\x01"
    if charset is not None:
        g += attr(0x47, "attributes-charset", charset)
    g += attr(0x48, "attributes-natural-language", "en")
    g += attr(0x45, "printer-uri", URI)
    if user is not None:
        g += attr(0x42, "requesting-user-name", user)
    return g + extra


def message(op, groups, rid=1, version=(2, 0), data=b""):
    return struct.pack(">BBHi", version[0], version[1], op, rid) + groups + b"\x03" + data


def gpa(**kw):
    return message(0x000B, op_group(**kw) + attr(0x44, "requested-attributes", "printer-state"))


def print_job(name="malformed", doc=None, extra=b"", job=b"", fmt="application/pdf"):
    doc = PDF if doc is None else doc
    groups = op_group(extra=attr(0x42, "job-name", name) + attr(0x49, "document-format", fmt) + extra)
    return message(0x0002, groups + (b"\x02" + job if job else b""), data=doc)


def create_job(extra=b""):
    return message(0x0005, op_group(extra=attr(0x42, "job-name", "malformed-create") + extra))


def send_document(job_id, extra=b""):
    groups = op_group(extra=integer("job-id", job_id) + attr(0x49, "document-format", "application/pdf")
                      + attr(0x22, "last-document", b"\x01") + extra)
    return message(0x0006, groups, data=PDF)


def http_post(body, headers=None, path="/ipp/print"):
    h = ["POST %s HTTP/1.1" % path, "Host: %s:%d" % (HOST, PORT), "Content-Type: application/ipp",
         "Connection: close"]
    if headers is None:
        h.append("Content-Length: %d" % len(body))
    else:
        h += headers
    return ("\r\n".join(h) + "\r\n\r\n").encode() + body


def walk(msg):
    """Items of an encoded message: (offset, tag, name_len_off, value_len_off, name) for attributes,
    (offset, tag) for delimiters; the end offset of the attributes."""
    items, i = [], 8
    while i < len(msg):
        tag = msg[i]
        if tag < 0x10:
            items.append((i, tag))
            i += 1
            if tag == 0x03:
                return items, i
            continue
        nl = struct.unpack(">H", msg[i + 1:i + 3])[0]
        name = msg[i + 3:i + 3 + nl]
        vo = i + 3 + nl
        vl = struct.unpack(">H", msg[vo:vo + 2])[0]
        items.append((i, tag, i + 1, vo, name))
        i = vo + 2 + vl
    raise ValueError("no end-of-attributes")


# --- the exchange ------------------------------------------------------------------------

class Answer:
    def __init__(self):
        self.http = None       # HTTP status, None when closed without an answer
        self.ipp = None        # IPP status of an application/ipp body
        self.version = None
        self.message = ""
        self.timeout = False
        self.body = b""
        self.message_problem = ""  # status-message not valid UTF-8, or with control characters

    def __str__(self):
        if self.timeout:
            return "no answer and no close within the time limit"
        if self.http is None:
            return "closed without an answer"
        s = "HTTP %d, IPP %s" % (self.http, sname(self.ipp))
        if self.version:
            s += " (version %d.%d)" % self.version
        return s + (": " + self.message if self.message else "")


def parse_ipp(body, a):
    if len(body) < 8:
        return
    a.version = (body[0], body[1])
    a.ipp = struct.unpack(">H", body[2:4])[0]
    try:
        items, _ = walk(body)
        for it in items:
            if len(it) == 5 and it[4] == b"status-message":
                vl = struct.unpack(">H", body[it[3]:it[3] + 2])[0]
                raw = body[it[3] + 2:it[3] + 2 + vl]
                a.message = raw.decode("utf-8", "replace")
                try:
                    text = raw.decode("utf-8")
                    if any(ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 for ch in text):
                        a.message_problem = "status-message holds control characters: %r" % text
                except UnicodeDecodeError as e:
                    a.message_problem = "status-message is not valid UTF-8 (%s): %r" % (e.reason, raw)
    except (ValueError, struct.error, IndexError):
        a.message = "(the response does not decode)"


def exchange(raw, timeout=10.0, shut=True, pause=None):
    """Sends raw bytes (a list of pieces, with pause seconds between them when pause is set),
    half-closes, and reads the whole answer until the server closes."""
    a = Answer()
    s = socket.create_connection((HOST, PORT), timeout=timeout)
    data = b""
    try:
        try:
            for piece in (raw if isinstance(raw, list) else [raw]):
                s.sendall(piece)
                if pause:
                    time.sleep(pause)
            if shut:
                s.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # the server may answer and close before taking everything
        deadline = time.monotonic() + timeout
        while True:
            s.settimeout(max(0.1, deadline - time.monotonic()))
            try:
                chunk = s.recv(65536)
            except ConnectionResetError:
                break
            except socket.timeout:
                a.timeout = True
                break
            if not chunk:
                break
            data += chunk
            if complete(data):
                break
    finally:
        s.close()
    if not data:
        return a
    head, _, body = data.partition(b"\r\n\r\n")
    line = head.split(b"\r\n", 1)[0].split()
    if len(line) >= 2 and line[1].isdigit():
        a.http = int(line[1])
        a.timeout = False
    a.body = body
    if b"application/ipp" in head.lower():
        parse_ipp(body, a)
    return a


def complete(data):
    """True when a whole Content-Length response is in `data` (the server may keep the connection)."""
    head, sep, body = data.partition(b"\r\n\r\n")
    if not sep:
        return False
    for line in head.split(b"\r\n")[1:]:
        k, _, v = line.partition(b":")
        if k.strip().lower() == b"content-length" and v.strip().isdigit():
            return len(body) >= int(v.strip())
    return False


# --- checks ------------------------------------------------------------------------------

log_seen = 0


def sanitizer_report():
    """New sanitizer lines in the log since the last look."""
    global log_seen
    try:
        with open(LOG, "rb") as f:
            f.seek(log_seen)
            new = f.read()
    except OSError:
        return ""
    log_seen += len(new)
    for marker in (b"Sanitizer", b"runtime error:"):
        k = new.find(marker)
        if k >= 0:
            return new[max(0, k - 200):k + 1500].decode("latin-1")
    return ""


def server_ok():
    """'' when ippd runs, answers Get-Printer-Attributes and reported nothing; else why not."""
    try:
        os.kill(PID, 0)
    except OSError:
        return "ippd is not running any more"
    rep = sanitizer_report()
    if rep:
        return "sanitizer report:\n" + rep
    a = exchange(http_post(gpa()))
    if a.http != 200 or a.ipp != 0:
        return "the next Get-Printer-Attributes got " + str(a)
    return ""


results = {"ok": 0, "not ok": 0, "cases": 0}
dead = False


def group(title, cases):
    """Runs (label, raw, verdict) cases, where verdict(Answer) returns '' or what is wrong;
    one result line for the group."""
    global dead
    problems = []
    n = 0
    t0 = time.monotonic()
    for label, raw, verdict, kw in cases:
        if dead:
            break
        n += 1
        a = exchange(raw, **kw)
        why = verdict(a) or a.message_problem
        if why:
            problems.append("%s: %s (got %s)" % (label, why, a))
        health = server_ok()
        if health:
            problems.append("%s: afterwards %s" % (label, health))
            if "not running" in health or "sanitizer" in health:
                dead = True
    results["cases"] += n
    line = "%s (%d cases, %.1f s)" % (title, n, time.monotonic() - t0)
    if problems:
        results["not ok"] += 1
        print("not ok - " + line)
        for p in problems[:8]:
            for k, text in enumerate(p.splitlines()[:30]):
                print("    # " + ("" if k == 0 else "  ") + text)
        if len(problems) > 8:
            print("    # ... and %d more" % (len(problems) - 8))
    else:
        results["ok"] += 1
        print("ok - " + line)
    sys.stdout.flush()


def want(http=None, ipp=None):
    """A verdict: the HTTP status is in `http` (when given) and the IPP status in `ipp` (when given)."""
    http = (http,) if isinstance(http, int) else http
    ipp = (ipp,) if isinstance(ipp, int) else ipp

    def verdict(a):
        if a.timeout:
            return "no answer"
        if http and a.http not in http:
            return "want HTTP %s" % "/".join(map(str, http))
        if ipp and a.ipp not in ipp:
            return "want %s" % " or ".join(sname(x) for x in ipp)
        return ""
    return verdict


def refused(a):
    """An HTTP error (4xx/5xx) or the connection closed, promptly; never a 2xx."""
    if a.timeout:
        return "neither answered nor closed"
    if a.http is not None and a.http < 400:
        return "want an HTTP error or a closed connection"
    return ""


def case(label, raw, verdict, **kw):
    return (label, raw, verdict, kw)


# --- the cases ---------------------------------------------------------------------------

def load(name):
    with open(os.path.join(DATA, name), "rb") as f:
        return f.read()


PDF = load("docs/testfile.pdf")


def truncations(title, msg):
    """Every cut of the attributes (the body ends early, Content-Length says so)."""
    _, end = walk(msg)
    cases = [case("cut at %d" % k, http_post(msg[:k]), want(400, (BAD, None))) for k in range(0, end)]
    group("%s cut at every offset 0..%d of its attributes: HTTP 400, client-error-bad-request" % (title, end - 1),
          cases)


def lying_lengths(title, msg):
    """Each name-length and value-length replaced by 0xFFFF and by one past the end of the body."""
    items, end = walk(msg)
    cases = []
    for it in items:
        if len(it) != 5:
            continue
        for what, off in (("name-length", it[2]), ("value-length", it[3])):
            for lie in (0xFFFF, len(msg) - off):
                m = msg[:off] + struct.pack(">H", min(lie, 0xFFFF)) + msg[off + 2:]
                # Only the attributes part is sent, so a length past it is past the end of the body.
                cut = m[:end]
                # The decoder streams: a length longer than the syntax allows is refused before the end is seen.
                cases.append(case("%s %s of '%s' = %d" % (title, what, it[4].decode(), lie), http_post(cut),
                                  want((200, 400), (BAD, TOO_LONG))))
    group("%s: every name-length and value-length 0xFFFF or past the end: bad-request (or value-too-long)"
          % title, cases)


def zero_lengths(title, msg):
    """Zero name-length on a group's first attribute is malformed; a zero value-length is checked by syntax."""
    items, end = walk(msg)
    cases = []
    prev_delim = True
    for it in items:
        if len(it) != 5:
            prev_delim = True
            continue
        name = it[4].decode()
        if prev_delim:
            # The name is dropped: an additional value with no attribute to belong to.
            m = msg[:it[2]] + b"\x00\x00" + msg[it[2] + 2 + len(it[4]):]
            cases.append(case("zero name-length on the first attribute '%s'" % name, http_post(m), want(400, BAD)))
        prev_delim = False
        vl = struct.unpack(">H", msg[it[3]:it[3] + 2])[0]
        m = msg[:it[3]] + b"\x00\x00" + msg[it[3] + 2 + vl:]
        if name == "attributes-charset":
            v = want(200, (BAD, CHARSET))
        elif name in ("printer-uri", "job-id") or it[1] in (0x21, 0x22, 0x23):
            # Empty where a value is required, or a fixed-size integer/boolean/enum with no bytes.
            v = want((200, 400), BAD)
        else:
            # Empty name, keyword or mimeMediaType values: an answer, whatever it is, not a crash.
            v = want((200, 400))
        cases.append(case("zero value-length of '%s'" % name, http_post(m), v))
    group("%s: zero name-length and zero value-length, attribute by attribute" % title, cases)


def request_cases():
    g = gpa()
    pj = print_job()
    cj = create_job()
    captures = [("ipptool-create-job-request.bin", "captured Create-Job"),
                ("ipptool-print-job-request.bin", "captured Print-Job"),
                ("ipptool-print-job-media-col-request.bin", "captured Print-Job with media-col"),
                ("ipptool-send-document-request.bin", "captured Send-Document")]
    truncations("Get-Printer-Attributes", g)
    truncations("Create-Job", cj)
    truncations("Print-Job", pj)
    for f, title in captures:
        truncations(title, load(f))
    # A real Send-Document: for a job that exists.
    a = exchange(http_post(cj))
    job_id = None
    k = a.body.find(b"\x21\x00\x06job-id\x00\x04")
    if a.ipp == 0 and k >= 0:
        job_id = struct.unpack(">i", a.body[k + 11:k + 15])[0]
    if job_id:
        sd = send_document(job_id)
        truncations("Send-Document", sd)
        # The cuts inside the document: a shorter PDF is still a document, no crash, no hang.
        _, end = walk(sd)
        group("Send-Document cut inside its document data (job %d): an answer each time" % job_id,
              [case("cut at %d" % k, http_post(sd[:k]), want((200, 400))) for k in range(end, len(sd), 331)])
    else:
        print("not ok - Create-Job for the Send-Document cases: " + str(a))
        results["not ok"] += 1
    for title, msg in (("Get-Printer-Attributes", g), ("Print-Job", pj), ("Create-Job", cj)):
        lying_lengths(title, msg)
        zero_lengths(title, msg)
    # Short bodies whose Content-Length promises more: the client half-closes.
    cases = [case("%d of %d octets" % (k, len(pj)), http_post(pj[:k], ["Content-Length: %d" % len(pj)]), refused)
             for k in (0, 5, 8, 40, len(pj) - len(PDF), len(pj) - 100)]
    group("Print-Job bodies shorter than their Content-Length, half-closed: HTTP error or closed, promptly", cases)


def tag_cases():
    base = op_group()
    cases = []
    # Reserved delimiter tags (RFC 8010 section 3.5.1: 0x00 and 0x0B-0x0F).
    for t in (0x00, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F):
        m = message(0x000B, base + bytes([t]) + attr(0x44, "requested-attributes", "printer-state"))
        cases.append(case("reserved delimiter tag 0x%02x as a group" % t, http_post(m), want(400, BAD)))
    m = message(0x000B, bytes([0x0E]) + base[1:])
    cases.append(case("reserved delimiter 0x0e in place of operation-attributes-tag", http_post(m), want(400, BAD)))
    group("reserved delimiter tags: HTTP 400, client-error-bad-request", cases)

    cases = []
    # Unknown value tags: kept by the decoder; on an unknown attribute the attribute is ignored,
    # on requesting-user-name (a name) it is the wrong syntax, on the charset a bad request.
    for t in (0x20, 0x24, 0x2F, 0x38, 0x3F, 0x40, 0x43, 0x4B, 0x4F, 0x5F):
        m = message(0x000B, op_group(extra=attr(t, "x-unknown", b"abcd")))
        cases.append(case("unknown value tag 0x%02x on an unknown attribute" % t, http_post(m),
                          want(200, (0x0001, UNSUPPORTED, BAD))))
        m = message(0x000B, op_group(user=None, extra=attr(t, "requesting-user-name", b"abcd")))
        cases.append(case("unknown value tag 0x%02x on requesting-user-name" % t, http_post(m),
                          want((200, 400), (UNSUPPORTED, BAD))))
        m = message(0x000B, attr(0x47, "attributes-charset", "utf-8")[:0] + b"\x01"
                    + attr(t, "attributes-charset", "utf-8") + op_group()[1 + len(attr(0x47, "attributes-charset",
                                                                                         "utf-8")):])
        cases.append(case("unknown value tag 0x%02x on attributes-charset" % t, http_post(m), want((200, 400), BAD)))
    # The extension tag 0x7F with a 4-octet type (RFC 8010 section 3.5.2) and without.
    m = message(0x000B, op_group(extra=attr(0x7F, "x-ext", b"\x40\x00\x00\x00abc")))
    cases.append(case("extension tag 0x7f", http_post(m), want((200, 400))))
    m = message(0x000B, op_group(extra=attr(0x7F, "x-ext", b"")))
    cases.append(case("extension tag 0x7f without its type", http_post(m), want((200, 400))))
    # The same name twice in one group (RFC 8010 section 3.1.3): ambiguous, refused.
    cases.append(case("document-format twice", http_post(print_job(extra=attr(0x49, "document-format", "image/jpeg"))),
                      want(200, BAD)))
    cases.append(case("printer-uri twice", http_post(message(0x000B, op_group() + attr(0x45, "printer-uri", URI)[:0]
                                                             + attr(0x45, "printer-uri", URI))), want(200, BAD)))
    cases.append(case("copies twice in the job group", http_post(print_job(job=integer("copies", 1) * 2)),
                      want(200, BAD)))
    group("unknown value tags and repeated attributes: the attribute ignored or the request refused", cases)

    cases = []
    # Out-of-band values (0x10-0x1F) in the operation group of Get-Printer-Attributes.
    for t in (0x10, 0x12, 0x13, 0x15, 0x16, 0x17, 0x1F):
        for name in ("printer-uri", "attributes-charset"):
            m = message(0x000B, gpa()[8:-1].replace(attr(0x45, "printer-uri", URI), attr(t, "printer-uri", b""))
                        if name == "printer-uri" else
                        gpa()[8:-1].replace(attr(0x47, "attributes-charset", "utf-8"),
                                            attr(t, "attributes-charset", b"")))
            # A required attribute without a usable value: refused either way (RFC 8011 section 4.1.7).
            cases.append(case("out-of-band 0x%02x as %s" % (t, name), http_post(m), want(200, (BAD, UNSUPPORTED))))
        m = message(0x000B, op_group(user=None, extra=attr(t, "requesting-user-name", b"")))
        cases.append(case("out-of-band 0x%02x as requesting-user-name" % t, http_post(m),
                          want((200, 400), (BAD, UNSUPPORTED))))
        # Strict mode: an out-of-band value carries no bytes.
        m = message(0x000B, op_group(extra=attr(t, "x-oob", b"junk")))
        cases.append(case("out-of-band 0x%02x with a 4-octet value" % t, http_post(m), want(400, BAD)))
    group("out-of-band tags in the operation group: client-error-bad-request or the attribute unsupported", cases)


def collection(depth):
    """media-col nested `depth` levels deep (each level one member 'x' holding the next)."""
    inner = attr(0x4A, "", "x") + attr(0x21, "", struct.pack(">i", 1))
    for _ in range(depth - 1):
        inner = attr(0x4A, "", "x") + attr(0x34, "", b"") + inner + attr(0x37, "", b"")
    return attr(0x34, "media-col", b"") + inner + attr(0x37, "", b"")


def size_cases():
    cases = []
    for depth in (9, 10, 64, 1000):
        m = message(0x0004, op_group() + b"\x02" + collection(depth))
        cases.append(case("a collection %d levels deep" % depth, http_post(m), want(400, BAD)))
    m = message(0x0004, op_group() + b"\x02" + collection(3))
    cases.append(case("a collection 3 levels deep (within the limit)", http_post(m), want(200)))
    group("deep collections: past the depth limit (8), HTTP 400, client-error-bad-request", cases)

    many = b"".join(attr(0x44, "x%d" % i, "v") for i in range(100000))
    values = attr(0x44, "x-many", "v") + attr(0x44, "", "v") * 100000
    cases = [case("100,000 attributes (%d octets)" % len(many), http_post(message(0x000B, op_group(extra=many))),
                  want(413, TOO_LARGE)),
             case("one attribute with 100,001 values", http_post(message(0x000B, op_group(extra=values))),
                  want(413, TOO_LARGE)),
             case("2 MiB of attributes", http_post(message(0x000B, op_group(extra=attr(0x41, "x-big", "a" * 1000)
                                                                         * 2100))), want(413, TOO_LARGE))]
    group("100,000 attributes, 100,001 values, 2 MiB of attributes: HTTP 413, request-entity-too-large", cases)


def string_cases():
    invalid = [(b"\xff", "0xFF"), (b"\xc0\x80", "overlong NUL"), (b"\xed\xa0\x80", "a surrogate"),
               (b"\xf4\x90\x80\x80", "past U+10FFFF"), (b"abc\xe2\x82", "a cut sequence"), (b"\x80", "a lone continuation")]
    cases = []
    for raw, what in invalid:
        cases.append(case("job-name with %s" % what, http_post(print_job(name=b"job " + raw)), want(200, BAD)))
        cases.append(case("requesting-user-name with %s" % what,
                          http_post(message(0x000B, op_group(user=b"user" + raw))), want(200, BAD)))
        cases.append(case("document-name with %s" % what,
                          http_post(print_job(extra=attr(0x42, "document-name", b"doc" + raw))), want(200, BAD)))
        with_lang = struct.pack(">H", 2) + b"en" + struct.pack(">H", 4 + len(raw)) + b"name" + raw
        cases.append(case("job-name (nameWithLanguage) with %s" % what,
                          http_post(message(0x0005, op_group(extra=attr(0x36, "job-name", with_lang)))),
                          want(200, BAD)))
        cases.append(case("printer-info (Set-Printer-Attributes) with %s" % what, http_post(message(
            0x0013, op_group() + b"\x04" + attr(0x41, "printer-info", b"info" + raw))), want(200, BAD)))
    group("invalid UTF-8 in name and text values: client-error-bad-request", cases)

    long_uri = b"\x01" + attr(0x47, "attributes-charset", "utf-8") + attr(0x48, "attributes-natural-language", "en") \
        + attr(0x45, "printer-uri", URI + "/" + "p" * (1023 - len(URI)))
    long_lang = b"\x01" + attr(0x47, "attributes-charset", "utf-8") \
        + attr(0x48, "attributes-natural-language", "e" * 64) + attr(0x45, "printer-uri", URI)
    cases = [
        case("job-name of 256 octets", http_post(print_job(name="n" * 256)), want(200, TOO_LONG)),
        case("requesting-user-name of 256 octets", http_post(message(0x000B, op_group(user="u" * 256))),
             want(200, TOO_LONG)),
        case("printer-uri of 1024 octets", http_post(message(0x000B, long_uri)), want(200, TOO_LONG)),
        case("document-format (mimeMediaType) of 256 octets",
             http_post(print_job(fmt="a/" + "b" * 254)), want(200, TOO_LONG)),
        case("media keyword of 256 octets", http_post(print_job(job=attr(0x44, "media", "m" * 256))),
             want(200, TOO_LONG)),
        case("requested-attributes keyword of 256 octets", http_post(message(0x000B, op_group(
            extra=attr(0x44, "requested-attributes", "k" * 256)))), want(200, TOO_LONG)),
        case("printer-info text of 1024 octets", http_post(message(0x0013, op_group() + b"\x04"
                                                                   + attr(0x41, "printer-info", "t" * 1024))),
             want(200, TOO_LONG)),
        case("job-message-to-operator text of 1024 octets", http_post(print_job(
            job=attr(0x41, "job-message-to-operator", "t" * 1024))), want(200, (TOO_LONG, UNSUPPORTED))),
        case("attributes-natural-language of 64 octets", http_post(message(0x000B, long_lang)),
             want(200, (TOO_LONG, BAD))),
        case("a 32767-octet text value", http_post(message(0x000B, op_group(extra=attr(0x41, "x-text",
                                                                                        "t" * 32767)))),
             want(200, TOO_LONG)),
        # RFC 8010 section 3.1: value-length is a SIGNED-SHORT, so 0x8000 and up are negative.
        case("a value-length of 0x8000", http_post(message(0x000B, op_group(extra=attr(0x41, "x-text",
                                                                                        "t" * 32768)))),
             want(400, BAD)),
    ]
    # Client text echoed in a status-message must stay valid UTF-8 without control characters.
    for label, path in (("percent-encoded ESC, newline and 0xFF", "/%1b%5b31m%0d%0aX%ff"),
                        ("300 octets of two-octet characters", "/" + "\u00e9" * 150),
                        ("a C1 control (U+009B)", "/a%c2%9bb"),
                        ("a raw newline", "/a\nb")):
        uri = ("ipp://%s:%d" % (HOST, PORT) + path).encode()
        m = message(0x000B, b"\x01" + attr(0x47, "attributes-charset", "utf-8")
                    + attr(0x48, "attributes-natural-language", "en") + attr(0x45, "printer-uri", uri))
        cases.append(case("printer-uri path with " + label, http_post(m), want(200, (0x0406, BAD))))
    for label, name in (("ESC, newline and 0xFF", b"x-\x1b[31m\nI fake\xff"), ("a C1 control", b"x-\xc2\x9b"),
                        ("250 printable octets", "x-" + "e" * 248)):
        m = message(0x000B, op_group(extra=attr(0x44, name, "v")))
        v = want(200, 0x0001) if "printable octets" in label else want(200, BAD)
        cases.append(case("an unknown attribute named with " + label, http_post(m), v))
    # A client's UTF-8 echoed in a status-message must not be cut inside a character.
    for k in range(4):
        name = ("x" * k + "\u00e9" * 126).encode()
        cases.append(case("media as a name of %d octets of two-octet characters" % len(name),
                          http_post(print_job(job=attr(0x42, "media", name))),
                          want(200, (0x0001, UNSUPPORTED, 0))))
        cases.append(case("job-hold-until as a name of %d octets" % len(name),
                          http_post(print_job(job=attr(0x42, "job-hold-until", name))),
                          want(200, (0x0001, UNSUPPORTED, 0))))
    # Control characters of a client's value are not echoed raw in status-message.
    for label, raw in (("job-hold-until name", attr(0x42, "job-hold-until", b"x\x1b[31m\r\nI fake")),
                       ("media name", attr(0x42, "media", b"m\x1b]0;t\x07\xc2\x9b")),
                       ("output-bin keyword", attr(0x44, "output-bin", b"tray\x1b[2J"))):
        cases.append(case("%s with ESC and CR/LF" % label, http_post(print_job(job=raw)),
                          want(200, (0x0001, UNSUPPORTED, 0))))
    for label, fmt in (("ESC", b"application/x\x1b[31m"), ("0xFF", b"application/\xff")):
        cases.append(case("document-format with %s" % label, http_post(print_job(fmt=fmt)),
                          want(200, (0x040A, BAD, UNSUPPORTED))))
    group("over-long values (name > 255, text > 1023, keyword > 255, uri > 1023): request-value-too-long", cases)


def header_cases():
    g = gpa()
    cases = []
    for v in ((0, 0), (3, 0), (9, 9), (0, 9), (255, 255)):
        m = struct.pack(">BB", *v) + g[2:]
        cases.append(case("version %d.%d" % v, http_post(m), want(200, VERSION)))
    cases.append(case("version 1.0 (still supported)", http_post(struct.pack(">BB", 1, 0) + g[2:]), want(200, 0)))
    cases.append(case("request-id 0", http_post(g[:4] + struct.pack(">i", 0) + g[8:]), want(200, BAD)))
    cases.append(case("request-id -1", http_post(g[:4] + struct.pack(">i", -1) + g[8:]), want(200, BAD)))
    cases.append(case("no attributes-charset", http_post(gpa(charset=None)), want(200, BAD)))
    cases.append(case("attributes-charset iso-8859-1", http_post(gpa(charset=b"iso-8859-1")), want(200, CHARSET)))
    cases.append(case("attributes-charset empty", http_post(gpa(charset=b"")), want(200, (BAD, CHARSET))))
    cases.append(case("attributes-charset of 300 octets", http_post(gpa(charset=b"u" * 300)),
                      want(200, (BAD, CHARSET, TOO_LONG))))
    swapped = b"\x01" + attr(0x48, "attributes-natural-language", "en") + attr(0x47, "attributes-charset", "utf-8") \
        + attr(0x45, "printer-uri", URI)
    cases.append(case("natural-language before charset", http_post(message(0x000B, swapped)), want(200, BAD)))
    cases.append(case("no operation group", http_post(message(0x000B, b"")), want(200, BAD)))
    cases.append(case("two operation groups", http_post(message(0x000B, op_group() + op_group())), want(200, BAD)))
    cases.append(case("unknown operation 0x7777", http_post(g[:2] + b"\x77\x77" + g[4:]),
                      want(200, 0x0501)))
    cases.append(case("operation 0x0000", http_post(g[:2] + b"\x00\x00" + g[4:]), want(200, (0x0501, BAD))))
    group("versions, request-id, charset, group order: the status RFC 8011 section 4.1 names", cases)


def http_cases():
    g = gpa()
    cases = []
    # Huge Content-Length with a short body: the client half-closes.
    for cl in ("1000000000000", "18446744073709551615", "99999999999999999999999"):
        cases.append(case("Content-Length %s, %d octets sent" % (cl, len(g)),
                          http_post(g, ["Content-Length: " + cl]), refused))
    cases.append(case("Content-Length -1", http_post(g, ["Content-Length: -1"]), refused))
    cases.append(case("Content-Length abc", http_post(g, ["Content-Length: abc"]), refused))
    cases.append(case("two different Content-Lengths", http_post(g, ["Content-Length: %d" % len(g),
                                                                       "Content-Length: 5"]), refused))
    group("lying Content-Length: HTTP error or closed, promptly", cases)

    cases = []
    te = ["Transfer-Encoding: chunked"]
    chunked_ok = b"%x\r\n" % len(g) + g + b"\r\n0\r\n\r\n"
    cases.append(case("well-formed chunked Get-Printer-Attributes", http_post(chunked_ok, te), want(200, 0)))
    bad = [
        ("chunk size not hex", b"zz\r\n" + g + b"\r\n0\r\n\r\n"),
        ("chunk size overflowing 64 bits", b"fffffffffffffffffffff\r\n" + g + b"\r\n0\r\n\r\n"),
        ("chunk size larger than the data, then close", b"%x\r\n" % (len(g) + 1000) + g),
        ("no CRLF after the chunk data", b"%x\r\n" % len(g) + g + b"XX0\r\n\r\n"),
        ("negative chunk size", b"-5\r\n" + g + b"\r\n0\r\n\r\n"),
        ("no last chunk", b"%x\r\n" % len(g) + g + b"\r\n"),
        ("a chunk extension 10,000 octets long", b"%x;" % len(g) + b"e" * 10000 + b"\r\n" + g + b"\r\n0\r\n\r\n"),
        ("chunked and Content-Length together", b"%x\r\n" % len(g) + g + b"\r\n0\r\n\r\n"),
    ]
    for label, body in bad:
        hdr = te + (["Content-Length: 5"] if "Content-Length" in label else [])
        # A body cut in the middle of the request: either an HTTP error or the attributes rejected.
        cases.append(case(label, http_post(body, hdr), lambda a: "" if (a.http is None or a.http >= 400 or
                                                                         (a.http == 200 and a.ipp is not None))
                          and not a.timeout else "want an HTTP error, an IPP answer or a close"))
    group("chunked encoding errors: HTTP 400 or closed (or an IPP error for a cut body), promptly", cases)

    cases = []
    flood = ["X-Flood-%d: %s" % (i, "v" * 20) for i in range(10000)]
    cases.append(case("10,000 headers", http_post(g, ["Content-Length: %d" % len(g)] + flood), refused))
    cases.append(case("one 100 kB header", http_post(g, ["Content-Length: %d" % len(g), "X-Big: " + "b" * 100000]),
                      refused))
    cases.append(case("a 100 kB request line", b"POST /" + b"p" * 100000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", refused))
    cases.append(case("a header without a colon", http_post(g, ["Content-Length: %d" % len(g), "NoColonHere"]),
                      lambda a: "" if not a.timeout else "no answer"))
    cases.append(case("a NUL in a header", http_post(g, ["Content-Length: %d" % len(g), "X-Nul: a\x00b"]),
                      lambda a: "" if not a.timeout else "no answer"))
    cases.append(case("binary garbage instead of HTTP", bytes(range(256)) * 40, refused))
    cases.append(case("HTTP/9.9", http_post(g).replace(b"HTTP/1.1", b"HTTP/9.9", 1), refused))
    cases.append(case("a Host header with a newline escape attempt",
                      http_post(g, ["Content-Length: %d" % len(g), "X-Forwarded-Host: a\r\n"]),
                      lambda a: "" if not a.timeout else "no answer"))
    group("header floods and broken HTTP: HTTP 4xx or closed, promptly", cases)


def main():
    t0 = time.monotonic()
    if server_ok():
        print("not ok - ippd answers a normal Get-Printer-Attributes before the cases: " + server_ok())
        return 1
    for part in (request_cases, tag_cases, size_cases, string_cases, header_cases, http_cases):
        part()
        if dead:
            print("not ok - ippd died or reported an error; the remaining groups were not run")
            results["not ok"] += 1
            break
    print("# %d cases in %d groups, each followed by a Get-Printer-Attributes, in %.1f s"
          % (results["cases"], results["ok"] + results["not ok"], time.monotonic() - t0))
    return 1 if results["not ok"] else 0


if __name__ == "__main__":
    if SET_INFO is not None:
        PDF = b""
        a = exchange(http_post(message(0x0013, op_group() + b"\x04" + attr(0x41, "printer-info", SET_INFO))))
        print(sname(a.ipp))
        sys.exit(0)
    sys.exit(main())
