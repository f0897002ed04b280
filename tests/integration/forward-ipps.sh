#!/usr/bin/env bash
# Forwarding over ipps:// to a printer with a self-signed certificate: device-ca-file and device-pinned-key.
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The ippd authors
#
# Usage: forward-ipps.sh PATH_TO_ipp TESTS_DATA_DIR PATH_TO_ippd   (Meson passes all three)
#
# The upstream is another ippd, whose generated certificate no system store trusts.  The
# spooler ippd has four printers in front of it:
#   trusted    device-ca-file = the upstream's certificate      -> completes, byte for byte
#   untrusted  neither key                                      -> aborted: the certificate
#   pinned     device-pinned-key = sha256 of its public key     -> completes (a pin alone
#                                                                  trusts that key, whoever signed it)
#   wrong-pin  device-pinned-key = another key's                -> aborted: the pin
# and bad configurations stop it at start with the file and line: a relative or missing
# device-ca-file, a malformed pin, either key on a device that is not ipps://.
# Needs openssl and python3; exits 77 without them.

. "$(dirname "$0")/lib.sh"
lib_init forward-ipps "$@"
need openssl python3 timeout cmp base64

# The upstream.
ippd_start "$TMP/up" || abort "the upstream ippd starts" "$IPPD_LOG"
UP_PID=$IPPD_PID UP_LOG=$IPPD_LOG UP_PORT=$IPPD_PORT
CRT=$TMP/up/tls/ippd.crt
check "the upstream made its self-signed certificate" test -s "$CRT"
PIN=sha256//$(openssl x509 -in "$CRT" -pubkey -noout | openssl pkey -pubin -outform der |
	openssl dgst -sha256 -binary | base64)
OTHER=sha256//$(openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:prime256v1 2>/dev/null |
	openssl pkey -pubout -outform der | openssl dgst -sha256 -binary | base64)
check "pins of 44 base64 characters ($PIN)" test "${#PIN}" = 52 -a "${#OTHER}" = 52
UP=ipps://127.0.0.1:$UP_PORT/ipp/print

# Bad configurations: one line naming the file, the line and the fault.
bad_config() { # NAME PATTERN CONFIG-TEXT
	printf '%b' "$3" >"$TMP/bad.conf"
	timeout 20 "$IPPD" --listen 127.0.0.1:0 --state-dir "$TMP/bad" --no-dnssd --config "$TMP/bad.conf" >"$TMP/bad.out" 2>&1
	local st=$?
	if [ "$st" -ne 0 ] && grep -q "$2" "$TMP/bad.out"; then pass "$1: exit $st, '$(head -n 1 "$TMP/bad.out")'"; else
		echo "exit status $st" >>"$TMP/bad.out"
		fail "$1" "$TMP/bad.out"
	fi
}
bad_config "a relative device-ca-file" "bad.conf:3: device-ca-file must be an absolute path" \
	"[printer p]\ndevice-uri = $UP\ndevice-ca-file = tls/ippd.crt\n"
bad_config "a missing device-ca-file" "bad.conf:3: device-ca-file /nonexistent.pem: No such file" \
	"[printer p]\ndevice-uri = $UP\ndevice-ca-file = /nonexistent.pem\n"
bad_config "a malformed device-pinned-key" "bad.conf:3: device-pinned-key must be sha256//" \
	"[printer p]\ndevice-uri = $UP\ndevice-pinned-key = sha256//short\n"
bad_config "device-ca-file on an ipp:// device" "\[p\]: device-ca-file and device-pinned-key are for an ipps:// device-uri" \
	"[printer p]\ndevice-uri = ipp://127.0.0.1:$UP_PORT/ipp/print\ndevice-ca-file = $CRT\n"

# The spooler.
cat >"$TMP/spool.conf" <<EOF
[printer trusted]
device-uri = $UP
device-ca-file = $CRT
device-retries = 1
[printer untrusted]
device-uri = $UP
device-retries = 1
[printer pinned]
device-uri = $UP
device-pinned-key = $PIN
device-retries = 1
[printer wrong-pin]
device-uri = $UP
device-pinned-key = $OTHER
device-retries = 1
EOF
ippd_start "$TMP/spool" --config "$TMP/spool.conf" || abort "the spooler ippd starts" "$IPPD_LOG"
BASE=ipp://127.0.0.1:$IPPD_PORT/ipp/print

attr() { # URI [--job N] NAME: one attribute's value, as text
	timeout 15 "$IPP" attrs "$@" --json 2>/dev/null |
		"$PY" -S -c "import json, sys; v = json.load(sys.stdin).get(sys.argv[1], ''); print(','.join(map(str, v)) if isinstance(v, list) else v)" "${@: -1}"
}
terminal() { case $(attr "$BASE/$1" --job "$2" job-state) in aborted | completed | canceled) return 0 ;; esac; return 1; }
print_to() { # PRINTER: prints testfile.pdf there; the job id on stdout
	timeout 30 "$IPP" print "$BASE/$1" "$DOCS/testfile.pdf" >"$TMP/print-$1.out" 2>&1
	sed -n 's/.*job \([0-9][0-9]*\).*/\1/p' "$TMP/print-$1.out" | head -n 1
}

# Each job: its id is its place in the spooler's sequence.
for p in trusted untrusted pinned wrong-pin; do
	id=$(print_to "$p")
	eval "JOB_${p//-/_}=\$id"
	[ -n "$id" ] || fail "print to $p" "$TMP/print-$p.out"
done
for p in trusted untrusted pinned wrong-pin; do
	eval "id=\$JOB_${p//-/_}"
	[ -n "$id" ] && wait_for 60 terminal "$p" "$id"
done
upstream_has() { # FILE: some job's document on the upstream is FILE byte for byte
	local f
	for f in "$TMP"/up/output/default/job-*-doc-1.pdf; do cmp -s "$f" "$1" && return 0; done
	return 1
}
check "trusted (device-ca-file): the job completes ($(attr "$BASE/trusted" --job "$JOB_trusted" job-state))" \
	test "$(attr "$BASE/trusted" --job "$JOB_trusted" job-state)" = completed
check "and the document arrived upstream byte for byte" upstream_has "$DOCS/testfile.pdf"
msg=$(attr "$BASE/untrusted" --job "$JOB_untrusted" job-state-message)
check "untrusted (the system store only): aborted, and the message says why ('$msg')" \
	sh -c "[ '$(attr "$BASE/untrusted" --job "$JOB_untrusted" job-state)' = aborted ] && echo '$msg' | grep -qi 'certificate'"
check "pinned (the key's sha256 alone): the job completes ($(attr "$BASE/pinned" --job "$JOB_pinned" job-state))" \
	test "$(attr "$BASE/pinned" --job "$JOB_pinned" job-state)" = completed
msg=$(attr "$BASE/wrong-pin" --job "$JOB_wrong_pin" job-state-message)
check "wrong-pin: aborted, and the message names the pin ('$msg')" \
	sh -c "[ '$(attr "$BASE/wrong-pin" --job "$JOB_wrong_pin" job-state)' = aborted ] && echo '$msg' | grep -qi 'pin'"
n=$(ls "$TMP"/up/output/default/ 2>/dev/null | grep -c 'doc-1.pdf$')
check "the upstream received exactly the two trusted jobs ($n)" test "$n" = 2

check "the spooler alive" ippd_alive
ippd_stop "the spooler"
IPPD_PID=$UP_PID IPPD_LOG=$UP_LOG
check "the upstream alive" ippd_alive
ippd_stop "the upstream"
finish
