#!/usr/bin/env bash
# Privilege: started as root, ippd binds a port below 1024 and then runs as an unprivileged user.
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The ippd authors
#
# Usage (as root): privilege.sh PATH_TO_ipp TESTS_DATA_DIR PATH_TO_ippd   (Meson passes all three)
#
# Checks, with the account `nobody` (every Debian system has it, so the test creates none):
# ippd --user nobody serves a privileged loopback port; /proc shows every uid and gid of the
# process as nobody's, no supplementary group 0 and no capability left; a Print-Job arrives
# byte for byte and every file in the state folder belongs to nobody; a symbolic link planted
# in the state folder does not give its target away; a missing account, or --user root
# asked by a non-root process, is a clear start-up error; without --user and with no `ippd`
# account, ippd says in one line that it stays root.  The systemd units in dist/systemd pass
# `systemd-analyze verify`.
# Exits 77 when not root or without python3/curl/setpriv.

. "$(dirname "$0")/lib.sh"
lib_init privilege "$@"
need python3 curl setpriv timeout sha256sum
if [ "$(id -u)" -ne 0 ]; then
	echo "privilege.sh: SKIP: needs root"
	exit 77
fi
NOBODY_UID=$(id -u nobody) NOBODY_GID=$(id -g nobody)

# privileged_port: a loopback port below 1024 that nothing listens on.
privileged_port() {
	"$PY" -S - <<'EOF'
import random, socket
for p in random.sample(range(600, 1000), 400):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", p))
    except OSError:
        continue
    finally:
        s.close()
    print(p)
    break
EOF
}

# start_as LOG ARGS...: ippd in the background (PID in P); waits for its "ready" line.
start_as() {
	local log=$1
	shift
	"$IPPD" --no-dnssd --log-level debug "$@" >"$log" 2>&1 &
	P=$!
	LIB_PIDS="$LIB_PIDS $P"
	wait_for "${IPPD_START_WAIT:-20}" grep -q 'ready: web page' "$log"
}
stop_pid() {
	kill -TERM "$1" 2>/dev/null
	lib_wait_pid "$1" 20 || kill -9 "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	lib_forget_pid "$1"
}
# ids FIELD: the four ids of /proc/P/status's Uid: or Gid: line, space-separated.
ids() { sed -n "s/^$1:[[:space:]]*//p" "/proc/$P/status" | tr -s '\t ' '  '; }

# --- --user nobody on a privileged port -------------------------------------------
PORT=$(privileged_port)
STATE=$TMP/state
mkdir -p "$STATE"
# A file only root may touch, and a link to it planted where ippd takes ownership.
echo secret >"$TMP/root-only"
chmod 600 "$TMP/root-only"
ln -s "$TMP/root-only" "$STATE/planted-link"
LOG=$TMP/ippd.log
if start_as "$LOG" --listen "127.0.0.1:$PORT" --state-dir "$STATE" --user nobody; then
	pass "ippd --user nobody starts on privileged port $PORT"
else
	abort "ippd --user nobody starts on privileged port $PORT" "$LOG"
fi
check "uid: real, effective, saved and fs are nobody's" test "$(ids Uid)" = "$NOBODY_UID $NOBODY_UID $NOBODY_UID $NOBODY_UID"
check "gid: real, effective, saved and fs are nobody's" test "$(ids Gid)" = "$NOBODY_GID $NOBODY_GID $NOBODY_GID $NOBODY_GID"
groups=$(sed -n 's/^Groups:[[:space:]]*//p' "/proc/$P/status")
check "no supplementary group root ($groups)" sh -c "! echo ' $groups ' | grep -q ' 0 '"
check "no capability left (CapEff, CapPrm)" sh -c "grep -q '^CapEff:[[:space:]]*0*\$' /proc/$P/status && grep -q '^CapPrm:[[:space:]]*0*\$' /proc/$P/status"

IPPD_URI=ipp://127.0.0.1:$PORT/ipp/print IPPD_URL=http://127.0.0.1:$PORT/ipp/print
req print-job --format application/pdf --file "$DOCS/testfile.pdf" --job-name priv >"$TMP/pj.out"
check "Print-Job is accepted" test "$(status_of "$TMP/pj.out")" = successful-ok
printed() { [ -n "$(ls "$STATE/output/default" 2>/dev/null)" ]; }
if wait_for 15 printed && [ "$(sha256sum <"$STATE/output/default/"*)" = "$(sha256sum <"$DOCS/testfile.pdf")" ]; then
	pass "the document is printed byte for byte by the unprivileged ippd"
else
	fail "the document is printed byte for byte by the unprivileged ippd" "$LOG"
fi
find "$STATE" ! -user nobody -printf '%p %u\n' >"$TMP/not-nobody"
check "every file in the state folder belongs to nobody" test ! -s "$TMP/not-nobody"
check "the planted link's target still belongs to root" test "$(stat -c %u "$TMP/root-only")" = 0
# An administrator (root) adds a user while ippd runs as nobody: the file must stay readable to it.
printf 'correct horse\n' | "$IPPD" passwd --state-dir "$STATE" alice >"$TMP/passwd.out" 2>&1
check "ippd passwd run by root leaves the password file to nobody, mode 0600" \
	test "$(stat -c '%U %a' "$STATE/passwd" 2>&1)" = "nobody 600"
stop_pid "$P"
grep -q 'Sanitizer\|runtime error:' "$LOG" && fail "no sanitizer report" "$LOG"

# --- errors at start-up ----------------------------------------------------------
run_err() { # NAME PATTERN ARGS...: ippd exits 1 at once with PATTERN on stderr
	local name=$1 pattern=$2
	shift 2
	timeout 20 "$@" >"$TMP/err.out" 2>&1
	local st=$?
	if [ "$st" -eq 1 ] && grep -q "$pattern" "$TMP/err.out"; then pass "$name"; else
		echo "exit status $st" >>"$TMP/err.out"
		fail "$name" "$TMP/err.out"
	fi
}
run_err "--user with no such account: clear error" "no user account 'no-such-user-ippd'" \
	"$IPPD" --no-dnssd --listen 127.0.0.1:0 --state-dir "$TMP/s2" --user no-such-user-ippd
mkdir -p "$TMP/s3" && chown nobody "$TMP/s3"
run_err "--user root from a non-root process: clear error" "needs ippd to be started as root" \
	setpriv --reuid="$NOBODY_UID" --regid="$NOBODY_GID" --clear-groups \
	"$IPPD" --no-dnssd --listen 127.0.0.1:0 --state-dir "$TMP/s3" --user root

# --- root without --user ------------------------------------------------------------
if getent passwd ippd >/dev/null; then
	note "an 'ippd' account exists here: the stay-root warning is not checked"
else
	if start_as "$TMP/root.log" --listen 127.0.0.1:0 --state-dir "$TMP/s4"; then
		check "without --user and no 'ippd' account: one line says ippd stays root" \
			grep -q "running as root: there is no user 'ippd' to switch to" "$TMP/root.log"
		stop_pid "$P"
	else
		fail "ippd starts as root without --user" "$TMP/root.log"
	fi
fi

# --- the systemd units -------------------------------------------------------------------
UNITS=$HERE/../../dist/systemd
if command -v systemd-analyze >/dev/null; then
	mkdir -p "$TMP/units"
	sed "s|/usr/local/sbin/ippd|$IPPD|" "$UNITS/ippd.service" >"$TMP/units/ippd.service"
	cp "$UNITS/ippd.socket" "$TMP/units/"
	# Only the unit files are judged: not the man page lookup, which needs man-db's database.
	systemd-analyze verify --man=no "$TMP/units/ippd.socket" "$TMP/units/ippd.service" >"$TMP/verify.out" 2>&1
	check "systemd-analyze verify accepts dist/systemd/ippd.service and ippd.socket" test ! -s "$TMP/verify.out"
else
	note "no systemd-analyze: the unit files are not verified"
fi
# Socket activation itself is socket-activation.sh's.
finish
