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

With --post the request is sent with an HTTP POST and the response body is
written to -o (or stdout); --save-request keeps the request too.
"""

import argparse
import getpass
import struct
import sys
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
}

# Delimiter and value tags (RFC 8010 section 3.5).
TAG_OPERATION = 0x01
TAG_END = 0x03
TAG_INTEGER = 0x21
TAG_BOOLEAN = 0x22
TAG_NAME = 0x42
TAG_KEYWORD = 0x44
TAG_URI = 0x45
TAG_CHARSET = 0x47
TAG_LANGUAGE = 0x48
TAG_MIME = 0x49


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


def build(args):
    """The request bytes: header, operation attributes, end tag, then any document."""
    op = OPERATIONS[args.operation]
    body = struct.pack(">BBHi", args.version[0], args.version[1], op, args.request_id)
    body += bytes([TAG_OPERATION])
    body += attr(TAG_CHARSET, "attributes-charset", ["utf-8"])
    body += attr(TAG_LANGUAGE, "attributes-natural-language", ["en"])
    body += attr(TAG_URI, "printer-uri", [args.uri])
    if args.job_id is not None:
        body += attr(TAG_INTEGER, "job-id", [args.job_id])
    body += attr(TAG_NAME, "requesting-user-name", [args.user])
    if args.job_name:
        body += attr(TAG_NAME, "job-name", [args.job_name])
    if args.format:
        body += attr(TAG_MIME, "document-format", [args.format])
    if args.operation == "send-document":
        body += attr(TAG_BOOLEAN, "last-document", [True])
    if args.which_jobs:
        body += attr(TAG_KEYWORD, "which-jobs", [args.which_jobs])
    requested = [r for item in args.requested for r in item.split(",") if r]
    if requested:
        body += attr(TAG_KEYWORD, "requested-attributes", requested)
    body += bytes([TAG_END])
    if args.file:
        with open(args.file, "rb") as f:
            body += f.read()
    return body


def post(url, body, timeout):
    """Sends the request and returns the response body."""
    if url.startswith("ipp://"):
        url = "http://" + url[len("ipp://"):]
    req = urllib.request.Request(url, data=body, method="POST",
                                 headers={"Content-Type": "application/ipp"})
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        return resp.read()


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
    p.add_argument("--requested", action="append", default=[],
                   help="requested-attributes value (repeat or comma-separate)")
    p.add_argument("--format", help="document-format attribute")
    p.add_argument("--file", help="document bytes to append after the attributes")
    p.add_argument("--job-id", type=int)
    p.add_argument("--job-name")
    p.add_argument("--which-jobs")
    p.add_argument("--user", default=getpass.getuser())
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
    write(args.output, post(args.post, body, args.timeout))
    return 0


if __name__ == "__main__":
    sys.exit(main())
