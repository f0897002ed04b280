#!/usr/bin/env python3
"""Subscriptions and ippget notifications against a live ippd: a test driver for subscriptions.sh.

SPDX-License-Identifier: Apache-2.0
Copyright 2026 The ippd authors

  subscriptions.py main URI PID          the model, the operations, notify-wait (prints ok/not ok lines)
  subscriptions.py before URI STATEFILE  makes subscriptions and events, writes what it made to STATEFILE
  subscriptions.py hold URI STATEFILE    a notify-wait request that ippd's stop must answer
  subscriptions.py after URI STATEFILE   after a restart: the same subscriptions, numbers that go on
  subscriptions.py v1db DBFILE           writes a schema-version-1 database (from before subscriptions)
  subscriptions.py v1check URI           that database's job is there, and subscriptions work on it

Requests are encoded by hand (RFC 8010), not with our codec.
"""

import json
import os
import select
import socket
import sqlite3
import struct
import sys
import time
import urllib.parse

OP = {"print-job": 0x02, "create-job": 0x05, "get-job-attributes": 0x09, "pause": 0x10, "resume": 0x11,
      "set-printer": 0x13, "set-job": 0x14, "hold-job": 0x0C, "cancel-job": 0x08,
      "create-printer-subs": 0x16, "create-job-subs": 0x17, "get-sub-attrs": 0x18, "get-subs": 0x19,
      "renew": 0x1A, "cancel-sub": 0x1B, "get-notifications": 0x1C}
T_INT, T_BOOL, T_ENUM, T_OCTETS, T_RANGE, T_TEXT, T_NAME, T_KEYWORD, T_URI, T_CHARSET, T_LANG, T_MIME = (
    0x21, 0x22, 0x23, 0x30, 0x33, 0x41, 0x42, 0x44, 0x45, 0x47, 0x48, 0x49)
G_OP, G_JOB, G_PRINTER, G_UNSUP, G_SUB, G_EVENT = 1, 2, 4, 5, 6, 7

failed = 0
passed = 0


def check(name, cond, detail=""):
    global failed, passed
    if cond:
        passed += 1
        print("ok - " + name)
    else:
        failed += 1
        print("not ok - " + name)
        if detail:
            for line in str(detail).splitlines()[:12]:
                print("    # " + line)


def enc_attr(tag, name, values):
    out = b""
    for i, v in enumerate(values if isinstance(values, list) else [values]):
        if tag in (T_INT, T_ENUM):
            raw = struct.pack(">i", v)
        elif tag == T_BOOL:
            raw = struct.pack(">?", v)
        elif isinstance(v, bytes):
            raw = v
        else:
            raw = v.encode()
        key = name.encode() if i == 0 else b""
        out += struct.pack(">BH", tag, len(key)) + key + struct.pack(">H", len(raw)) + raw
    return out


class Ipp:
    def __init__(self, uri):
        self.uri = uri
        u = urllib.parse.urlparse(uri)
        self.host, self.port, self.path = u.hostname, u.port, u.path
        self.rid = 0

    def encode(self, op, attrs=(), groups=(), user="alice", data=b""):
        self.rid += 1
        body = struct.pack(">BBHi", 2, 0, OP[op], self.rid) + bytes([G_OP])
        body += enc_attr(T_CHARSET, "attributes-charset", "utf-8")
        body += enc_attr(T_LANG, "attributes-natural-language", "en")
        body += enc_attr(T_URI, "printer-uri", self.uri)
        if user:
            body += enc_attr(T_NAME, "requesting-user-name", user)
        for a in attrs:
            body += enc_attr(*a)
        for tag, group in groups:
            body += bytes([tag])
            for a in group:
                body += enc_attr(*a)
        return body + b"\x03" + data

    def http(self, body):
        return (b"POST %s HTTP/1.1\r\nHost: %s:%d\r\nContent-Type: application/ipp\r\nContent-Length: %d\r\n"
                b"Connection: close\r\n\r\n" % (self.path.encode(), self.host.encode(), self.port, len(body))) + body

    def call(self, op, attrs=(), groups=(), user="alice", data=b"", timeout=20):
        s = socket.create_connection((self.host, self.port), timeout=timeout)
        s.sendall(self.http(self.encode(op, attrs, groups, user, data)))
        resp = read_all(s, timeout)
        s.close()
        return decode_http(resp)


def read_all(s, timeout):
    chunks, end = [], time.time() + timeout
    while time.time() < end:
        try:
            b = s.recv(65536)
        except socket.timeout:
            break
        if not b:
            break
        chunks.append(b)
    return b"".join(chunks)


def decode_http(resp):
    head, _, body = resp.partition(b"\r\n\r\n")
    if b"Transfer-Encoding: chunked" in head:
        out, rest = b"", body
        while rest:
            size_line, _, rest = rest.partition(b"\r\n")
            n = int(size_line.split(b";")[0] or b"0", 16)
            if n == 0:
                break
            out, rest = out + rest[:n], rest[n + 2:]
        body = out
    return decode(body)


class Resp:
    def __init__(self, status, groups):
        self.status, self.groups = status, groups

    def group(self, tag, i=0):
        gs = [g for t, g in self.groups if t == tag]
        return gs[i] if i < len(gs) else {}

    def all(self, tag):
        return [g for t, g in self.groups if t == tag]

    def __repr__(self):
        return "status 0x%04x %r" % (self.status if self.status is not None else -1, self.groups)


def decode(data):
    if len(data) < 8:
        return Resp(None, [])
    status = struct.unpack(">H", data[2:4])[0]
    pos, groups, cur, name = 8, [], None, None
    while pos < len(data):
        tag = data[pos]
        pos += 1
        if tag == 0x03:
            break
        if tag < 0x10:
            cur = {}
            groups.append((tag, cur))
            continue
        nlen = struct.unpack(">H", data[pos:pos + 2])[0]
        key = data[pos + 2:pos + 2 + nlen].decode()
        pos += 2 + nlen
        vlen = struct.unpack(">H", data[pos:pos + 2])[0]
        raw = data[pos + 2:pos + 2 + vlen]
        pos += 2 + vlen
        if tag in (T_INT, T_ENUM) and vlen == 4:
            v = struct.unpack(">i", raw)[0]
        elif tag == T_BOOL:
            v = bool(raw[0])
        elif tag == T_RANGE:
            v = struct.unpack(">ii", raw)
        elif tag == T_OCTETS:
            v = raw
        elif 0x10 <= tag < 0x20:
            v = "<oob %#x>" % tag
        else:
            v = raw.decode("utf-8", "replace")
        if key:
            name = key
            cur[name] = [v]
        elif name:
            cur[name].append(v)
    return Resp(status, groups)


def first(resp, tag, name, default=None):
    return resp.group(tag).get(name, [default])[0]


# ---------------------------------------------------------------------------------------------

def sub_group(events=None, pull="ippget", extra=()):
    g = []
    if pull:
        g.append((T_KEYWORD, "notify-pull-method", pull))
    if events:
        g.append((T_KEYWORD, "notify-events", events))
    g.extend(extra)
    return (G_SUB, g)


def new_printer_sub(ipp, events, user="alice", extra=()):
    r = ipp.call("create-printer-subs", groups=[sub_group(events, extra=extra)], user=user)
    return first(r, G_SUB, "notify-subscription-id"), r


def notifications(ipp, ids, seqs=None, wait=False, user="alice", timeout=60):
    attrs = [(T_INT, "notify-subscription-ids", list(ids))]
    if seqs:
        attrs.append((T_INT, "notify-sequence-numbers", list(seqs)))
    if wait:
        attrs.append((T_BOOL, "notify-wait", True))
    return ipp.call("get-notifications", attrs, user=user, timeout=timeout)


def events_of(r):
    return [(g["notify-subscription-id"][0], g["notify-sequence-number"][0], g["notify-subscribed-event"][0])
            for g in r.all(G_EVENT)]


def pause_resume(ipp, n=1):
    for _ in range(n):
        ipp.call("pause")
        ipp.call("resume")


def set_info(ipp, text):
    return ipp.call("set-printer", groups=[(G_PRINTER, [(T_TEXT, "printer-info", text)])])


def threads_of(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("Threads:"):
                return int(line.split()[1])
    return -1


def test_create_and_attributes(ipp):
    sid, r = new_printer_sub(ipp, ["printer-state-changed", "printer-config-changed"],
                             extra=[(T_OCTETS, "notify-user-data", b"cookie-42"),
                                    (T_INT, "notify-lease-duration", 600)])
    check("Create-Printer-Subscriptions: successful-ok with notify-subscription-id",
          r.status == 0 and isinstance(sid, int) and sid > 0, r)
    r = ipp.call("get-sub-attrs", [(T_INT, "notify-subscription-id", sid)])
    g = r.group(G_SUB)
    check("Get-Subscription-Attributes: the template as granted (events, ippget, lease 600, user data, owner)",
          r.status == 0 and g.get("notify-events") == ["printer-state-changed", "printer-config-changed"]
          and g.get("notify-pull-method") == ["ippget"] and g.get("notify-lease-duration") == [600]
          and g.get("notify-user-data") == [b"cookie-42"] and g.get("notify-subscriber-user-name") == ["alice"]
          and g.get("notify-sequence-number") == [0], r)
    r = ipp.call("get-sub-attrs", [(T_INT, "notify-subscription-id", sid),
                                   (T_KEYWORD, "requested-attributes", ["notify-events"])])
    check("Get-Subscription-Attributes honours requested-attributes",
          set(r.group(G_SUB)) == {"notify-events"}, r)
    r = ipp.call("get-subs")
    ids = [g["notify-subscription-id"][0] for g in r.all(G_SUB)]
    check("Get-Subscriptions lists the printer subscription", r.status == 0 and sid in ids, r)
    r = ipp.call("get-subs", [(T_BOOL, "my-subscriptions", True)], user="bob")
    check("Get-Subscriptions my-subscriptions=true: bob has none", r.status == 0 and not r.all(G_SUB), r)
    return sid


def test_events_filtering_and_sequence(ipp):
    state, _ = new_printer_sub(ipp, ["printer-state-changed"])
    config, _ = new_printer_sub(ipp, ["printer-config-changed"])
    jobs, _ = new_printer_sub(ipp, ["job-completed"])
    pause_resume(ipp, 2)
    set_info(ipp, "subscriptions test")
    r = notifications(ipp, [state, config, jobs])
    ev = events_of(r)
    st = [e for e in ev if e[0] == state]
    check("printer-state-changed: 4 events for pause, resume, pause, resume, numbered 1..4",
          [e[1] for e in st] == [1, 2, 3, 4] and all(e[2] == "printer-state-changed" for e in st), r)
    g = r.all(G_EVENT)[0] if r.all(G_EVENT) else {}
    check("an event carries the RFC 3995 attributes (printer-uri, up-time, charset, language, text, state)",
          all(k in g for k in ("notify-printer-uri", "printer-up-time", "notify-charset", "notify-natural-language",
                               "notify-text", "printer-state", "printer-state-reasons", "printer-is-accepting-jobs")), g)
    check("notify-events filters: the printer-config-changed subscription has exactly the Set-Printer-Attributes event",
          [e[2] for e in ev if e[0] == config] == ["printer-config-changed"], r)
    check("notify-events filters: the job-completed subscription has no printer event",
          not [e for e in ev if e[0] == jobs], r)
    check("Get-Notifications: printer-up-time and notify-get-interval in the operation group",
          first(r, G_OP, "printer-up-time", 0) >= 1 and first(r, G_OP, "notify-get-interval") is not None, r)
    r = notifications(ipp, [state], seqs=[3])
    check("notify-sequence-numbers 3: only events 3 and 4", [e[1] for e in events_of(r)] == [3, 4], r)
    r = notifications(ipp, [state], seqs=[5])
    check("notify-sequence-numbers past the last: no event, successful-ok", r.status == 0 and not events_of(r), r)
    return state


def test_ring_bound(ipp):
    sid, _ = new_printer_sub(ipp, ["printer-state-changed"])
    pause_resume(ipp, 55)  # 110 events; 100 are kept
    r = notifications(ipp, [sid])
    seqs = [e[1] for e in events_of(r)]
    check("at most notify-max-events-supported (100) events kept, the oldest dropped, numbers 11..110 go on",
          seqs == list(range(11, 111)), "got %d events %s..%s" % (len(seqs), seqs[:1], seqs[-1:]))
    ipp.call("cancel-sub", [(T_INT, "notify-subscription-id", sid)])


def test_job_subscriptions(ipp, doc):
    r = ipp.call("print-job", [(T_MIME, "document-format", "application/pdf"), (T_NAME, "job-name", "subs")],
                 groups=[sub_group(["job-state-changed"], extra=[(T_OCTETS, "notify-user-data", b"job")])],
                 data=doc)
    job = first(r, G_JOB, "job-id")
    sid = first(r, G_SUB, "notify-subscription-id")
    check("Print-Job with a subscription group: the job and a subscription-attributes group with its id",
          r.status == 0 and job and sid, r)
    seen = []
    for _ in range(100):
        seen = events_of(notifications(ipp, [sid]))
        if any(e[2] == "job-state-changed" for e in seen) and len(seen) >= 3:
            r = notifications(ipp, [sid])
            if any(g.get("job-state") == [9] for g in r.all(G_EVENT)):
                break
        time.sleep(0.1)
    r = notifications(ipp, [sid])
    states = [g.get("job-state", [0])[0] for g in r.all(G_EVENT)]
    check("the job subscription sees the job from pending to completed (job-state 3 .. 9), job-id on each",
          states[:1] == [3] and states[-1:] == [9] and all(g.get("job-id") == [job] for g in r.all(G_EVENT)), r)
    texts = [g.get("notify-text", [""])[0] for g in r.all(G_EVENT)]
    check("job events have notify-text and the subscription's user data", texts and all(texts) and
          all(g.get("notify-user-data") == [b"job"] for g in r.all(G_EVENT)), r)
    r = ipp.call("renew", [(T_INT, "notify-subscription-id", sid)])
    check("Renew-Subscription of a job subscription: client-error-not-possible", r.status == 0x0404, r)

    # Create-Job with a good and a bad template group: the job is made, one subscription too.
    r = ipp.call("create-job", [(T_NAME, "job-name", "held")],
                 groups=[(G_JOB, [(T_KEYWORD, "job-hold-until", "indefinite")]),
                         sub_group(["job-completed"]), sub_group(["job-completed"], pull="bogus")])
    held = first(r, G_JOB, "job-id")
    subs = r.all(G_SUB)
    check("Create-Job with one bad subscription group: successful-ok-ignored-subscriptions, one id, one status",
          r.status == 0x0003 and held and len(subs) == 2 and "notify-subscription-id" in subs[0]
          and subs[1].get("notify-status-code") == [0x040B], r)
    r = ipp.call("create-job-subs", [(T_INT, "notify-job-id", held)], groups=[sub_group(["job-config-changed"])])
    cfg = first(r, G_SUB, "notify-subscription-id")
    check("Create-Job-Subscriptions on the held job", r.status == 0 and cfg, r)
    ipp.call("set-job", [(T_INT, "job-id", held)], groups=[(G_JOB, [(T_INT, "job-priority", 80)])])
    r = notifications(ipp, [cfg])
    check("Set-Job-Attributes: job-config-changed for the job subscription",
          [e[2] for e in events_of(r)] == ["job-config-changed"], r)
    r = ipp.call("get-subs", [(T_INT, "notify-job-id", held)])
    check("Get-Subscriptions notify-job-id lists the job's two subscriptions",
          len(r.all(G_SUB)) == 2 and all(g.get("notify-job-id") == [held] for g in r.all(G_SUB)), r)
    ipp.call("cancel-job", [(T_INT, "job-id", held)])
    r = ipp.call("create-job-subs", [(T_INT, "notify-job-id", held)], groups=[sub_group(["job-completed"])])
    check("Create-Job-Subscriptions on a canceled job: client-error-not-possible", r.status == 0x0404, r)
    r = ipp.call("create-job-subs", [(T_INT, "notify-job-id", 999999)], groups=[sub_group(["job-completed"])])
    check("Create-Job-Subscriptions on a job that does not exist: client-error-not-found", r.status == 0x0406, r)
    r = ipp.call("create-job-subs", groups=[sub_group(["job-completed"])])
    check("Create-Job-Subscriptions without notify-job-id: client-error-bad-request", r.status == 0x0400, r)


def test_bad_requests(ipp):
    r = ipp.call("get-sub-attrs", [(T_INT, "notify-subscription-id", 987654)])
    check("Get-Subscription-Attributes of an unknown id: client-error-not-found", r.status == 0x0406, r)
    r = notifications(ipp, [987654])
    check("Get-Notifications of an unknown id: client-error-not-found", r.status == 0x0406, r)
    r = ipp.call("get-notifications")
    check("Get-Notifications without notify-subscription-ids: client-error-bad-request", r.status == 0x0400, r)
    r = ipp.call("cancel-sub", [(T_INT, "notify-subscription-id", 987654)])
    check("Cancel-Subscription of an unknown id: client-error-not-found", r.status == 0x0406, r)
    r = ipp.call("create-printer-subs", groups=[sub_group(["printer-state-changed"], pull="carrier-pigeon")])
    check("notify-pull-method other than ippget: client-error-ignored-all-subscriptions, attributes-or-values "
          "status, the method in the unsupported group",
          r.status == 0x0414 and first(r, G_SUB, "notify-status-code") == 0x040B
          and r.group(G_UNSUP).get("notify-pull-method") == ["carrier-pigeon"], r)
    r = ipp.call("create-printer-subs", groups=[sub_group(["printer-state-changed"], pull=None, extra=[
        (T_URI, "notify-recipient-uri", "mailto:someone@example.com")])])
    check("notify-recipient-uri (push): client-error-uri-scheme-not-supported, the URI reported unsupported",
          r.status == 0x0414 and first(r, G_SUB, "notify-status-code") == 0x040C
          and "notify-recipient-uri" in r.group(G_UNSUP), r)
    r = ipp.call("create-printer-subs", groups=[sub_group(["no-such-event"])])
    check("only unknown notify-events: the subscription is refused", r.status == 0x0414, r)
    r = ipp.call("create-printer-subs", groups=[sub_group(["printer-state-changed", "no-such-event"])])
    check("one unknown notify-events value among good ones: made, value reported (ignored-or-substituted)",
          r.status == 0x0001 and first(r, G_SUB, "notify-subscription-id") and "notify-events" in r.group(G_UNSUP),
          r)
    r = ipp.call("create-printer-subs")
    check("Create-Printer-Subscriptions without a template group: client-error-bad-request", r.status == 0x0400, r)
    r = ipp.call("create-printer-subs", groups=[sub_group(["printer-state-changed"],
                                                          extra=[(T_INT, "notify-lease-duration", 0)])])
    check("notify-lease-duration 0 (forever): substituted by the maximum and said so",
          r.status == 0x0001 and first(r, G_SUB, "notify-lease-duration") == 604800, r)
    r = ipp.call("get-subs", [(T_INT, "notify-job-id", 999999)])
    check("Get-Subscriptions of a job that does not exist: client-error-not-found", r.status == 0x0406, r)


def test_ownership(ipp):
    sid, _ = new_printer_sub(ipp, ["printer-state-changed"], user="alice")
    r = ipp.call("cancel-sub", [(T_INT, "notify-subscription-id", sid)], user="bob")
    check("bob cannot cancel alice's subscription: client-error-not-authorized", r.status == 0x0403, r)
    r = ipp.call("renew", [(T_INT, "notify-subscription-id", sid)], user="bob")
    check("bob cannot renew alice's subscription: client-error-not-authorized", r.status == 0x0403, r)
    r = notifications(ipp, [sid], user="bob")
    check("bob cannot read alice's events: client-error-not-authorized", r.status == 0x0403, r)
    r = ipp.call("cancel-sub", [(T_INT, "notify-subscription-id", sid)], user="alice")
    r2 = ipp.call("get-sub-attrs", [(T_INT, "notify-subscription-id", sid)])
    check("alice cancels her subscription: gone afterwards (not-found)", r.status == 0 and r2.status == 0x0406,
          (r, r2))


def test_caps(ipp):
    made, status = 0, None
    for _ in range(101):
        sid, r = new_printer_sub(ipp, ["printer-config-changed"], user="greedy")
        if sid:
            made += 1
        else:
            status = first(r, G_SUB, "notify-status-code")
            break
    check("one user gets at most 100 subscriptions, then client-error-too-many-subscriptions (made %d)" % made,
          made == 100 and status == 0x0415, status)
    sid, r = new_printer_sub(ipp, ["printer-config-changed"], user="modest")
    check("another user still gets one", r.status == 0 and sid, r)
    r = ipp.call("get-subs", [(T_BOOL, "my-subscriptions", True)], user="greedy")
    for g in r.all(G_SUB):
        ipp.call("cancel-sub", [(T_INT, "notify-subscription-id", g["notify-subscription-id"][0])], user="greedy")
    r = ipp.call("get-subs", [(T_BOOL, "my-subscriptions", True)], user="greedy")
    check("Cancel-Subscription frees them (Get-Subscriptions my-subscriptions lists none)", not r.all(G_SUB), r)


def test_leases(ipp):
    short, r = new_printer_sub(ipp, ["printer-state-changed"], extra=[(T_INT, "notify-lease-duration", 2)])
    renewed, _ = new_printer_sub(ipp, ["printer-state-changed"], extra=[(T_INT, "notify-lease-duration", 2)])
    r = ipp.call("renew", [(T_INT, "notify-subscription-id", renewed), (T_INT, "notify-lease-duration", 60)])
    check("Renew-Subscription: successful-ok, the lease granted in the operation group",
          r.status == 0 and first(r, G_OP, "notify-lease-duration") == 60, r)
    time.sleep(4)
    r = ipp.call("get-sub-attrs", [(T_INT, "notify-subscription-id", short)])
    check("a 2-second lease has expired 4 s later: client-error-not-found", r.status == 0x0406, r)
    r = ipp.call("get-sub-attrs", [(T_INT, "notify-subscription-id", renewed)])
    check("the renewed subscription (60 s) is still there, lease 60",
          r.status == 0 and first(r, G_SUB, "notify-lease-duration") == 60, r)


def test_wait(ipp, pid):
    """notify-wait: held on a suspended connection, woken by an event, or answered at the deadline."""
    hot, _ = new_printer_sub(ipp, ["printer-state-changed"])
    quiet, _ = new_printer_sub(ipp, ["printer-queue-order-changed"])
    threads_before = threads_of(pid)
    # 199 waiters on `hot` (no event yet: the next number), 1 on `quiet`.
    socks = []
    body_hot = ipp.http(ipp.encode("get-notifications", [(T_INT, "notify-subscription-ids", [hot]),
                                                          (T_INT, "notify-sequence-numbers", [1]),
                                                          (T_BOOL, "notify-wait", True)]))
    body_quiet = ipp.http(ipp.encode("get-notifications", [(T_INT, "notify-subscription-ids", [quiet]),
                                                            (T_BOOL, "notify-wait", True)]))
    t0 = time.time()
    for i in range(200):
        s = socket.create_connection((ipp.host, ipp.port), timeout=60)
        s.sendall(body_quiet if i == 0 else body_hot)
        s.setblocking(False)
        socks.append(s)
    time.sleep(1.5)
    readable, _, _ = select.select(socks, [], [], 0)
    threads_during = threads_of(pid)
    check("200 Get-Notifications with notify-wait are held (none answered before an event)", not readable,
          "%d answered early" % len(readable))
    check("holding 200 requests takes no thread each (ippd threads %d before, %d while holding)"
          % (threads_before, threads_during), threads_during <= threads_before + 2,
          "threads %d -> %d" % (threads_before, threads_during))
    t_event = time.time()
    ipp.call("pause")
    bufs = {s: b"" for s in socks}
    done = {}
    while len(done) < 200 and time.time() - t0 < 60:
        pending = [s for s in socks if s not in done]
        r, _, _ = select.select(pending, [], [], 1)
        for s in r:
            try:
                b = s.recv(65536)
            except BlockingIOError:
                continue
            if b:
                bufs[s] += b
            else:
                done[s] = time.time()
    ipp.call("resume")
    hot_socks = socks[1:]
    lat = sorted(done[s] - t_event for s in hot_socks if s in done)
    resp = [decode_http(bufs[s]) for s in hot_socks if s in done]
    got_event = [r for r in resp if [e[2] for e in events_of(r)] == ["printer-state-changed"]]
    check("an event wakes all 199 waiters at once (slowest %.2f s after the Pause-Printer)" % (lat[-1] if lat else -1),
          len(got_event) == 199 and lat and lat[-1] < 5, "answered %d, with the event %d" % (len(lat), len(got_event)))
    quiet_resp = decode_http(bufs[socks[0]]) if socks[0] in done else Resp(None, [])
    waited = done.get(socks[0], time.time()) - t0
    check("with no event the wait ends after about 30 s (%.1f s): successful-ok, no event, notify-get-interval"
          % waited, quiet_resp.status == 0 and not events_of(quiet_resp) and 25 <= waited <= 40
          and first(quiet_resp, G_OP, "notify-get-interval") is not None, quiet_resp)
    for s in socks:
        s.close()
    # A single waiter answered promptly, on a fresh event.
    seq = max(e[1] for e in events_of(notifications(ipp, [hot]))) + 1
    s = socket.create_connection((ipp.host, ipp.port), timeout=30)
    s.sendall(ipp.http(ipp.encode("get-notifications", [(T_INT, "notify-subscription-ids", [hot]),
                                                        (T_INT, "notify-sequence-numbers", [seq]),
                                                        (T_BOOL, "notify-wait", True)])))
    time.sleep(0.5)
    t1 = time.time()
    ipp.call("pause")
    r = decode_http(read_all(s, 30))
    dt = time.time() - t1
    s.close()
    ipp.call("resume")
    check("one waiter: answered %.2f s after the event, with exactly event %d" % (dt, seq),
          dt < 2 and [e[1] for e in events_of(r)] == [seq], r)


def main_tests(uri, pid, doc):
    ipp = Ipp(uri)
    test_create_and_attributes(ipp)
    test_events_filtering_and_sequence(ipp)
    test_ring_bound(ipp)
    test_job_subscriptions(ipp, doc)
    test_bad_requests(ipp)
    test_ownership(ipp)
    test_caps(ipp)
    test_leases(ipp)
    test_wait(ipp, pid)


def before(uri, path):
    ipp = Ipp(uri)
    printer, _ = new_printer_sub(ipp, ["printer-state-changed", "printer-config-changed"],
                                 extra=[(T_INT, "notify-lease-duration", 3600)])
    r = ipp.call("create-job", [(T_NAME, "job-name", "kept")],
                 groups=[(G_JOB, [(T_KEYWORD, "job-hold-until", "indefinite")]), sub_group(["job-state-changed"])])
    job, job_sub = first(r, G_JOB, "job-id"), first(r, G_SUB, "notify-subscription-id")
    pause_resume(ipp, 2)
    seq = max(e[1] for e in events_of(notifications(ipp, [printer])))
    check("before the restart: a printer subscription (%s, %d events) and a job subscription (%s)"
          % (printer, seq, job_sub), printer and job_sub and seq == 4)
    with open(path, "w") as f:
        json.dump({"printer": printer, "job": job, "job_sub": job_sub, "seq": seq}, f)


def hold(uri, path):
    """A notify-wait request held while ippd stops: it must be answered, with printer-shutdown."""
    ipp = Ipp(uri)
    with open(path) as f:
        saved = json.load(f)
    r = notifications(ipp, [saved["printer"]], seqs=[saved["seq"] + 1], wait=True, timeout=40)
    texts = [g.get("notify-text", [""])[0] for g in r.all(G_EVENT)]
    check("a request held while ippd stops is answered with the printer-shutdown event (%s)" % texts,
          r.status == 0 and any("shutting down" in t for t in texts), r)


def after(uri, path):
    ipp = Ipp(uri)
    with open(path) as f:
        saved = json.load(f)
    r = ipp.call("get-sub-attrs", [(T_INT, "notify-subscription-id", saved["printer"])])
    check("after the restart the printer subscription is back, with its events and lease",
          r.status == 0 and first(r, G_SUB, "notify-lease-duration") == 3600
          and first(r, G_SUB, "notify-events") == "printer-state-changed", r)
    check("its notify-sequence-number did not go back (%s >= %d)" % (first(r, G_SUB, "notify-sequence-number"),
                                                                     saved["seq"]),
          (first(r, G_SUB, "notify-sequence-number") or 0) >= saved["seq"], r)
    r = ipp.call("get-sub-attrs", [(T_INT, "notify-subscription-id", saved["job_sub"])])
    check("the job subscription of the held job is back", r.status == 0 and
          first(r, G_SUB, "notify-job-id") == saved["job"], r)
    pause_resume(ipp, 1)
    r = notifications(ipp, [saved["printer"]])
    ev = events_of(r)
    seqs = [e[1] for e in ev]
    texts = [g.get("notify-text", [""])[0] for g in r.all(G_EVENT)]
    check("new events number on from before the restart (%s > %d), printer-restarted first"
          % (seqs, saved["seq"]), seqs and min(seqs) > saved["seq"] and seqs == sorted(seqs)
          and len(seqs) >= 3 and "restarted" in texts[0], r)
    sid, _ = new_printer_sub(ipp, ["printer-state-changed"])
    check("a new subscription id is above every one before the restart (%s)" % sid,
          sid and sid > max(saved["printer"], saved["job_sub"]))


V1_SCHEMA = """
CREATE TABLE jobs (id INTEGER PRIMARY KEY, printer TEXT NOT NULL, state INTEGER NOT NULL, reasons TEXT, owner TEXT,
 name TEXT, created INTEGER NOT NULL DEFAULT 0, processing INTEGER NOT NULL DEFAULT 0,
 completed INTEGER NOT NULL DEFAULT 0, impressions INTEGER NOT NULL DEFAULT 0, k_octets INTEGER NOT NULL DEFAULT 0,
 attrs BLOB);
CREATE INDEX jobs_active ON jobs (printer, id) WHERE state < 7;
CREATE INDEX jobs_done ON jobs (printer, id) WHERE state >= 7;
CREATE INDEX jobs_active_owner ON jobs (printer, owner, id) WHERE state < 7;
CREATE INDEX jobs_done_owner ON jobs (printer, owner, id) WHERE state >= 7;
CREATE TABLE documents (job_id INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE, number INTEGER NOT NULL,
 format TEXT, name TEXT, path TEXT, size INTEGER NOT NULL DEFAULT 0, compression TEXT,
 pages INTEGER NOT NULL DEFAULT 0, attrs BLOB, PRIMARY KEY (job_id, number)) WITHOUT ROWID;
CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO jobs (id, printer, state, reasons, owner, name, created, completed)
 VALUES (7, '', 9, 'job-completed-successfully', 'alice', 'from-v1', 1700000000, 1700000001);
PRAGMA user_version = 1;
"""


def v1db(path):
    db = sqlite3.connect(path)
    db.executescript(V1_SCHEMA)
    db.commit()
    db.close()
    os.chmod(path, 0o600)


def v1check(uri):
    ipp = Ipp(uri)
    r = ipp.call("get-job-attributes", [(T_INT, "job-id", 7)])
    check("a schema-1 database opens: its job 7 is there", r.status == 0 and first(r, G_JOB, "job-name") == "from-v1",
          r)
    sid, r = new_printer_sub(ipp, ["printer-config-changed"])
    check("and takes subscriptions (the migration added the table)", r.status == 0 and sid, r)


def main(argv):
    if argv[:1] == ["main"]:
        with open(argv[3], "rb") as f:
            doc = f.read()
        main_tests(argv[1], int(argv[2]), doc)
    elif argv[:1] == ["before"]:
        before(argv[1], argv[2])
    elif argv[:1] == ["hold"]:
        hold(argv[1], argv[2])
    elif argv[:1] == ["after"]:
        after(argv[1], argv[2])
    elif argv[:1] == ["v1db"]:
        v1db(argv[1])
        return 0
    elif argv[:1] == ["v1check"]:
        v1check(argv[1])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
