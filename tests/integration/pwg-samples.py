#!/usr/bin/env python3
"""Makes every PWG Raster sample that ipp-everywhere.test names exist in a run folder.

SPDX-License-Identifier: Apache-2.0
Copyright 2026 The ippd authors

Usage: pwg-samples.py TESTFILE RUN_DIR RESOLUTIONS TYPES EXPECTED_OUT
  RESOLUTIONS  the printer's pwg-raster-document-resolution-supported in dpi ("300,600")
  TYPES        its pwg-raster-document-type-supported ("black_1,sgray_8,srgb_8")

ipptool (CUPS 2.4.2) checks that every FILE of a test file can be read while it parses
the file, before SKIP-IF-NOT-DEFINED is looked at, and stops at the first one it cannot
read.  So for each FILE pwg-raster-samples-RRRdpi/TYPE/NAME-TYPE-RRRdpi.pwg:

  - a sample already in RUN_DIR (committed in tests/data/docs) is kept;
  - a sample the printer advertises (RRR and TYPE both supported) is rendered with
    Ghostscript's pwgraster device from the source in RUN_DIR: NAME.pdf, or a JPEG
    ("color.jpg-4x6") placed on a 4x6 in page;
  - any other sample is an empty placeholder: the test skips it (the printer does not
    advertise it), and the caller checks that no placeholder was ever printed.

EXPECTED_OUT gets one line per advertised sample: "PATH PAGES", PAGES counted from its
page headers, so that the caller can compare what ippd counted.
"""
import os
import re
import struct
import subprocess
import sys

# PWG 5102.4 colour spaces as Ghostscript's cups/pwgraster devices number them, and bits per colour.
GS_TYPES = {
    "black_1": (3, 1),
    "sgray_8": (18, 8),
    "srgb_8": (19, 8),
    "srgb_16": (19, 16),
    "cmyk_8": (6, 8),
}


def jpeg_info(path):
    """(width, height, components) from the first SOF0/1/2 frame header."""
    data = open(path, "rb").read()
    i = 2
    while i + 9 < len(data):
        marker, length = data[i + 1], struct.unpack(">H", data[i + 2:i + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            h, w = struct.unpack(">HH", data[i + 5:i + 9])
            return w, h, data[i + 9]
        i += 2 + length
    raise ValueError(f"{path}: no JPEG frame header")


def jpeg_program(jpeg, out_ps):
    """A PostScript page of 4x6 in with the JPEG fitted and centred, for Ghostscript."""
    w, h, comps = jpeg_info(jpeg)
    pw, ph = 288.0, 432.0
    scale = min(pw / w, ph / h)
    dw, dh = w * scale, h * scale
    space = {1: "/DeviceGray", 3: "/DeviceRGB", 4: "/DeviceCMYK"}[comps]
    decode = " ".join(["0 1"] * comps)
    with open(out_ps, "w") as f:
        f.write(
            f"%!PS\n<< /PageSize [{pw:g} {ph:g}] >> setpagedevice\n"
            f"{(pw - dw) / 2:.3f} {(ph - dh) / 2:.3f} translate {dw:.3f} {dh:.3f} scale\n"
            f"{space} setcolorspace\n"
            f"<< /ImageType 1 /Width {w} /Height {h} /BitsPerComponent 8 /Decode [{decode}]\n"
            f"   /ImageMatrix [{w} 0 0 -{h} 0 {h}]\n"
            f"   /DataSource ({jpeg}) (r) file /DCTDecode filter >> image\nshowpage\n")


def render(run, name, dpi, ptype, out):
    space, bits = GS_TYPES[ptype]
    args = ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pwgraster", f"-r{dpi}",
            f"-dcupsColorSpace={space}", f"-dcupsBitsPerColor={bits}", f"-sOutputFile={out}"]
    m = re.fullmatch(r"(.*\.jpg)-4x6", name)
    if m:
        jpeg = os.path.join(run, m.group(1))
        ps = out + ".ps"
        jpeg_program(jpeg, ps)
        args += [f"--permit-file-read={jpeg}", ps]
    else:
        args.append(os.path.join(run, name + ".pdf"))
    done = subprocess.run(args, timeout=120, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"pwg-samples.py: {' '.join(args)} failed:\n{done.stderr}")
    if m:
        os.unlink(ps)


def pages(path):
    """Pages of a PWG Raster file, by its page headers (each starts with "PwgRaster" and a NUL)."""
    return open(path, "rb").read().count(b"PwgRaster\0")


def main():
    testfile, run, res, types, expected_out = sys.argv[1:6]
    resolutions = {int(r) for r in res.split(",") if r}
    types = {t for t in types.split(",") if t}
    rx = re.compile(r"^\s*FILE\s+(pwg-raster-samples-(\d+)dpi/([a-z]+-\d+)/(.+)-\3-\2dpi\.pwg)\s*$")
    seen = set()
    counts = {"kept": 0, "rendered": 0, "placeholders": 0}
    with open(expected_out, "w") as exp:
        for line in open(testfile):
            m = rx.match(line)
            if not m or m.group(1) in seen:
                continue
            rel, dpi, ptype, name = m.group(1), int(m.group(2)), m.group(3).replace("-", "_"), m.group(4)
            seen.add(rel)
            path = os.path.join(run, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            advertised = dpi in resolutions and ptype in types
            if os.path.exists(path):
                counts["kept"] += 1
            elif advertised:
                render(run, name, dpi, ptype, path)
                counts["rendered"] += 1
            else:
                open(path, "wb").close()
                counts["placeholders"] += 1
            if advertised:
                exp.write(f"{rel} {pages(path)}\n")
    print(", ".join(f"{v} {k}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
