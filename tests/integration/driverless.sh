#!/usr/bin/env bash
# cups-filters' `driverless` builds a PPD from ippd's printer attributes: it must succeed, and say what ippd says.
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The ippd authors
#
# Usage: driverless.sh PATH_TO_ipp TESTS_DATA_DIR PATH_TO_ippd   (Meson passes all three)
#
# `driverless URI` (and `driverless cat URI`, which must print the same) is what CUPS runs to
# make a queue for an IPP Everywhere printer.  Against the default printer (colour, duplex)
# and a second one configured "color = no, duplex = no", the PPD must come out (exit 0, no
# ERROR) and match the printer's own Get-Printer-Attributes answer: the model, one
# PaperDimension per media-supported size, the custom size range, 2-sided options exactly when
# sides-supported has them, ColorModel RGB exactly when color-supported, the default and
# every resolution, the input slots, PDF as the format, and the supply page.
# cupstestppd is not a gate: it fails every driverless PPD for the 8-bit "″" cups-filters
# writes in size names, and for a ShortNickName longer than 31 characters.
# Needs driverless (cups-filters), python3, curl; exits 77 without them.

. "$(dirname "$0")/lib.sh"
lib_init driverless "$@"
need driverless curl
cat >"$TMP/ippd.conf" <<'CONF'
[printer mono]
info = Monochrome simplex
color = no
duplex = no
CONF
ippd_start "$TMP/state" --config "$TMP/ippd.conf" || abort "ippd starts and prints its printer URI" "$IPPD_LOG"
pass "ippd starts on $IPPD_URI"

ATTRS=printer-make-and-model,media-supported,sides-supported,color-supported,printer-resolution-supported
ATTRS=$ATTRS,printer-resolution-default,media-source-supported,document-format-supported,printer-supply-info-uri

# check_ppd LABEL URI: driverless on URI, then its PPD against URI's attributes.
check_ppd() {
	local label=$1 uri=$2 url
	url=http://${uri#ipp://}
	if timeout 60 driverless "$uri" >"$TMP/$label.ppd" 2>"$TMP/$label.err" && head -n1 "$TMP/$label.ppd" | grep -q '^\*PPD-Adobe:' \
		&& ! grep -q 'ERROR' "$TMP/$label.err"; then
		pass "$label: driverless makes a PPD ($(wc -l <"$TMP/$label.ppd") lines)"
	else
		cat "$TMP/$label.err" >>"$TMP/$label.ppd"
		fail "$label: driverless makes a PPD" "$TMP/$label.ppd"
		return
	fi
	if timeout 60 driverless cat "$uri" >"$TMP/$label-cat.ppd" 2>>"$TMP/$label.err" \
		&& cmp -s "$TMP/$label.ppd" "$TMP/$label-cat.ppd"; then
		pass "$label: driverless cat prints the same PPD"
	else
		diff "$TMP/$label.ppd" "$TMP/$label-cat.ppd" >"$TMP/$label.diff" 2>&1
		fail "$label: driverless cat prints the same PPD" "$TMP/$label.diff"
	fi
	timeout 15 "$PY" -S "$TOOLS/ipp-request.py" get-printer-attributes --uri "$uri" --post "$url" --timeout 10 --show \
		--requested "$ATTRS" >"$TMP/$label.attrs"
	if "$PY" -S - "$TMP/$label.attrs" "$TMP/$label.ppd" >"$TMP/$label.check" 2>&1 <<'PY'; then
import re, sys
attrs, ppd = {}, open(sys.argv[2], encoding="latin-1").read()
for line in open(sys.argv[1]):
    m = re.match(r"printer\.([a-z0-9-]+) = (.*)", line.rstrip("\n"))
    if m:
        attrs[m.group(1)] = m.group(2).split(",")
bad = []
def want(ok, what):
    print(("ok: " if ok else "MISMATCH: ") + what)
    if not ok:
        bad.append(what)

def points(dim, unit):  # a PWG 5101.1 dimension in PostScript points
    return float(dim) * (72 if unit == "in" else 72 / 25.4)

model = attrs["printer-make-and-model"][0]
want(f'*ModelName: "{model}"' in ppd, f"*ModelName is printer-make-and-model '{model}'")

dims = [tuple(map(float, m)) for m in re.findall(r'^\*PaperDimension [^:]+: "([\d.]+) ([\d.]+)"', ppd, re.M)]
custom = {}
for name in attrs["media-supported"]:
    m = re.match(r".*_([\d.]+)x([\d.]+)(in|mm)$", name)
    w, h = points(m.group(1), m.group(3)), points(m.group(2), m.group(3))
    if name.startswith("custom_"):
        custom[name.split("_")[1]] = w
        continue
    want(any(abs(w - a) < 0.5 and abs(h - b) < 0.5 for a, b in dims), f"a PaperDimension of {w:.1f} x {h:.1f} pt for {name}")
width = re.search(r"^\*ParamCustomPageSize Width: 1 points ([\d.]+) ([\d.]+)", ppd, re.M)
if custom:
    want(bool(width) and abs(float(width.group(1)) - custom["min"]) < 0.5 and abs(float(width.group(2)) - custom["max"]) < 0.5,
         f"custom widths {custom['min']:.0f}-{custom['max']:.0f} pt")

two_sided = "two-sided-long-edge" in attrs["sides-supported"]
want(("*Duplex DuplexNoTumble" in ppd) == two_sided, f"2-sided printing offered: {two_sided}, as sides-supported says")
color = attrs["color-supported"][0] == "true"
want(("*ColorModel RGB" in ppd) == color and ("*ColorDevice: True" in ppd) == color,
     f"colour offered: {color}, as color-supported says")
want("*ColorModel Gray" in ppd, "a Gray ColorModel")

dflt = attrs["printer-resolution-default"][0].split("x")[0]
want(f"*DefaultResolution: {dflt}dpi" in ppd, f"*DefaultResolution {dflt}dpi, as printer-resolution-default says")
supported = {r.split("x")[0] for r in attrs["printer-resolution-supported"]}
used = set(re.findall(r"HWResolution\[(\d+) \1\]", ppd))
want(used == supported, f"the HWResolutions {sorted(used)} are printer-resolution-supported {sorted(supported)}")

slots = re.findall(r"^\*InputSlot ([^/:]+)", ppd, re.M)
want(len(slots) == len(attrs["media-source-supported"]), f"{len(slots)} InputSlots for media-source-supported {attrs['media-source-supported']}")
want("application/pdf" in attrs["document-format-supported"] and '*cupsFilter2: "application/vnd.cups-pdf application/pdf' in ppd,
     "PDF goes to the printer as it is")
supply = re.search(r'^\*APSupplies: "([^"]+)"', ppd, re.M)
want(bool(supply) and supply.group(1).split("/", 3)[-1] == attrs["printer-supply-info-uri"][0].split("/", 3)[-1],
     "*APSupplies is printer-supply-info-uri")
sys.exit(1 if bad else 0)
PY
		pass "$label: the PPD says what the printer attributes say ($(grep -c '^ok' "$TMP/$label.check") checks)"
	else
		fail "$label: the PPD says what the printer attributes say" "$TMP/$label.check"
	fi
}

check_ppd default "$IPPD_URI"
check_ppd mono "$IPPD_URI/mono"

if ippd_alive; then pass "ippd alive, no sanitizer report"; else fail "ippd alive, no sanitizer report" "$TMP/san.out"; fi
ippd_stop "after driverless"
finish
