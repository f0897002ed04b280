#!/bin/bash
# Socket activation (sd_listen_fds protocol): ippd serves the sockets LISTEN_PID/LISTEN_FDS name instead of
# --listen — from systemd-socket-activate when it is installed, and from a small Python launcher always.
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The ippd authors
. "$(dirname "$0")/lib.sh"
lib_init socket-activation "$@"
need curl python3 timeout

# launch PORT STATE ARGS...: binds 127.0.0.1:PORT as descriptor 3 and execs ippd with LISTEN_PID (its own
# pid, since exec keeps it) and LISTEN_FDS=1, the way a service manager does.
launch() {
	local port=$1 state=$2
	shift 2
	"$PY" -S - "$port" "$IPPD" --state-dir "$state" --no-dnssd --log-level debug "$@" <<'EOF' &
import os, socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(64)
if s.fileno() != 3:
    os.dup2(s.fileno(), 3)
os.set_inheritable(3, True)
os.environ["LISTEN_PID"] = str(os.getpid())
os.environ["LISTEN_FDS"] = "1"
os.execv(sys.argv[2], sys.argv[2:])
EOF
	IPPD_PID=$!
	LIB_PIDS="$LIB_PIDS $IPPD_PID"
}

# --- the Python launcher ---
PORT=$(free_port)
IPPD_LOG=$TMP/launcher.log
launch "$PORT" "$TMP/state" --listen 127.0.0.1:1 >"$IPPD_LOG" 2>&1
if wait_for 20 curl -sf --max-time 2 -o /dev/null "http://127.0.0.1:$PORT/"; then
	pass "LISTEN_FDS=1: ippd serves http on the passed socket (port $PORT)"
else
	abort "LISTEN_FDS=1: ippd serves http on the passed socket" "$IPPD_LOG"
fi
check "the log says the sockets came from the service manager and --listen is ignored" \
	grep -q 'socket activation: 1 listening socket from the service manager (--listen ignored)' "$IPPD_LOG"
check "ipps:// on the passed socket too (curl --cacert)" \
	curl -sf --max-time 10 --cacert "$TMP/state/tls/ippd.crt" -o /dev/null "https://localhost:$PORT/"
check "the printer's log line names the passed port" grep -q "printer ippd at ipp://localhost:$PORT/ipp/print" "$IPPD_LOG"
IPPD_URI=ipp://127.0.0.1:$PORT/ipp/print
IPPD_URL=http://127.0.0.1:$PORT/ipp/print
req get-printer-attributes --requested printer-state >"$TMP/gpa.out" 2>&1
check "an IPP request over the passed socket" grep -q '^status successful-ok' "$TMP/gpa.out"
ippd_alive && pass "ippd alive" || fail "ippd alive" "$TMP/san.out"
ippd_stop "socket activation"

# A descriptor that is not a listening socket is refused with a sentence.
"$PY" -S - "$IPPD" --state-dir "$TMP/state" --no-dnssd <<'EOF' >"$TMP/bad.out" 2>&1
import os, sys
fd = os.open("/dev/null", os.O_RDONLY)
if fd != 3:
    os.dup2(fd, 3)
os.set_inheritable(3, True)
os.environ["LISTEN_PID"] = str(os.getpid())
os.environ["LISTEN_FDS"] = "1"
os.execv(sys.argv[1], sys.argv[1:])
EOF
st=$?
if [ $st = 1 ] && grep -q 'descriptor 3 is not a listening TCP socket' "$TMP/bad.out"; then
	pass "LISTEN_FDS naming a file that is not a socket: exit 1, $(grep -m1 '^ippd:' "$TMP/bad.out")"
else
	echo "exit status $st" >>"$TMP/bad.out"
	fail "LISTEN_FDS naming a file that is not a socket: exit 1 with a reason" "$TMP/bad.out"
fi

# LISTEN_PID of another process: not ours, --listen is used.
LISTEN_PID=1 LISTEN_FDS=1 ippd_start "$TMP/state" || abort "ippd starts when LISTEN_PID is another process" "$IPPD_LOG"
check "LISTEN_PID of another process: --listen is used" \
	sh -c "! grep -q 'socket activation' '$IPPD_LOG' && curl -sf --max-time 5 -o /dev/null 'http://127.0.0.1:$IPPD_PORT/'"
ippd_stop "LISTEN_PID of another process"

# --- systemd-socket-activate (package systemd), when installed ---
if command -v systemd-socket-activate >/dev/null 2>&1; then
	PORT=$(free_port)
	IPPD_LOG=$TMP/systemd.log
	# It passes on only the variables named with -E: the valgrind wrapper's switch is one.
	env_pass=()
	[ -n "${VALGRIND_GENERATED_TLS:-}" ] && env_pass=(-E VALGRIND_GENERATED_TLS)
	systemd-socket-activate "${env_pass[@]}" -l "127.0.0.1:$PORT" "$IPPD" --state-dir "$TMP/state2" --no-dnssd >"$IPPD_LOG" 2>&1 &
	IPPD_PID=$!
	LIB_PIDS="$LIB_PIDS $IPPD_PID"
	# The first connection starts ippd (Accept=no: one ippd gets the listening socket).
	if wait_for 30 curl -sf --max-time 3 -o /dev/null "http://127.0.0.1:$PORT/"; then
		pass "systemd-socket-activate -l 127.0.0.1:$PORT ippd: served"
	else
		fail "systemd-socket-activate -l 127.0.0.1:$PORT ippd: served" "$IPPD_LOG"
	fi
	check "systemd-socket-activate: ipps:// too" \
		curl -sf --max-time 10 --cacert "$TMP/state2/tls/ippd.crt" -o /dev/null "https://localhost:$PORT/"
	check "systemd-socket-activate: ippd took the socket from the environment" \
		grep -q 'socket activation: 1 listening socket' "$IPPD_LOG"
	ippd_alive && pass "ippd alive (systemd-socket-activate)" || fail "ippd alive (systemd-socket-activate)" "$TMP/san.out"
	ippd_stop "systemd-socket-activate"
else
	note "systemd-socket-activate not installed (package systemd): only the Python launcher was used"
fi

finish
