#!/usr/bin/env python3
"""Writes (and optionally sends) a binary IPP request: a test helper, not product code.

SPDX-License-Identifier: Apache-2.0
Copyright 2026 The ippd authors

The request is encoded by hand following RFC 8010 section 3 (all lengths and
integers big-endian), so that it does not depend on our own C codec.

  ipp-request.py get-printer-attributes --uri ipp://localhost:8631/ipp/print \
      [--requested all --requested media-col-database] -o req.bin
  ipp-request.py print-job --uri URI --format application/pdf --file doc.pdf -o req.bin
  ipp-request.py get-printer-attributes --uri URI --post http://localhost:8631/ipp/print \
      -o resp.bin
  ipp-request.py print-job --uri URI --file doc.pdf --format application/pdf \
      --attr op:boolean:ipp-attribute-fidelity=true --attr job:keyword:media=na_letter_8.5x11in \
      --post URL --show

With --post the request is sent with an HTTP POST and the response body is
written to -o (or stdout); --save-request keeps the request too.  With --show
the response is printed as text instead (and still written to -o if given),
one line per attribute, so that shell tests can grep it:

  http-status 200
  version 2.0
  status client-error-not-found 0x0406
  request-id 1
  group op
  op.status-message = Job 9 does not exist.
  group job
  job.job-state = 9
  unsupported.media = foo

(an HTTP error status is shown, not raised, with its body decoded when it is
IPP).  --attr GROUP:SYNTAX:NAME=V1,V2 adds any attribute: GROUP is op, job or printer,
SYNTAX one of the SYNTAXES below (text takes the whole value, the others split
at commas).
"""

import argparse
import getpass
import struct
import sys
import urllib.error
import urllib.request

# Operation codes (RFC 8011 section 5.4.15).
OPERATIONS = {
    "print-job": 0x0002,
    "validate-job": 0x0004,
    "create-job": 0x0005,
    "send-document": 0x0006,
    "cancel-job": 0x0008,
    "get-job-attributes": 0x0009,
    "get-jobs": 0x000A,
    "get-printer-attributes": 0x000B,
    "hold-job": 0x000C,
    "release-job": 0x000D,
    "restart-job": 0x000E,
    "pause-printer": 0x0010,
    "resume-printer": 0x0011,
    "purge-jobs": 0x0012,
    "set-printer-attributes": 0x0013,
    "set-job-attributes": 0x0014,
    "cancel-current-job": 0x002D,
    "cancel-jobs": 0x0038,
    "cancel-my-jobs": 0x0039,
    "close-job": 0x003B,
    "identify-printer": 0x003C,
    # PWG 5100.22 System Service, sent with --system-uri.
    "create-printer": 0x004C,
    "delete-printer": 0x004E,
    "get-printers": 0x004F,
    "get-system-attributes": 0x005B,
    "pause-all-printers": 0x005D,
    "pause-all-printers-after-current-job": 0x005E,
    "resume-all-printers": 0x0061,
    "print-uri": 0x0003,
    "send-uri": 0x0007,
    "get-printer-supported-values": 0x0015,
    "enable-printer": 0x0022,
    "disable-printer": 0x0023,
    "pause-printer-after-current-job": 0x0024,
    "hold-new-jobs": 0x0025,
    "release-held-new-jobs": 0x0026,
    "restart-printer": 0x0029,
    "shutdown-printer": 0x002A,
    "startup-printer": 0x002B,
    "reprocess-job": 0x002C,
    "suspend-current-job": 0x002E,
    "resume-job": 0x002F,
    "promote-job": 0x0030,
    "schedule-job-after": 0x0031,
    "cancel-document": 0x0033,
    "get-document-attributes": 0x0034,
    "get-documents": 0x0035,
    "set-document-attributes": 0x0037,
    "resubmit-job": 0x003A,
    "validate-document": 0x003D,
}

# Delimiter and value tags (RFC 8010 section 3.5).
TAG_OPERATION = 0x01
TAG_JOB = 0x02
TAG_END = 0x03
TAG_INTEGER = 0x21
TAG_BOOLEAN = 0x22
TAG_NAME = 0x42
TAG_KEYWORD = 0x44
TAG_URI = 0x45
TAG_CHARSET = 0x47
TAG_LANGUAGE = 0x48
TAG_MIME = 0x49

# Syntaxes accepted by --attr (RFC 8010 section 3.5.2).
SYNTAXES = {
    "no-value": 0x13, "integer": 0x21, "boolean": 0x22, "enum": 0x23,
    "octetString": 0x30, "resolution": 0x32, "rangeOfInteger": 0x33, "text": 0x41,
    "name": 0x42, "keyword": 0x44, "uri": 0x45, "uriScheme": 0x46, "charset": 0x47,
    "naturalLanguage": 0x48, "mimeMediaType": 0x49,
}
GROUP_NAMES = {0x01: "op", 0x02: "job", 0x04: "printer", 0x05: "unsupported",
               0x06: "subscription", 0x07: "event", 0x09: "document", 0x0A: "system"}
STATUS_NAMES = {
    0x0000: "successful-ok", 0x0001: "successful-ok-ignored-or-substituted-attributes",
    0x0002: "successful-ok-conflicting-attributes", 0x0400: "client-error-bad-request",
    0x0401: "client-error-forbidden", 0x0402: "client-error-not-authenticated",
    0x0403: "client-error-not-authorized", 0x0404: "client-error-not-possible",
    0x0405: "client-error-timeout", 0x0406: "client-error-not-found", 0x0407: "client-error-gone",
    0x0408: "client-error-request-entity-too-large", 0x0409: "client-error-request-value-too-long",
    0x040A: "client-error-document-format-not-supported",
    0x040B: "client-error-attributes-or-values-not-supported",
    0x040C: "client-error-uri-scheme-not-supported", 0x040D: "client-error-charset-not-supported",
    0x040E: "client-error-conflicting-attributes", 0x040F: "client-error-compression-not-supported",
    0x0410: "client-error-compression-error", 0x0411: "client-error-document-format-error",
    0x0412: "client-error-document-access-error", 0x0413: "client-error-attributes-not-settable",
    0x0500: "server-error-internal-error",
    0x0501: "server-error-operation-not-supported", 0x0502: "server-error-service-unavailable",
    0x0503: "server-error-version-not-supported", 0x0504: "server-error-device-error",
    0x0505: "server-error-temporary-error", 0x0506: "server-error-not-accepting-jobs",
    0x0507: "server-error-busy", 0x0508: "server-error-job-canceled",
    0x0509: "server-error-multiple-document-jobs-not-supported",
}


def attr(tag, name, values):
    """One attribute: the first value carries the name, the others an empty name."""
    out = b""
    for i, value in enumerate(values):
        if isinstance(value, bool):
            raw = struct.pack(">?", value)
        elif isinstance(value, int):
            raw = struct.pack(">i", value)
        else:
            raw = value.encode("utf-8")
        key = name.encode("utf-8") if i == 0 else b""
        out += struct.pack(">BH", tag, len(key)) + key + struct.pack(">H", len(raw)) + raw
    return out


def encode_value(syntax, text):
    """One --attr value in the wire form of its syntax."""
    if syntax in ("integer", "enum"):
        return struct.pack(">i", int(text, 0))
    if syntax == "boolean":
        return struct.pack(">?", text.lower() in ("true", "1", "yes"))
    if syntax == "no-value":
        return b""
    if syntax == "resolution":  # 300x600dpi or 300dpi
        units = 4 if text.endswith("dpcm") else 3
        dims = text.rstrip("dpicm").split("x")
        return struct.pack(">iiB", int(dims[0]), int(dims[-1]), units)
    if syntax == "rangeOfInteger":
        low, high = text.split("-", 1)
        return struct.pack(">ii", int(low), int(high))
    return text.encode("utf-8")


def extra_attrs(args, group):
    """The --attr attributes of one group ('op', 'job' or 'doc'), encoded."""
    out = b""
    for spec in args.attr:
        try:
            where, syntax, rest = spec.split(":", 2)
            name, values = rest.split("=", 1)
        except ValueError:
            raise SystemExit("--attr wants GROUP:SYNTAX:NAME=VALUES, not %r" % spec)
        if where not in ("op", "job", "printer", "doc") or syntax not in SYNTAXES:
            raise SystemExit("--attr %r: group op|job|printer|doc, syntax one of %s" % (spec, ", ".join(SYNTAXES)))
        if where != group:
            continue
        tag = SYNTAXES[syntax]
        for i, value in enumerate(values.split(",") if syntax != "text" else [values]):
            raw = encode_value(syntax, value)
            key = name.encode("utf-8") if i == 0 else b""
            out += struct.pack(">BH", tag, len(key)) + key + struct.pack(">H", len(raw)) + raw
    return out


def build(args):
    """The request bytes: header, operation attributes, end tag, then any document."""
    op = OPERATIONS[args.operation]
    body = struct.pack(">BBHi", args.version[0], args.version[1], op, args.request_id)
    body += bytes([TAG_OPERATION])
    body += attr(TAG_CHARSET, "attributes-charset", ["utf-8"])
    body += attr(TAG_LANGUAGE, "attributes-natural-language", ["en"])
    if args.system_uri:
        body += attr(TAG_URI, "system-uri", [args.system_uri])
    elif args.job_uri:
        body += attr(TAG_URI, "job-uri", [args.job_uri])
    else:
        body += attr(TAG_URI, "printer-uri", [args.uri])
    if args.job_id is not None:
        body += attr(TAG_INTEGER, "job-id", [args.job_id])
    if args.user:
        body += attr(TAG_NAME, "requesting-user-name", [args.user])
    if args.job_name:
        body += attr(TAG_NAME, "job-name", [args.job_name])
    if args.format:
        body += attr(TAG_MIME, "document-format", [args.format])
    if args.operation in ("send-document", "send-uri"):
        body += attr(TAG_BOOLEAN, "last-document", [not args.not_last])
    if args.which_jobs:
        body += attr(TAG_KEYWORD, "which-jobs", [args.which_jobs])
    requested = [r for item in args.requested for r in item.split(",") if r]
    if requested:
        body += attr(TAG_KEYWORD, "requested-attributes", requested)
    body += extra_attrs(args, "op")
    job = extra_attrs(args, "job")
    if job:
        body += bytes([TAG_JOB]) + job
    printer = extra_attrs(args, "printer")
    if printer:
        body += bytes([0x04]) + printer
    doc = extra_attrs(args, "doc")
    if doc:
        body += bytes([0x09]) + doc  # document-attributes-tag (PWG 5100.5)
    body += bytes([TAG_END])
    if args.file:
        with open(args.file, "rb") as f:
            body += f.read()
    return body


def post(url, body, timeout, keep_errors=False):
    """Sends the request and returns the response body (and the HTTP status with keep_errors)."""
    if url.startswith("ipp://"):
        url = "http://" + url[len("ipp://"):]
    req = urllib.request.Request(url, data=body, method="POST",
                                 headers={"Content-Type": "application/ipp"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            data = resp.read()
            return (resp.status, resp.headers.get("Content-Type", ""), data) if keep_errors else data
    except urllib.error.HTTPError as e:
        if not keep_errors:
            raise
        return e.code, e.headers.get("Content-Type", ""), e.read()


def show_value(tag, raw):
    """A value as text for --show."""
    if tag in (0x21, 0x23) and len(raw) == 4:
        return str(struct.unpack(">i", raw)[0])
    if tag == 0x22 and len(raw) == 1:
        return "true" if raw[0] else "false"
    if tag == 0x32 and len(raw) == 9:
        x, y, units = struct.unpack(">iiB", raw)
        return "%dx%d%s" % (x, y, "dpi" if units == 3 else "dpcm")
    if tag == 0x33 and len(raw) == 8:
        return "%d-%d" % struct.unpack(">ii", raw)
    if tag == 0x31:
        return "dateTime(%s)" % raw.hex()
    if 0x10 <= tag < 0x20:
        return {0x10: "unsupported", 0x12: "unknown", 0x13: "no-value"}.get(tag, "out-of-band-%#x" % tag)
    if tag in (0x35, 0x36):  # with language: length, language, length, text
        n = struct.unpack(">H", raw[:2])[0]
        return raw[4 + n:].decode("utf-8", "replace")
    return raw.decode("utf-8", "replace")


def show(http_status, content_type, data, out):
    """Prints a response (or the HTTP status alone when the body is not IPP) as text lines."""
    out.write("http-status %d\n" % http_status)
    out.write("content-type %s\n" % (content_type or "-"))
    if not content_type.startswith("application/ipp") or len(data) < 9:
        out.write("body %d octets\n" % len(data))
        return
    major, minor, status, request_id = struct.unpack(">BBHi", data[:8])
    out.write("version %d.%d\n" % (major, minor))
    out.write("status %s %#06x\n" % (STATUS_NAMES.get(status, "unknown"), status))
    out.write("request-id %d\n" % request_id)
    pos, group, name, values, depth = 8, "?", None, [], 0

    def flush():
        if name is not None:
            out.write("%s.%s = %s\n" % (group, name, ",".join(values)))

    while pos < len(data):
        tag = data[pos]
        pos += 1
        if tag < 0x10:
            flush()
            name, values = None, []
            if tag == TAG_END:
                break
            group = GROUP_NAMES.get(tag, "group-%#x" % tag)
            out.write("group %s\n" % group)
            continue
        if pos + 2 > len(data):
            out.write("malformed at byte %d\n" % pos)
            return
        nlen = struct.unpack(">H", data[pos:pos + 2])[0]
        key = data[pos + 2:pos + 2 + nlen].decode("utf-8", "replace")
        pos += 2 + nlen
        if pos + 2 > len(data):
            out.write("malformed at byte %d\n" % pos)
            return
        vlen = struct.unpack(">H", data[pos:pos + 2])[0]
        raw = data[pos + 2:pos + 2 + vlen]
        pos += 2 + vlen
        if depth:  # inside a collection: only track nesting
            depth += {0x34: 1, 0x37: -1}.get(tag, 0)
            continue
        if key:
            flush()
            name, values = key, []
        if tag == 0x34:
            depth = 1
            values.append("{collection}")
        else:
            values.append(show_value(tag, raw))
    else:
        flush()
        out.write("malformed: no end-of-attributes-tag\n")


def write(path, data):
    if path in (None, "-"):
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        with open(path, "wb") as f:
            f.write(data)


def main():
    p = argparse.ArgumentParser(description="Write or send a binary IPP request.")
    p.add_argument("operation", choices=sorted(OPERATIONS))
    p.add_argument("--uri", required=True, help="printer-uri attribute")
    p.add_argument("--job-uri", help="target the job by job-uri instead of printer-uri")
    p.add_argument("--system-uri", help="target the system (PWG 5100.22) by system-uri instead of printer-uri")
    p.add_argument("--requested", action="append", default=[],
                   help="requested-attributes value (repeat or comma-separate)")
    p.add_argument("--format", help="document-format attribute")
    p.add_argument("--file", help="document bytes to append after the attributes")
    p.add_argument("--job-id", type=int)
    p.add_argument("--job-name")
    p.add_argument("--which-jobs")
    p.add_argument("--user", default=getpass.getuser(),
                   help="requesting-user-name ('' leaves it out)")
    p.add_argument("--not-last", action="store_true",
                   help="send-document: last-document false")
    p.add_argument("--attr", action="append", default=[],
                   metavar="GROUP:SYNTAX:NAME=VALUES", help="any other attribute (see above)")
    p.add_argument("--show", action="store_true", help="with --post: print the response as text")
    p.add_argument("--request-id", type=int, default=1)
    p.add_argument("--version", default="2.0", type=lambda v: tuple(int(x) for x in v.split(".")))
    p.add_argument("--post", metavar="URL", help="send the request and keep the response body")
    p.add_argument("--timeout", type=float, default=10.0)
    p.add_argument("--save-request", metavar="FILE", help="with --post: also write the request")
    p.add_argument("-o", "--output", help="output file (default stdout)")
    args = p.parse_args()

    body = build(args)
    if not args.post:
        write(args.output, body)
        return 0
    if args.save_request:
        write(args.save_request, body)
    if args.show:
        http_status, content_type, data = post(args.post, body, args.timeout, keep_errors=True)
        if args.output:
            write(args.output, data)
        show(http_status, content_type, data, sys.stdout)
        return 0
    write(args.output, post(args.post, body, args.timeout))
    return 0


if __name__ == "__main__":
    sys.exit(main())
