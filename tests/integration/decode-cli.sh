#!/usr/bin/env bash
# Checks `ipp decode` and `ipp decode --json` against the captured fixtures in tests/data.
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The ippd authors
#
# Usage: decode-cli.sh PATH_TO_ipp TESTS_DATA_DIR   (Meson passes both)
#
# What each fixture really holds comes from tools/ipp-count.py, a small
# Python walker that shares no code with the C codec.
set -u

if [ $# -ne 2 ]; then
	echo "usage: $0 PATH_TO_ipp TESTS_DATA_DIR" >&2
	exit 2
fi
IPP=$1
DATA=$2
HERE=$(cd "$(dirname "$0")" && pwd)
WALKER=$HERE/../../tools/ipp-count.py
TMP=$(mktemp -d "${TMPDIR:-/tmp}/decode-cli.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
passed=0
failed=0

pass() { passed=$((passed + 1)); echo "ok - $1"; }
fail() { # NAME [FILE whose first lines explain]
	failed=$((failed + 1))
	echo "not ok - $1"
	if [ -n "${2:-}" ] && [ -s "$2" ]; then head -n 20 "$2" | sed 's/^/    # /'; fi
}
walk() { python3 "$WALKER" "$@"; }
# decode ARGS...: runs `ipp decode` with a time limit; sets $rc, output in $TMP/out, $TMP/err.
decode() {
	timeout 20 "$IPP" decode "$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
}
# expect_error NAME FILE: exit 1 and one stderr line "ipp decode: FILE: error at byte N: reason"
# with N within the file.
expect_error() {
	local name=$1 file=$2 size n
	size=$(wc -c <"$file")
	decode "$file"
	n=$(sed -n 's/^ipp decode: .*error at byte \([0-9][0-9]*\): ..*$/\1/p' "$TMP/err")
	if [ $rc -ne 1 ]; then
		fail "$name: exit $rc, expected 1" "$TMP/err"
	elif ! grep -q byte "$TMP/err"; then
		fail "$name: message does not say which byte" "$TMP/err"
	elif [ "$(wc -l <"$TMP/err")" -ne 1 ] || [ -z "$n" ] || [ "$n" -gt "$size" ]; then
		fail "$name: expected one line 'ipp decode: FILE: error at byte N: reason', N <= $size" "$TMP/err"
	else
		pass "$name (error at byte $n)"
	fi
}

if [ ! -x "$IPP" ]; then
	echo "decode-cli.sh: $IPP is not an executable" >&2
	exit 1
fi
if [ ! -s "$DATA/ippeveprinter-gpa-all.bin" ]; then
	echo "decode-cli.sh: no fixtures in $DATA" >&2
	exit 1
fi

# --- every fixture: text and JSON renderings agree with the walker ----------
for fixture in "$DATA"/*.bin; do
	base=$(basename "$fixture")
	if ! count=$(walk --count "$fixture" 2>"$TMP/walk"); then
		fail "$base: the walker cannot read the fixture" "$TMP/walk"
		continue
	fi

	decode "$fixture"
	if [ $rc -ne 0 ]; then
		fail "$base: text: exit $rc" "$TMP/err"
	elif walk --check-text "$TMP/out" "$fixture" >"$TMP/check"; then
		pass "$base: text shows all $count attributes, their members and values"
	else
		fail "$base: text differs from the walker" "$TMP/check"
	fi

	decode --json "$fixture"
	cp "$TMP/out" "$TMP/file.json"
	if [ $rc -ne 0 ]; then
		fail "$base: --json: exit $rc" "$TMP/err"
		continue
	fi
	if python3 -c 'import json, sys; json.load(sys.stdin)' <"$TMP/file.json" 2>"$TMP/check"; then
		pass "$base: --json output parses"
	else
		fail "$base: --json output is not JSON" "$TMP/check"
		continue
	fi
	jcount=$(python3 -c 'import json, sys
print(sum(len(g["attributes"]) for g in json.load(sys.stdin)["groups"]))' <"$TMP/file.json" 2>"$TMP/check")
	if [ "$jcount" = "$count" ]; then
		pass "$base: --json has the $count top-level attributes"
	else
		fail "$base: --json has '$jcount' top-level attributes, the fixture $count" "$TMP/check"
	fi
	if walk --check-json "$TMP/file.json" "$fixture" >"$TMP/check"; then
		pass "$base: --json names, members and values match the walker"
	else
		fail "$base: --json differs from the walker" "$TMP/check"
	fi

	# `-` reads standard input and gives the same rendering.
	timeout 20 "$IPP" decode --json - <"$fixture" >"$TMP/stdin.json" 2>"$TMP/err"
	rc=$?
	if [ $rc -eq 0 ] && python3 -c 'import json, sys
sys.exit(json.load(open(sys.argv[1])) != json.load(open(sys.argv[2])))' \
		"$TMP/file.json" "$TMP/stdin.json" 2>>"$TMP/err"; then
		pass "$base: --json - (stdin) gives the same JSON"
	else
		fail "$base: --json - (stdin): exit $rc or different JSON" "$TMP/err"
	fi
done

# --- what the captures are known to hold ---------------------------------------
mcd=$DATA/ippeveprinter-gpa-all-media-col-database.bin
walk --members "$mcd" >"$TMP/members"
if grep -qx 'media-col-database.media-size.x-dimension' "$TMP/members"; then
	timeout 20 "$IPP" decode - <"$mcd" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	if [ $rc -eq 0 ] && walk --check-text "$TMP/out" "$mcd" >"$TMP/check" &&
		awk '/^[[:space:]]+media-col-database[[:space:]]/ { on = 1; ind = match($0, /[^[:space:]]/); print; next }
			on { if (match($0, /[^[:space:]]/) <= ind) exit; print }' "$TMP/out" |
		grep -q 'media-size.*x-dimension'; then
		pass "media-col-database members (media-size/x-dimension) shown, read from stdin"
	else
		fail "media-col-database members not shown (exit $rc)" "$TMP/check"
	fi
else
	fail "$(basename "$mcd") lacks media-col-database.media-size.x-dimension"
fi

# --- malformed input: exit 1, one line naming the byte -------------------------
gpa=$DATA/ippeveprinter-gpa-all.bin
size=$(wc -c <"$gpa")
for cut in 0 1 7 8 9 10 30 100 1000 4000 $((size / 2)) $((size - 2)) $((size - 1)); do
	head -c "$cut" "$gpa" >"$TMP/cut-$cut.bin"
	if walk --count "$TMP/cut-$cut.bin" >/dev/null 2>&1; then
		fail "gpa-all cut at $cut: the walker accepts it; pick another offset"
		continue
	fi
	expect_error "gpa-all cut at byte $cut" "$TMP/cut-$cut.bin"
done

# A cut inside a collection of media-col-database.
mcd_size=$(wc -c <"$mcd")
for cut in $((mcd_size / 3)) $((mcd_size * 2 / 3)); do
	head -c "$cut" "$mcd" >"$TMP/mcd-cut-$cut.bin"
	expect_error "media-col-database capture cut at byte $cut" "$TMP/mcd-cut-$cut.bin"
done

# Print-Job: cut before the end-of-attributes-tag is an error; cut inside the
# document is still a whole IPP message (the document is only shorter).
pj=$DATA/ipptool-print-job-request.bin
doc_at=$(walk --summary "$pj" | sed -n 's/^document data at byte \([0-9]*\),.*/\1/p')
head -c $((doc_at - 1)) "$pj" >"$TMP/pj-noend.bin"
expect_error "print-job request without its end-of-attributes-tag" "$TMP/pj-noend.bin"
head -c $((doc_at + 100)) "$pj" >"$TMP/pj-short-doc.bin"
decode "$TMP/pj-short-doc.bin"
if [ $rc -eq 0 ]; then
	pass "print-job request with a shortened document decodes"
else
	fail "print-job request with a shortened document: exit $rc" "$TMP/err"
fi

# Garbage: a text file, and 64 octets of 0xff.
cp "$DATA/docs/testfile.txt" "$TMP/garbage.txt"
expect_error "garbage (a text file)" "$TMP/garbage.txt"
head -c 64 /dev/zero | tr '\0' '\377' >"$TMP/ff.bin"
expect_error "garbage (64 octets of 0xff)" "$TMP/ff.bin"

# --- files and usage -------------------------------------------------------------
missing=$TMP/no-such-file.bin
decode "$missing"
if [ $rc -eq 1 ] && grep -qF "$missing" "$TMP/err"; then
	pass "missing file: exit 1 naming the file"
else
	fail "missing file: exit $rc, expected 1 and a message naming $missing" "$TMP/err"
fi

decode
if [ $rc -eq 2 ]; then pass "no arguments: exit 2"; else fail "no arguments: exit $rc, expected 2" "$TMP/err"; fi
decode --json
if [ $rc -eq 2 ]; then pass "--json alone: exit 2"; else fail "--json alone: exit $rc, expected 2" "$TMP/err"; fi
decode --no-such-option "$gpa"
if [ $rc -eq 2 ]; then
	pass "unknown option: exit 2"
else
	fail "unknown option: exit $rc, expected 2" "$TMP/err"
fi

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
