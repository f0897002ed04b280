#!/bin/bash
# ipps:// on the same port as ipp:// (RFC 7472): the generated certificate, curl, ipptool, the ipp CLI,
# TLS 1.1 refused, the operator's certificate, bad certificates refused at start, --no-tls.
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The ippd authors
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-ipptool.sh"
lib_init tls "$@"
need curl openssl gnutls-cli sha256sum stat timeout
ipptool_init

CRT=$STATE/tls/ippd.crt
KEY=$STATE/tls/ippd.key
ippd_start "$STATE" || abort "ippd starts with TLS on (the default)" "$IPPD_LOG"
PORT=$IPPD_PORT
HTTPS=https://localhost:$PORT

# --- the generated certificate ---
check "a self-signed certificate and key were made in STATE/tls" test -s "$CRT" -a -s "$KEY"
check "the key file has mode 0600" test "$(stat -c %a "$KEY")" = 600
check "the certificate names localhost and 127.0.0.1 (subjectAltName)" \
	sh -c "openssl x509 -in '$CRT' -noout -ext subjectAltName | grep -q 'DNS:localhost' &&
	       openssl x509 -in '$CRT' -noout -ext subjectAltName | grep -q 'IP Address:127.0.0.1'"
check "the certificate is valid for years (checkend 5 years)" \
	openssl x509 -in "$CRT" -noout -checkend $((5 * 365 * 86400))
check "the key is the certificate's (openssl compares the public keys)" \
	sh -c "[ \"\$(openssl x509 -in '$CRT' -noout -pubkey)\" = \"\$(openssl pkey -in '$KEY' -pubout)\" ]"

# --- HTTPS and HTTP on the same port ---
check "curl --cacert https://127.0.0.1:PORT/ (web page over TLS)" \
	curl -sf --max-time 10 --cacert "$CRT" -o /dev/null "https://127.0.0.1:$PORT/"
check "plain http://127.0.0.1:PORT/ on the same port still works" \
	curl -sf --max-time 10 -o /dev/null "http://127.0.0.1:$PORT/"
check "without --cacert curl refuses the self-signed certificate" \
	sh -c "! curl -s --max-time 10 -o /dev/null '$HTTPS/'"

"$PY" -S "$TOOLS/ipp-request.py" get-printer-attributes --uri "ipps://localhost:$PORT/ipp/print" \
	--requested printer-uri-supported --requested uri-security-supported \
	--requested uri-authentication-supported -o "$TMP/gpa.bin"
if curl -sf --max-time 10 --cacert "$CRT" -H 'Content-Type: application/ipp' --data-binary @"$TMP/gpa.bin" \
	-o "$TMP/gpa-resp.bin" "$HTTPS/ipp/print" && "$IPP" decode "$TMP/gpa-resp.bin" >"$TMP/gpa.txt" 2>&1; then
	if grep -q 'successful-ok' "$TMP/gpa.txt" \
		&& grep -q "printer-uri-supported.*ipps://localhost:$PORT/ipp/print.*ipp://localhost:$PORT/ipp/print" \
			<(tr -d '\n' <"$TMP/gpa.txt") \
		&& grep -q 'uri-security-supported.*tls.*none' <(tr -d '\n' <"$TMP/gpa.txt"); then
		pass "POST of Get-Printer-Attributes to $HTTPS/ipp/print: ipps:// URI first, uri-security-supported tls, none"
	else
		fail "POST of Get-Printer-Attributes to $HTTPS/ipp/print: ipps:// URI first, uri-security-supported tls, none" "$TMP/gpa.txt"
	fi
else
	fail "POST of Get-Printer-Attributes over https with curl" "$TMP/gpa.txt"
fi
# The same question in the clear lists ipp:// first and 'none' first.
"$PY" -S "$TOOLS/ipp-request.py" get-printer-attributes --uri "ipp://localhost:$PORT/ipp/print" \
	--requested printer-uri-supported --requested uri-security-supported -o "$TMP/gpa2.bin"
if curl -sf --max-time 10 -H 'Content-Type: application/ipp' --data-binary @"$TMP/gpa2.bin" \
	-o "$TMP/gpa2-resp.bin" "http://localhost:$PORT/ipp/print" && "$IPP" decode "$TMP/gpa2-resp.bin" >"$TMP/gpa2.txt" 2>&1 \
	&& grep -q "printer-uri-supported.*ipp://localhost:$PORT/ipp/print.*ipps://localhost:$PORT/ipp/print" <(tr -d '\n' <"$TMP/gpa2.txt") \
	&& grep -q 'uri-security-supported.*none.*tls' <(tr -d '\n' <"$TMP/gpa2.txt"); then
	pass "the same over http: ipp:// first, then ipps://; none, then tls"
else
	fail "the same over http: ipp:// first, then ipps://; none, then tls" "$TMP/gpa2.txt"
fi

# The System Service lists both schemes too (system-xri-supported: the request's own first).
"$PY" -S "$TOOLS/ipp-request.py" get-system-attributes --uri x --system-uri "ipps://localhost:$PORT/ipp/system" \
	--requested system-xri-supported -o "$TMP/gsa.bin"
if curl -sf --max-time 10 --cacert "$CRT" -H 'Content-Type: application/ipp' --data-binary @"$TMP/gsa.bin" \
	-o "$TMP/gsa-resp.bin" "$HTTPS/ipp/system" && "$IPP" decode "$TMP/gsa-resp.bin" >"$TMP/gsa.txt" 2>&1 \
	&& grep -q "\[1\] {.*xri-security=tls xri-uri=ipps://localhost:$PORT/ipp/system}" "$TMP/gsa.txt" \
	&& grep -q "\[2\] {.*xri-security=none xri-uri=ipp://localhost:$PORT/ipp/system}" "$TMP/gsa.txt"; then
	pass "Get-System-Attributes over https: system-xri-supported is ipps (tls), then ipp (none)"
else
	fail "Get-System-Attributes over https: system-xri-supported is ipps (tls), then ipp (none)" "$TMP/gsa.txt"
fi

# --- ipptool over ipps:// (libcups trusts on first use) ---
IPPD_URI=ipps://localhost:$PORT/ipp/print
run_file "get-printer-attributes.test over ipps" get-printer-attributes.test 2.0
print_file "print-job.test over ipps (PDF)" print-job.test testfile.pdf
IPPD_URI=ipp://127.0.0.1:$PORT/ipp/print
run_file "get-printer-attributes.test over ipp on the same port" get-printer-attributes.test 2.0

# --- the ipp CLI over ipps:// ---
check "ipp attrs --ca-file CRT ipps://localhost:PORT/ipp/print" \
	"$IPP" attrs --ca-file "$CRT" --timeout 20 "ipps://localhost:$PORT/ipp/print" printer-state
if "$IPP" attrs --timeout 20 "ipps://localhost:$PORT/ipp/print" printer-state >"$TMP/cli.out" 2>&1; then
	fail "ipp attrs without --ca-file refuses the unknown certificate" "$TMP/cli.out"
elif grep -qi 'certificate' "$TMP/cli.out"; then
	pass "ipp attrs without --ca-file refuses the unknown certificate ($(head -c 100 "$TMP/cli.out"))"
else
	fail "ipp attrs without --ca-file: the error names the certificate" "$TMP/cli.out"
fi
check "ipp attrs --insecure ipps://127.0.0.1:PORT/ipp/print" \
	"$IPP" attrs --insecure --timeout 20 "ipps://127.0.0.1:$PORT/ipp/print" printer-state
cp "$DOCS/testfile.pdf" "$TMP/cli.pdf"
snapshot "$TMP/before-cli"
if "$IPP" print --ca-file "$CRT" --timeout 30 "ipps://localhost:$PORT/ipp/print" "$TMP/cli.pdf" >"$TMP/cli-print.out" 2>&1 \
	&& wait_for 15 new_output_matches "$TMP/before-cli" "$TMP/cli.pdf"; then
	pass "ipp print over ipps://: the document arrives byte for byte"
else
	fail "ipp print over ipps://: the document arrives byte for byte" "$TMP/cli-print.out"
fi

# --- protocol versions ---
check "TLS 1.2 handshake (gnutls-cli)" \
	sh -c "timeout 10 gnutls-cli --priority 'NORMAL:-VERS-ALL:+VERS-TLS1.2' --x509cafile '$CRT' -p $PORT localhost </dev/null"
check "TLS 1.3 handshake (gnutls-cli)" \
	sh -c "timeout 10 gnutls-cli --priority 'NORMAL:-VERS-ALL:+VERS-TLS1.3' --x509cafile '$CRT' -p $PORT localhost </dev/null"
check "TLS 1.1 refused (gnutls-cli)" \
	sh -c "! timeout 10 gnutls-cli --priority 'NORMAL:-VERS-ALL:+VERS-TLS1.1' --x509cafile '$CRT' -p $PORT localhost </dev/null"
check "TLS 1.1 refused (openssl s_client -tls1_1: no cipher agreed)" \
	sh -c "echo | timeout 10 openssl s_client -connect 127.0.0.1:$PORT -tls1_1 2>&1 | grep -q 'Cipher is (NONE)'"
ippd_alive && pass "ippd alive after the TLS clients" || fail "ippd alive after the TLS clients" "$TMP/san.out"

# --- the certificate is kept across restarts, and remade when broken ---
SUM=$(sha256sum <"$CRT")
ippd_stop "TLS on"
ippd_start "$STATE" || abort "ippd restarts" "$IPPD_LOG"
check "a restart keeps the certificate" test "$(sha256sum <"$CRT")" = "$SUM"
ippd_stop "restart"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$KEY" 2>/dev/null
ippd_start "$STATE" || abort "ippd starts with a key that is not the certificate's" "$IPPD_LOG"
check "a key that does not match the certificate: a new pair is made" \
	sh -c "[ \"\$(sha256sum <'$CRT')\" != '$SUM' ] && grep -q 'making a new self-signed certificate' '$IPPD_LOG'"
check "...and it works (curl --cacert)" \
	curl -sf --max-time 10 --cacert "$CRT" -o /dev/null "https://localhost:$IPPD_PORT/"
check "...and the new key file has mode 0600" test "$(stat -c %a "$KEY")" = 600
ippd_stop "new pair"
rm -f "$CRT"
ippd_start "$STATE" || abort "ippd starts with the certificate deleted" "$IPPD_LOG"
check "a missing certificate is made again" curl -sf --max-time 10 --cacert "$CRT" -o /dev/null "https://localhost:$IPPD_PORT/"
ippd_stop "certificate remade"

# --- the operator's certificate (made by openssl) ---
OWN=$TMP/own
mkdir -p "$OWN"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$OWN/key.pem" -out "$OWN/cert.pem" -days 30 \
	-subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 >/dev/null 2>&1
ippd_start "$TMP/state-own" --tls-cert "$OWN/cert.pem" --tls-key "$OWN/key.pem" \
	|| abort "ippd starts with --tls-cert/--tls-key" "$IPPD_LOG"
check "--tls-cert/--tls-key: curl --cacert cert.pem https://localhost:PORT/" \
	curl -sf --max-time 10 --cacert "$OWN/cert.pem" -o /dev/null "https://localhost:$IPPD_PORT/"
check "--tls-cert/--tls-key: no certificate generated" test ! -e "$TMP/state-own/tls/ippd.crt"
check "--tls-cert/--tls-key: ipp attrs --ca-file cert.pem over ipps://" \
	"$IPP" attrs --ca-file "$OWN/cert.pem" --timeout 20 "ipps://localhost:$IPPD_PORT/ipp/print" printer-state
ippd_stop "operator's certificate"

# Refused at start, with a sentence that says why.
start_fails() { # NAME PATTERN ARGS...: ippd exits 1 at once and says PATTERN
	local name=$1 pattern=$2 st
	shift 2
	timeout 20 "$IPPD" --listen 127.0.0.1:0 --state-dir "$TMP/state-bad" --no-dnssd "$@" >"$TMP/bad.out" 2>&1
	st=$?
	if [ $st = 1 ] && grep -q "$pattern" "$TMP/bad.out"; then
		pass "$name: exit 1, '$(grep -m1 '^ippd:' "$TMP/bad.out" | cut -c1-160)'"
	else
		echo "exit status $st" >>"$TMP/bad.out"
		fail "$name" "$TMP/bad.out"
	fi
}
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$OWN/other.pem" 2>/dev/null
start_fails "a key that is not the certificate's" "is not the key of the certificate" \
	--tls-cert "$OWN/cert.pem" --tls-key "$OWN/other.pem"
start_fails "an unreadable certificate" "cannot read $OWN/missing.pem" \
	--tls-cert "$OWN/missing.pem" --tls-key "$OWN/key.pem"
start_fails "a certificate file that is not PEM" "holds no PEM certificate" \
	--tls-cert "$DOCS/testfile.pdf" --tls-key "$OWN/key.pem"
openssl pkey -in "$OWN/key.pem" -aes256 -passout pass:secret -out "$OWN/encrypted.pem" 2>/dev/null
start_fails "an encrypted key" "encrypted keys are not supported" \
	--tls-cert "$OWN/cert.pem" --tls-key "$OWN/encrypted.pem"
if timeout 20 "$IPPD" --listen 127.0.0.1:0 --state-dir "$TMP/state-bad" --tls-cert "$OWN/cert.pem" \
	>"$TMP/bad.out" 2>&1; then st=0; else st=$?; fi
[ $st = 2 ] && grep -q 'go together' "$TMP/bad.out" \
	&& pass "--tls-cert without --tls-key: usage error" || fail "--tls-cert without --tls-key: usage error" "$TMP/bad.out"

# --- IPv6, and a --listen address the certificate must name ---
if "$PY" -S -c 'import socket; s = socket.socket(socket.AF_INET6); s.bind(("::1", 0))' 2>/dev/null; then
	"$IPPD" --listen '[::1]:0' --listen 127.0.0.2:0 --state-dir "$STATE" --no-dnssd >"$TMP/v6.log" 2>&1 &
	V6PID=$!
	LIB_PIDS="$LIB_PIDS $V6PID"
	wait_for 20 grep -q ready "$TMP/v6.log"
	V6PORT=$(sed -n 's/.*printer ippd at ipp:\/\/localhost:\([0-9]*\).*/\1/p' "$TMP/v6.log" | head -1)
	check "https://[::1]:PORT/ (curl --cacert)" curl -sf --max-time 10 --cacert "$CRT" -o /dev/null "https://[::1]:$V6PORT/"
	check "http://[::1]:PORT/ on the same port" curl -sf --max-time 10 -o /dev/null "http://[::1]:$V6PORT/"
	check "a new --listen address (127.0.0.2): the certificate is remade to name it" \
		sh -c "openssl x509 -in '$CRT' -noout -ext subjectAltName | grep -q 'IP Address:127.0.0.2' &&
		       grep -q 'does not name every listening address' '$TMP/v6.log'"
	kill "$V6PID"
	lib_wait_pid "$V6PID" 20
	lib_forget_pid "$V6PID"
else
	note "no IPv6 loopback here: the [::1] checks are skipped"
fi

# --- --no-tls ---
ippd_start "$TMP/state-notls" --no-tls || abort "ippd starts with --no-tls" "$IPPD_LOG"
check "--no-tls: http works" curl -sf --max-time 10 -o /dev/null "http://127.0.0.1:$IPPD_PORT/"
check "--no-tls: a TLS handshake is closed" \
	sh -c "! curl -sk --max-time 10 -o /dev/null 'https://127.0.0.1:$IPPD_PORT/'"
check "--no-tls: no certificate is made" test ! -e "$TMP/state-notls/tls"
IPPD_URI=ipp://127.0.0.1:$IPPD_PORT/ipp/print
IPPD_URL=http://127.0.0.1:$IPPD_PORT/ipp/print
req get-printer-attributes --requested printer-uri-supported --requested uri-security-supported >"$TMP/notls.out" 2>&1
if [ "$(value_of "$TMP/notls.out" printer.printer-uri-supported)" = "ipp://127.0.0.1:$IPPD_PORT/ipp/print" ] \
	&& [ "$(value_of "$TMP/notls.out" printer.uri-security-supported)" = none ]; then
	pass "--no-tls: printer-uri-supported is the ipp:// URI alone, uri-security-supported none"
else
	fail "--no-tls: printer-uri-supported is the ipp:// URI alone, uri-security-supported none" "$TMP/notls.out"
fi
ippd_alive && pass "ippd alive (--no-tls)" || fail "ippd alive (--no-tls)" "$TMP/san.out"
ippd_stop "--no-tls"

finish
