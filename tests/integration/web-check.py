#!/usr/bin/env python3
"""Checks for web.sh: HTML well-formedness and PNG images.  A test helper, not product code.

SPDX-License-Identifier: Apache-2.0
Copyright 2026 The ippd authors

  web-check.py html FILE...      every start tag closed in order (void elements excepted), no
                                 stray end tags, no '<' or control characters in text or
                                 attribute values, one <html>, <head>, <title> and <body>
  web-check.py png FILE MIN_COLOURS [MAX_SIDE]
                                 a PNG that decodes (8-bit RGB/RGBA/grey, every filter type)
                                 with at least MIN_COLOURS distinct colours, and no side above
                                 MAX_SIDE; prints "WxH N colours"
"""

import html.parser
import struct
import sys
import zlib

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Checker(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)  # entities stay out of the text: a "<" in it was raw
        self.stack, self.errors, self.seen = [], [], {}

    def handle_starttag(self, tag, attrs):
        self.seen[tag] = self.seen.get(tag, 0) + 1
        for name, value in attrs:
            if value is not None and any(ch == "<" or ord(ch) < 0x20 and ch not in "\t\n" for ch in value):
                self.errors.append("line %d: <%s %s> has a raw '<' or a control character" %
                                   (self.getpos()[0], tag, name))
        if tag not in VOID:
            self.stack.append((tag, self.getpos()[0]))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            self.errors.append("line %d: </%s> closes a void element" % (self.getpos()[0], tag))
            return
        if not self.stack or self.stack[-1][0] != tag:
            open_tag = self.stack[-1] if self.stack else ("nothing", 0)
            self.errors.append("line %d: </%s> while <%s> (line %d) is open" %
                               (self.getpos()[0], tag, open_tag[0], open_tag[1]))
            return
        self.stack.pop()

    def handle_data(self, data):
        for ch in data:
            if ch == "<" or (ord(ch) < 0x20 and ch not in "\t\n\r") or 0x7f <= ord(ch) <= 0x9f:
                self.errors.append("line %d: text holds %r (unescaped or a control character)" %
                                   (self.getpos()[0], ch))
                return


def check_html(path):
    with open(path, "rb") as f:
        raw = f.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return ["not UTF-8: %s" % e]
    c = Checker()
    c.feed(text)
    c.close()
    errors = list(c.errors)
    for tag, line in c.stack:
        errors.append("<%s> (line %d) is never closed" % (tag, line))
    for tag in ("html", "head", "title", "body"):
        if c.seen.get(tag) != 1:
            errors.append("%d <%s> elements, not 1" % (c.seen.get(tag, 0), tag))
    if not text.startswith("<!DOCTYPE html>"):
        errors.append("no <!DOCTYPE html> first")
    return errors


def decode_png(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("no PNG signature")
    pos, idat, ihdr = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        crc = struct.unpack(">I", data[pos + 8 + n:pos + 12 + n])[0]
        if zlib.crc32(kind + body) & 0xffffffff != crc:
            raise ValueError("bad CRC in %s" % kind)
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
        pos += 12 + n
    w, h, depth, ctype, _, _, interlace = ihdr
    channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(ctype)
    if depth != 8 or not channels or interlace:
        raise ValueError("colour type %d depth %d interlace %d not handled" % (ctype, depth, interlace))
    raw = zlib.decompress(idat)
    stride = w * channels
    if len(raw) != h * (stride + 1):
        raise ValueError("image data is %d bytes, not %d" % (len(raw), h * (stride + 1)))
    prev = bytearray(stride)
    colours = set()
    for y in range(h):
        ft = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            if ft == 1:
                line[i] = (line[i] + a) & 255
            elif ft == 2:
                line[i] = (line[i] + b) & 255
            elif ft == 3:
                line[i] = (line[i] + ((a + b) >> 1)) & 255
            elif ft == 4:
                c = prev[i - channels] if i >= channels else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
            elif ft != 0:
                raise ValueError("filter type %d" % ft)
        if y % 4 == 0:  # a sample of the rows is enough to count colours
            for x in range(0, stride, channels):
                colours.add(bytes(line[x:x + min(channels, 3)]))
        prev = line
    return w, h, len(colours)


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "html":
        bad = 0
        for path in sys.argv[2:]:
            for e in check_html(path):
                print("%s: %s" % (path, e))
                bad += 1
        return 1 if bad else 0
    if len(sys.argv) in (4, 5) and sys.argv[1] == "png":
        try:
            w, h, n = decode_png(sys.argv[2])
        except (ValueError, zlib.error, struct.error, TypeError) as e:
            print("%s: %s" % (sys.argv[2], e))
            return 1
        print("%dx%d %d colours" % (w, h, n))
        side = int(sys.argv[4]) if len(sys.argv) == 5 else 1 << 30
        return 0 if n >= int(sys.argv[3]) and max(w, h) <= side else 1
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
