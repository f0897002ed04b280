#!/usr/bin/env bash
# Authentication, roles and privacy: the role table of docs/SECURITY.md walked cell by cell.
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The ippd authors
#
# Usage: access.sh PATH_TO_ipp TESTS_DATA_DIR PATH_TO_ippd   (Meson passes all three)
#
#  1. `ippd passwd` adds alice, bob, olga (operator) and root (admin): file mode 0600,
#     yescrypt hashes, role changes, bad input refused.
#  2. auth = basic: uri-authentication-supported says basic; then for every operation in
#     operations-supported x {anonymous, alice (the job's owner), bob, olga, root} the
#     outcome (ok / 401 / not authorized) must be what docs/SECURITY.md's table says
#     (access-client.py matrix), and an operation without a row there fails.
#  3. Wrong password and malformed credentials: 401 with the Basic challenge.  The
#     authenticated name owns the job, whatever requesting-user-name says.
#  4. Privacy: bob does not see alice's job-name or job-originating-user-name in Get-Jobs
#     or Get-Job-Attributes; alice and olga do; after Set-Printer-Attributes
#     job-privacy-scope=all (by root) bob does too.
#  5. `ippd passwd` changes take effect without a restart (new password, deleted user).
#  6. allow-basic-on-loopback = no: Basic over plain HTTP is refused with 403 and
#     client-error-forbidden naming TLS, without a challenge; discovery still works.
#  7. pam-service: a PAM service of our own folder (pam_exec + a script) accepts one password.
#  8. auth = none (no configuration): uri-authentication-supported = requesting-user-name.
# Needs python3 and curl.

. "$(dirname "$0")/lib.sh"
lib_init access "$@"
need python3 curl timeout stat

CLIENT=$HERE/access-client.py
SECURITY=$HERE/../../docs/SECURITY.md
STATE=$TMP/state
mkdir -p "$STATE"

# ac ARGS...: access-client.py call against the running ippd, output in $TMP/ac.
ac() { timeout 30 "$PY" -S "$CLIENT" call "$IPPD_URL" "$IPPD_URI" "$@" >"$TMP/ac" 2>&1; }
# has REGEX: the last ac output matches.
has() { grep -Eq -- "$1" "$TMP/ac"; }
# expect_ac NAME REGEX [!REGEX]: the last ac output matches REGEX (and not the second).
expect_ac() {
	if has "$2" && { [ -z "${3:-}" ] || ! has "$3"; }; then pass "$1"; else fail "$1" "$TMP/ac"; fi
}

# --- 1. ippd passwd -----------------------------------------------------------
passwd_cmd() { "$IPPD" passwd --state-dir "$STATE" "$@" >"$TMP/pw.out" 2>&1; }
echo 'alice-pw' | passwd_cmd alice && echo 'bob-pw' | passwd_cmd bob \
	&& echo 'olga-pw' | passwd_cmd --role operator olga && echo 'root-pw' | passwd_cmd --role admin root \
	&& pass "ippd passwd adds four users" || fail "ippd passwd adds four users" "$TMP/pw.out"
mode=$(stat -c %a "$STATE/passwd")
[ "$mode" = 600 ] && pass "the password file is mode 0600" || fail "the password file is mode $mode, not 600"
if grep -q '^alice:\$y\$[^:]*:$' "$STATE/passwd" && grep -q '^olga:\$y\$[^:]*:operator$' "$STATE/passwd" \
	&& grep -q '^root:\$y\$[^:]*:admin$' "$STATE/passwd" && ! grep -q 'alice-pw' "$STATE/passwd"; then
	pass "entries are user:yescrypt:roles, no password in the clear"
else
	fail "entries are user:yescrypt:roles, no password in the clear" "$STATE/passwd"
fi
echo 'x' | passwd_cmd --role operator bob && passwd_cmd --role user bob </dev/null \
	&& grep -q '^bob:\$y\$[^:]*:$' "$STATE/passwd" && pass "--role changes an existing user's role only" \
	|| fail "--role changes an existing user's role only" "$STATE/passwd"
# On a terminal: asked twice, without echo.
timeout 30 "$PY" -S "$CLIENT" tty-passwd "$IPPD" "$STATE" carol carol-pw carol-pw >"$TMP/tty" 2>&1
if grep -q '^exit 0$' "$TMP/tty" && grep -q 'New password for carol' "$TMP/tty" && ! grep -q 'carol-pw' "$TMP/tty" \
	&& grep -q '^carol:\$y\$' "$STATE/passwd"; then
	pass "on a terminal: the password is asked twice and not echoed"
else
	fail "on a terminal: the password is asked twice and not echoed" "$TMP/tty"
fi
timeout 30 "$PY" -S "$CLIENT" tty-passwd "$IPPD" "$STATE" dave one-pw other-pw >"$TMP/tty" 2>&1
if grep -q '^exit 1$' "$TMP/tty" && grep -q 'differ' "$TMP/tty" && ! grep -q '^dave:' "$STATE/passwd"; then
	pass "on a terminal: two different passwords change nothing"
else
	fail "on a terminal: two different passwords change nothing" "$TMP/tty"
fi
passwd_cmd --delete carol || fail "ippd passwd --delete carol" "$TMP/pw.out"
cp "$STATE/passwd" "$TMP/passwd.before"
for bad in 'a:b' 'with space' ''; do
	if echo 'pw' | passwd_cmd "$bad"; then fail "ippd passwd refuses the user name '$bad'"; else pass "ippd passwd refuses the user name '$bad'"; fi
done
if printf '' | passwd_cmd carol; then fail "ippd passwd refuses an empty password"; else pass "ippd passwd refuses an empty password"; fi
if passwd_cmd --delete nobody; then fail "--delete of an unknown user fails"; else pass "--delete of an unknown user fails"; fi
cmp -s "$STATE/passwd" "$TMP/passwd.before" && pass "refused changes leave the file as it was" \
	|| fail "refused changes leave the file as it was"

# --- 2. the role table ------------------------------------------------------------
cat >"$TMP/basic.conf" <<EOF
[default]
auth = basic
EOF
ippd_start "$STATE" --config "$TMP/basic.conf" || abort "ippd starts with auth = basic" "$IPPD_LOG"
ac 0x000b - requested=uri-authentication-supported
# One value per printer-uri-supported value: ipp:// and ipps:// (TLS is on by default).
expect_ac "anonymous Get-Printer-Attributes: uri-authentication-supported = basic (ipp and ipps)" \
	'^printer.uri-authentication-supported = basic,basic$'
ac 0x000b - requested=job-privacy-attributes,job-privacy-scope
expect_ac "privacy defaults with auth = basic: job-privacy-attributes = default, job-privacy-scope = owner" \
	'^printer.job-privacy-scope = owner$'
has '^printer.job-privacy-attributes = default$' || fail "job-privacy-attributes = default" "$TMP/ac"

timeout 240 "$PY" -S "$CLIENT" matrix "$IPPD_URL" "$IPPD_URI" "$SECURITY" anonymous alice:alice-pw bob:bob-pw \
	olga:olga-pw root:root-pw >"$TMP/matrix" 2>&1
while IFS= read -r line; do
	case $line in
	"ok - "*) pass "${line#ok - }" ;;
	"not ok - "*) fail "${line#not ok - }" ;;
	*) note "$line" ;;
	esac
done <"$TMP/matrix"
grep -q '^ok - Print-Job by' "$TMP/matrix" || fail "the matrix ran (no Print-Job row)" "$TMP/matrix"
# The System Service at /ipp/system, when there is one: its operations, the same table.
SYS_URL=http://127.0.0.1:$IPPD_PORT/ipp/system
if [ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/ipp' --data-binary @"$DATA/ipptool-get-jobs-request.bin" "$SYS_URL")" = 404 ]; then
	note "no System Service at /ipp/system: its rows are not walked"
else
	timeout 240 "$PY" -S "$CLIENT" matrix "$SYS_URL" "ipp://127.0.0.1:$IPPD_PORT/ipp/system" "$SECURITY" anonymous \
		alice:alice-pw bob:bob-pw olga:olga-pw root:root-pw >"$TMP/matrix-system" 2>&1
	while IFS= read -r line; do
		case $line in
		"ok - "*) pass "${line#ok - }" ;;
		"not ok - "*) fail "${line#not ok - }" ;;
		*) note "$line" ;;
		esac
	done <"$TMP/matrix-system"
	grep -q '^ok - system Get-System-Attributes by' "$TMP/matrix-system" \
		|| fail "the System Service matrix ran" "$TMP/matrix-system"
fi
ippd_alive || fail "ippd alive after the matrix" "$TMP/san.out"
# The matrix ends with Shutdown-Printer and Disable-Printer (RFC 3998): bring the printer back.
ac 0x002b root:root-pw
expect_ac "Startup-Printer by root after the matrix" '^status 0x0000$'

# --- 3. credentials ------------------------------------------------------------------
ac 0x000a alice:wrong-pw
expect_ac "a wrong password gets HTTP 401" '^http 401$'
has '^status 0x0402$' || fail "... with client-error-not-authenticated" "$TMP/ac"
ac 0x000a nobody:alice-pw
expect_ac "an unknown user gets HTTP 401" '^http 401$'
curl -s -o /dev/null -D "$TMP/hdr" -H 'Content-Type: application/ipp' -H 'Authorization: Basic !!!notbase64' \
	--data-binary @"$DATA/ipptool-get-jobs-request.bin" "$IPPD_URL"
if grep -q '^HTTP/1.1 401' "$TMP/hdr" && grep -qi '^WWW-Authenticate: Basic realm="ippd"' "$TMP/hdr"; then
	pass "malformed credentials: 401 with WWW-Authenticate: Basic realm=\"ippd\""
else
	fail "malformed credentials: 401 with WWW-Authenticate: Basic realm=\"ippd\"" "$TMP/hdr"
fi
for hdr in 'Digest abc' 'Basic' 'Basic YWxpY2U=' 'Basic OmFsaWNlLXB3' 'Basic YWxpY2U6YWxpY2UtcHc= x'; do
	code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/ipp' -H "Authorization: $hdr" \
		--data-binary @"$DATA/ipptool-get-jobs-request.bin" "$IPPD_URL")
	[ "$code" = 401 ] && pass "Authorization '$hdr' gets 401" || fail "Authorization '$hdr' gets $code, not 401"
done

# Alice creates a job while claiming to be mallory: the job is alice's.
ac 0x0005 alice:alice-pw job-name=secret-plan hold=1 requesting-user-name=mallory
job=$(sed -n 's/^job.job-id = //p' "$TMP/ac")
[ -n "$job" ] && pass "alice creates a held job ($job)" || abort "alice creates a held job" "$TMP/ac"
ac 0x0009 olga:olga-pw job-id="$job" requested=job-originating-user-name
expect_ac "job-originating-user-name is the authenticated name, not requesting-user-name" \
	'^job.job-originating-user-name = alice$'

# --- 4. privacy ------------------------------------------------------------------------
ac 0x0009 bob:bob-pw job-id="$job"
expect_ac "Get-Job-Attributes: bob sees alice's job's state" '^job.job-state = ' 'job-name|job-originating-user-name'
has 'secret-plan' && fail "Get-Job-Attributes: bob must not see the job-name" "$TMP/ac"
ac 0x0009 alice:alice-pw job-id="$job"
expect_ac "Get-Job-Attributes: alice sees her job-name and user name" '^job.job-name = secret-plan$'
has '^job.job-originating-user-name = alice$' || fail "Get-Job-Attributes: alice sees job-originating-user-name" "$TMP/ac"
ac 0x0009 olga:olga-pw job-id="$job"
expect_ac "Get-Job-Attributes: the operator sees the job-name" '^job.job-name = secret-plan$'
# Get-Jobs with requested-attributes = all.
ac 0x000a bob:bob-pw requested=all
expect_ac "Get-Jobs: bob sees job $job but not its name or owner" "^job.job-id = $job\$" \
	'secret-plan|job-originating-user-name = alice'
ac 0x000a alice:alice-pw requested=all
expect_ac "Get-Jobs: alice sees her job-name" '^job.job-name = secret-plan$'
ac 0x000a olga:olga-pw requested=all
expect_ac "Get-Jobs: the operator sees alice as the owner" '^job.job-originating-user-name = alice$'

# Document attributes (Get-Documents): document-name is private like job-name.
ac 0x0002 alice:alice-pw document-name=secret-doc format=text/plain hold=1 data=hello
djob=$(sed -n 's/^job.job-id = //p' "$TMP/ac")
ac 0x0035 bob:bob-pw job-id="$djob" requested=all
expect_ac "Get-Documents: bob sees alice's document but not its name" '^3\.document-number = 1$|document-number = 1$' \
	'secret-doc'
ac 0x0035 alice:alice-pw job-id="$djob" requested=all
expect_ac "Get-Documents: alice sees her document-name" 'document-name = secret-doc$'

# Notifications: a subscriber sees alice's job-name and user name only where Get-Jobs would show them.
timeout 30 "$PY" -S "$CLIENT" notify-view "$IPPD_URL" "$IPPD_URI" bob:bob-pw alice:alice-pw notify-secret >"$TMP/ac" 2>&1
expect_ac "notifications: bob's job-created event for alice's job has no job-name or user name" \
	'^event.notify-subscribed-event = job-created$' 'notify-secret|= alice'
timeout 30 "$PY" -S "$CLIENT" notify-view "$IPPD_URL" "$IPPD_URI" olga:olga-pw alice:alice-pw notify-secret2 >"$TMP/ac" 2>&1
expect_ac "notifications: the operator's event shows the job-name" '^event.job-name = notify-secret2$'
timeout 30 "$PY" -S "$CLIENT" notify-view "$IPPD_URL" "$IPPD_URI" alice:alice-pw alice:alice-pw notify-secret3 >"$TMP/ac" 2>&1
expect_ac "notifications: alice's own event shows her job-name" '^event.job-name = notify-secret3$'

# The operator cancels alice's job: canceled-by-operator, not canceled-by-user.
ac 0x0005 alice:alice-pw job-name=to-cancel hold=1
job2=$(sed -n 's/^job.job-id = //p' "$TMP/ac")
ac 0x0008 olga:olga-pw job-id="$job2"
ac 0x0009 alice:alice-pw job-id="$job2" requested=job-state-reasons
expect_ac "the operator cancels alice's job: job-state-reasons = canceled-by-operator" \
	'^job.job-state-reasons = .*canceled-by-operator'

# The web page is anonymous: the job is listed without its name or owner.
curl -s -o "$TMP/page.html" "$IPPD_URL"
if grep -q ">$job<" "$TMP/page.html" && ! grep -q 'secret-plan' "$TMP/page.html" \
	&& ! grep -q '<td>alice</td>' "$TMP/page.html"; then
	pass "the web page lists the job without its name or owner"
else
	fail "the web page lists the job without its name or owner" "$TMP/page.html"
fi

# Set-Printer-Attributes job-privacy-scope = all: refused to bob, done by root.
set_scope() {
	timeout 15 "$PY" -S "$TOOLS/ipp-request.py" set-printer-attributes --uri "$IPPD_URI" --user "$1" \
		--attr "job:keyword:job-privacy-scope=all" -o "$TMP/spa.bin" >/dev/null 2>&1
	# ipp-request.py puts --attr job: in the job group; Set-Printer-Attributes wants the printer group (tag 4).
	"$PY" -S -c 'import sys; d=bytearray(open(sys.argv[1],"rb").read()); i=d.rfind(b"\x02\x44\x00\x11job-privacy-scope"); d[i]=4; open(sys.argv[1],"wb").write(d)' "$TMP/spa.bin"
	curl -s -o "$TMP/spa.out" -w '%{http_code}' -u "$2" -H 'Content-Type: application/ipp' \
		--data-binary @"$TMP/spa.bin" "$IPPD_URL"
}
code=$(set_scope bob bob:bob-pw)
st=$(od -An -tx1 -j2 -N2 "$TMP/spa.out" | tr -d ' ')
[ "$code" = 200 ] && [ "$st" = 0403 ] && pass "Set-Printer-Attributes by bob: client-error-not-authorized" \
	|| fail "Set-Printer-Attributes by bob: http $code status $st, expected 200 0403"
code=$(set_scope root root:root-pw)
st=$(od -An -tx1 -j2 -N2 "$TMP/spa.out" | tr -d ' ')
[ "$code" = 200 ] && [ "$st" = 0000 ] && pass "Set-Printer-Attributes job-privacy-scope=all by root" \
	|| fail "Set-Printer-Attributes job-privacy-scope=all by root: http $code status $st"
ac 0x000b - requested=job-privacy-scope
expect_ac "job-privacy-scope reads back as all" '^printer.job-privacy-scope = all$'
ac 0x0009 bob:bob-pw job-id="$job"
expect_ac "with job-privacy-scope = all bob sees the job-name" '^job.job-name = secret-plan$'

# --- 5. password changes take effect at once --------------------------------------------
echo 'alice-new' | passwd_cmd alice || fail "ippd passwd changes alice's password" "$TMP/pw.out"
ac 0x000a alice:alice-pw
expect_ac "alice's old password is refused at once" '^http 401$'
ac 0x000a alice:alice-new
expect_ac "alice's new password works" '^status 0x0000$'
passwd_cmd --delete bob || fail "ippd passwd --delete bob" "$TMP/pw.out"
ac 0x000a bob:bob-pw
expect_ac "a deleted user is refused at once" '^http 401$'
ippd_stop "auth = basic"

# --- 6. no Basic in clear text -----------------------------------------------------------
cat >"$TMP/strict.conf" <<EOF
[default]
auth = basic
allow-basic-on-loopback = no
EOF
ippd_start "$STATE" --config "$TMP/strict.conf" || abort "ippd starts with allow-basic-on-loopback = no" "$IPPD_LOG"
ac 0x000a alice:alice-new
expect_ac "Basic over clear text is refused with HTTP 403" '^http 403$'
has '^status 0x0401$' && has 'TLS' && pass "... client-error-forbidden, and the message says TLS is needed" \
	|| fail "... client-error-forbidden, and the message says TLS is needed" "$TMP/ac"
curl -s -o /dev/null -D "$TMP/hdr" -H 'Content-Type: application/ipp' \
	--data-binary @"$DATA/ipptool-get-jobs-request.bin" "$IPPD_URL"
if grep -q '^HTTP/1.1 403' "$TMP/hdr" && ! grep -qi '^WWW-Authenticate' "$TMP/hdr"; then
	pass "no credentials in clear text: 403 and no challenge inviting a password"
else
	fail "no credentials in clear text: 403 and no challenge inviting a password" "$TMP/hdr"
fi
grep -q 'sent a password in clear text' "$IPPD_LOG" && pass "the clear-text password is logged as refused" \
	|| fail "the clear-text password is logged as refused" "$IPPD_LOG"
grep -q 'alice-new' "$IPPD_LOG" && fail "a password appears in the log" || pass "no password in the log"
ac 0x000b - requested=printer-state
expect_ac "Get-Printer-Attributes still answers anonymously" '^status 0x0000$'
# Over TLS (ipps on the same port, the generated certificate) the same password is accepted.
code=$(curl -sk -o "$TMP/tls.out" -w '%{http_code}' -u alice:alice-new -H 'Content-Type: application/ipp' \
	--data-binary @"$DATA/ipptool-get-jobs-request.bin" "https://127.0.0.1:$IPPD_PORT/ipp/print")
st=$(od -An -tx1 -j2 -N2 "$TMP/tls.out" 2>/dev/null | tr -d ' ')
if [ "$code" = 200 ] && [ "$st" = 0000 ]; then
	pass "the same password over TLS (ipps) is accepted"
elif [ "$code" = 000 ] && grep -q 'tls.*off\|--no-tls' "$IPPD_LOG"; then
	note "TLS is off in this build: the ipps check is skipped"
else
	fail "the same password over TLS (ipps) is accepted (http $code, status $st)" "$IPPD_LOG"
fi
code=$(curl -sk -o /dev/null -w '%{http_code}' -u alice:wrong -H 'Content-Type: application/ipp' \
	--data-binary @"$DATA/ipptool-get-jobs-request.bin" "https://127.0.0.1:$IPPD_PORT/ipp/print")
[ "$code" = 401 ] && pass "a wrong password over TLS gets 401" || fail "a wrong password over TLS gets $code, not 401"
ippd_stop "allow-basic-on-loopback = no"

# --- 7. PAM ---------------------------------------------------------------------------------
# A PAM service in a folder of our own (pam_start_confdir): pam_exec runs a script that is
# given the password on its standard input, and accepts one user and password only.
PAM_EXEC=$(ls /lib/*/security/pam_exec.so /usr/lib/*/security/pam_exec.so 2>/dev/null | head -n 1)
if [ -z "$PAM_EXEC" ]; then
	note "SKIP PAM: no pam_exec.so"
else
	mkdir -p "$TMP/pam.d"
	printf '#!/bin/sh\npw=$(tr -d "\\000")\n[ "$PAM_USER" = pamuser ] && [ "$pw" = pam-secret ]\n' >"$TMP/pam-check.sh"
	chmod 755 "$TMP/pam-check.sh"
	printf 'auth required pam_exec.so expose_authtok quiet %s\naccount required pam_permit.so\n' \
		"$TMP/pam-check.sh" >"$TMP/pam.d/ippd-test"
	printf '[default]\nauth = basic\npam-service = ippd-test\npam-config-dir = %s\n' "$TMP/pam.d" >"$TMP/pam.conf"
	ippd_start "$STATE" --config "$TMP/pam.conf" || abort "ippd starts with pam-service" "$IPPD_LOG"
	ac 0x000a pamuser:pam-secret
	expect_ac "PAM: the right password is accepted" '^status 0x0000$'
	ac 0x000a pamuser:pam-secret
	expect_ac "PAM: again (from the cache)" '^status 0x0000$'
	ac 0x000a pamuser:wrong
	expect_ac "PAM: a wrong password gets 401" '^http 401$'
	ac 0x000a alice:alice-new
	expect_ac "PAM: the password file's password does not count when PAM checks" '^http 401$'
	ac 0x0010 pamuser:pam-secret
	expect_ac "PAM: a user with no role may not pause the printer" '^status 0x0403$'
	ippd_stop "pam-service"
fi

# --- 8. auth = none ---------------------------------------------------------------------------
ippd_start "$TMP/state-none" || abort "ippd starts without a configuration" "$IPPD_LOG"
ac 0x000b - requested=uri-authentication-supported
expect_ac "auth = none: uri-authentication-supported = requesting-user-name (ipp and ipps)" \
	'^printer.uri-authentication-supported = requesting-user-name,requesting-user-name$'
ac 0x0010 anybody
expect_ac "auth = none: anybody may still pause the printer (the behaviour before policies)" '^status 0x0000$'
ippd_stop "auth = none"

finish
