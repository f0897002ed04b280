#!/usr/bin/env python3
"""IPP requests with HTTP Basic credentials, and the role-table matrix: a test helper for access.sh.

SPDX-License-Identifier: Apache-2.0
Copyright 2026 The ippd authors

Requests are encoded by hand (RFC 8010 section 3), independent of our C codec.

  access-client.py call URL URI OPERATION USER[:PASSWORD] [job-id=N] [job-name=TEXT] [hold=1]
      one request; prints "http N", "status 0xNNNN", then "GROUP.NAME = v1,v2" lines.
      USER "-" sends no requesting-user-name and no credentials.
  access-client.py matrix URL URI SECURITY.md ANON A:PW B:PW OPERATOR:PW ADMIN:PW
      for every operation in operations-supported (of the printer, or of the System
      Service when URI ends in /ipp/system), for each identity, compares the
      outcome (ok / 401 / forbidden) with what the role table in SECURITY.md says;
      prints one "ok - ..." or "not ok - ..." line per cell.
"""

import base64
import re
import struct
import sys
import time
import urllib.error
import urllib.request

OK, UNAUTH, FORBIDDEN = "ok", "401", "forbidden"

OP_NAMES = {}  # filled from SECURITY.md: name -> code


def attr(tag, name, value):
    """One attribute; a list value gives one value each (the additional ones with an empty name)."""
    out = b""
    for i, v in enumerate(value if isinstance(value, list) else [value]):
        if isinstance(v, bool):
            raw = struct.pack(">?", v)
        elif isinstance(v, int):
            raw = struct.pack(">i", v)
        else:
            raw = v.encode("utf-8")
        key = name.encode("utf-8") if i == 0 else b""
        out += struct.pack(">BH", tag, len(key)) + key + struct.pack(">H", len(raw)) + raw
    return out


def encode(op, uri, user, extra, request_id=1):
    body = struct.pack(">BBHI", 2, 0, op, request_id) + b"\x01"
    body += attr(0x47, "attributes-charset", "utf-8")
    body += attr(0x48, "attributes-natural-language", "en")
    # The System Service (/ipp/system) is named by system-uri, a printer by printer-uri.
    body += attr(0x45, "system-uri" if uri.endswith("/ipp/system") else "printer-uri", uri)
    # A requesting-user-name among the extras replaces USER's: a name twice in a group is refused.
    if user and not any(name == "requesting-user-name" for _, name, _ in extra):
        body += attr(0x42, "requesting-user-name", user)
    for tag, name, value in extra:
        body += attr(tag, name, value)
    return body + b"\x03"


def decode(data):
    """(status, [(group-tag, name, [values])]) of a response; values as text or int."""
    if len(data) < 8:
        return None, []
    status = struct.unpack(">H", data[2:4])[0]
    pos, group, out, last = 8, 0, [], None
    while pos < len(data):
        tag = data[pos]
        pos += 1
        if tag == 0x03:
            break
        if tag < 0x10:
            group = tag
            continue
        nlen = struct.unpack(">H", data[pos:pos + 2])[0]
        name = data[pos + 2:pos + 2 + nlen].decode("utf-8", "replace")
        pos += 2 + nlen
        vlen = struct.unpack(">H", data[pos:pos + 2])[0]
        raw = data[pos + 2:pos + 2 + vlen]
        pos += 2 + vlen
        if tag in (0x21, 0x23) and vlen == 4:
            value = struct.unpack(">i", raw)[0]
        elif tag == 0x22:
            value = "true" if raw == b"\x01" else "false"
        elif tag >= 0x40:
            value = raw.decode("utf-8", "replace")
        else:
            value = "<0x%02x>" % tag
        if name:
            last = (group, name, [value])
            out.append(last)
        elif last:
            last[2].append(value)
    return status, out


def post(url, body, cred):
    req = urllib.request.Request(url, data=body, headers={"Content-Type": "application/ipp"})
    if cred and ":" in cred:
        req.add_header("Authorization", "Basic " + base64.b64encode(cred.encode()).decode())
    try:
        with urllib.request.urlopen(req, timeout=20) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def call(url, uri, op, who, extra, document=b""):
    user = None if who == "-" else who.split(":", 1)[0]
    cred = None if who == "-" or ":" not in who else who
    http, data = post(url, encode(op, uri, user, extra) + document, cred)
    status, attrs = decode(data)
    return http, status, attrs


def outcome(http, status):
    if http == 401 or status == 0x0402:
        return UNAUTH if http == 401 and status == 0x0402 else "bad-401(http %d status %s)" % (http, status)
    if status in (0x0401, 0x0403):
        return FORBIDDEN
    if http != 200:
        return "http-%d" % http
    return OK


# What each class allows, for the columns anonymous, A (owner), B (other), operator, admin.
EXPECT = {
    "anyone": [OK, OK, OK, OK, OK],
    "user": [UNAUTH, OK, OK, OK, OK],
    "owner": [UNAUTH, OK, FORBIDDEN, OK, OK],
    "operator": [UNAUTH, FORBIDDEN, FORBIDDEN, OK, OK],
    "admin": [UNAUTH, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK],
}
# Run last: they remove jobs or printers the other rows need.
LAST = ["Purge-Jobs", "Delete-Printer", "Shutdown-Printer", "Shutdown-One-Printer", "Shutdown-All-Printers",
        "Restart-System", "Deactivate-Printer", "Disable-Printer", "Disable-All-Printers"]


def role_table(path):
    """{operation name: (code, class)} from the rows '| Name | 0xNNNN | class | ...' of SECURITY.md."""
    table = {}
    for line in open(path, encoding="utf-8"):
        m = re.match(r"^\|\s*([A-Z][A-Za-z-]+)\s*\|\s*(0x[0-9a-fA-F]{4})\s*\|\s*(anyone|user|owner|operator|admin)\s*\|",
                     line)
        if m:
            table[m.group(1)] = (int(m.group(2), 16), m.group(3))
    return table


def new_job(url, uri, owner):
    extra = [(0x42, "job-name", "matrix"), (0x44, "job-hold-until", "indefinite")]
    http, status, attrs = call(url, uri, 0x0005, owner, extra)
    for _, name, values in attrs:
        if name == "job-id":
            return values[0]
    return None


def new_subscription(url, uri, owner):
    """An ippget printer subscription owned by `owner`: the subscription rows act on it."""
    body = encode(0x0016, uri, owner.split(":", 1)[0], [])[:-1]
    body += b"\x06" + attr(0x44, "notify-pull-method", "ippget") + b"\x03"
    http, data = post(url, body, owner if ":" in owner else None)
    status, attrs = decode(data)
    for _, name, values in attrs:
        if name == "notify-subscription-id":
            return values[0]
    return None


def notify_view(url, uri, viewer, owner, job_name):
    """`viewer` subscribes to job-created with notify-attributes job-name and job-originating-user-name,
    `owner` creates a job named `job_name`, `viewer` fetches the notifications: prints the events' attributes."""
    body = encode(0x0016, uri, viewer.split(":", 1)[0], [])[:-1]
    body += b"\x06" + attr(0x44, "notify-pull-method", "ippget") + attr(0x44, "notify-events", "job-created")
    body += attr(0x44, "notify-attributes", ["job-name", "job-originating-user-name"]) + b"\x03"
    http, data = post(url, body, viewer)
    status, attrs = decode(data)
    sid = next((v[0] for _, n, v in attrs if n == "notify-subscription-id"), None)
    if sid is None:
        print("no subscription (http %d status %s)" % (http, status))
        return 1
    new_job_named(url, uri, owner, job_name)
    http, status, attrs = call(url, uri, 0x001C, viewer, [(0x21, "notify-subscription-ids", sid),
                                                            (0x22, "notify-wait", False)])
    print("http %d" % http)
    print("status 0x%04x" % (status if status is not None else 0xFFFF))
    for g, name, values in attrs:
        if g == 0x07:
            print("event.%s = %s" % (name, ",".join(str(v) for v in values)))
    return 0


def new_job_named(url, uri, owner, name):
    extra = [(0x42, "job-name", name), (0x44, "job-hold-until", "indefinite")]
    call(url, uri, 0x0005, owner, extra)


def matrix(url, uri, doc, identities):
    table = role_table(doc)
    by_code = {code: (name, cls) for name, (code, cls) in table.items()}
    system = uri.endswith("/ipp/system")
    get_attrs = 0x005B if system else 0x000B
    http, status, attrs = call(url, uri, get_attrs, identities[4], [(0x44, "requested-attributes", "operations-supported")])
    ops = []
    for _, name, values in attrs:
        if name == "operations-supported":
            ops = values
    if not ops:
        print("not ok - operations-supported read from %s (http %s status %s)" % (uri, http, status))
        return 1
    print("ok - operations-supported of %s lists %d operations" % (uri, len(ops)))
    rows, bad = [], 0
    for code in ops:
        if code not in by_code:
            print("not ok - operation 0x%04x is supported but has no row in docs/SECURITY.md's role table" % code)
            bad += 1
            continue
        rows.append((code,) + by_code[code])
    rows.sort(key=lambda r: (r[1] in LAST, LAST.index(r[1]) if r[1] in LAST else 0))
    labels = ["anonymous", "A (owner)", "B (other)", "operator", "admin"]
    for code, name, cls in rows:
        job = None if system else new_job(url, uri, identities[1])
        extra = [(0x21, "job-id", job)] if job else []
        if not system:
            extra.append((0x22, "last-document", False))
        for col, who in enumerate(identities):
            call_extra = extra
            if name in ("Renew-Subscription", "Cancel-Subscription"):
                # A fresh subscription of A's each time: Cancel-Subscription ends the one it names.
                sid = new_subscription(url, uri, identities[1])
                call_extra = extra + ([(0x21, "notify-subscription-id", sid)] if sid else [])
            http, status, _ = call(url, uri, code, who, call_extra)
            got = outcome(http, status)
            want = EXPECT[cls][col]
            line = "%s%s by %s: %s (class %s; http %d, status 0x%04x)" % (
                "system " if system else "", name, labels[col], got, cls, http, status or 0)
            if got == want:
                print("ok - " + line)
            else:
                print("not ok - %s, expected %s" % (line, want))
                bad += 1
    return 1 if bad else 0


def tty_passwd(ippd, state, user, first, second):
    """Runs `ippd passwd` on a pseudo-terminal, types two passwords; prints the transcript and the exit status."""
    import os
    import pty
    import select
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(ippd, [ippd, "passwd", "--state-dir", state, user])
    out = b""

    def read_until(token, seconds=10):
        nonlocal out
        end = time.time() + seconds
        while token not in out and time.time() < end:
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(fd, 1024)
                except OSError:
                    return
                if not chunk:
                    return
                out += chunk

    read_until(b"New password")
    os.write(fd, first.encode() + b"\n")
    read_until(b"Again")
    os.write(fd, second.encode() + b"\n")
    read_until(b"\n" + user.encode(), 10)
    read_until(b"nothing changed", 1)
    _, status = os.waitpid(pid, 0)
    print(out.decode("utf-8", "replace"))
    print("exit %d" % os.waitstatus_to_exitcode(status))
    return 0


def main(argv):
    if len(argv) >= 5 and argv[0] == "call":
        url, uri, op, who = argv[1:5]
        extra, document = [], b""
        for kv in argv[5:]:
            k, v = kv.split("=", 1)
            if k == "data":
                document = v.encode() + b"\n"
            elif k == "format":
                extra.append((0x49, "document-format", v))
            elif k == "job-id":
                extra.append((0x21, "job-id", int(v)))
            elif k == "hold":
                extra.append((0x44, "job-hold-until", "indefinite"))
            elif k == "requested":
                extra.append((0x44, "requested-attributes", v.split(",")))
            elif k == "which-jobs":
                extra.append((0x44, "which-jobs", v))
            else:
                extra.append((0x42, k, v))
        http, status, attrs = call(url, uri, int(op, 0), who, extra, document)
        print("http %d" % http)
        print("status 0x%04x" % (status if status is not None else 0xFFFF))
        groups = {0x01: "op", 0x02: "job", 0x04: "printer", 0x05: "unsupported"}
        for g, name, values in attrs:
            print("%s.%s = %s" % (groups.get(g, str(g)), name, ",".join(str(v) for v in values)))
        return 0
    if len(argv) == 6 and argv[0] == "notify-view":
        return notify_view(*argv[1:6])
    if len(argv) == 6 and argv[0] == "tty-passwd":
        return tty_passwd(*argv[1:6])
    if len(argv) == 9 and argv[0] == "matrix":
        return matrix(argv[1], argv[2], argv[3], argv[4:9])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
