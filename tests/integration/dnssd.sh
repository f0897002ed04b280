#!/usr/bin/env bash
# DNS-SD: ippd advertises its printers through Avahi, and ipp find, avahi-browse and ippfind find them — all inside a private network namespace.
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The ippd authors
#
# Usage (as root): dnssd.sh PATH_TO_ipp TESTS_DATA_DIR PATH_TO_ippd   (Meson passes all three)
#
# mDNS is multicast: an avahi-daemon must never speak on the machine's real
# network.  So the script re-runs itself under `unshare -n -m`: a network
# namespace where only loopback exists (checked before anything starts), and
# a mount namespace with a private /run, so that our avahi-daemon's pid file
# and socket never meet a real one.  There it starts ippd (before any D-Bus,
# to see the "no avahi-daemon" line and the reconnection), a private system
# D-Bus, then avahi-daemon on loopback only, and checks:
#   - ippd without avahi-daemon logs one line and serves requests; ipp find
#     says why it cannot search and exits 1 (no bus; a bus but no daemon);
#   - once the daemon is up, ippd is advertised: avahi-browse -rpt shows the
#     service with its port and the TXT keys of IPP Everywhere, and the _print
#     subtype; ippfind finds it (with and without the subtype); ipp find lists
#     it with the right URI (table and --json);
#   - a SIGHUP reload reaches DNS-SD: a changed printer-location (with control
#     characters and a bad UTF-8 byte, cleaned) in the TXT record, a new
#     printer (its printer-info too long for a DNS label: cut, still UTF-8);
#   - when avahi-daemon restarts, ippd advertises again;
#   - a second ippd with the same DNS-SD name is renamed "NAME #2";
#   - after SIGTERM each service is withdrawn.
# Exits 77 (skipped) when not root, when unshare cannot make the namespaces,
# or when a tool is missing.  Every wait is bounded; the whole run takes
# about 35 s.

# Functions called through wait_for look unreachable to shellcheck.
# shellcheck disable=SC2317
if [ "${IPPD_DNSSD_NETNS:-}" != 1 ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "dnssd.sh: SKIP: needs root for a private network namespace"
		exit 77
	fi
	if ! command -v unshare >/dev/null 2>&1 || ! unshare -n -m true 2>/dev/null; then
		echo "dnssd.sh: SKIP: unshare -n -m is not available here"
		exit 77
	fi
	IPPD_DNSSD_NETNS=1 exec unshare -n -m "$0" "$@"
fi

. "$(dirname "$0")/lib.sh"
IPPD_DNSSD= # this test is about advertising: no --no-dnssd
lib_init dnssd "$@"
need python3 curl timeout ip mount dbus-daemon avahi-daemon avahi-browse ippfind

# --- the namespace: loopback only, multicast on, a private /run --------------
if [ -n "$(ip -o link show | awk -F': ' '$2 != "lo" {print $2}')" ]; then
	ip -o link show | sed 's/^/# /'
	abort "the network namespace has interfaces besides lo: not starting avahi-daemon"
fi
{ ip link set lo up && ip link set lo multicast on; } || abort "cannot bring lo up with multicast"
mount -n -t tmpfs tmpfs /run || abort "cannot mount a private /run"

# The private system bus where ippd, avahi-daemon and the clients meet; started below.
BUS=$TMP/bus
export DBUS_SYSTEM_BUS_ADDRESS=unix:path=$BUS

# run NAME ARGS...: runs a command (30 s at most) with stdout in $TMP/out, stderr in $TMP/err, status in $rc.
run() {
	timeout 30 "$@" >"$TMP/out" 2>"$TMP/err" </dev/null
	rc=$?
}
# expect NAME STATUS [REGEX]: the last run exited STATUS and (stdout+stderr) matches REGEX.
expect() {
	cat "$TMP/out" "$TMP/err" >"$TMP/both"
	if [ "$rc" -eq "$2" ] && { [ -z "${3:-}" ] || grep -Eq -- "$3" "$TMP/both"; }; then
		pass "$1"
	else
		echo "exit status $rc (expected $2)" >>"$TMP/both"
		fail "$1" "$TMP/both"
	fi
}
# browse FILE [TYPE]: avahi-browse -rpt (resolved, parsable, terminate), lines in FILE.
browse() {
	timeout 15 avahi-browse -rpt "${2:-_ipp._tcp}" >"$1" 2>"$1.err"
}
# service FILE NAME: the resolved line of service NAME as KEY=VALUE lines (port, host, txt.KEY).
service() {
	"$PY" -S - "$1" "$2" <<'EOF'
import re, sys
def unescape(s):
    s = re.sub(r'\\(\d{3})', lambda m: chr(int(m.group(1))), s)
    return s.encode('latin-1', 'replace').decode('utf-8', 'replace')
for line in open(sys.argv[1], encoding='latin-1'):
    line = line.encode('latin-1').decode('utf-8', 'backslashreplace')
    f = line.rstrip('\n').split(';', 9)
    if len(f) < 10 or f[0] != '=' or unescape(f[3]) != sys.argv[2]:
        continue
    print('host=' + f[6])
    print('address=' + f[7])
    print('port=' + f[8])
    for t in re.findall(r'"((?:[^"\\]|\\.)*)"', f[9]):
        k, _, v = t.partition('=')
        print('txt.' + k + '=' + v)
    break
EOF
}
# field FILE KEY: one value of a service() output.
field() { sed -n "s/^$2=//p" "$1" | head -n 1; }
# has_service FILE NAME [TYPE]: avahi-browse lists a resolved NAME (polled by wait_for).
has_service() {
	browse "$TMP/poll" "${3:-}" && service "$TMP/poll" "$2" >"$1" && [ -s "$1" ]
}
no_service() {
	browse "$TMP/poll" && service "$TMP/poll" "$1" >"$TMP/poll.svc" && [ ! -s "$TMP/poll.svc" ]
}

# --- ippd before D-Bus and avahi-daemon: one line, and it serves ------------------
CONF=$TMP/ippd.conf
printf '[default]\ninfo = Front desk\nlocation = Room 1\n' >"$CONF"
ippd_start "$TMP/s1" --config "$CONF" --dnssd-name "Office Printer" || abort "ippd did not start" "$IPPD_LOG"
P1=$IPPD_PID PORT1=$IPPD_PORT LOG1=$IPPD_LOG URI1=$IPPD_URI
wait_for 5 grep -q 'DNS-SD:' "$LOG1"
n=$(grep -c 'DNS-SD' "$LOG1")
if [ "$n" -eq 1 ] && grep -q 'DNS-SD: no avahi-daemon; printers are not advertised' "$LOG1"; then
	pass "ippd without avahi-daemon logs one line"
else
	fail "ippd without avahi-daemon logs one line ($n DNS-SD lines)" "$LOG1"
fi
run "$IPP" status "$URI1"
expect "ippd without avahi-daemon serves requests" 0 "idle"
run "$IPP" find --timeout 1
expect "ipp find without a system bus: clear message, exit 1" 1 \
	'^ipp find: no avahi-daemon is running \(DNS-SD needs it\): '

dbus-daemon --system --nofork --nopidfile --address="unix:path=$BUS" >"$TMP/dbus.log" 2>&1 &
LIB_PIDS="$LIB_PIDS $!"
wait_for 10 test -S "$BUS" || abort "the private D-Bus did not start" "$TMP/dbus.log"
run "$IPP" find --timeout 1
expect "ipp find with a bus but no avahi-daemon: clear message, exit 1" 1 \
	'^ipp find: no avahi-daemon is running \(DNS-SD needs it\): '
run "$IPP" find --timeout 0
expect "ipp find --timeout 0 is bad usage" 2 "--timeout"

# --- avahi-daemon on loopback only --------------------------------------------
printf '[server]\nuse-ipv4=yes\nuse-ipv6=no\nallow-interfaces=lo\n[publish]\npublish-workstation=no\n' \
	>"$TMP/avahi.conf"
# avahi_start LOG: starts avahi-daemon (the namespace's only one) and waits for it.
avahi_start() {
	avahi-daemon --no-drop-root --no-rlimits --no-chroot -f "$TMP/avahi.conf" >"$1" 2>&1 &
	AVAHI_PID=$!
	LIB_PIDS="$LIB_PIDS $AVAHI_PID"
	wait_for 15 grep -q 'Server startup complete' "$1"
}
avahi_start "$TMP/avahi.log" || abort "avahi-daemon did not start" "$TMP/avahi.log"
HOST=$(sed -n 's/.*Host name is \([^ ]*\)\. .*/\1/p' "$TMP/avahi.log" | head -n 1)
note "avahi-daemon up, host name $HOST"

# ippd tries again every few seconds while there is no bus, then waits for the daemon on it.
if wait_for 20 grep -q "DNS-SD: advertised as 'Office Printer'" "$LOG1"; then
	pass "ippd advertises once avahi-daemon appears"
else
	fail "ippd advertises once avahi-daemon appears" "$LOG1"
fi
check "listening on loopback only, ippd advertises on lo only" grep -q "advertised as 'Office Printer' (.*, on lo only)" "$LOG1"

# --- avahi-browse: the service, its port, its TXT keys --------------------------
S1=$TMP/s1.svc
wait_for 10 has_service "$S1" "Office Printer" || fail "avahi-browse finds 'Office Printer'" "$TMP/poll"
if [ -s "$S1" ]; then
	pass "avahi-browse finds 'Office Printer'"
	check "port is ippd's ($PORT1)" test "$(field "$S1" port)" = "$PORT1"
	"$IPP" attrs "$URI1" printer-uuid --json >"$TMP/uuid.json" 2>&1
	UUID=$("$PY" -S -c 'import json, sys; print(json.load(open(sys.argv[1]))["printer-uuid"][9:])' "$TMP/uuid.json")
	bad=""
	for kv in "txtvers=1" "qtotal=1" "rp=ipp/print" "ty=ippd Virtual IPP Everywhere Printer" \
		"adminurl=http://$HOST:$PORT1/ipp/print" "note=Room 1" "UUID=$UUID" "Color=T" "Duplex=T" \
		"PaperMax=legal-A4" "priority=50"; do
		grep -qxF "txt.$kv" "$S1" || bad="$bad $kv"
	done
	grep -q '^txt\.pdl=.*application/pdf' "$S1" || bad="$bad pdl"
	grep -q '^txt\.pdl=.*image/pwg-raster' "$S1" || bad="$bad pdl(pwg-raster)"
	grep -q '^txt\.URF=.*W8' "$S1" || bad="$bad URF"
	grep -q '^txt\.kind=\(.*,\)\?document\(,.*\)\?$' "$S1" || bad="$bad kind"
	grep -qxF 'txt.TLS=1.3' "$S1" || bad="$bad TLS=1.3 (TLS is on by default)"
	grep -q '^txt\.mopria-certified=' "$S1" && bad="$bad mopria-certified(present)"
	if [ -z "$bad" ]; then pass "TXT keys of IPP Everywhere"; else fail "TXT keys of IPP Everywhere: wrong or missing:$bad" "$S1"; fi
	long=$(awk 'length($0) > 259' "$S1")
	check "every TXT string is at most 255 octets" test -z "$long"
	admin=$(field "$S1" txt.adminurl)
	check "adminurl is the printer's web page" curl -sf --max-time 5 -o /dev/null "${admin/$HOST/127.0.0.1}"
fi
if has_service "$TMP/sub.svc" "Office Printer" _print._sub._ipp._tcp; then
	pass "avahi-browse finds it under the _print subtype"
else
	fail "avahi-browse finds it under the _print subtype" "$TMP/poll"
fi
# _universal goes with image/urf in document-format-supported (the pdl key), and only then.
if grep -q '^txt\.pdl=.*image/urf' "$S1"; then
	if has_service "$TMP/sub.svc" "Office Printer" _universal._sub._ipp._tcp; then
		pass "avahi-browse finds it under the _universal subtype (image/urf is in pdl)"
	else
		fail "avahi-browse finds it under the _universal subtype (image/urf is in pdl)" "$TMP/poll"
	fi
elif has_service "$TMP/sub.svc" "Office Printer" _universal._sub._ipp._tcp; then
	fail "no _universal subtype without image/urf in pdl" "$TMP/sub.svc"
else
	pass "no _universal subtype without image/urf in pdl"
fi
# TLS is on by default: _ipps._tcp on the same port (the second ippd below runs --no-tls, without it).
if browse "$TMP/poll" _ipps._tcp && service "$TMP/poll" "Office Printer" >"$TMP/ipps.svc" \
	&& [ "$(field "$TMP/ipps.svc" port)" = "$PORT1" ]; then
	pass "an _ipps._tcp service on the same port while ippd serves TLS"
else
	fail "an _ipps._tcp service on the same port while ippd serves TLS" "$TMP/poll"
fi

# --- ippfind (cups-ipp-utils): another client no one here wrote ----------------
run ippfind -T 3 _ipp._tcp --literal-name "Office Printer" --print
expect "ippfind finds it" 0 "^ipp://$HOST:$PORT1/ipp/print\$"
run ippfind -T 2 _ipp._tcp,_print --literal-name "Office Printer" --print
expect "ippfind finds it with the _print subtype" 0 "^ipp://$HOST:$PORT1/ipp/print\$"
run ippfind -T 2 _ipp._tcp --literal-name "Office Printer" --txt-pdl application/pdf --txt-Color '^T$' --quiet
expect "ippfind matches its TXT keys" 0

# --- ipp find: table and JSON ------------------------------------------------
run "$IPP" find --timeout 2
expect "ipp find lists it (table)" 0 "^Office Printer +ipp://$HOST:$PORT1/ipp/print +ippd Virtual IPP Everywhere Printer +Room 1\$"
run "$IPP" find --timeout 2 --txt
expect "ipp find --txt shows the TXT record" 0 "^    UUID=$UUID\$"
run "$IPP" find --timeout 2 --json
if "$PY" -S - "$TMP/out" "ipp://$HOST:$PORT1/ipp/print" "$PORT1" <<'EOF' >"$TMP/json.err" 2>&1; then
import json, sys
d = json.load(open(sys.argv[1]))
p = [x for x in d["printers"] if x["name"] == "Office Printer" and x["type"] == "_ipp._tcp"]
assert len(p) == 1, d
s = [x for x in d["printers"] if x["name"] == "Office Printer" and x["type"] == "_ipps._tcp"]
assert len(s) == 1 and s[0]["uri"] == sys.argv[2].replace("ipp://", "ipps://"), d
p = p[0]
assert p["uri"] == sys.argv[2], p["uri"]
assert p["type"] == "_ipp._tcp" and p["port"] == int(sys.argv[3]) and p["address"] == "127.0.0.1", p
assert p["make-and-model"] == "ippd Virtual IPP Everywhere Printer" and p["location"] == "Room 1", p
assert p["txt"]["rp"] == "ipp/print" and p["txt"]["txtvers"] == "1", p["txt"]
EOF
	pass "ipp find --json lists it with the right URI"
else
	cat "$TMP/out" >>"$TMP/json.err"
	fail "ipp find --json lists it with the right URI" "$TMP/json.err"
fi
# The printer answers at the URI found (by address: nss-mdns may not be installed).
uri=$("$PY" -S -c 'import json, sys; print([p["uri"] for p in json.load(open(sys.argv[1]))["printers"]][0])' "$TMP/out" 2>/dev/null)
run "$IPP" status "${uri/$HOST/127.0.0.1}"
expect "the URI found answers" 0 "idle"

# --- a reload reaches DNS-SD ------------------------------------------------------
# 40 "é" (80 octets) and a control character: the name is cut to 31 "é", 62 of the 63 octets a label holds.
E40=$(printf '\303\251%.0s' $(seq 40))
E31=$(printf '\303\251%.0s' $(seq 31))
printf '[default]\ninfo = Front desk\nlocation = Room\001\t2\377\n[printer office]\ninfo = %s\001x\n' "$E40" >"$CONF"
kill -HUP "$P1"
note_is_clean() { has_service "$TMP/s1b.svc" "Office Printer" && grep -qxF 'txt.note=Room  2' "$TMP/s1b.svc"; }
if wait_for 10 note_is_clean; then
	pass "a new printer-location (SIGHUP) reaches the TXT record, control characters cleaned"
else
	fail "a new printer-location (SIGHUP) reaches the TXT record, control characters cleaned" "$TMP/s1b.svc"
fi
if wait_for 10 has_service "$TMP/office.svc" "$E31" && grep -qxF 'txt.rp=ipp/print/office' "$TMP/office.svc" \
	&& [ "$(field "$TMP/office.svc" port)" = "$PORT1" ]; then
	pass "a printer added by SIGHUP is advertised, its long name cut on a character boundary"
else
	fail "a printer added by SIGHUP is advertised, its long name cut on a character boundary" "$TMP/poll"
fi

# --- avahi-daemon restarts: ippd advertises again ------------------------------------
kill -TERM "$AVAHI_PID"
lib_wait_pid "$AVAHI_PID" 10 || kill -9 "$AVAHI_PID"
wait "$AVAHI_PID" 2>/dev/null
lib_forget_pid "$AVAHI_PID"
if wait_for 10 grep -q 'DNS-SD: lost avahi-daemon' "$LOG1"; then
	pass "ippd notices that avahi-daemon went away"
else
	fail "ippd notices that avahi-daemon went away" "$LOG1"
fi
avahi_start "$TMP/avahi-2.log" || abort "avahi-daemon did not start again" "$TMP/avahi-2.log"
advertised_twice() { [ "$(grep -c "DNS-SD: advertised as 'Office Printer'" "$LOG1")" -ge 2 ]; }
if wait_for 15 advertised_twice && wait_for 10 has_service "$S1" "Office Printer"; then
	pass "after avahi-daemon restarts, ippd advertises again"
else
	fail "after avahi-daemon restarts, ippd advertises again" "$LOG1"
fi

# --- a second ippd with the same name is renamed ----------------------------------
# It also listens on every address (only lo exists here): advertised on every interface.
ippd_start "$TMP/s2" --dnssd-name "Office Printer" --listen ':0' --no-tls || abort "the second ippd did not start" "$IPPD_LOG"
P2=$IPPD_PID PORT2=$IPPD_PORT LOG2=$IPPD_LOG
if wait_for 15 grep -q "DNS-SD: advertised as 'Office Printer #2' (_ipp._tcp, _print, _universal, port $PORT2)\$" "$LOG2"; then
	pass "a second ippd with the same name is renamed 'Office Printer #2'"
else
	fail "a second ippd with the same name is renamed 'Office Printer #2'" "$LOG2"
fi
S2=$TMP/s2.svc
if wait_for 10 has_service "$S2" "Office Printer #2" && [ "$(field "$S2" port)" = "$PORT2" ]; then
	pass "avahi-browse shows 'Office Printer #2' on the second port"
else
	fail "avahi-browse shows 'Office Printer #2' on the second port" "$TMP/poll"
fi

# --- SIGTERM withdraws ------------------------------------------------------------
IPPD_PID=$P2 IPPD_LOG=$LOG2 ippd_stop "second ippd"
if wait_for 10 no_service "Office Printer #2"; then
	pass "after SIGTERM the second ippd's service is withdrawn"
else
	fail "after SIGTERM the second ippd's service is withdrawn" "$TMP/poll"
fi
if has_service "$S1" "Office Printer"; then pass "the first ippd's service stays"; else fail "the first ippd's service stays" "$TMP/poll"; fi
IPPD_PID=$P1 IPPD_LOG=$LOG1 ippd_stop "first ippd"
if wait_for 10 no_service "Office Printer"; then
	pass "after SIGTERM the first ippd's service is withdrawn"
else
	fail "after SIGTERM the first ippd's service is withdrawn" "$TMP/poll"
fi
check "ippd logs the withdrawal" grep -q 'DNS-SD: 2 advertisement(s) withdrawn' "$LOG1"
run "$IPP" find --timeout 1
expect "ipp find with nothing to find: 'no printers found', exit 0" 0 "^no printers found\$"

finish
