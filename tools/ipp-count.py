#!/usr/bin/env python3
"""Walks an IPP message independently of our C codec, to check what `ipp decode` prints.

SPDX-License-Identifier: Apache-2.0
Copyright 2026 The ippd authors

A deliberately small RFC 8010 walker (stdlib only).  It prints, for FILE
(or - for stdin):

  --count    the number of top-level attributes, all groups together
  --names    one line per top-level attribute: its name
  --members  one line per collection member, as a dotted path
             (media-col-database.media-size.x-dimension), each path once
  --summary  the header, per-group counts, the value tags seen, the longest
             value and where the document data starts
  --check-json OUT  compares `ipp decode --json` output (a file) with the walk:
             header, groups, attribute names in order, collection members and
             the values of the plain syntaxes (include/ippd/render.h schema)
  --check-text OUT  compares `ipp decode` text output with the walk: each
             attribute on its own line, in order, with its collection members
             and its integer and printable string values in its block

The checks print one line per mismatch and exit 1 if there is any.

Exit status 1, with "error at byte N" on stderr, if the message is malformed.
"""

import argparse
import struct
import sys

BEG_COLLECTION = 0x34
END_COLLECTION = 0x37
MEMBER_NAME = 0x4A
EXTENSION = 0x7F
GROUPS = {0x01: "operation-attributes-tag", 0x02: "job-attributes-tag",
          0x04: "printer-attributes-tag", 0x05: "unsupported-attributes-tag",
          0x06: "subscription-attributes-tag", 0x07: "event-notification-attributes-tag",
          0x08: "resource-attributes-tag", 0x09: "document-attributes-tag",
          0x0A: "system-attributes-tag"}


class Malformed(Exception):
    pass


def tokens(data):
    """Yields (offset, tag, name, value) up to the end-of-attributes tag; then the data offset."""
    if len(data) < 8:
        raise Malformed("error at byte %d: header needs 8 octets" % len(data))
    pos = 8
    while True:
        if pos >= len(data):
            raise Malformed("error at byte %d: no end-of-attributes-tag" % pos)
        start, tag = pos, data[pos]
        pos += 1
        if tag < 0x10:
            yield start, tag, None, None
            if tag == 0x03:
                yield pos, None, None, None
                return
            continue
        if tag == EXTENSION:
            if pos + 4 > len(data):
                raise Malformed("error at byte %d: truncated extension tag" % pos)
            tag = struct.unpack(">I", data[pos:pos + 4])[0]
            pos += 4
        if pos + 2 > len(data):
            raise Malformed("error at byte %d: truncated name-length" % pos)
        nlen = struct.unpack(">H", data[pos:pos + 2])[0]
        pos += 2
        if pos + nlen + 2 > len(data):
            raise Malformed("error at byte %d: truncated name" % pos)
        name = data[pos:pos + nlen].decode("utf-8", "replace")
        pos += nlen
        vlen = struct.unpack(">H", data[pos:pos + 2])[0]
        pos += 2
        if pos + vlen > len(data):
            raise Malformed("error at byte %d: truncated value" % pos)
        yield start, tag, name, data[pos:pos + vlen]
        pos += vlen


def parse(data):
    """Returns (header, groups, data_offset, tags_seen, longest): groups = [(tag, [(name, values)])]."""
    stream = tokens(data)
    groups, attr, tags, longest = [], None, {}, [0, ""]
    data_offset = None

    def collection(at):
        """Reads members until endCollection; a member is (name, values)."""
        members, member = [], None
        for off, tag, name, value in stream:
            if tag is None or tag < 0x10:
                raise Malformed("error at byte %d: group tag inside a collection" % off)
            tags[tag] = tags.get(tag, 0) + 1
            if len(value) > longest[0]:
                longest[:] = [len(value), "member of " + attr[0]]
            if name:
                raise Malformed("error at byte %d: named value inside a collection" % off)
            if tag == END_COLLECTION:
                return members
            if tag == MEMBER_NAME:
                member = (value.decode("utf-8", "replace"), [])
                members.append(member)
            elif member is None:
                raise Malformed("error at byte %d: value before memberAttrName" % off)
            elif tag == BEG_COLLECTION:
                member[1].append(collection(off))
            else:
                member[1].append((tag, value))
        raise Malformed("error at byte %d: unterminated collection" % at)

    for off, tag, name, value in stream:
        if tag is None:
            data_offset = off
            break
        if tag < 0x10:
            if tag != 0x03:
                groups.append((tag, []))
            attr = None
            continue
        tags[tag] = tags.get(tag, 0) + 1
        if len(value) > longest[0]:
            longest[:] = [len(value), name or (attr[0] if attr else "?")]
        if not groups:
            raise Malformed("error at byte %d: attribute before any group" % off)
        if name:
            attr = (name, [])
            groups[-1][1].append(attr)
        elif attr is None:
            raise Malformed("error at byte %d: additional value without an attribute" % off)
        if tag == BEG_COLLECTION:
            attr[1].append(collection(off))
        elif tag in (END_COLLECTION, MEMBER_NAME):
            raise Malformed("error at byte %d: collection tag outside a collection" % off)
        else:
            attr[1].append((tag, value))
    header = struct.unpack(">BBHi", data[:8])
    return header, groups, data_offset, tags, longest


def member_paths(prefix, values, out):
    for value in values:
        if isinstance(value, list):
            for name, sub in value:
                path = prefix + "." + name
                if path not in out:
                    out.append(path)
                member_paths(path, sub, out)


def expected_json(tag, raw):
    """What render.h says a value becomes in JSON, or ... when this walker does not check it."""
    if isinstance(raw, list):
        return ...
    if 0x10 <= tag <= 0x1F:
        return None
    if tag in (0x21, 0x23) and len(raw) == 4:
        return struct.unpack(">i", raw)[0]
    if tag == 0x22 and len(raw) == 1:
        return raw != b"\0"
    if tag == 0x33 and len(raw) == 8:
        lower, upper = struct.unpack(">ii", raw)
        return {"lower": lower, "upper": upper}
    if tag == 0x32 and len(raw) == 9:
        x, y, units = struct.unpack(">iiB", raw)
        return {"x": x, "y": y, "units": {3: "dpi", 4: "dpcm"}.get(units, units)}
    if tag == 0x30 or 0x41 <= tag <= 0x49:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return {"hex": raw.hex()} if tag == 0x30 else ...
    return ...


def check_values(path, values, jattr, problems):
    """Compares one attribute's values (walker) with its JSON object."""
    jvalues = jattr.get("values")
    if not isinstance(jvalues, list) or len(jvalues) != len(values):
        problems.append("%s: %d values, JSON has %r" % (path, len(values), jvalues))
        return
    for i, (value, jvalue) in enumerate(zip(values, jvalues)):
        if isinstance(value, list):
            check_members("%s[%d]" % (path, i), value, jvalue, problems)
            continue
        want = expected_json(*value)
        if want is ...:
            continue
        if isinstance(want, dict) and isinstance(jvalue, dict) and "hex" in want:
            jvalue = {"hex": str(jvalue.get("hex", "")).lower()}
        if jvalue != want or type(jvalue) is not type(want):
            problems.append("%s[%d]: expected %r, JSON has %r" % (path, i, want, jvalue))


def check_members(path, members, jmembers, problems):
    if not isinstance(jmembers, list) or len(jmembers) != len(members):
        problems.append("%s: %d members, JSON has %r" % (path, len(members), jmembers))
        return
    for (name, values), jattr in zip(members, jmembers):
        if not isinstance(jattr, dict) or jattr.get("name") != name:
            problems.append("%s: member %s, JSON has %r" % (path, name, jattr))
            continue
        check_values(path + "." + name, values, jattr, problems)


def check_json(text, header, groups):
    import json
    problems = []
    try:
        doc = json.loads(text)
    except ValueError as e:
        return ["not JSON: %s" % e]
    if not isinstance(doc, dict):
        return ["not a JSON object"]
    major, minor, code, request_id = header
    if doc.get("version") != "%d.%d" % (major, minor):
        problems.append("version %d.%d, JSON has %r" % (major, minor, doc.get("version")))
    if doc.get("request-id") != request_id:
        problems.append("request-id %d, JSON has %r" % (request_id, doc.get("request-id")))
    jcode = doc.get("status-code", doc.get("operation-id"))
    if jcode != code:
        problems.append("code %d, JSON has %r" % (code, jcode))
    jgroups = doc.get("groups")
    if not isinstance(jgroups, list) or len(jgroups) != len(groups):
        return problems + ["%d groups, JSON has %r" % (len(groups), jgroups)]
    for gi, ((gtag, attrs), jgroup) in enumerate(zip(groups, jgroups)):
        jattrs = jgroup.get("attributes") if isinstance(jgroup, dict) else None
        if not isinstance(jattrs, list):
            problems.append("group %d: no attributes array" % gi)
            continue
        if GROUPS.get(gtag) and jgroup.get("tag") != GROUPS[gtag]:
            problems.append("group %d: tag %s, JSON has %r" % (gi, GROUPS[gtag], jgroup.get("tag")))
        names = [name for name, _ in attrs]
        jnames = [a.get("name") if isinstance(a, dict) else None for a in jattrs]
        if names != jnames:
            problems.append("group %d: %d attributes, JSON has %d; first difference: %r"
                            % (gi, len(names), len(jnames),
                               next(((a, b) for a, b in zip(names + [None] * len(jnames),
                                                             jnames + [None] * len(names))
                                     if a != b), None)))
            continue
        for (name, values), jattr in zip(attrs, jattrs):
            check_values(name, values, jattr, problems)
    return problems


def plain_values(values, out):
    """Integers and printable strings, members included, that a text rendering must show."""
    for value in values:
        if isinstance(value, list):
            for _, sub in value:
                plain_values(sub, out)
        elif value[0] == 0x21 and len(value[1]) == 4:
            out.append(str(struct.unpack(">i", value[1])[0]))
        elif 0x41 <= value[0] <= 0x49 and value[1] and all(0x20 <= b < 0x7F for b in value[1]) \
                and b'"' not in value[1] and b"\\" not in value[1]:
            out.append(value[1].decode("ascii"))


def check_text(text, header, groups):
    import re
    problems = []
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    if "IPP/%d.%d" % header[:2] not in first or not re.search(r"\b%d\b" % header[3], first):
        problems.append("first line %r lacks IPP/%d.%d or request-id %d"
                        % (first, header[0], header[1], header[3]))
    indent = [len(line) - len(line.lstrip()) for line in lines]
    at = 0
    for gtag, attrs in groups:
        for name, values in attrs:
            pattern = re.compile(r"^\s+%s(\s|$)" % re.escape(name))
            start = next((i for i in range(at, len(lines)) if pattern.match(lines[i])), None)
            if start is None:
                problems.append("%s: no line for it (after line %d)" % (name, at + 1))
                continue
            end = start + 1
            while end < len(lines) and lines[end].strip() and indent[end] > indent[start]:
                end += 1
            block = "\n".join(lines[start:end])
            at = end
            paths = []
            member_paths(name, values, paths)
            for member in sorted({p.rsplit(".", 1)[1] for p in paths}):
                if not re.search(r"(?<![\w-])%s(?![\w-])" % re.escape(member), block):
                    problems.append("%s: member %s not shown" % (name, member))
            wanted = []
            plain_values(values, wanted)
            for value in dict.fromkeys(wanted):
                if value.lstrip("-").isdigit():
                    found = re.search(r"(?<![\d.])%s(?![\d.])" % re.escape(value), block)
                else:
                    found = value in block
                if not found:
                    problems.append("%s: value %r not shown" % (name, value))
    for gtag, _ in groups:
        if GROUPS.get(gtag) and not re.search(r"^\s*%s\b" % GROUPS[gtag], text, re.M):
            problems.append("group %s not shown" % GROUPS[gtag])
    return problems


def main():
    p = argparse.ArgumentParser(description="Independent RFC 8010 walker.")
    p.add_argument("file")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--count", action="store_true")
    mode.add_argument("--names", action="store_true")
    mode.add_argument("--members", action="store_true")
    mode.add_argument("--summary", action="store_true")
    mode.add_argument("--check-json", metavar="OUT")
    mode.add_argument("--check-text", metavar="OUT")
    args = p.parse_args()

    if args.file == "-":
        data = sys.stdin.buffer.read()
    else:
        with open(args.file, "rb") as f:
            data = f.read()
    try:
        header, groups, data_offset, tags, longest = parse(data)
    except Malformed as e:
        print("ipp-count: %s: %s" % (args.file, e), file=sys.stderr)
        return 1

    attrs = [a for _, group in groups for a in group]
    if args.check_json or args.check_text:
        with open(args.check_json or args.check_text, encoding="utf-8", errors="replace") as f:
            out = f.read()
        if args.check_json:
            problems = check_json(out, header, groups)
        else:
            problems = check_text(out, header, groups)
        for problem in problems[:20]:
            print("ipp-count: %s: %s" % (args.file, problem))
        if len(problems) > 20:
            print("ipp-count: %s: ... %d more" % (args.file, len(problems) - 20))
        return 1 if problems else 0
    if args.names:
        for name, _ in attrs:
            print(name)
    elif args.members:
        paths = []
        for name, values in attrs:
            member_paths(name, values, paths)
        print("\n".join(paths))
    elif args.summary:
        print("version %d.%d code 0x%04x request-id %d" % header)
        for tag, group in groups:
            print("group 0x%02x: %d attributes" % (tag, len(group)))
        print("value tags: " + " ".join("0x%02x=%d" % kv for kv in sorted(tags.items())))
        print("longest value: %d octets (%s)" % tuple(longest))
        print("document data at byte %d, %d octets" % (data_offset, len(data) - data_offset))
    else:
        print(len(attrs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
